"""Lists with filters and exports (initiatives, plans, tasks, updates), the imports of initiatives
(XLSX) and emissions (CSV), and the export for the national monitoring system.

The lists are django-tables2 + django-filter class views, the generic views those libraries are
built for; the export buttons reuse the view's scoped and filtered queryset, so a download holds
exactly the rows the user sees, on every page. Imports are two-step: the upload is read into raw
rows kept in the session, the preview validates them, and the confirmation validates again and
saves all or nothing. The plan comes from the session and is fetched through the policy again on
every step, never from a hidden field.
"""

import json
from collections import Counter
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.downloads import content_disposition
from alliance.exports import download_response
from alliance.lists import FilteredTableView
from alliance.versioning import StaleEdit

from .. import emission_sheets, exports, importers
from ..filters import InitiativeFilter, PlanFilter, TaskFilter, UpdateFilter
from ..models import (
    EmissionRecord,
    Initiative,
    Plan,
    ProgressUpdate,
    Task,
    current_plan_condition,
)
from ..tables import InitiativeTable, PlanTable, TaskTable, UpdateTable

# --- Lists -------------------------------------------------------------------------------------


def _list_actions(user) -> list[tuple[str, str]]:
    """The initiative list's buttons this user may use: imports and the national export."""
    actions = []
    if policy.editable(user, Plan.objects.current()).exists():
        actions.append((_("Indlæs fra Excel"), reverse("actionplans:initiative-import")))
    if policy.can(user, "import", EmissionRecord):
        actions.append((_("Indlæs udledninger"), reverse("actionplans:emissions-import")))
    if policy.can(user, "export", Initiative):
        actions.append(
            (
                _("National eksport (maskinformat, ikke til Excel)"),
                reverse("actionplans:national-export"),
            )
        )
    return actions


class InitiativeListView(FilteredTableView):
    table_class = InitiativeTable
    filterset_class = InitiativeFilter
    export_name = "indsatser"
    heading = gettext_lazy("Indsatser")
    intro = gettext_lazy(
        "Indsatserne i kommunernes gældende klimaplaner. Fælles indsatser står én gang, under "
        "den ledende kommune, og findes også, når du filtrerer på en deltagende kommune."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=_list_actions(self.request.user), **kwargs)

    def get_queryset(self) -> QuerySet:
        initiatives = Initiative.objects.in_current_plans().with_freshness()
        return (
            policy.visible(self.request.user, initiatives)
            .select_related("plan__municipality")
            .prefetch_related("themes")
        )


class PlanListView(FilteredTableView):
    table_class = PlanTable
    filterset_class = PlanFilter
    export_name = "klimaplaner"
    heading = gettext_lazy("Klimaplaner")
    intro = gettext_lazy(
        "Kommunernes gældende DK2020-planer. Planer skal revideres senest fem år efter den "
        "politiske vedtagelse."
    )

    def get_queryset(self) -> QuerySet:
        plans = Plan.objects.current().select_related("municipality")
        return policy.visible(self.request.user, plans)


class TaskListView(FilteredTableView):
    table_class = TaskTable
    filterset_class = TaskFilter
    export_name = "milepaele"
    heading = gettext_lazy("Milepæle")
    intro = gettext_lazy("Milepæle på indsatserne i de gældende planer, med frister.")

    def get_queryset(self) -> QuerySet:
        tasks = Task.objects.filter(current_plan_condition("initiative__plan"))
        return policy.visible(self.request.user, tasks).select_related(
            "initiative__plan__municipality"
        )


class UpdateListView(FilteredTableView):
    table_class = UpdateTable
    filterset_class = UpdateFilter
    export_name = "statusopdateringer"
    heading = gettext_lazy("Statusopdateringer")
    intro = gettext_lazy("Kommunernes statusopdateringer på indsatserne, nyeste først.")

    def get_queryset(self) -> QuerySet:
        updates = ProgressUpdate.objects.select_related("initiative__plan__municipality", "author")
        return policy.visible(self.request.user, updates)


# --- Imports -----------------------------------------------------------------------------------

INITIATIVE_SESSION_KEY = "actionplans.initiative_import"
EMISSION_SESSION_KEY = "actionplans.emission_import"


class UploadForm(forms.Form):
    extension = ""
    file = forms.FileField(label=gettext_lazy("Fil"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = self.extension

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.extension):
            raise forms.ValidationError(
                _("Filen skal være en %(type)s-fil.") % {"type": self.extension}
            )
        if upload.size > importers.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Filen er for stor. Den må højst fylde 5 MB."))
        return upload


class InitiativeUploadForm(UploadForm):
    extension = ".xlsx"
    plan = forms.ModelChoiceField(label=gettext_lazy("Plan"), queryset=Plan.objects.none())
    field_order = ["plan", "file"]

    def __init__(self, *args, plans: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("Vælg en plan")
        if len(plans) == 1:  # a coordinator usually has one plan: choose it for them
            self.fields["plan"].initial = plans[0]
        self.fields["file"].help_text = _("Et Excel-ark (.xlsx) på højst 5 MB, som skabelonen.")


class EmissionUploadForm(UploadForm):
    extension = ".csv"


def _importable_plans(user) -> QuerySet:
    """Current plans the user may add initiatives to: all for the secretariat, a coordinator's
    own municipality's only. Someone who may import into none is refused."""
    plans = policy.editable(user, Plan.objects.current().select_related("municipality"))
    if not plans.exists():
        policy.refuse(user)
    return plans


def initiative_import(request: HttpRequest) -> HttpResponse:
    plans = _importable_plans(request.user)
    form = InitiativeUploadForm(request.POST or None, request.FILES or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            rows = importers.read_initiative_sheet(form.cleaned_data["file"].read())
        except importers.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            plan_id = form.cleaned_data["plan"].pk
            request.session[INITIATIVE_SESSION_KEY] = {"plan_id": plan_id, "rows": rows}
            return redirect("actionplans:initiative-import-preview")
    # A coordinator's one plan: the link to its initiatives as a sheet to edit and import back.
    export_url = ""
    if len(plans) == 1:
        query = urlencode({"municipality": plans[0].municipality_id, "_export": "xlsx"})
        export_url = f"{reverse('actionplans:initiative-list')}?{query}"
    context = {"form": form, "export_url": export_url}
    return render(request, "actionplans/import_initiatives.html", context)


def _pending_initiative_import(request: HttpRequest):
    # The plan is fetched through the policy again: a role may have ended since the upload.
    plans = _importable_plans(request.user)
    pending = request.session.get(INITIATIVE_SESSION_KEY)
    if not pending:
        return None, None
    plan = plans.filter(pk=pending["plan_id"]).first()
    if plan is None:
        raise Http404
    return plan, importers.validate_initiative_rows(pending["rows"], user=request.user)


def initiative_import_preview(request: HttpRequest) -> HttpResponse:
    plan, rows = _pending_initiative_import(request)
    if plan is None:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:initiative-import")
    context = {
        "plan": plan,
        "rows": rows,
        "has_errors": importers.has_errors(rows),
        "counts": Counter(row.outcome for row in rows),
    }
    return render(request, "actionplans/import_initiatives_preview.html", context)


@require_POST
def initiative_import_confirm(request: HttpRequest) -> HttpResponse:
    plan, rows = _pending_initiative_import(request)
    if plan is None:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:initiative-import")
    if importers.has_errors(rows):
        messages.error(request, _("Intet er gemt: ret fejlene i arket, og indlæs det igen."))
        return redirect("actionplans:initiative-import-preview")
    try:
        created, changed = importers.save_initiative_import(plan=plan, rows=rows)
    except StaleEdit:
        messages.error(request, _("Intet er gemt: en indsats i arket er ændret i portalen imens."))
        return redirect("actionplans:initiative-import-preview")
    del request.session[INITIATIVE_SESSION_KEY]
    messages.success(
        request,
        _("Indsatserne er gemt: %(created)d nye i %(plan)s, %(changed)d ændret.")
        % {"created": created, "plan": plan, "changed": changed},
    )
    list_url = reverse("actionplans:initiative-list")
    return redirect(f"{list_url}?municipality={plan.municipality_id}")


def initiative_import_template(request: HttpRequest) -> HttpResponse:
    _importable_plans(request.user)
    response = HttpResponse(
        importers.initiative_template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition("indsatser-skabelon.xlsx")
    return response


def emissions_import(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "import", EmissionRecord)
    form = EmissionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = emission_sheets.read_emission_csv(form.cleaned_data["file"].read())
        except importers.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[EMISSION_SESSION_KEY] = {"rows": rows}
            return redirect("actionplans:emissions-import-preview")
    return render(request, "actionplans/import_emissions.html", {"form": form})


def emissions_import_preview(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "import", EmissionRecord)
    pending = request.session.get(EMISSION_SESSION_KEY)
    if not pending:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:emissions-import")
    rows = emission_sheets.validate_emission_rows(pending["rows"])
    context = {"rows": rows, "has_errors": importers.has_errors(rows)}
    return render(request, "actionplans/import_emissions_preview.html", context)


@require_POST
def emissions_import_confirm(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "import", EmissionRecord)
    pending = request.session.get(EMISSION_SESSION_KEY)
    if not pending:
        messages.info(request, _("Vælg en fil at indlæse."))
        return redirect("actionplans:emissions-import")
    rows = emission_sheets.validate_emission_rows(pending["rows"])
    if importers.has_errors(rows):
        messages.error(request, _("Intet er gemt: ret fejlene i filen, og indlæs den igen."))
        return redirect("actionplans:emissions-import-preview")
    created, updated = emission_sheets.save_emission_import(rows=rows)
    del request.session[EMISSION_SESSION_KEY]
    messages.success(
        request,
        _("Udledningerne er gemt: %(created)d nye, %(updated)d opdateret.")
        % {"created": created, "updated": updated},
    )
    return redirect("actionplans:emissions-import")


# --- National monitoring export ----------------------------------------------------------------


def national_export(request: HttpRequest) -> HttpResponse:
    """All visible initiatives of current plans and indicator values (docs/national-export.md)."""
    export_format = request.GET.get("format", "json")
    table = request.GET.get("table", "initiatives")
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    if export_format == "json":
        data = exports.national_export_data(request.user)
        return download_response(
            json.dumps(data, ensure_ascii=False, indent=1),
            content_type="application/json",
            filename=f"national-eksport-{stamp}.json",
        )
    if export_format == "csv" and table in exports.TABLES:
        return download_response(
            exports.national_export_csv(request.user, table),
            content_type="text/csv; charset=utf-8",
            filename=f"national-eksport-{table}-{stamp}.csv",
        )
    return HttpResponseBadRequest(_("Ukendt format. Brug format=csv eller format=json."))
