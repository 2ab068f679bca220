"""Views of the annual activity plan. The secretariat drafts, generates, submits and puts the plan
on the political steering group's agenda; members of the bodies and coordinators read the plans
that have an approved version (the approved PDF), never drafts."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.forms import posted
from alliance.models import GeneratedDocument
from alliance.versioning import StaleEdit

from .. import selectors
from ..forms.activityplan import (
    ActivityForm,
    AgendaForm,
    FrameFormSet,
    PlanCreateForm,
    PlanForm,
)
from ..models import ActivityPlan, PlannedActivity
from ..services import activityplan as service
from ..services.activityplan import ActivityPlanError
from ..services.meetings import MeetingRuleError
from .pages import activityplan_crumbs, form_page


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
    rows = selectors.activityplan_documents(request.user, plan)
    context = {
        "plan": plan,
        "documents": rows,
        "approved": next((r for r in rows if r["document"].is_frozen), None),
        "is_secretariat": is_secretariat,
        "crumbs": activityplan_crumbs(),
    }
    if is_secretariat:
        latest = rows[0]["document"] if rows else None
        context |= selectors.activityplan_workbench(plan, latest=latest)
    return render(request, "governance/activityplan_detail.html", context)


def activityplan_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, ActivityPlan)
    form = PlanCreateForm(posted(request))
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
    return form_page(
        request,
        form=form,
        title=_("Ny aktivitetsplan"),
        crumbs=activityplan_crumbs(),
        submit=_("Opret planen"),
        cancel="/organer/aktivitetsplaner/",
    )


def activityplan_update(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    form = PlanForm(posted(request), instance=plan)
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
    return form_page(
        request,
        form=form,
        title=_("Indledning og prioriteringer"),
        crumbs=activityplan_crumbs(plan),
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
    initial = FrameFormSet.initial_for(plan)
    formset = FrameFormSet(posted(request), initial=initial, prefix="frame")
    version = request.POST.get("lock_version") if request.method == "POST" else plan.lock_version
    error = ""
    if request.method == "POST" and formset.is_valid():
        try:
            service.save_frame(
                plan=plan,
                lines=formset.lines(),
                by=request.user,
                expected_version=_version(version),
            )
        except (StaleEdit, ActivityPlanError) as exc:
            error = str(exc)
        else:
            messages.success(request, _("Budgetrammen er gemt."))
            return redirect(plan)
    context = {
        "plan": plan,
        "formset": formset,
        "lock_version": version,
        "error": error,
        "crumbs": activityplan_crumbs(plan),
    }
    return render(request, "governance/activityplan_frame.html", context)


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
    form = ActivityForm(posted(request), instance=PlannedActivity(plan=plan))
    if request.method == "POST" and form.is_valid():
        service.save_activity(
            activity=form.save(commit=False),
            initiatives=form.cleaned_data["initiatives"],
            tracks=form.cleaned_data["tracks"],
            by=request.user,
        )
        messages.success(request, _("Aktiviteten er tilføjet."))
        return redirect(plan)
    return form_page(
        request,
        form=form,
        title=_("Ny aktivitet i %(plan)s") % {"plan": plan},
        crumbs=activityplan_crumbs(plan),
        submit=_("Tilføj aktiviteten"),
        cancel=plan.get_absolute_url(),
    )


def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_editable_or_404(
        request.user, PlannedActivity.objects.select_related("plan"), pk=pk
    )
    form = ActivityForm(posted(request), instance=activity)
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
    return form_page(
        request,
        form=form,
        title=_("Redigér aktiviteten"),
        crumbs=activityplan_crumbs(activity.plan),
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


@require_POST
def activityplan_generate(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    try:
        service.request_pdf(plan=plan, by=request.user)
    except (ActivityPlanError, MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Planen dannes nu som PDF. Siden viser, hvor langt den er."))
    return redirect(plan)


@require_POST
def activityplan_submit(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    try:
        service.submit_document(plan=plan, by=request.user)
    except (ActivityPlanError, MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Planen er indstillet til godkendelse. Sæt den på dagsordenen for Politisk "
                "styregruppe."
            ),
        )
    return redirect(plan)


def activityplan_agenda(request: HttpRequest, year: int) -> HttpResponse:
    plan = _editable_plan(request, year)
    form = AgendaForm(posted(request))
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
    return form_page(
        request,
        form=form,
        title=_("Sæt %(plan)s på dagsordenen") % {"plan": plan},
        crumbs=activityplan_crumbs(plan),
        submit=_("Sæt på dagsordenen"),
        cancel=plan.get_absolute_url(),
        intro=_(
            "Den indstillede version kommer på mødets dagsorden som et beslutningspunkt med "
            "PDF'en som bilag. Når mødet registrerer afgørelsen “Godkendt”, er versionen godkendt "
            "og låst."
        ),
    )
