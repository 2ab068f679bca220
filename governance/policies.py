from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

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
    return frozenset(body for body, role in roles.body_roles(user) if role in CLOSED_ITEM_ROLES)


# --- Closed agenda items: the one rule ---------------------------------------------------------
# Of a closed item, a reader who may not read it sees its number and that it is closed, nothing
# more: not its title, type, text, recommendation, links, attachments, decision, minutes or
# follow-ups. Every surface (pages, the pack and minutes PDFs, the decision log and its exports,
# follow-up lists and reminders, emails, feeds, search) asks `reads_closed_items` or filters with
# `readable_items`, for the person or the audience it is rendered for.


@dataclass(frozen=True)
class BodyAudience:
    """Everyone a body's document is published to: its observers and sparring partners too. A
    published pack or minutes is rendered once for all of them, so it reads as the least of them."""

    body_id: int


def reads_closed_items(reader, body_id: int) -> bool:
    """Whether `reader` (a user or a BodyAudience) may read the closed items of body `body_id`:
    the secretariat and the body's voting members may; a document for the whole body may not."""
    if isinstance(reader, BodyAudience):
        return False
    return roles.is_secretariat(reader) or body_id in closed_item_body_ids(reader)


def reads_item(reader, item: AgendaItem) -> bool:
    return not item.is_closed or reads_closed_items(reader, item.meeting.body_id)


def readable_items(reader, prefix: str = "") -> Q:
    """The items (or rows of an item, through `prefix`, e.g. "item__") whose content `reader` may
    read, as a filter; the query-side twin of `reads_item`."""
    if isinstance(reader, BodyAudience):
        return Q(**{f"{prefix}is_closed": False})
    if roles.is_secretariat(reader):
        return Q()
    return Q(**{f"{prefix}is_closed": False}) | Q(
        **{f"{prefix}meeting__body_id__in": closed_item_body_ids(reader)}
    )


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

    def sees_meetings_of(self, user, body: Body) -> bool:
        """Whether the user sees a body's meetings at all (the scope's rule for one body)."""
        return roles.is_secretariat(user) or body.pk in roles.body_ids(user)

    def can_manage(self, user) -> bool:
        """The secretariat prepares meetings: agendas, packs, minutes, attendance, follow-ups."""
        return roles.is_secretariat(user)


def _agenda_scope(user, qs, prefix: str):
    """Members see a meeting's agenda once its pack is published, and closed items only where
    they have a vote."""
    if roles.is_secretariat(user):
        return qs
    return qs.filter(
        readable_items(user, prefix),
        Q(**{f"{prefix}meeting__body_id__in": roles.body_ids(user)}),
        Q(**{f"{prefix}meeting__state__in": PUBLISHED_STATES}),
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
            kind="activity-plan",  # governance.services.activityplan.ACTIVITY_PLAN_JOB
            subject_type=ContentType.objects.get_for_model(ActivityPlan),
            state__in=[GeneratedDocument.State.APPROVED, GeneratedDocument.State.SUPERSEDED],
        )
        return qs.filter(pk__in=approved.values("subject_id"))

    def can_manage(self, user) -> bool:
        """The secretariat drafts plans: frame lines, activities, versions and their approval."""
        return roles.is_secretariat(user)
