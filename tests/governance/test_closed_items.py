"""One rule decides what of a closed agenda item a person (or a document's audience) may read
(governance.policies.reads_closed_items): every surface is checked here with an observer of the
body, a voting member and a member of another body.

The world: body X holds an earlier meeting with a closed decision item (title, decision, minutes,
a follow-up) and an open one, and a coming meeting whose pack lists the open follow-ups."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alliance.digest import send_digests
from alliance.models import Job
from governance.models import AgendaItem, FollowUp, Meeting, MeetingPack, Role
from governance.services import meetings, packs
from tests.factories import AgendaItemFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.usefixtures("in_process_jobs")

SECRET = ("Personsag om direktøren", "Fratrædelsesaftale", "Forhandl fratrædelsen", "Hemmeligt")
OPEN_FOLLOW_UP = "Send aktivitetsplanen til kommunerne"


@pytest.fixture
def closed_world(world):
    """An earlier, held meeting of X with a closed and an open decision, each with a follow-up;
    the observer of X; and a coming meeting of X with an agenda."""
    world.users["observer"] = MembershipFactory(
        body=world.body_x, role=Role.OBSERVER, user__email="observator@example.dk"
    ).user
    earlier = MeetingFactory(
        body=world.body_x,
        title="Forårsmødet",
        state=Meeting.State.HELD,
        starts_at=timezone.now() - dt.timedelta(days=30),
    )
    world.closed_item = AgendaItemFactory(
        meeting=earlier,
        position=1,
        title=SECRET[0],
        is_closed=True,
        outcome="approved",
        decision_text=SECRET[1],
        minutes=SECRET[3],
    )
    FollowUp.objects.create(
        item=world.closed_item,
        description=SECRET[2],
        responsible="Formanden",
        due=timezone.localdate() + dt.timedelta(days=10),
    )
    open_item = AgendaItemFactory(
        meeting=earlier, position=2, title="Aktivitetsplan 2027", outcome="approved"
    )
    FollowUp.objects.create(
        item=open_item,
        description=OPEN_FOLLOW_UP,
        responsible="Sekretariatet",
        due=timezone.localdate() + dt.timedelta(days=10),
    )
    world.earlier = earlier
    world.coming = MeetingFactory(
        body=world.body_x, title="Efterårsmødet", starts_at=timezone.now() + dt.timedelta(days=7)
    )
    AgendaItemFactory(
        meeting=world.coming,
        position=1,
        title="Orientering om netværkene",
        kind=AgendaItem.Kind.ORIENTATION,
    )
    return world


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _pdf_text(document) -> str:
    document.file.open("rb")
    reader = PdfReader(io.BytesIO(document.file.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _assert_nothing_secret(text: str) -> None:
    for secret in SECRET:
        assert secret not in text


@pytest.fixture
def published_pack(closed_world, django_capture_on_commit_callbacks):
    secretariat = closed_world.users["secretariat"]
    with django_capture_on_commit_callbacks(execute=True):
        job = packs.request_pack(meeting=closed_world.coming, by=secretariat)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    with django_capture_on_commit_callbacks(execute=True):
        return packs.publish_pack(meeting=closed_world.coming, by=secretariat)


def test_voting_member_reads_the_closed_item_and_the_observer_does_not(closed_world):
    item_url = reverse("governance:item-detail", args=[closed_world.closed_item.pk])
    meeting_url = reverse("governance:meeting-detail", args=[closed_world.earlier.pk])
    member = closed_world.client("member")
    assert SECRET[0] in _text(member.get(item_url))
    assert SECRET[0] in _text(member.get(meeting_url))
    observer = closed_world.client("observer")
    assert observer.get(item_url).status_code == 404
    page = _text(observer.get(meeting_url))
    assert "Aktivitetsplan 2027" in page
    _assert_nothing_secret(page)
    assert closed_world.client("nonmember").get(meeting_url).status_code == 404
    assert closed_world.client("nonmember").get(item_url).status_code == 404


def test_published_pack_holds_nothing_of_an_earlier_closed_item(closed_world, published_pack):
    """The audit's leak: the follow-ups of a closed item of an earlier meeting were printed under
    "Opfølgning på tidligere beslutninger" in the pack every member of the body downloads."""
    download = reverse("document-download", args=[published_pack.document.pk])
    for persona in ("observer", "member"):
        response = closed_world.client(persona).get(download)
        assert response.status_code == 200
        text = " ".join(_text_of_pdf_bytes(response).split())
        assert OPEN_FOLLOW_UP in text  # the open item's follow-up is in the pack
        _assert_nothing_secret(text)
    assert closed_world.client("nonmember").get(download).status_code == 404
    _assert_nothing_secret(str(published_pack.snapshot["follow_ups"]))


def _text_of_pdf_bytes(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(page.extract_text() for page in reader.pages)


def test_pack_shows_a_closed_item_of_its_own_agenda_by_number_only(
    closed_world, django_capture_on_commit_callbacks
):
    secretariat = closed_world.users["secretariat"]
    meetings.add_item(
        meeting=closed_world.coming,
        item=AgendaItem(
            title=SECRET[0], kind=AgendaItem.Kind.DECISION, case_text=SECRET[1], is_closed=True
        ),
        by=secretariat,
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = packs.request_pack(meeting=closed_world.coming, by=secretariat)
    pack = MeetingPack.objects.get(document__job=job)
    text = _pdf_text(pack.document)
    assert "2. Lukket punkt" in text
    _assert_nothing_secret(text)
    assert "Beslutning" not in text  # not even the closed item's type


def test_version_email_names_a_changed_closed_item_by_number_only(
    closed_world, published_pack, django_capture_on_commit_callbacks
):
    secretariat = closed_world.users["secretariat"]
    meetings.add_item(
        meeting=closed_world.coming,
        item=AgendaItem(title=SECRET[0], case_text=SECRET[1], is_closed=True),
        by=secretariat,
    )
    with django_capture_on_commit_callbacks(execute=True):
        packs.request_pack(meeting=closed_world.coming, by=secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = packs.publish_pack(meeting=closed_world.coming, by=secretariat)
    assert second.version == 2
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"observator@example.dk", "medlem@example.dk"} <= recipients
    for message in mail.outbox:
        assert "Punkt 2 (lukket punkt) er tilføjet." in message.body
        _assert_nothing_secret(message.subject + message.body)


def test_minutes_pdf_holds_the_closed_item_by_number_only(
    closed_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = packs.request_minutes(
            meeting=closed_world.earlier, by=closed_world.users["secretariat"]
        )
    text = _pdf_text(_document(job))
    assert "Aktivitetsplan 2027" in text and "1. Lukket punkt" in text
    _assert_nothing_secret(text)


def _document(job):
    from alliance.models import GeneratedDocument

    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    return GeneratedDocument.objects.get(job=job)


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_decision_log_search_and_exports_follow_the_rule(closed_world, export):
    params = {} if export is None else {"_export": export}
    url = reverse("governance:decision-log")
    member = closed_world.client("member").get(url, params)
    observer = closed_world.client("observer").get(url, params)
    other = closed_world.client("nonmember").get(url, params)
    if export == "xlsx":
        from openpyxl import load_workbook

        def rows(response):
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            sheet = load_workbook(io.BytesIO(content)).active
            return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    else:
        rows = _text
    assert SECRET[0] in rows(member)
    assert "Aktivitetsplan 2027" in rows(observer)
    _assert_nothing_secret(rows(observer))
    _assert_nothing_secret(rows(other))
    if export is None:  # the search box: the observer's search finds nothing of the closed item
        for persona, found in (("member", True), ("observer", False), ("nonmember", False)):
            for words in ("Personsag", "Fratrædelsesaftale"):
                page = _text(closed_world.client(persona).get(url, {"q": words}))
                assert (SECRET[0] in page) is found


def test_follow_up_reminder_goes_to_the_secretariat_when_the_responsible_may_not_read_it(
    closed_world, settings
):
    follow_up = FollowUp.objects.get(description=SECRET[2])
    follow_up.due = timezone.localdate() - dt.timedelta(days=1)
    follow_up.responsible_user = closed_world.users["observer"]
    follow_up.save()
    send_digests()
    assert [m.to for m in mail.outbox if SECRET[2] in m.body] == [[settings.SECRETARIAT_EMAIL]]
    # A voting member responsible for it gets it themselves (the next day's digest).
    follow_up.responsible_user = closed_world.users["member"]
    follow_up.last_reminded_on = None
    follow_up.save()
    mail.outbox.clear()
    send_digests(now=timezone.now() + dt.timedelta(days=1))
    assert [m.to for m in mail.outbox if SECRET[2] in m.body] == [["medlem@example.dk"]]


def test_meeting_page_follow_ups_and_feed_follow_the_rule(closed_world):
    meeting_url = reverse("governance:meeting-detail", args=[closed_world.coming.pk])
    closed_world.coming.state = Meeting.State.PUBLISHED
    closed_world.coming.save()
    member = _text(closed_world.client("member").get(meeting_url))
    assert SECRET[2] in member and OPEN_FOLLOW_UP in member
    observer = _text(closed_world.client("observer").get(meeting_url))
    assert OPEN_FOLLOW_UP in observer
    _assert_nothing_secret(observer)
    for persona in ("observer", "member", "nonmember"):
        feed = _text(closed_world.client(persona).get(reverse("governance:meeting-ics")))
        _assert_nothing_secret(feed)
