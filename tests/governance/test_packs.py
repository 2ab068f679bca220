"""The meeting pack: built from the agenda by the job pipeline, one PDF with cover, agenda with
page numbers, items, merged attachments with stamps and bookmarks; published in versions."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alliance.models import GeneratedDocument, Job
from governance.models import AgendaItem, FollowUp, Meeting, MeetingPack
from governance.services import meetings, packs
from tests.factories import MeetingFactory
from tests.pdf_structure import assert_tagged, text_in_order

from .pdfs import make_pdf

pytestmark = pytest.mark.usefixtures("in_process_jobs")


def _agenda(world):
    meeting = MeetingFactory(
        body=world.body_x,
        title="Årsmødet",
        starts_at=world.meeting_x.starts_at - dt.timedelta(days=7),
    )
    secretariat = world.users["secretariat"]
    first = meetings.add_item(
        meeting=meeting,
        item=AgendaItem(
            title="Aktivitetsplan 2027",
            kind=AgendaItem.Kind.DECISION,
            case_text="Projektgruppen har udarbejdet udkast til aktivitetsplanen.",
            recommendation="Det indstilles, at styregruppen godkender aktivitetsplanen.",
            responsible="Sekretariatet",
            minutes_allotted=30,
        ),
        by=secretariat,
    )
    meetings.link_item(item=first, obj=world.initiative_a, by=secretariat)
    meetings.add_attachment(
        item=first,
        title="Udkast til aktivitetsplan",
        name="aktivitetsplan.pdf",
        content=make_pdf("Bilag A", pages=3, tagged=True),
        page_count=3,
        by=secretariat,
    )
    meetings.add_attachment(
        item=first,
        title="Budgetoversigt",
        name="budget.xlsx",
        content=b"PK\x03\x04 not really a spreadsheet",
        page_count=None,
        by=secretariat,
    )
    second = meetings.add_item(
        meeting=meeting,
        item=AgendaItem(title="Orientering om netværkene", kind=AgendaItem.Kind.ORIENTATION),
        by=secretariat,
    )
    meetings.add_attachment(
        item=second,
        title="Netværkernes status",
        name="status.pdf",
        content=make_pdf("Bilag B", pages=2, landscape=True),
        page_count=2,
        by=secretariat,
    )
    closed = meetings.add_item(
        meeting=meeting,
        item=AgendaItem(title="Personsag om sekretariatet", is_closed=True),
        by=secretariat,
    )
    meetings.add_attachment(
        item=closed,
        title="Fortroligt notat",
        name="fortroligt.pdf",
        content=make_pdf("Fortroligt", pages=1),
        page_count=1,
        by=secretariat,
    )
    return meeting


@pytest.fixture
def build(world, django_capture_on_commit_callbacks):
    """Build the meeting's pack through the job pipeline (in-process) and return it."""

    def run(meeting) -> MeetingPack:
        with django_capture_on_commit_callbacks(execute=True):
            job = packs.request_pack(meeting=meeting, by=world.users["secretariat"])
        job.refresh_from_db()
        assert job.state == Job.State.DONE, job.error
        return MeetingPack.objects.get(document__job=job)

    return run


def test_pack_has_cover_agenda_items_and_merged_attachments_in_order(world, build):
    meeting = _agenda(world)
    pack = build(meeting)
    reader = PdfReader(io.BytesIO(pack.document.file.read()))
    texts = [page.extract_text() for page in reader.pages]
    # cover, agenda, item 1, 3 pages of attachment 1.1, item 2, 2 pages of 2.2... closed item 3
    page_map = [
        "cover",
        "agenda",
        "item 1",
        "Bilag A 1",
        "Bilag A 2",
        "Bilag A 3",
        "item 2",
        "Bilag B 1",
        "Bilag B 2",
        "item 3",
    ]
    assert len(texts) == len(page_map) == pack.document.page_count
    assert "MØDEPAKKE" in texts[0] and meeting.title in texts[0]
    assert "Dagsorden" in texts[1]
    assert "1. Aktivitetsplan 2027" in texts[2] and "Indstilling" in texts[2]
    for index, label in enumerate(page_map):
        if label.startswith("Bilag"):
            name, number = label.rsplit(" ", 1)
            assert name in texts[index] and f"Side {number} af bilaget" in texts[index]
        # Every page after the cover is stamped with "Side X af Y".
        if index:
            assert f"Side {index + 1} af {len(texts)}" in texts[index]
    assert "Punkt 1 · Bilag 1.1: Udkast til aktivitetsplan" in texts[3]
    assert "Punkt 2 · Bilag 2.1: Netværkernes status" in texts[7]
    # The agenda gives the page each item and attachment starts on.
    agenda = " ".join(texts[1].split())
    assert "1. Aktivitetsplan 2027" in agenda and "Bilag 1.1: Udkast til aktivitetsplan" in agenda
    for title, page in (
        ("Aktivitetsplan 2027", 3),
        ("Udkast til aktivitetsplan", 4),
        ("Orientering om netværkene", 7),
        ("Netværkernes status", 8),
        ("Lukket punkt", 10),
    ):
        assert _page_after(agenda, title) == page
    # Item 1 names the office file that is not merged, and the linked initiative's figures.
    assert "budget.xlsx" in texts[2] and "hentes i portalen" in texts[2]
    assert world.initiative_a.title in texts[2]
    # The closed item is in the pack only by its number; its attachment is not merged.
    assert "Personsag" not in " ".join(texts) and "Fortroligt" not in " ".join(texts)
    # The landscape attachment keeps a landscape page.
    assert float(reader.pages[7].mediabox.width) > float(reader.pages[7].mediabox.height)
    outline = [
        (item.title, reader.get_destination_page_number(item)) for item in _flat(reader.outline)
    ]
    assert ("Dagsorden", 1) in outline
    assert ("1. Aktivitetsplan 2027", 2) in outline
    assert ("Bilag 1.1: Udkast til aktivitetsplan", 3) in outline
    assert ("Bilag 2.1: Netværkernes status", 7) in outline


def _page_after(agenda: str, title: str) -> int:
    rest = agenda[agenda.index(title) + len(title) :]
    digits = ""
    for char in rest.lstrip(" ."):
        if not char.isdigit():
            break
        digits += char
    return int(digits)


def _flat(outline):
    for entry in outline:
        if isinstance(entry, list):
            yield from _flat(entry)
        else:
            yield entry


def _download(client, document) -> bytes:
    response = client.get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    return b"".join(response.streaming_content)


@pytest.fixture
def publish(world, django_capture_on_commit_callbacks):
    def run(meeting) -> MeetingPack:
        with django_capture_on_commit_callbacks(execute=True):
            return packs.publish_pack(meeting=meeting, by=world.users["secretariat"])

    return run


def test_publishing_versions_emails_members_and_keeps_old_versions(world, build, publish):
    meeting = _agenda(world)
    secretariat, member = world.users["secretariat"], world.client("member")
    draft = build(meeting)
    # Before publishing, only the secretariat can download the pack.
    assert member.get(reverse("document-download", args=[draft.document.pk])).status_code == 404
    assert (
        world.client("secretariat")
        .get(reverse("document-download", args=[draft.document.pk]))
        .status_code
        == 200
    )
    mail.outbox.clear()
    first = publish(meeting)
    assert first.version == 1
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PUBLISHED
    v1_bytes = _download(member, first.document)
    v1_sha = first.document.sha256

    # A change after publishing: nothing can be published until the pack is built again.
    item = meeting.items.get(position=2)
    item.case_text = "Netværkene har holdt 12 møder."
    meetings.save_item(item=item, by=secretariat, expected_version=item.lock_version)
    attachment = meeting.items.get(position=1).attachments.get(title="Udkast til aktivitetsplan")
    meetings.replace_attachment(
        attachment=attachment,
        title=attachment.title,
        name="aktivitetsplan-v2.pdf",
        content=make_pdf("Bilag A ny", pages=2),
        page_count=2,
        by=secretariat,
    )
    meetings.add_item(meeting=meeting, item=AgendaItem(title="Eventuelt"), by=secretariat)
    with pytest.raises(meetings.MeetingRuleError):
        packs.publish_pack(meeting=meeting, by=secretariat)
    build(meeting)
    second = publish(meeting)
    assert second.version == 2
    assert "Punkt 2: Orientering om netværkene er ændret: sagsfremstilling." in second.changes
    assert (
        "Punkt 1: Aktivitetsplan 2027: bilaget “Udkast til aktivitetsplan” er erstattet."
        in second.changes
    )
    assert "Punkt 4: Eventuelt er tilføjet." in second.changes

    # Version 1 is unchanged and still downloadable; version 2 is the current one.
    first.document.refresh_from_db()
    assert first.document.state == GeneratedDocument.State.SUPERSEDED
    assert first.document.sha256 == v1_sha and first.document.verify_checksum()
    assert _download(member, first.document) == v1_bytes
    assert second.document.state == GeneratedDocument.State.APPROVED
    # The other body's member and outsiders cannot download either version.
    for persona in ("nonmember", "coordinator_a", "norole"):
        for pack in (first, second):
            url = reverse("document-download", args=[pack.document.pk])
            assert world.client(persona).get(url).status_code == 404

    # Members were emailed a link (no file), the second time with what changed.
    to_member = [m for m in mail.outbox if world.users["member"].email in m.to]
    assert len(to_member) == 2
    assert not to_member[0].attachments and meeting.get_absolute_url() in to_member[0].body
    assert "version 2" in to_member[1].subject
    assert "Eventuelt er tilføjet" in to_member[1].body
    assert all(world.users["nonmember"].email not in m.to for m in mail.outbox)


def test_publishing_twice_without_changes_is_refused(world, build):
    meeting = _agenda(world)
    build(meeting)
    packs.publish_pack(meeting=meeting, by=world.users["secretariat"])
    build(meeting)
    with pytest.raises(meetings.MeetingRuleError, match="Intet er ændret"):
        packs.publish_pack(meeting=meeting, by=world.users["secretariat"])


def test_pack_job_run_twice_makes_one_document(world, build):
    from alliance.services import execute_job

    meeting = _agenda(world)
    pack = build(meeting)
    execute_job(job_id=pack.document.job_id)
    assert MeetingPack.objects.filter(meeting=meeting).count() == 1
    assert GeneratedDocument.objects.for_subject(meeting).count() == 1


def test_open_follow_ups_of_earlier_meetings_go_into_the_next_pack(world, build):
    earlier = world.meeting_x
    later = Meeting.objects.create(
        body=world.body_x, title="Næste møde", starts_at=earlier.starts_at + dt.timedelta(days=90)
    )
    FollowUp.objects.create(
        item=world.item_x,
        description="Send planen i høring",
        responsible="Sekretariatet",
        due=timezone.localdate(),
    )
    pack = build(later)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pack.document.file.read())).pages
    )
    assert "Opfølgning på tidligere beslutninger" in text and "Send planen i høring" in text


def test_pack_with_merged_attachments_stays_tagged(world, build):
    """Merging the attachments (pikepdf) keeps our part's structure tree, language and title, and
    what each attachment has: a tagged attachment's headings and paragraphs join the pack's tree,
    in reading order after their item, referring to the drawn pages; an untagged one's pages are
    figures named by the attachment. The text is still there to select."""
    meeting = _agenda(world)
    pack = build(meeting)
    content = pack.document.file.read()
    structure = assert_tagged(content, title=f"Mødepakke: {meeting.body}, {meeting.title}")
    assert structure.kinds["H2"] and structure.kinds["L"]
    assert "Bilag 1.1: Udkast til aktivitetsplan" in structure.outline
    # Bilag A (tagged, 3 pages): its three headings and paragraphs are in the pack's tree.
    pdf = pikepdf.Pdf.open(io.BytesIO(content))
    document = pdf.Root.StructTreeRoot.K[0]
    parts = [kid for kid in document.K if kid.get("/S") == "/Part" and "/T" in kid]
    assert [str(part.T) for part in parts] == [
        "Bilag 1.1: Udkast til aktivitetsplan",
        "Bilag 2.1: Netværkernes status",
    ]
    tagged_part, untagged_part = parts
    kinds = _kinds(tagged_part)
    assert kinds.count("/H1") == 3 and kinds.count("/P") == 3
    # Reading order follows the pages: each attachment's part sits between what comes before
    # and after its pages.
    page_numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    first_pages = [_first_page(kid, page_numbers) for kid in document.K]
    known = [n for n in first_pages if n is not None]
    assert known == sorted(known)
    assert first_pages[list(document.K).index(tagged_part)] is not None
    # Every marked-content reference into a drawn page is in the parent tree of its XObject.
    parent_tree = {
        int(nums[i]): nums[i + 1]
        for nums in [pdf.Root.StructTreeRoot.ParentTree.Nums]
        for i in range(0, len(nums), 2)
    }
    references = _references(tagged_part)
    assert len(references) >= 6  # a heading and a paragraph on each of three pages
    for element, mcr in references:
        assert parent_tree[int(mcr.Stm.StructParents)][int(mcr.MCID)].objgen == element.objgen
    # Bilag B (untagged, 2 pages): one figure per page, named by the attachment.
    assert structure.figure_alts.count("Bilag 2.1: Netværkernes status") == 2
    assert [str(kid.S) for kid in untagged_part.K] == ["/Figure", "/Figure"]
    text = text_in_order(content)
    order = ["Dagsorden", "Aktivitetsplan 2027", "Indstilling", "Bilag A", "Bilag B"]
    position = 0
    for part in order:
        position = text.index(part, position) + len(part)


def _references(element) -> list:
    found, stack = [], [element]
    while stack:
        node = stack.pop()
        for kid in node.K:
            if kid.get("/Type") == "/MCR":
                found.append((node, kid))
            elif kid.get("/Type") == "/StructElem":
                stack.append(kid)
    return found


def _kinds(element) -> list[str]:
    kinds, stack = [], [element]
    while stack:
        node = stack.pop()
        kinds.append(str(node.S))
        stack.extend(kid for kid in node.K if kid.get("/Type") == "/StructElem")
    return kinds


def _first_page(element, page_numbers) -> int | None:
    """The first page an element's content is on (None for an element without content)."""
    pages, stack = [], [element]
    while stack:
        node = stack.pop()
        if "/Pg" in node:
            pages.append(page_numbers[node.Pg.objgen])
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                stack.append(kid)
    return min(pages, default=None)


def test_minutes_are_tagged(world, django_capture_on_commit_callbacks):
    meeting = _agenda(world)
    meeting.state = Meeting.State.HELD
    meeting.starts_at = timezone.now() - dt.timedelta(days=1)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = packs.request_minutes(meeting=meeting, by=world.users["secretariat"])
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    document = GeneratedDocument.objects.get(job=job)
    content = document.file.read()
    structure = assert_tagged(content, title=document.title)
    assert structure.kinds["H1"] and structure.kinds["H2"]
    assert "Aktivitetsplan 2027" in text_in_order(content)
