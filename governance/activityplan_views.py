"""Views of the annual activity plan. The secretariat drafts, generates, submits and puts the plan
on the political steering group's agenda; members of the bodies and coordinators read the plans
that have an approved version (the approved PDF), never drafts."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans.models import Initiative
from alliance import history, policy
from alliance.models import GeneratedDocument
from alliance.versioning import StaleEdit

from . import activityplan as service
from .activityplan import ActivityPlanError
from .activityplan_forms import (
    ActivityForm,
    AgendaForm,
    FrameFormSet,
    PlanCreateForm,
    PlanForm,
)
from .meeting_views import _form_page
from .meetings import MeetingRuleError
from .models import ActivityPlan, AgendaItem, PlannedActivity
from .tracks import _posted


def _crumbs(plan: ActivityPlan | None = None) -> list:
    crumbs = [
        (_("Organer"), reverse("governance:body-list")),
        (_("Aktivitetsplaner"), reverse("governance:activityplan-list")),
    ]
    if plan is not None:
        crumbs.append((str(plan), plan.get_absolute_url()))
    return crumbs


def _editable_plan(request: HttpRequest, year: int) -> ActivityPlan:
    return policy.get_editable_or_404(request.user, ActivityPlan, year=year)


def activityplan_list(request: HttpRequest) -> HttpResponse:
    plans = policy.visible(request.user, ActivityPlan).order_by("-year")
    # The newest version each user may see: for readers, the approved one.
    visible_documents = policy.visible(
        request.user,
        GeneratedDocument.objects.filter(
            kind=service.ACTIVITY_PLAN_JOB,
            subject_id__in=[plan.pk for plan in plans],
            subject_type__model="activityplan",
        ),
    ).order_by("-version")
    latest: dict[int, GeneratedDocument] = {}
    for document in visible_documents:
        latest.setdefault(document.subject_id, document)
    rows = [(plan, latest.get(plan.pk)) for plan in plans]
    return render(
        request,
        "governance/activityplan_list.html",
        {"rows": rows, "can_edit": policy.can_create(request.user, ActivityPlan)},
    )


def activityplan_detail(request: HttpRequest, year: int) -> HttpResponse:
    plan = policy.get_visible_or_404(request.user, ActivityPlan, year=year)
    is_secretariat = policy.can(request.user, "manage", ActivityPlan)
    documents = list(policy.visible(request.user, service.documents(plan)))
    # Who approved a version is shown to everyone who sees it; the agenda items themselves only to
    # those who may see them.
    items = service.agenda_items(d.pk for d in documents)
    visible_items = set(policy.visible(request.user, items).values_list("pk", flat=True))
    items_by_document: dict[int, list] = {}
    for item in items:
        items_by_document.setdefault(item.linked_id, []).append(item)
    approving = {AgendaItem.Outcome.APPROVED, AgendaItem.Outcome.APPROVED_WITH_CHANGES}
    rows = [
        {
            "document": d,
            "items": [i for i in items_by_document.get(d.pk, []) if i.pk in visible_items],
            "decision": next(
                (i for i in items_by_document.get(d.pk, []) if i.outcome in approving), None
            ),
        }
        for d in documents
    ]
    context = {
        "plan": plan,
        "documents": rows,
        "approved": next((r for r in rows if r["document"].is_frozen), None),
        "is_secretariat": is_secretariat,
        "crumbs": _crumbs(),
    }
    if is_secretariat:
        frame_lines = list(plan.frame_lines.select_related("partner"))
        activities = list(
            plan.activities.select_related("network", "work_topic").prefetch_related(
                Prefetch("initiatives", Initiative.objects.select_related("plan__municipality")),
                "tracks",
            )
        )
        latest = documents[0] if documents else None
        context |= {
            "frame_lines": frame_lines,
            "activities": activities,
            "totals": service.totals(plan, frame_lines=frame_lines, activities=activities),
            "latest": latest,
            "latest_is_current": latest is not None and service.is_current(plan, latest),
            "job": service.active_job(plan),
            "has_previous": ActivityPlan.objects.filter(year=plan.year - 1).exists(),
            "has_frame_source": service.has_frame_source(),
            "meetings_available": service.approving_meetings().exists(),
            "history": history.merged(
                [
                    (ActivityPlan, plan.history.all(), ""),
                    (PlannedActivity, PlannedActivity.history.filter(plan_id=plan.pk), "title"),
                ],
                limit=10,
            ),
        }
    return render(request, "governance/activityplan_detail.html", context)


def activityplan_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, ActivityPlan)
    form = PlanCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = service.create_plan(
                year=form.cleaned_data["year"],
                copy_previous=form.cleaned_data["start"] == PlanCreateForm.START_COPY,
                by=request.user,
            )
        except ActivityPlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Aktivitetsplanen er oprettet."))
            return redirect(plan)
    return _form_page(
        request,
        form=form,
        title=_("Ny aktivitetsplan"),
        crumbs=_crumbs(),
        submit=_("Opret planen"),
        cancel="/organer/aktivitetsplaner/",
    )


def activityplan_update(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    form = PlanForm(_posted(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_plan(
                plan=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Planens tekst er gemt."))
            return redirect(plan)
    return _form_page(
        request,
        form=form,
        title=_("Indledning og prioriteringer"),
        crumbs=_crumbs(plan),
        submit=_("Gem teksten"),
        cancel=plan.get_absolute_url(),
    )


def _version(value) -> int:
    """The lock_version a form was read at; garbage reads as no version (a stale save)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def activityplan_frame(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    lines = plan.frame_lines.select_related("partner")
    initial = [
        {
            "partner": line.partner,
            "staff_years": line.staff_years,
            "dkk": line.dkk,
            "note": line.note,
        }
        for line in lines
    ]
    formset = FrameFormSet(_posted(request), initial=initial, prefix="frame")
    version = request.POST.get("lock_version") if request.method == "POST" else plan.lock_version
    error = ""
    if request.method == "POST" and formset.is_valid():
        kept = [
            service.FrameDefault(
                f.cleaned_data["partner"],
                f.cleaned_data["staff_years"],
                f.cleaned_data["dkk"],
                f.cleaned_data["note"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            service.save_frame(
                plan=plan, lines=kept, by=request.user, expected_version=_version(version)
            )
        except (StaleEdit, ActivityPlanError) as exc:
            error = str(exc)
        else:
            messages.success(request, _("Budgetrammen er gemt."))
            return redirect(plan)
    return render(
        request,
        "governance/activityplan_frame.html",
        {
            "plan": plan,
            "formset": formset,
            "lock_version": version,
            "error": error,
            "crumbs": _crumbs(plan),
        },
    )


@require_POST
def activityplan_prefill(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    source = request.POST.get("source", "")
    try:
        service.prefill_frame(plan=plan, source=source, by=request.user)
    except (ActivityPlanError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Budgetrammen er hentet. Ret den, hvis årets tal er andre."))
    return redirect(plan)


def activity_create(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    form = ActivityForm(_posted(request), instance=PlannedActivity(plan=plan))
    if request.method == "POST" and form.is_valid():
        service.save_activity(
            activity=form.save(commit=False),
            initiatives=form.cleaned_data["initiatives"],
            tracks=form.cleaned_data["tracks"],
            by=request.user,
        )
        messages.success(request, _("Aktiviteten er tilføjet."))
        return redirect(plan)
    return _form_page(
        request,
        form=form,
        title=_("Ny aktivitet i %(plan)s") % {"plan": plan},
        crumbs=_crumbs(plan),
        submit=_("Tilføj aktiviteten"),
        cancel=plan.get_absolute_url(),
    )


def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_editable_or_404(
        request.user, PlannedActivity.objects.select_related("plan"), pk=pk
    )
    form = ActivityForm(_posted(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_activity(
                activity=form.save(commit=False),
                initiatives=form.cleaned_data["initiatives"],
                tracks=form.cleaned_data["tracks"],
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Aktiviteten er gemt."))
            return redirect(activity.plan)
    return _form_page(
        request,
        form=form,
        title=_("Redigér aktiviteten"),
        crumbs=_crumbs(activity.plan),
        submit=_("Gem aktiviteten"),
        cancel=activity.plan.get_absolute_url(),
    )


@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_editable_or_404(
        request.user, PlannedActivity.objects.select_related("plan"), pk=pk
    )
    plan = activity.plan
    service.delete_activity(activity=activity, by=request.user)
    messages.success(request, _("Aktiviteten “%(title)s” er fjernet.") % {"title": activity.title})
    return redirect(plan)


def _do(request, action, success: str, plan: ActivityPlan) -> HttpResponse:
    try:
        action()
    except (ActivityPlanError, MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(plan)


@require_POST
def activityplan_generate(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    return _do(
        request,
        lambda: service.request_pdf(plan=plan, by=request.user),
        _("Planen dannes nu som PDF. Siden viser, hvor langt den er."),
        plan,
    )


@require_POST
def activityplan_submit(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    return _do(
        request,
        lambda: service.submit_document(plan=plan, by=request.user),
        _("Planen er indstillet til godkendelse. Sæt den på dagsordenen for Politisk styregruppe."),
        plan,
    )


def activityplan_agenda(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    form = AgendaForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = service.put_on_agenda(
                plan=plan, meeting=form.cleaned_data["meeting"], by=request.user
            )
        except (ActivityPlanError, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Planen er sat på dagsordenen som punkt %(n)d.") % {"n": item.position},
            )
            return redirect(item)
    return _form_page(
        request,
        form=form,
        title=_("Sæt %(plan)s på dagsordenen") % {"plan": plan},
        crumbs=_crumbs(plan),
        submit=_("Sæt på dagsordenen"),
        cancel=plan.get_absolute_url(),
        intro=_(
            "Den indstillede version kommer på mødets dagsorden som et beslutningspunkt med "
            "PDF'en som bilag. Når mødet registrerer afgørelsen “Godkendt”, er versionen godkendt "
            "og låst."
        ),
    )
