from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from alliance import roles
from alliance.models import GeneratedDocument
from alliance.policy import Policy, RoleHolderReadsPolicy, register

from .models import (
    CLOSED_ITEM_ROLES,
    ActivityPlan,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Body,
    BodyRelation,
    DevelopmentTrack,
    FollowUp,
    Meeting,
    MeetingPack,
    Membership,
    Seat,
)

PUBLISHED_STATES = [
    Meeting.State.PUBLISHED,
    Meeting.State.HELD,
    Meeting.State.MINUTES_APPROVED,
]


def closed_item_body_ids(user) -> frozenset[int]:
    """The bodies whose closed items this user may read (a voting member today)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_closed_item_body_ids"):
        user._closed_item_body_ids = frozenset(
            user.memberships.current(timezone.localdate())
            .filter(role__in=CLOSED_ITEM_ROLES)
            .values_list("body_id", flat=True)
        )
    return user._closed_item_body_ids


@register(Body, BodyRelation, Seat, Membership, DevelopmentTrack)
class BodyPolicy(RoleHolderReadsPolicy):
    """The bodies, their composition and members are open to everyone with a role."""


@register(Meeting)
class MeetingPolicy(Policy):
    """Meetings are seen by the body's members and the secretariat."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(body_id__in=roles.body_ids(user))


def _agenda_scope(user, qs, prefix: str):
    """Members see a meeting's agenda once its pack is published, and closed items only where
    they have a vote."""
    if roles.is_secretariat(user):
        return qs
    return qs.filter(
        Q(**{f"{prefix}meeting__body_id__in": roles.body_ids(user)}),
        Q(**{f"{prefix}meeting__state__in": PUBLISHED_STATES}),
        Q(**{f"{prefix}is_closed": False})
        | Q(**{f"{prefix}meeting__body_id__in": closed_item_body_ids(user)}),
    )


@register(AgendaItem)
class AgendaItemPolicy(Policy):
    def scope(self, user, qs):
        return _agenda_scope(user, qs, "")


@register(AgendaAttachment, FollowUp)
class ItemPartPolicy(Policy):
    def scope(self, user, qs):
        return _agenda_scope(user, qs, "item__")


@register(MeetingPack)
class MeetingPackPolicy(Policy):
    """Before publishing, a pack is the secretariat's; published versions are the body's."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(meeting__body_id__in=roles.body_ids(user), version__isnull=False)


@register(Attendance)
class AttendancePolicy(MeetingPolicy):
    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(meeting__body_id__in=roles.body_ids(user))


@register(ActivityPlan)
class ActivityPlanPolicy(Policy):
    """The secretariat drafts the plan. Members of the bodies and coordinators read a plan once a
    version of it has been approved (what they read is the approved PDF); drafts are the
    secretariat's. Its frame lines and activities keep the default: the secretariat's only."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        if not roles.has_role(user):
            return qs.none()
        approved = GeneratedDocument.objects.filter(
            kind="activity-plan",  # governance.activityplan.ACTIVITY_PLAN_JOB
            subject_type=ContentType.objects.get_for_model(ActivityPlan),
            state__in=[GeneratedDocument.State.APPROVED, GeneratedDocument.State.SUPERSEDED],
        )
        return qs.filter(pk__in=approved.values("subject_id"))
