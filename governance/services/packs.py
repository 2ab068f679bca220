"""The meeting pack: one PDF with cover, agenda with page numbers, the items with their text,
recommendation and live figures, and the PDF attachments merged in after their item, with
bookmarks and every page stamped with its item and "Side X af Y"; then versioned publishing.

How the merge keeps page numbers right without a second layout pass: the pack's HTML holds one
empty placeholder page per attachment page, so WeasyPrint numbers, stamps and bookmarks them
like any other page (contents with target-counter, "Side X af Y", running strings). Afterwards
each placeholder is found by its anchor and the attachment's page is drawn onto it (pikepdf: qpdf
places it as a form XObject, without parsing it), scaled into the area between stamp and number.
"""

import datetime as dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.models import Job
from alliance.pdf import (
    RenderedPdf,
    draw_pages_tagged,
    render_document,
    render_html,
    write_pdf,
)
from alliance.services import (
    approve_document,
    enqueue_job,
    report_progress,
    store_document,
)

from .. import links
from ..models import AgendaAttachment, AgendaItem, Attendance, Meeting, MeetingPack, Membership
from ..policies import BodyAudience, readable_items, reads_closed_items, reads_item
from .meetings import MINUTES_JOB, MeetingRuleError, open_follow_ups_before

logger = logging.getLogger(__name__)

PACK_JOB = "meeting-pack"
# Space kept free for the stamp above and the page number below a merged attachment page (pt).
STAMP_MARGIN = 40
SIDE_MARGIN = 20


# ---------------------------------------------------------------------------------------------
# What a pack contains


def next_version(meeting: Meeting) -> int:
    published = meeting.packs.filter(version__isnull=False).order_by("-version").first()
    return (published.version if published else 0) + 1


def pack_snapshot(meeting: Meeting) -> dict:
    """Everything the pack shows, as plain data: what is built, compared between versions and
    fingerprinted to know whether a built pack is still current. A closed item's content is kept
    (a change to it makes the built pack stale) but shown only as `_withheld` allows."""
    items = (
        meeting.items.order_by("position", "pk")
        .select_related("linked_type")
        .prefetch_related("attachments")
    )
    snapshot = {
        "version": next_version(meeting),
        "meeting": {
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else "",
            "location": meeting.location,
            "online_url": meeting.online_url,
            "invitation": meeting.invitation,
        },
        "items": [
            {
                "id": item.pk,
                "number": item.position,
                "title": item.title,
                "kind": item.kind,
                "closed": item.is_closed,
                "case_text": item.case_text,
                "recommendation": item.recommendation,
                "responsible": item.responsible,
                "minutes_allotted": item.minutes_allotted,
                "linked": links.describe(item.linked_object),
                "attachments": [
                    {
                        "id": a.pk,
                        "title": a.title,
                        "name": a.original_name,
                        "sha256": a.sha256,
                        "pages": a.page_count,
                        "is_pdf": a.is_pdf,
                    }
                    for a in item.attachments.all()
                ],
            }
            for item in items
        ],
        "follow_ups": [
            {
                "id": f.pk,
                "description": f.description,
                "responsible": f.responsible,
                "due": f.due.isoformat(),
                "from": str(f.item.meeting.title),
                "item": f.item.position,
            }
            for f in open_follow_ups_before(meeting).filter(
                readable_items(BodyAudience(meeting.body_id), "item__")
            )
        ],
    }
    # As it will be stored (JSON: tuples become lists), so stored and fresh ones compare equal.
    return json.loads(json.dumps(snapshot))


def _withheld(item: dict, audience: BodyAudience) -> bool:
    """Whether the pack (published to the whole body) shows only this item's number."""
    return item["closed"] and not reads_closed_items(audience, audience.body_id)


def fingerprint(snapshot: dict) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Building the PDF


@dataclass
class _Attachment:
    pdf: pikepdf.Pdf
    landscape: list[bool]  # per page, as it is shown (after /Rotate)


def _read_attachments(meeting: Meeting, snapshot: dict) -> dict[int, _Attachment]:
    files = {a.pk: a for a in AgendaAttachment.objects.filter(item__meeting=meeting, is_pdf=True)}
    found: dict[int, _Attachment] = {}
    for item in snapshot["items"]:
        if _withheld(item, BodyAudience(meeting.body_id)):
            continue
        for data in item["attachments"]:
            if not data["is_pdf"] or data["id"] not in files:
                continue
            with files[data["id"]].file.open("rb") as fh:
                pdf = pikepdf.Pdf.open(io.BytesIO(fh.read()))
            landscape = []
            for page in pdf.pages:
                box = page.mediabox
                width, height = float(box[2] - box[0]), float(box[3] - box[1])
                if int(page.obj.get("/Rotate", 0)) % 180:
                    width, height = height, width
                landscape.append(width > height)
            found[data["id"]] = _Attachment(pdf, landscape)
    return found


def _attachment_area(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """Where an attachment's page is drawn: between the stamp above and the page number below."""
    box = page.mediabox
    return (
        float(box[0]) + SIDE_MARGIN,
        float(box[1]) + STAMP_MARGIN,
        float(box[2]) - SIDE_MARGIN,
        float(box[3]) - STAMP_MARGIN,
    )


def build_pack_pdf(
    meeting: Meeting, snapshot: dict, progress=lambda percent, text: None
) -> RenderedPdf:
    """Lay out cover, agenda and items with placeholder pages, then draw the attachments' pages
    onto their placeholders."""
    attachments = _read_attachments(meeting, snapshot)
    progress(20, _("Danner forside, dagsorden og punkter"))
    title = _("Mødepakke: %(body)s, %(meeting)s") % {"body": meeting.body, "meeting": meeting.title}
    audience = BodyAudience(meeting.body_id)
    items = []
    for item in snapshot["items"]:
        if _withheld(item, audience):
            items.append({"number": item["number"], "withheld": True, "attachments": []})
            continue
        entries = []
        for index, data in enumerate(item["attachments"], start=1):
            merged = attachments.get(data["id"])
            pages = [
                {"anchor": f"placeholder-{data['id']}-{number}", "landscape": landscape}
                for number, landscape in enumerate(merged.landscape if merged else [])
            ]
            entries.append({**data, "number": f"{item['number']}.{index}", "placeholders": pages})
        kind_label = AgendaItem.Kind(item["kind"]).label
        items.append({**item, "attachments": entries, "kind_label": kind_label, "withheld": False})
    follow_ups = [{**f, "due": dt.date.fromisoformat(f["due"])} for f in snapshot["follow_ups"]]
    html = render_html(
        "governance/pack_pdf.html",
        {
            "meeting": meeting,
            "snapshot": snapshot,
            "items": items,
            "follow_ups": follow_ups,
            "generated_at": timezone.now(),
        },
        title=title,
    )
    document = render_document(html)
    placements: dict[int, dict[int, int]] = {}  # attachment → its page → the pack's page
    for page_index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("placeholder-"):
                _prefix, attachment_id, page_number = anchor.split("-")
                placements.setdefault(int(attachment_id), {})[int(page_number)] = page_index
    labels = {
        data["id"]: _("Bilag %(number)s: %(title)s") % data
        for item in items
        for data in item["attachments"]
    }
    progress(50, _("Fletter bilag ind"))
    # qpdf (pikepdf) draws each attachment page as a form XObject: no parsing of its content,
    # so a 300-page attachment costs little beyond reading it. A tagged attachment keeps its
    # structure; an untagged one's pages become figures named by the attachment.
    pack = pikepdf.Pdf.open(io.BytesIO(write_pdf(document)))
    for done, (attachment_id, pages) in enumerate(placements.items()):
        draw_pages_tagged(
            pack,
            attachments[attachment_id].pdf,
            pages,
            _attachment_area,
            label=labels[attachment_id],
        )
        if done % 10 == 9:
            progress(50 + int(40 * done / len(placements)), _("Fletter bilag ind"))
    out = io.BytesIO()
    pack.save(out)
    return RenderedPdf(content=out.getvalue(), page_count=len(pack.pages))


def run_pack_job(job: Job) -> None:
    meeting = Meeting.objects.select_related("body").get(pk=job.subject_id)
    report_progress(job, 5, _("Henter dagsordenen"))
    snapshot = pack_snapshot(meeting)
    pdf = build_pack_pdf(meeting, snapshot, lambda p, text: report_progress(job, p, text))
    report_progress(job, 95, _("Gemmer mødepakken"))
    title = _("Mødepakke: %(body)s, %(meeting)s") % {"body": meeting.body, "meeting": meeting.title}
    with transaction.atomic():
        document = store_document(job=job, subject=meeting, title=title, pdf=pdf)
        MeetingPack.objects.get_or_create(
            document=document,
            defaults={
                "meeting": meeting,
                "snapshot": snapshot,
                "fingerprint": fingerprint(snapshot),
            },
        )


def request_pack(*, meeting: Meeting, by) -> Job:
    """Start building the pack (a planned meeting is now in preparation)."""
    if meeting.state == Meeting.State.MINUTES_APPROVED:
        raise MeetingRuleError(_("Referatet af mødet er godkendt; der dannes ikke flere pakker."))
    if meeting.state == Meeting.State.PLANNED:
        meeting.state = Meeting.State.PREPARING
        meeting._history_user = by
        meeting.save(update_fields=["state"])
    return enqueue_job(kind=PACK_JOB, subject=meeting, requested_by=by)


# ---------------------------------------------------------------------------------------------
# Publishing


def latest_draft(meeting: Meeting) -> MeetingPack | None:
    latest = meeting.packs.select_related("document").order_by("-pk").first()
    return latest if latest and latest.version is None else None


def is_current(pack: MeetingPack) -> bool:
    return pack.fingerprint == fingerprint(pack_snapshot(pack.meeting))


def publish_pack(*, meeting: Meeting, by, notify: bool = True) -> MeetingPack:
    """Publish the latest built pack as the next version: the members of the body can download it
    and get an email with a link (and, from version 2, what changed). The pack must show the
    agenda as it is now; earlier versions stay downloadable, unchanged. `notify=False` (demo data)
    sends no email."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        pack = latest_draft(meeting)
        if pack is None:
            raise MeetingRuleError(_("Byg mødepakken, før den udgives."))
        current = pack_snapshot(meeting)
        if fingerprint(current) != pack.fingerprint:
            raise MeetingRuleError(
                _("Dagsordenen er ændret, siden pakken blev bygget. Byg pakken igen.")
            )
        previous = meeting.packs.filter(version__isnull=False).order_by("-version").first()
        audience = BodyAudience(meeting.body_id)
        changes = diff_snapshots(previous.snapshot, current, audience=audience) if previous else []
        if previous and not changes:
            raise MeetingRuleError(
                _("Intet er ændret siden version %(n)d.") % {"n": previous.version}
            )
        pack.version = current["version"]
        pack.published_at, pack.published_by, pack.changes = timezone.now(), by, changes
        pack.save()
        pack.document = approve_document(document=pack.document, by=by, at=pack.published_at)
        if meeting.state in {Meeting.State.PLANNED, Meeting.State.PREPARING}:
            meeting.state = Meeting.State.PUBLISHED
            meeting._history_user = by
            meeting.save(update_fields=["state"])
        if notify:
            transaction.on_commit(lambda: notify_members(pack=pack))
    return pack


def _item_label(item: dict, audience: BodyAudience) -> str:
    if _withheld(item, audience):
        return _("Punkt %(n)d (lukket punkt)") % {"n": item["number"]}
    return _("Punkt %(n)d: %(title)s") % {"n": item["number"], "title": item["title"]}


def diff_snapshots(old: dict, new: dict, *, audience: BodyAudience) -> list[str]:
    """What changed between two versions, in sentences for the members' email and the page,
    which go to the whole body (`audience`)."""
    changes = []
    if old["meeting"] != new["meeting"]:
        changes.append(_("Mødets oplysninger (tid, sted eller indkaldelse) er ændret."))
    old_items = {item["id"]: item for item in old["items"]}
    new_items = {item["id"]: item for item in new["items"]}
    for item in new["items"]:
        before = old_items.get(item["id"])
        if before is None:
            changes.append(_("%(item)s er tilføjet.") % {"item": _item_label(item, audience)})
            continue
        fields = [
            label
            for key, label in (
                ("title", _("overskrift")),
                ("kind", _("type")),
                ("case_text", _("sagsfremstilling")),
                ("recommendation", _("indstilling")),
                ("responsible", _("ansvarlig")),
                ("minutes_allotted", _("tid")),
                ("linked", _("nøgletal")),
                ("closed", _("lukket/åbent")),
            )
            if before[key] != item[key]
        ]
        if before["number"] != item["number"]:
            fields.append(_("nummer (var %(n)d)") % {"n": before["number"]})
        if fields and _withheld(item, audience):
            # Not even which of its fields changed.
            changes.append(_("%(item)s er ændret.") % {"item": _item_label(item, audience)})
        elif fields:
            changes.append(
                _("%(item)s er ændret: %(fields)s.")
                % {"item": _item_label(item, audience), "fields": ", ".join(fields)}
            )
        old_attachments = {a["id"]: a for a in before["attachments"]}
        new_attachments = {a["id"]: a for a in item["attachments"]}
        for a in item["attachments"]:
            label = _("bilag") if _withheld(item, audience) else a["title"]
            was = old_attachments.get(a["id"])
            if was is None:
                changes.append(
                    _("%(item)s: bilaget “%(title)s” er tilføjet.")
                    % {"item": _item_label(item, audience), "title": label}
                )
            elif was["sha256"] != a["sha256"]:
                changes.append(
                    _("%(item)s: bilaget “%(title)s” er erstattet.")
                    % {"item": _item_label(item, audience), "title": label}
                )
        for attachment_id, a in old_attachments.items():
            if attachment_id not in new_attachments:
                label = _("bilag") if _withheld(item, audience) else a["title"]
                changes.append(
                    _("%(item)s: bilaget “%(title)s” er fjernet.")
                    % {"item": _item_label(item, audience), "title": label}
                )
    for item_id, item in old_items.items():
        if item_id not in new_items:
            changes.append(_("%(item)s er fjernet.") % {"item": _item_label(item, audience)})
    if [f["id"] for f in old["follow_ups"]] != [f["id"] for f in new["follow_ups"]]:
        changes.append(_("Listen over opfølgninger er ændret."))
    return changes


def notify_members(*, pack: MeetingPack) -> int:
    """Email each current member of the body who has a portal account a link to the meeting (not
    the file). Returns how many were sent."""
    meeting = pack.meeting
    members = (
        Membership.objects.current()
        .filter(body_id=meeting.body_id, user__isnull=False, user__is_active=True)
        .select_related("user")
    )
    sent = 0
    for email in sorted({m.user.email for m in members}):
        with translation.override("da"):
            context = {
                "pack": pack,
                "meeting": meeting,
                "url": settings.SITE_URL + meeting.get_absolute_url(),
            }
            subject = (
                _("Mødepakke til %(body)s %(date)s, version %(n)d")
                if pack.version > 1
                else _("Mødepakke til %(body)s %(date)s")
            ) % {
                "body": meeting.body,
                "date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
                "n": pack.version,
            }
            send_mail(
                subject, render_to_string("emails/pack_published.txt", context), None, [email]
            )
        sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# Minutes


def run_minutes_job(job: Job) -> None:
    meeting = Meeting.objects.select_related("body").get(pk=job.subject_id)
    report_progress(job, 10, _("Henter referatet"))
    title = _("Referat: %(body)s, %(meeting)s") % {"body": meeting.body, "meeting": meeting.title}
    # The minutes go to the whole body: a closed item is shown by its number only.
    audience = BodyAudience(meeting.body_id)
    items = list(
        meeting.items.order_by("position", "pk")
        .select_related("meeting")
        .prefetch_related("follow_ups")
    )
    for item in items:
        item.withheld = not reads_item(audience, item)
    context = {
        "meeting": meeting,
        "items": items,
        "attendance": Attendance.objects.filter(meeting=meeting)
        .select_related("membership__appointed_by")
        .order_by("-present", "membership__person_name"),
    }
    html = render_html("governance/minutes_pdf.html", context, title=title)
    report_progress(job, 40, _("Danner PDF"))
    document = render_document(html)
    pdf = RenderedPdf(content=write_pdf(document), page_count=len(document.pages))
    report_progress(job, 90, _("Gemmer referatet"))
    store_document(job=job, subject=meeting, title=title, pdf=pdf)


def request_minutes(*, meeting: Meeting, by) -> Job:
    if meeting.state not in {Meeting.State.HELD, Meeting.State.PUBLISHED}:
        raise MeetingRuleError(_("Referatet dannes, når mødet er afholdt."))
    if meeting.starts_at > timezone.now():
        raise MeetingRuleError(_("Referatet dannes, når mødet er afholdt."))
    return enqueue_job(kind=MINUTES_JOB, subject=meeting, requested_by=by)


def add_minutes_approval_item(*, meeting: Meeting, by) -> AgendaItem:
    """Put "Godkendelse af referat" from the body's previous meeting on this meeting's agenda,
    linked to the latest version of those minutes."""
    from alliance.models import GeneratedDocument

    from .meetings import add_item

    previous = (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        raise MeetingRuleError(_("Organet har ikke holdt et møde før dette."))
    minutes = (
        GeneratedDocument.objects.for_subject(previous)
        .filter(kind=MINUTES_JOB)
        .order_by("-version")
        .first()
    )
    if minutes is None:
        raise MeetingRuleError(
            _("Der er ikke dannet et referat af mødet %(meeting)s endnu.") % {"meeting": previous}
        )
    item = AgendaItem(
        title=_("Godkendelse af referat fra %(meeting)s") % {"meeting": previous.title},
        kind=AgendaItem.Kind.DECISION,
        recommendation=_("Sekretariatet indstiller, at referatet godkendes."),
        linked_type=links.content_type_for(minutes),
        linked_id=minutes.pk,
    )
    return add_item(meeting=meeting, item=item, by=by)
