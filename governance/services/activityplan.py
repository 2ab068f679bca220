"""The annual activity plan: its budget frame and activities, the sums against the frame, the PDF
made by a background job, and the way to approval (draft → submitted → approved by the political
steering group at a meeting, see `governance.services.meetings.record_decision`).

Governance sits below fundraising, where the alliance's contributions are. So the frame's lines
are stored here, and fundraising offers its contributions as defaults through
`register_frame_source` (see `fundraising/activityplan.py`).
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.formatting import format_number
from alliance.models import GeneratedDocument, Job
from alliance.pdf import RenderedPdf, render_document, render_html, write_pdf
from alliance.services import enqueue_job, report_progress, store_document
from alliance.versioning import StaleEdit
from municipalities.models import Organisation

from .. import links
from ..models import ActivityPlan, AgendaItem, Body, FrameLine, Meeting, PlannedActivity
from .meetings import MeetingRuleError, add_attachment, add_item, register_approving_body

logger = logging.getLogger(__name__)

ACTIVITY_PLAN_JOB = "activity-plan"
APPROVING_BODY = "politisk-styregruppe"

register_approving_body(kind=ACTIVITY_PLAN_JOB, body_slug=APPROVING_BODY)


class ActivityPlanError(Exception):
    """A step the plan's workflow does not allow; the message is Danish, for the user."""


# --- Sums against the frame -------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    frame_staff_years: Decimal
    frame_dkk: Decimal
    planned_staff_years: Decimal
    planned_dkk: Decimal

    @property
    def remaining_staff_years(self) -> Decimal:
        return self.frame_staff_years - self.planned_staff_years

    @property
    def remaining_dkk(self) -> Decimal:
        return self.frame_dkk - self.planned_dkk

    @property
    def over_staff_years(self) -> bool:
        return self.planned_staff_years > self.frame_staff_years

    @property
    def over_dkk(self) -> bool:
        return self.planned_dkk > self.frame_dkk

    @property
    def within_budget(self) -> bool:
        return not (self.over_staff_years or self.over_dkk)

    def over_budget_message(self) -> str:
        """Why the plan cannot be submitted, in Danish ("" when it is within the frame)."""
        parts = []
        if self.over_staff_years:
            parts.append(_("%(n)s årsværk") % {"n": format_number(-self.remaining_staff_years)})
        if self.over_dkk:
            parts.append(_("%(n)s kr.") % {"n": format_number(-self.remaining_dkk)})
        if not parts:
            return ""
        return _(
            "Aktiviteterne overskrider budgetrammen med %(over)s. Ret aktiviteterne eller "
            "rammen, før planen indstilles."
        ) % {"over": _(" og ").join(parts)}


def totals(
    plan: ActivityPlan,
    *,
    frame_lines: Iterable[FrameLine] | None = None,
    activities: Iterable[PlannedActivity] | None = None,
) -> Totals:
    """The frame and the planned spending, by staff years and kroner. Pass the lines and
    activities already loaded to compute without queries."""
    zero = Decimal(0)
    if frame_lines is None:
        frame = plan.frame_lines.aggregate(y=Sum("staff_years"), k=Sum("dkk"))
        frame_years, frame_dkk = frame["y"] or zero, frame["k"] or zero
    else:
        lines = list(frame_lines)
        frame_years = sum((line.staff_years for line in lines), zero)
        frame_dkk = sum((line.dkk for line in lines), zero)
    if activities is None:
        planned = plan.activities.aggregate(y=Sum("staff_years"), k=Sum("dkk"))
        planned_years, planned_dkk = planned["y"] or zero, planned["k"] or zero
    else:
        rows = list(activities)
        planned_years = sum((a.staff_years for a in rows), zero)
        planned_dkk = sum((a.dkk for a in rows), zero)
    return Totals(frame_years, frame_dkk, planned_years, planned_dkk)


def spending_by_year(plans: models.QuerySet[ActivityPlan]) -> dict[int, tuple[Decimal, Decimal]]:
    """Planned staff years and kroner per plan year, for the finances page (one query)."""
    rows = (
        PlannedActivity.objects.filter(plan__in=plans)
        .values("plan__year")
        .annotate(y=Sum("staff_years"), k=Sum("dkk"))
    )
    return {row["plan__year"]: (row["y"], row["k"]) for row in rows}


# --- The frame's defaults -----------------------------------------------------------------------


@dataclass(frozen=True)
class FrameDefault:
    partner: Organisation
    staff_years: Decimal
    dkk: Decimal
    note: str = ""


FrameSource = Callable[[int], list[FrameDefault]]
_frame_sources: list[FrameSource] = []


def register_frame_source(func: FrameSource) -> FrameSource:
    """For the app that knows the alliance's financing: `func(year)` returns each partner's
    contribution for that plan year, the defaults of a new plan's frame."""
    _frame_sources.append(func)
    return func


def has_frame_source() -> bool:
    return bool(_frame_sources)


def frame_defaults(year: int) -> list[FrameDefault]:
    found: dict[int, FrameDefault] = {}
    for source in _frame_sources:
        for default in source(year):
            found.setdefault(default.partner.pk, default)
    return list(found.values())


# --- Editing -----------------------------------------------------------------------------------


def _touch(plan: ActivityPlan, by) -> None:
    """The plan's content changed: a PDF made before is no longer current."""
    plan.changed_at = timezone.now()
    # Not a change of its own: the activity's or frame line's history records it.
    plan.skip_history_when_saving = True
    try:
        plan.save(update_fields=["changed_at"])
    finally:
        del plan.skip_history_when_saving


def _replace_frame(plan: ActivityPlan, lines: Iterable[FrameDefault], by) -> None:
    wanted = {line.partner.pk: line for line in lines}
    for existing in plan.frame_lines.all():
        if existing.partner_id not in wanted:
            existing._history_user = by
            existing.delete()
    current = {line.partner_id: line for line in plan.frame_lines.all()}
    for partner_id, line in wanted.items():
        row = current.get(partner_id) or FrameLine(plan=plan, partner_id=partner_id)
        row.staff_years, row.dkk, row.note = line.staff_years, line.dkk, line.note
        row._history_user = by
        row.save()


def create_plan(*, year: int, by, copy_previous: bool = False) -> ActivityPlan:
    """Start the plan for `year`: empty with the frame's defaults from the financing facts, or as
    a copy of the year before (its frame, narrative and activities, not its documents)."""
    with transaction.atomic():
        if ActivityPlan.objects.filter(year=year).exists():
            raise ActivityPlanError(
                _("Der findes allerede en aktivitetsplan for %(year)d.") % {"year": year}
            )
        previous = ActivityPlan.objects.filter(year=year - 1).first()
        if copy_previous and previous is None:
            raise ActivityPlanError(
                _("Der er ingen aktivitetsplan for %(year)d at kopiere.") % {"year": year - 1}
            )
        plan = ActivityPlan(year=year)
        if copy_previous:
            plan.introduction, plan.priorities = previous.introduction, previous.priorities
            plan.copied_from = previous
        plan._history_user = by
        plan.save()
        if copy_previous:
            _replace_frame(plan, _frame_of(previous), by)
            _copy_activities(previous, plan, by)
        else:
            _replace_frame(plan, frame_defaults(year), by)
    return plan


def _frame_of(plan: ActivityPlan) -> list[FrameDefault]:
    return [
        FrameDefault(line.partner, line.staff_years, line.dkk, line.note)
        for line in plan.frame_lines.select_related("partner")
    ]


def _copy_activities(source: ActivityPlan, target: ActivityPlan, by) -> None:
    activities = source.activities.prefetch_related("initiatives", "tracks")
    for activity in activities:
        initiatives, tracks = list(activity.initiatives.all()), list(activity.tracks.all())
        activity.pk, activity.id, activity.plan, activity.lock_version = None, None, target, 1
        activity._state.adding = True
        activity._prefetched_objects_cache = {}  # else set() below compares with the original's
        activity._history_user = by
        activity.save()
        activity.initiatives.set(initiatives)
        activity.tracks.set(tracks)


def save_plan(*, plan: ActivityPlan, by, expected_version: int) -> ActivityPlan:
    """Save the narrative (introduction and priorities); refused if someone saved the plan
    since the form was opened (StaleEdit)."""
    with transaction.atomic():
        current = ActivityPlan.objects.select_for_update().get(pk=plan.pk)
        if current.lock_version != expected_version:
            raise StaleEdit(current)
        plan.year, plan.copied_from_id = current.year, current.copied_from_id
        plan.lock_version = expected_version + 1
        plan.changed_at = timezone.now()
        plan._history_user = by
        plan.save()
    return plan


def save_frame(
    *, plan: ActivityPlan, lines: Iterable[FrameDefault], by, expected_version: int
) -> ActivityPlan:
    """Replace the budget frame with `lines` (one per partner); refused if someone changed the
    plan or its frame since the form was opened (StaleEdit)."""
    lines = list(lines)
    partners = [line.partner.pk for line in lines]
    if len(partners) != len(set(partners)):
        raise ActivityPlanError(_("Hver partner kan kun stå én gang i rammen."))
    with transaction.atomic():
        current = ActivityPlan.objects.select_for_update().get(pk=plan.pk)
        if current.lock_version != expected_version:
            raise StaleEdit(current)
        _replace_frame(current, lines, by)
        current.lock_version += 1
        current.changed_at = timezone.now()
        current._history_user = by
        current.save(update_fields=["lock_version", "changed_at"])
    return current


def prefill_frame(*, plan: ActivityPlan, source: str, by) -> ActivityPlan:
    """Fill the frame from last year's plan (`source="previous"`) or from the financing facts
    (`source="contributions"`), replacing what it held."""
    if source == "previous":
        previous = ActivityPlan.objects.filter(year=plan.year - 1).first()
        if previous is None:
            raise ActivityPlanError(
                _("Der er ingen aktivitetsplan for %(year)d.") % {"year": plan.year - 1}
            )
        lines = _frame_of(previous)
    elif source == "contributions":
        lines = frame_defaults(plan.year)
        if not lines:
            raise ActivityPlanError(
                _("Der er ingen bidrag til alliancen registreret for %(year)d.")
                % {"year": plan.year}
            )
    else:
        raise ActivityPlanError(_("Vælg, hvor rammen skal hentes fra."))
    return save_frame(plan=plan, lines=lines, by=by, expected_version=plan.lock_version)


def save_activity(
    *,
    activity: PlannedActivity,
    by,
    initiatives: Iterable | None = None,
    tracks: Iterable | None = None,
    expected_version: int | None = None,
) -> PlannedActivity:
    """Create (last in the plan) or change an activity; a change is refused if someone saved the
    activity since the form was opened (StaleEdit)."""
    with transaction.atomic():
        plan = ActivityPlan.objects.select_for_update().get(pk=activity.plan_id)
        if activity.pk is None:
            last = plan.activities.aggregate(m=Max("position"))["m"] or 0
            activity.position = last + 1
            activity._history_user = by
            activity.save()
        else:
            current = PlannedActivity.objects.select_for_update().get(pk=activity.pk)
            if current.lock_version != expected_version:
                raise StaleEdit(current)
            activity.plan_id, activity.position = current.plan_id, current.position
            activity.lock_version = current.lock_version + 1
            activity._history_user = by
            activity.save()
        if initiatives is not None:
            activity.initiatives.set(initiatives)
        if tracks is not None:
            activity.tracks.set(tracks)
        _touch(plan, by)
    return activity


def delete_activity(*, activity: PlannedActivity, by) -> None:
    with transaction.atomic():
        plan = ActivityPlan.objects.select_for_update().get(pk=activity.plan_id)
        activity._history_user = by
        activity.delete()
        _touch(plan, by)


# --- Documents and approval -------------------------------------------------------------------


def documents(plan: ActivityPlan) -> models.QuerySet[GeneratedDocument]:
    return (
        GeneratedDocument.objects.for_subject(plan)
        .filter(kind=ACTIVITY_PLAN_JOB)
        .order_by("-version")
    )


def is_current(plan: ActivityPlan, document: GeneratedDocument) -> bool:
    """Whether the document shows the plan as it is now."""
    return document.generated_at >= plan.changed_at


def active_job(plan: ActivityPlan) -> Job | None:
    return Job.objects.of_kind(ACTIVITY_PLAN_JOB).for_subject(plan).active().first()


def request_pdf(*, plan: ActivityPlan, by) -> Job:
    """Start a job that renders the plan as a PDF: the next version of its document."""
    return enqueue_job(kind=ACTIVITY_PLAN_JOB, subject=plan, requested_by=by)


def pdf_context(plan: ActivityPlan) -> dict:
    frame_lines = list(plan.frame_lines.select_related("partner"))
    activities = list(
        plan.activities.select_related("network", "work_topic").prefetch_related(
            "initiatives__plan__municipality", "tracks"
        )
    )
    latest = documents(plan).first()
    return {
        "plan": plan,
        "frame_lines": frame_lines,
        "activities": activities,
        "totals": totals(plan, frame_lines=frame_lines, activities=activities),
        "quarters": [(n, [a for a in activities if n in a.quarters]) for n in (1, 2, 3, 4)],
        "version": (latest.version if latest else 0) + 1,
        "approving_body": Body.objects.filter(slug=APPROVING_BODY).first(),
        "generated_at": timezone.now(),
    }


def build_pdf(plan: ActivityPlan, progress=lambda percent, text: None) -> RenderedPdf:
    title = str(plan)
    context = pdf_context(plan)
    progress(30, _("Danner forside, indhold og aktiviteter"))
    html = render_html("governance/activityplan_pdf.html", context, title=title)
    document = render_document(html)
    progress(80, _("Skriver PDF-filen"))
    return RenderedPdf(content=write_pdf(document), page_count=len(document.pages))


def run_activity_plan_job(job: Job) -> None:
    plan = ActivityPlan.objects.get(pk=job.subject_id)
    report_progress(job, 10, _("Henter aktivitetsplanen"))
    pdf = build_pdf(plan, lambda p, text: report_progress(job, p, text))
    report_progress(job, 95, _("Gemmer dokumentet"))
    store_document(job=job, subject=plan, title=str(plan), pdf=pdf)


def submit_document(*, plan: ActivityPlan, by) -> GeneratedDocument:
    """Submit the plan's latest PDF for approval. Only a draft that shows the plan as it is now,
    and only if the activities are within the budget frame; an earlier submitted version goes
    back to draft."""
    with transaction.atomic():
        plan = ActivityPlan.objects.select_for_update().get(pk=plan.pk)
        document = documents(plan).select_for_update().first()
        if document is None:
            raise ActivityPlanError(_("Dan planen som PDF, før den indstilles."))
        if document.state == GeneratedDocument.State.SUBMITTED:
            raise ActivityPlanError(
                _("Version %(n)d er allerede indstillet.") % {"n": document.version}
            )
        if document.state != GeneratedDocument.State.DRAFT:
            raise ActivityPlanError(
                _("Den nyeste version er godkendt. Ret planen, og dan en ny version.")
            )
        if not is_current(plan, document):
            raise ActivityPlanError(
                _("Planen er ændret, siden version %(n)d blev dannet. Dan en ny version først.")
                % {"n": document.version}
            )
        message = totals(plan).over_budget_message()
        if message:
            raise ActivityPlanError(message)
        for earlier in documents(plan).filter(state=GeneratedDocument.State.SUBMITTED):
            earlier.state = GeneratedDocument.State.DRAFT
            earlier.save(update_fields=["state"])
        document.state = GeneratedDocument.State.SUBMITTED
        document.save(update_fields=["state"])
    logger.info("Activity plan %s v%s submitted by %s", plan.year, document.version, by.pk)
    return document


def approving_meetings() -> models.QuerySet[Meeting]:
    """The political steering group's meetings that a submitted plan can be put on: today's and
    coming ones whose agenda is still open."""
    today = timezone.localdate()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return (
        Meeting.objects.filter(body__slug=APPROVING_BODY, starts_at__gte=start_of_today)
        .exclude(state=Meeting.State.MINUTES_APPROVED)
        .select_related("body")
        .order_by("starts_at")
    )


def put_on_agenda(*, plan: ActivityPlan, meeting: Meeting, by) -> AgendaItem:
    """Put the submitted version on the meeting's agenda as a decision item linked to the
    document, with the PDF as its attachment. Recording "approved" on the item approves it."""
    document = documents(plan).filter(state=GeneratedDocument.State.SUBMITTED).first()
    if document is None:
        raise ActivityPlanError(_("Indstil planen, før den sættes på en dagsorden."))
    if meeting.body.slug != APPROVING_BODY:
        raise MeetingRuleError(
            _("Aktivitetsplanen godkendes af Politisk styregruppe; vælg et af dens møder.")
        )
    on_agenda = AgendaItem.objects.filter(
        meeting=meeting, linked_type=links.content_type_for(document), linked_id=document.pk
    )
    if on_agenda.exists():
        raise ActivityPlanError(_("Versionen står allerede på mødets dagsorden."))
    with transaction.atomic():
        item = add_item(
            meeting=meeting,
            item=AgendaItem(
                title=_("Godkendelse af aktivitetsplan %(year)d") % {"year": plan.year},
                kind=AgendaItem.Kind.DECISION,
                case_text=_(
                    "Projektgruppen har udarbejdet aktivitetsplanen for %(year)d inden for "
                    "budgetrammen. Planen er drøftet med Administrativ styregruppe."
                )
                % {"year": plan.year},
                recommendation=_(
                    "Sekretariatet indstiller, at Politisk styregruppe godkender "
                    "aktivitetsplanen for %(year)d."
                )
                % {"year": plan.year},
                responsible=_("Sekretariatet"),
                linked_type=links.content_type_for(document),
                linked_id=document.pk,
            ),
            by=by,
        )
        with document.file.open("rb") as fh:
            content = fh.read()
        add_attachment(
            item=item,
            title=_("Aktivitetsplan %(year)d, version %(n)d")
            % {"year": plan.year, "n": document.version},
            name=f"aktivitetsplan-{plan.year}-v{document.version}.pdf",
            content=content,
            page_count=document.page_count,
            by=by,
        )
    return item
