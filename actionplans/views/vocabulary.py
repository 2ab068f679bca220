"""The theme vocabulary (edited by the secretariat) and indicators with goals and yearly values
(edited by the secretariat and the municipality's coordinator), the values also as a spreadsheet
to edit in Excel and import back (actionplans/indicator_sheets.py)."""

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import exports, policy
from alliance.downloads import file_name
from alliance.versioning import StaleEdit
from municipalities.models import Municipality

from .. import indicator_sheets
from ..charts import indicator_chart
from ..importers import ImportFileError, has_errors
from ..models import (
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Theme,
    current_plan_condition,
)
from ..vocabulary_forms import GoalFormSet, IndicatorForm, ThemeForm, ValueFormSet
from .lists import UploadForm


def theme_list(request: HttpRequest) -> HttpResponse:
    current = Q(current_plan_condition("initiatives__plan"))
    themes = policy.visible(request.user, Theme).annotate(
        initiative_count=Count("initiatives", filter=current, distinct=True)
    )
    return render(
        request,
        "actionplans/theme_list.html",
        {"themes": themes, "can_edit": policy.can_create(request.user, Theme)},
    )


def theme_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, Theme)
    return _theme_form(request, Theme(), _("Temaet er oprettet."))


def theme_update(request: HttpRequest, slug: str) -> HttpResponse:
    theme = policy.get_editable_or_404(request.user, Theme, slug=slug)
    return _theme_form(request, theme, _("Temaet er gemt."))


def _theme_form(request: HttpRequest, theme: Theme, done: str) -> HttpResponse:
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect("actionplans:theme-list")
    return render(request, "actionplans/theme_form.html", {"form": form, "theme": theme})


def indicator_list(request: HttpRequest, code: int) -> HttpResponse:
    municipality = policy.get_visible_or_404(request.user, Municipality, code=code)
    indicators = (
        policy.visible(request.user, Indicator)
        .filter(municipality=municipality)
        .select_related("initiative")
        .prefetch_related(
            Prefetch("goals", IndicatorGoal.objects.order_by("year")),
            Prefetch("values", IndicatorValue.objects.order_by("year")),
        )
    )
    context = {
        "municipality": municipality,
        "indicators": [
            (indicator, indicator_chart(indicator, key=f"indicator-{indicator.pk}"))
            for indicator in indicators
        ],
        "can_edit": policy.can_edit(request.user, municipality),
    }
    return render(request, "actionplans/indicator_list.html", context)


def indicator_create(request: HttpRequest, code: int) -> HttpResponse:
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    indicator = Indicator(municipality=municipality)
    initial = {}
    if initiative_pk := request.GET.get("indsats", "").strip():
        mine = Initiative.objects.filter(plan__municipality=municipality)
        initial["initiative"] = (
            # isdecimal, not isdigit: "²" is a digit that int() refuses (a server error).
            mine.filter(pk=initiative_pk).first() if initiative_pk.isdecimal() else None
        )
    return _indicator_form(request, indicator, initial, _("Indikatoren er oprettet."))


def indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = policy.get_editable_or_404(
        request.user, Indicator.objects.select_related("municipality"), pk=pk
    )
    return _indicator_form(request, indicator, {}, _("Indikatoren er gemt."))


def _indicator_form(request, indicator: Indicator, initial: dict, done: str) -> HttpResponse:
    municipality = indicator.municipality
    data = request.POST or None
    form = IndicatorForm(data, instance=indicator, initial=initial, municipality=municipality)
    goals = GoalFormSet(data, instance=indicator, prefix="goals")
    values = ValueFormSet(data, instance=indicator, prefix="values")
    if request.method == "POST" and all([form.is_valid(), goals.is_valid(), values.is_valid()]):
        with transaction.atomic():
            saved = form.save()
            goals.instance = values.instance = saved
            goals.save()
            values.save()
        messages.success(request, done)
        return redirect("actionplans:indicator-list", code=municipality.code)
    context = {
        "form": form,
        "goals": goals,
        "values": values,
        "municipality": municipality,
        "indicator": indicator,
    }
    return render(request, "actionplans/indicator_form.html", context)


# --- Indicator values as a spreadsheet: export, and the edited sheet imported back -----------------

VALUES_SESSION_KEY = "actionplans.indicator_value_import"


class ValuesUploadForm(UploadForm):
    extension = ".xlsx"


def indicator_values_export(request: HttpRequest, code: int) -> HttpResponse:
    municipality = policy.get_visible_or_404(request.user, Municipality, code=code)
    sheet = indicator_sheets.values_sheet(user=request.user, municipality=municipality)
    name = file_name(_("Indikatorværdier %(name)s") % {"name": municipality.name})
    name += f"-{timezone.localdate():%Y-%m-%d}"
    return exports.sheet_response(sheet, request.GET.get("format", "xlsx"), name)


def indicator_values_import(request: HttpRequest, code: int) -> HttpResponse:
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    form = ValuesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = indicator_sheets.read_values_sheet(form.cleaned_data["file"].read())
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[VALUES_SESSION_KEY] = {"code": municipality.code, "rows": rows}
            return redirect("actionplans:indicator-values-import-preview", code=code)
    context = {"form": form, "municipality": municipality}
    return render(request, "actionplans/import_indicator_values.html", context)


def _pending_values(request: HttpRequest, code: int):
    # The municipality is fetched through the policy again: a role may have ended since the upload.
    municipality = policy.get_editable_or_404(request.user, Municipality, code=code)
    pending = request.session.get(VALUES_SESSION_KEY)
    if not pending or pending["code"] != municipality.code:
        return municipality, None
    rows = indicator_sheets.validate_value_rows(
        pending["rows"], user=request.user, municipality=municipality
    )
    return municipality, rows


def indicator_values_import_preview(request: HttpRequest, code: int) -> HttpResponse:
    municipality, rows = _pending_values(request, code)
    if rows is None:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:indicator-values-import", code=code)
    context = {
        "municipality": municipality,
        "rows": rows,
        "has_errors": has_errors(rows),
        "counts": Counter(row.outcome for row in rows),
    }
    return render(request, "actionplans/import_indicator_values_preview.html", context)


@require_POST
def indicator_values_import_confirm(request: HttpRequest, code: int) -> HttpResponse:
    _municipality, rows = _pending_values(request, code)
    if rows is None:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:indicator-values-import", code=code)
    preview = redirect("actionplans:indicator-values-import-preview", code=code)
    if has_errors(rows):
        messages.error(request, _("Intet er gemt: ret fejlene i arket, og indlæs det igen."))
        return preview
    try:
        created, changed = indicator_sheets.save_value_import(rows=rows)
    except StaleEdit:
        messages.error(request, _("Intet er gemt: en værdi i arket er ændret i portalen imens."))
        return preview
    del request.session[VALUES_SESSION_KEY]
    messages.success(
        request,
        _("Værdierne er gemt: %(created)d nye, %(changed)d ændret.")
        % {"created": created, "changed": changed},
    )
    return redirect("actionplans:indicator-list", code=code)
