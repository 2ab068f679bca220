"""The public pages (no login, cached for anonymous visitors), the API's documentation page, the
data packages, and the secretariat's settings: what is public, API keys, package releases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actionplans.charts import climate_charts, indicator_chart
from actionplans.selectors import NATIONAL_NET_ZERO_YEAR, NATIONAL_TARGET_2030
from alliance import policy
from alliance.downloads import file_response
from alliance.fragments import cached_html
from municipalities.models import Municipality

from . import selectors, services
from .api import openapi_document
from .forms import ApiTokenForm, DataPackageForm, PublicationForm
from .models import ApiToken, DataPackage, FieldGroup, Publication

# --- Public pages ---------------------------------------------------------------------------------


@login_not_required
@require_GET
def region(request: HttpRequest) -> HttpResponse:
    def body() -> str:
        audience = selectors.public_audience()
        rows = selectors.municipality_rows(audience)
        themes, theme_base = selectors.theme_counts(audience)
        context = {
            "rows": rows,
            "map": selectors.plan_status_map(rows),
            "by_status": selectors.plans_by_status(rows),
            "themes": themes,
            "theme_base": theme_base,
            "rollup": selectors.rollup(audience),
            "national_target": NATIONAL_TARGET_2030,
            "national_net_zero": NATIONAL_NET_ZERO_YEAR,
        }
        return render_to_string("opendata/_region.html", context, request)

    return render(
        request, "opendata/region.html", {"body": cached_html(request, "public-region", body)}
    )


def municipality_context(found: Municipality) -> dict:
    """What a municipality's public page shows: only what the secretariat made public."""
    audience = selectors.public_audience()
    shows = {g.value: audience.shows(found, g) for g in FieldGroup}
    climate = selectors.municipality_climate(audience, found)
    initiatives = (
        selectors.initiatives(audience)
        .filter(plan__municipality=found)
        .prefetch_related("themes")
        .order_by("sector", "title")
    )
    if shows[FieldGroup.NOTES]:
        initiatives = initiatives.prefetch_related("updates")
    return {
        "municipality": found,
        "plan": selectors.current_plans().get(found.pk),
        "details": climate.plan,
        "shows": shows,
        "is_public": any(shows.values()),
        "climate": climate,
        "charts": climate_charts(climate, name=found.name, prefix="public"),
        "indicators": [
            {"indicator": i, "chart": indicator_chart(i, key=f"public-indicator-{i.pk}")}
            for i in climate.indicators
        ],
        "initiatives": initiatives,
        "networks": selectors.networks_of(audience, found),
    }


@login_not_required
@require_GET
def municipality(request: HttpRequest, code: int) -> HttpResponse:
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise Http404

    def body() -> str:
        return render_to_string("opendata/_municipality.html", municipality_context(found), request)

    body_html = cached_html(request, "public-municipality", body, vary=[found.pk])
    return render(request, "opendata/municipality.html", {"municipality": found, "body": body_html})


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """Our own page from the OpenAPI document: server-rendered, in the portal's look and
    language (Ninja's Swagger page is neither, and fails the accessibility checks)."""
    document = openapi_document()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    return render(request, "opendata/api_docs.html", {"doc": document, "operations": operations})


@login_not_required
@require_GET
def datapackage_list(request: HttpRequest) -> HttpResponse:
    context = {
        "packages": DataPackage.objects.all(),
        "form": DataPackageForm() if policy.can(request.user, "manage", DataPackage) else None,
    }
    return render(request, "opendata/datapackage_list.html", context)


@login_not_required
@require_GET
def datapackage_download(request: HttpRequest, year: int, version: int) -> FileResponse:
    package = DataPackage.objects.filter(year=year, version=version).first()
    if package is None:
        raise Http404
    response = file_response(package.file.open("rb"), filename=package.filename)
    response["X-Content-SHA256"] = package.sha256
    return response


# --- The secretariat's settings ------------------------------------------------------------------


def publication_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", Publication)
    decided = Publication.objects.groups_by_municipality()
    rows = [(m, decided.get(m.pk, frozenset())) for m in Municipality.objects.order_by("name")]
    return render(
        request, "opendata/publication_list.html", {"rows": rows, "groups": FieldGroup.choices}
    )


def publication_update(request: HttpRequest, code: int) -> HttpResponse:
    policy.require(request.user, "manage", Publication)
    found = policy.get_visible_or_404(request.user, Municipality, code=code)
    form = PublicationForm(request.POST or None, instance=services.publication_for(found))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Offentliggørelsen af %(name)s er gemt.") % {"name": found})
        return redirect("opendata:publication-list")
    return render(request, "opendata/publication_form.html", {"municipality": found, "form": form})


def token_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", ApiToken)
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.issue_token(
            holder=form.cleaned_data["holder"],
            purpose=form.cleaned_data["purpose"],
            scopes=form.cleaned_data["scopes"],
            by=request.user,
        )
        form = ApiTokenForm()
    context = {"tokens": ApiToken.objects.all(), "form": form, "new_key": new_key}
    response = render(request, "opendata/token_list.html", context)
    response["Cache-Control"] = "private, no-store"  # the new key is shown once
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "manage", ApiToken)
    token = policy.get_editable_or_404(request.user, ApiToken, pk=pk)
    services.revoke_token(token=token)
    messages.success(
        request, _("Nøglen til %(holder)s er tilbagekaldt.") % {"holder": token.holder}
    )
    return redirect("opendata:token-list")


@require_POST
def datapackage_release(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "manage", DataPackage)
    form = DataPackageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Angiv et år mellem 2023 og 2100."))
        return redirect("opendata:datapackage-list")
    package = services.release_data_package(year=form.cleaned_data["year"], by=request.user)
    messages.success(
        request,
        _("Datapakken for %(year)s, version %(version)s, er udgivet.")
        % {"year": package.year, "version": package.version},
    )
    return redirect("opendata:datapackage-list")
