"""Reading governance's pages: what a meeting's page and an activity plan's page show, each
filtered through the policy for the user who reads them."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Prefetch, QuerySet

from actionplans.models import Initiative
from alliance import history, policy
from alliance.models import GeneratedDocument, Job
from alliance.policies import visible_documents

from .models import ActivityPlan, AgendaItem, Attendance, FollowUp, Meeting, PlannedActivity
from .services import activityplan, meetings, packs


def next_meeting_start(now: datetime) -> datetime | None:
    """The next moment a meeting starts: it leaves the coming meetings (the dashboard) without any
    write. alliance/fragments.py lets no cached entry outlive it."""
    return Meeting.objects.filter(starts_at__gt=now).aggregate(next=Min("starts_at"))["next"]


def meeting_agenda(user, meeting: Meeting, *, is_secretariat: bool) -> dict:
    """The agenda, packs, minutes and open follow-ups of a meeting, as `user` may read them. A
    member learns how many closed items they do not see on a published agenda."""
    items = (
        policy.visible(user, AgendaItem)
        .filter(meeting=meeting)
        .prefetch_related("attachments", "follow_ups")
        .select_related("linked_type")
    )
    packs_qs = policy.visible(user, meeting.packs.select_related("document"))
    return {
        "items": items,
        "hidden_closed": 0
        if is_secretariat or not meeting.is_published
        else meeting.items.filter(is_closed=True).count() - items.filter(is_closed=True).count(),
        "published_packs": packs_qs.filter(version__isnull=False).order_by("-version"),
        "follow_ups": policy.visible(user, FollowUp).filter(
            pk__in=meetings.open_follow_ups_before(meeting).values("pk")
        ),
        "minutes": visible_documents(user, meeting, meetings.MINUTES_JOB).order_by("-version"),
    }


def meeting_jobs(meeting: Meeting) -> dict:
    """The meeting's running jobs (the secretariat's): its pack and its minutes."""
    jobs = list(Job.objects.for_subject(meeting).active())
    return {
        "pack_job": next((job for job in jobs if job.kind == packs.PACK_JOB), None),
        "minutes_job": next((job for job in jobs if job.kind == meetings.MINUTES_JOB), None),
    }


def meeting_workbench(meeting: Meeting) -> dict:
    """What the secretariat works with on a meeting's page: the draft pack and the attendance
    (the running jobs: `meeting_jobs`)."""
    draft = packs.latest_draft(meeting)
    return {
        "draft": draft,
        "draft_is_current": draft is not None and packs.is_current(draft),
        "attendance": Attendance.objects.filter(meeting=meeting)
        .select_related("membership")
        .order_by("-present", "membership__person_name"),
    }


def reusable_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """Items of the body's other meetings, newest first, to copy onto this agenda."""
    return (
        AgendaItem.objects.filter(meeting__body_id=meeting.body_id)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )


def agenda_items(document_ids: Iterable[int]) -> QuerySet[AgendaItem]:
    """The agenda items about these documents (where they were put up for approval)."""
    return AgendaItem.objects.filter(
        linked_type=ContentType.objects.get_for_model(GeneratedDocument),
        linked_id__in=list(document_ids),
    ).select_related("meeting__body")


APPROVING = {AgendaItem.Outcome.APPROVED, AgendaItem.Outcome.APPROVED_WITH_CHANGES}


def activityplan_documents(user, plan: ActivityPlan) -> list[dict]:
    """The plan's versions `user` may see, newest first, each with the agenda items about it
    that `user` may see and the item whose decision approved it. Who approved a version is shown
    to everyone who sees it; the agenda items themselves only to those who may see them."""
    documents = list(policy.visible(user, activityplan.documents(plan)))
    items = agenda_items(d.pk for d in documents)
    visible_items = set(policy.visible(user, items).values_list("pk", flat=True))
    items_by_document: dict[int, list] = {}
    for item in items:
        items_by_document.setdefault(item.linked_id, []).append(item)
    return [
        {
            "document": d,
            "items": [i for i in items_by_document.get(d.pk, []) if i.pk in visible_items],
            "decision": next(
                (i for i in items_by_document.get(d.pk, []) if i.outcome in APPROVING), None
            ),
        }
        for d in documents
    ]


def activityplan_workbench(plan: ActivityPlan, *, latest: GeneratedDocument | None) -> dict:
    """What the secretariat works with on a plan's page: the frame, the activities, the sums,
    the newest version and its job, and the history."""
    frame_lines = list(plan.frame_lines.select_related("partner"))
    activities = list(
        plan.activities.select_related("network", "work_topic").prefetch_related(
            Prefetch("initiatives", Initiative.objects.select_related("plan__municipality")),
            "tracks",
        )
    )
    return {
        "frame_lines": frame_lines,
        "activities": activities,
        "totals": activityplan.totals(plan, frame_lines=frame_lines, activities=activities),
        "latest": latest,
        "latest_is_current": latest is not None and activityplan.is_current(plan, latest),
        "job": activityplan.active_job(plan),
        "has_previous": ActivityPlan.objects.filter(year=plan.year - 1).exists(),
        "has_frame_source": activityplan.has_frame_source(),
        "meetings_available": activityplan.approving_meetings().exists(),
        "history": history.merged(
            [
                (ActivityPlan, plan.history.all(), ""),
                (PlannedActivity, PlannedActivity.history.filter(plan_id=plan.pk), "title"),
            ],
            limit=10,
        ),
    }
