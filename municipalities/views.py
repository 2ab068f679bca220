from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from alliance import policy, roles
from alliance.models import GeneratedDocument, Job
from alliance.policies import visible_documents
from alliance.services import enqueue_job

from .models import Municipality
from .panels import panels_for
from .services import PROFILE_JOB, PROFILES_JOB, request_profiles
from .tables import MunicipalityTable


def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = policy.visible(request.user, Municipality.objects.with_coordinators())
    table = MunicipalityTable(municipalities)
    RequestConfig(request, paginate=False).configure(table)
    mine = roles.coordinated_municipality_ids(request.user)
    all_profiles = policy.can(request.user, "generate_all_profiles", Municipality)
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "table": table,
            "mine": municipalities.filter(pk__in=mine) if mine else [],
            "all_profiles": all_profiles,
            "profile_zips": policy.visible(request.user, GeneratedDocument)
            .filter(kind=PROFILES_JOB)
            .order_by("-version")[:3]
            if all_profiles
            else [],
        },
    )


@require_POST
def profiles_generate(request: HttpRequest) -> HttpResponse:
    """The secretariat's ZIP of every municipality's profile, built by a background job."""
    policy.require(request.user, "generate_all_profiles", Municipality)
    request_profiles(by=request.user)
    messages.info(
        request, _("Klimaprofilerne dannes nu. Genindlæs siden om lidt for at hente dem.")
    )
    return redirect("municipalities:list")


def municipality_detail(request: HttpRequest, code: int) -> HttpResponse:
    return municipality_page(request, code=code)


def municipality_page(request: HttpRequest, **lookup) -> HttpResponse:
    """The municipality's page, at its own URL and as its coordinator's home (`homes.py`). All
    but the profile's job and versions is cached (the template's `cachedfragment`s): the panels
    are a callable, so a cached page does not compute them."""
    municipality = policy.get_visible_or_404(
        request.user,
        Municipality.objects.with_coordinators().select_related("organisation"),
        **lookup,
    )
    organisation = municipality.organisation
    job = policy.visible(request.user, Job.objects.of_kind(PROFILE_JOB).for_subject(municipality))
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "can_edit": policy.can_edit(request.user, municipality),
            "led_projects": organisation.led_vip_projects.all(),
            "vip_projects": organisation.vip_projects.select_related("continued_by"),
            "documents": visible_documents(request.user, municipality, PROFILE_JOB)[:5],
            "job": job.active().first(),
            "panels": lambda: panels_for(request, municipality),
        },
    )


@require_POST
def profile_generate(request: HttpRequest, code: int) -> HttpResponse:
    """Generating stores a new version of the municipality's document: a change, so only those
    who may edit the municipality generate; others download the latest version."""
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    job = enqueue_job(kind=PROFILE_JOB, subject=municipality, requested_by=request.user)
    if request.htmx:
        return render(request, "alliance/_job.html", {"job": job, "document": job.document})
    messages.info(request, _("Klimaprofilen dannes nu. Siden viser, når den er klar."))
    return redirect(municipality)
