"""Workflows of a meeting: the agenda, attachments, decisions, follow-ups, attendance and
minutes. The meeting pack itself is built and published in `governance.services.packs`."""

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.digest import reminder_window_start
from alliance.models import GeneratedDocument
from alliance.services import approve_document
from alliance.versioning import save_with_version

from ..models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Body,
    FollowUp,
    Meeting,
    Membership,
)
from ..policies import reads_item

logger = logging.getLogger(__name__)

MINUTES_JOB = "meeting-minutes"
# A due follow-up is reminded of again after this many days while it stays open.
FOLLOW_UP_REMINDER_EVERY_DAYS = 7


class MeetingRuleError(Exception):
    """A change the meeting's workflow does not allow; the message is Danish, for the user."""


# Document kinds that only one body may approve, by the body's slug (e.g. the activity plan: the
# political steering group). Such a document must be submitted before a decision approves it, and
# a rejection returns it to draft. Kinds not registered here (minutes) follow the item's body.
_approving_bodies: dict[str, str] = {}


def register_approving_body(*, kind: str, body_slug: str) -> None:
    """Only meetings of the body with `body_slug` may approve documents of `kind`."""
    _approving_bodies[kind] = body_slug


def _check_approval(document: GeneratedDocument, item: AgendaItem) -> None:
    """Refuse approving a document of a registered kind at the wrong body, or before it has been
    submitted (an approved one may be recorded again: the decision text can be corrected)."""
    slug = _approving_bodies.get(document.kind)
    if slug is None:
        return
    if item.meeting.body.slug != slug:
        body = Body.objects.filter(slug=slug).first()
        raise MeetingRuleError(
            _("Dokumentet kan kun godkendes af %(body)s, ikke af %(here)s.")
            % {"body": body or slug, "here": item.meeting.body}
        )
    if document.state not in {GeneratedDocument.State.SUBMITTED, GeneratedDocument.State.APPROVED}:
        raise MeetingRuleError(_("Dokumentet skal være indstillet, før det kan godkendes."))


def _check_open(meeting: Meeting) -> None:
    if not meeting.is_open_for_agenda:
        raise MeetingRuleError(
            _("Referatet af mødet er godkendt; dagsordenen kan ikke længere ændres.")
        )


def save_meeting(*, meeting: Meeting, by, expected_version: int | None = None) -> Meeting:
    """Create or change a meeting's details (never its state) as `by`."""
    meeting._history_user = by
    if meeting.pk is None:
        meeting.save()
        return meeting
    current = Meeting.objects.get(pk=meeting.pk)
    meeting.state = current.state
    return save_with_version(instance=meeting, expected_version=expected_version)


def _renumber(meeting: Meeting, by) -> None:
    for number, item in enumerate(meeting.items.order_by("position", "pk"), start=1):
        if item.position != number:
            item.position = number
            item._history_user = by
            item.save(update_fields=["position"])


def add_item(*, meeting: Meeting, item: AgendaItem, by) -> AgendaItem:
    """Put a new item last on the meeting's agenda."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_open(meeting)
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        item.meeting, item.position = meeting, last + 1
        item._history_user = by
        item.save()
    return item


def save_item(*, item: AgendaItem, by, expected_version: int) -> AgendaItem:
    """Save the item's content; refused if someone saved it since the form was opened."""
    _check_open(item.meeting)
    if item.kind != AgendaItem.Kind.DECISION and item.outcome:
        raise MeetingRuleError(_("Punktet har en afgørelse og skal forblive et beslutningspunkt."))
    item._history_user = by
    return save_with_version(instance=item, expected_version=expected_version)


def link_item(*, item: AgendaItem, obj: models.Model | None, by) -> AgendaItem:
    """Tie the item to a portal object (or untie it with None)."""
    _check_open(item.meeting)
    item.linked_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    item.linked_id = obj.pk if obj is not None else None
    item._history_user = by
    item.lock_version += 1
    item.save()
    return item


def move_item(*, item: AgendaItem, step: int, by) -> None:
    """Move the item one place up (-1) or down (+1) on its agenda."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _check_open(meeting)
        items = list(meeting.items.order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + step
        if not 0 <= target < len(items):
            return
        items[index], items[target] = items[target], items[index]
        for number, other in enumerate(items, start=1):
            if other.position != number:
                other.position = number
                other._history_user = by
                other.save(update_fields=["position"])


def move_item_to_meeting(*, item: AgendaItem, to: Meeting, by) -> AgendaItem:
    """Move an item (with its attachments) to another meeting of the same body, last on its
    agenda. An item with a recorded decision stays where it was decided."""
    if to.body_id != item.meeting.body_id:
        raise MeetingRuleError(_("Et punkt kan kun flyttes til et andet møde i samme organ."))
    if to.pk == item.meeting_id:
        raise MeetingRuleError(_("Punktet står allerede på det møde."))
    if item.outcome:
        raise MeetingRuleError(_("Et punkt med en afgørelse kan ikke flyttes."))
    with transaction.atomic():
        source = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        target = Meeting.objects.select_for_update().get(pk=to.pk)
        _check_open(source)
        _check_open(target)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        item.meeting = target
        item.position = (target.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item.lock_version += 1
        item._history_user = by
        item.save()
        _renumber(source, by)
    return item


def reuse_item(*, source: AgendaItem, into: Meeting, by) -> AgendaItem:
    """Copy an item from an earlier meeting (text, recommendation, link and attachments, not its
    decision) onto `into`'s agenda."""
    if source.meeting.body_id != into.body_id:
        raise MeetingRuleError(_("Kun punkter fra samme organs møder kan genbruges."))
    with transaction.atomic():
        copy = add_item(
            meeting=into,
            item=AgendaItem(
                title=source.title,
                kind=source.kind,
                case_text=source.case_text,
                recommendation=source.recommendation,
                responsible=source.responsible,
                minutes_allotted=source.minutes_allotted,
                is_closed=source.is_closed,
                linked_type=source.linked_type,
                linked_id=source.linked_id,
            ),
            by=by,
        )
        for attachment in source.attachments.all():
            with attachment.file.open("rb") as fh:
                content = fh.read()
            clone = AgendaAttachment(
                item=copy,
                position=attachment.position,
                title=attachment.title,
                original_name=attachment.original_name,
                is_pdf=attachment.is_pdf,
                page_count=attachment.page_count,
                size=attachment.size,
                sha256=attachment.sha256,
                uploaded_by=by,
            )
            clone.file.save(attachment.original_name, ContentFile(content), save=False)
            clone.save()
    return copy


def add_attachment(
    *, item: AgendaItem, title: str, name: str, content: bytes, page_count: int | None, by
) -> AgendaAttachment:
    """Attach a checked file (see forms.AttachmentForm) last among the item's attachments."""
    _check_open(item.meeting)
    last = item.attachments.aggregate(m=Max("position"))["m"] or 0
    attachment = AgendaAttachment(item=item, position=last + 1, uploaded_by=by)
    return _store_file(attachment, title=title, name=name, content=content, pages=page_count)


def replace_attachment(
    *, attachment: AgendaAttachment, title: str, name: str, content: bytes, page_count, by
) -> AgendaAttachment:
    """Put a new file in an attachment's place; published packs keep the old bytes."""
    _check_open(attachment.item.meeting)
    old_name = attachment.file.name
    attachment.uploaded_by, attachment.uploaded_at = by, timezone.now()
    attachment = _store_file(attachment, title=title, name=name, content=content, pages=page_count)
    if old_name and old_name != attachment.file.name:
        attachment.file.storage.delete(old_name)
    return attachment


def _store_file(attachment, *, title, name, content, pages) -> AgendaAttachment:
    attachment.title = title or name
    attachment.original_name = name
    attachment.is_pdf = pages is not None
    attachment.page_count = pages
    attachment.size = len(content)
    attachment.sha256 = hashlib.sha256(content).hexdigest()
    attachment.file.save(name, ContentFile(content), save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def remove_attachment(*, attachment: AgendaAttachment, by) -> None:
    _check_open(attachment.item.meeting)
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(name))


def record_decision(
    *,
    item: AgendaItem,
    outcome: str,
    decision_text: str,
    minutes: str,
    by,
    expected_version: int,
) -> AgendaItem:
    """Record what the body decided on a decision item (and the item's minutes). Approving an
    item about a generated document approves (freezes) that document; if it is a meeting's
    minutes, that meeting's minutes are approved. A kind with a registered approving body (the
    activity plan) is approved only at that body's meeting and only once submitted; rejecting it
    returns it to draft. Decision and approval are one transaction."""
    if outcome and item.kind != AgendaItem.Kind.DECISION:
        raise MeetingRuleError(_("Kun beslutningspunkter har en afgørelse."))
    if outcome and item.meeting.starts_at > timezone.now():
        raise MeetingRuleError(_("Der kan først registreres en afgørelse, når mødet er begyndt."))
    with transaction.atomic():
        item.outcome, item.decision_text, item.minutes = outcome, decision_text, minutes
        item.decided_at = timezone.now() if outcome else None
        item._history_user = by
        save_with_version(instance=item, expected_version=expected_version)
        approved = {AgendaItem.Outcome.APPROVED, AgendaItem.Outcome.APPROVED_WITH_CHANGES}
        document = item.linked_object
        if outcome in approved and isinstance(document, GeneratedDocument):
            if document.state == GeneratedDocument.State.SUPERSEDED:
                raise MeetingRuleError(_("Dokumentet er erstattet af en nyere version."))
            _check_approval(document, item)
            approve_document(document=document, by=by, at=item.decided_at)
            if document.kind == MINUTES_JOB:
                minuted = Meeting.objects.select_for_update().get(pk=document.subject_id)
                minuted.state = Meeting.State.MINUTES_APPROVED
                minuted._history_user = by
                minuted.save(update_fields=["state"])
        # A rejected submission goes back to the secretariat: the document is a draft again.
        if (
            outcome == AgendaItem.Outcome.REJECTED
            and isinstance(document, GeneratedDocument)
            and document.kind in _approving_bodies
            and document.state == GeneratedDocument.State.SUBMITTED
        ):
            document.state = GeneratedDocument.State.DRAFT
            document.save(update_fields=["state"])
    return item


def mark_held(*, meeting: Meeting, by) -> Meeting:
    """The meeting took place: decisions and minutes can now be recorded."""
    if meeting.starts_at > timezone.now():
        raise MeetingRuleError(_("Et møde kan først markeres som afholdt, når det er begyndt."))
    if meeting.state == Meeting.State.MINUTES_APPROVED:
        raise MeetingRuleError(_("Referatet er allerede godkendt."))
    meeting.state = Meeting.State.HELD
    meeting._history_user = by
    meeting.lock_version += 1
    meeting.save()
    return meeting


def members_at(meeting: Meeting) -> models.QuerySet[Membership]:
    """The body's members on the day of the meeting (who the attendance list is about)."""
    return (
        Membership.objects.current(timezone.localdate(meeting.starts_at))
        .filter(body_id=meeting.body_id)
        .select_related("appointed_by")
    )


def save_membership(*, membership: Membership, body: Body, by) -> Membership:
    """Add or change a member of `body` as `by` (the history records who)."""
    membership.body = body
    membership._history_user = by
    membership.save()
    return membership


def record_attendance(*, meeting: Meeting, present: Iterable[Membership], by) -> None:
    """Record who was present; every member of the day gets a row (present or absent)."""
    present_ids = {m.pk for m in present}
    with transaction.atomic():
        for membership in members_at(meeting):
            Attendance.objects.update_or_create(
                meeting=meeting,
                membership=membership,
                defaults={"present": membership.pk in present_ids},
            )


def open_follow_ups_before(meeting: Meeting) -> models.QuerySet[FollowUp]:
    """Follow-ups from the body's earlier meetings that are not done: they go under
    "Opfølgning" in this meeting's pack."""
    return (
        FollowUp.objects.filter(
            item__meeting__body_id=meeting.body_id,
            item__meeting__starts_at__lt=meeting.starts_at,
            state=FollowUp.State.OPEN,
        )
        .select_related("item__meeting")
        .order_by("due", "pk")
    )


def save_follow_up(*, follow_up: FollowUp, by, expected_version: int | None = None) -> FollowUp:
    if follow_up.item.kind != AgendaItem.Kind.DECISION:
        raise MeetingRuleError(_("Opfølgninger hører til beslutningspunkter."))
    follow_up._history_user = by
    if follow_up.state == FollowUp.State.DONE and not follow_up.done_at:
        follow_up.done_at = timezone.localdate()
    if follow_up.state == FollowUp.State.OPEN:
        follow_up.done_at = None
    if follow_up.pk is None:
        follow_up.save()
        return follow_up
    return save_with_version(instance=follow_up, expected_version=expected_version)


def due_follow_ups(*, today: dt.date):
    """Open follow-ups that are due and not reminded of within FOLLOW_UP_REMINDER_EVERY_DAYS."""
    since = reminder_window_start(today, FOLLOW_UP_REMINDER_EVERY_DAYS)
    return (
        FollowUp.objects.filter(state=FollowUp.State.OPEN, due__lte=today)
        .filter(models.Q(last_reminded_on__isnull=True) | models.Q(last_reminded_on__lt=since))
        .select_related("item__meeting__body", "responsible_user")
    )


def follow_up_reader(follow_up: FollowUp):
    """Who is reminded: the responsible person, but for a closed item only if they may read it
    (governance.policies); else the secretariat (None), who may."""
    user = follow_up.responsible_user
    return user if user and user.is_active and reads_item(user, follow_up.item) else None


def mark_reminded(*, follow_up: FollowUp, today: dt.date) -> bool:
    """Note the reminder, unless a parallel run reminded of it within the interval (False)."""
    since = reminder_window_start(today, FOLLOW_UP_REMINDER_EVERY_DAYS)
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.last_reminded_on and locked.last_reminded_on >= since:
        return False
    locked.last_reminded_on = today
    locked.save(update_fields=["last_reminded_on"])
    return True
