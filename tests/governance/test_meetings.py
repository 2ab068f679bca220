"""Meetings and their agenda: who sees what (closed items, unpublished agendas, attachments),
the secretariat's workflow (items, attachments, moves, reuse, decisions, follow-ups, minutes),
and bad input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alliance.models import GeneratedDocument
from alliance.pdf import RenderedPdf
from alliance.services import enqueue_job, store_document
from governance.models import AgendaItem, Meeting, Membership, Role
from governance.services import meetings
from tests.factories import (
    AgendaAttachmentFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
)

from .pdfs import make_pdf


def _get(world, persona, name, pk):
    return world.client(persona).get(reverse(f"governance:{name}", args=[pk]))


def test_closed_items_are_for_voting_members_only(world):
    closed = AgendaItemFactory(meeting=world.meeting_x, title="Fortrolig sag", is_closed=True)
    attachment = AgendaAttachmentFactory(item=closed)
    observer = MembershipFactory(body=world.body_x, role=Role.OBSERVER).user
    world.users["observer"] = observer
    assert _get(world, "member", "item-detail", closed.pk).status_code == 200
    assert _get(world, "member", "attachment-download", attachment.pk).status_code == 200
    for persona in ("observer", "nonmember", "coordinator_a", "norole"):
        assert _get(world, persona, "item-detail", closed.pk).status_code == 404
        assert _get(world, persona, "attachment-download", attachment.pk).status_code == 404
    page = _get(world, "observer", "meeting-detail", world.meeting_x.pk)
    assert "Fortrolig sag" not in page.content.decode()
    assert "1 lukket punkt ses kun" in page.content.decode()


def test_agenda_is_hidden_from_members_until_the_pack_is_published(world):
    planned = MeetingFactory(body=world.body_x, state=Meeting.State.PREPARING)
    item = AgendaItemFactory(meeting=planned, title="Hemmeligt udkast")
    attachment = AgendaAttachmentFactory(item=item)
    page = _get(world, "member", "meeting-detail", planned.pk)
    assert page.status_code == 200
    assert "Hemmeligt udkast" not in page.content.decode()
    assert _get(world, "member", "item-detail", item.pk).status_code == 404
    assert _get(world, "member", "attachment-download", attachment.pk).status_code == 404
    assert _get(world, "secretariat", "item-detail", item.pk).status_code == 200


def test_attachment_download_is_private_and_checked(world):
    response = _get(world, "member", "attachment-download", world.attachment_x.pk)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-SHA256"] == world.attachment_x.sha256


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "Filtypen .exe kan ikke uploades"),
        ("falsk.pdf", b"not a pdf at all", "Filen ligner ikke en rigtig PDF"),
        ("beskadiget.pdf", b"%PDF-1.4 broken", "PDF-filen er beskadiget"),
        ("billede.png", b"\x89PNG\r\n\x1a\n....", "Billeder kan ikke bruges som bilag"),
    ],
)
def test_bad_attachments_are_refused_in_danish(world, name, content, message):
    client = world.client("secretariat")
    url = reverse("governance:attachment-create", args=[world.item_x.pk])
    response = client.post(url, {"title": "", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert world.item_x.attachments.count() == 1


def test_pdf_attachment_is_stored_with_its_page_count(world):
    client = world.client("secretariat")
    url = reverse("governance:attachment-create", args=[world.item_x.pk])
    pdf = make_pdf("Notat", pages=2)
    response = client.post(url, {"title": "Notat", "file": SimpleUploadedFile("notat.pdf", pdf)})
    assert response.status_code == 302
    attachment = world.item_x.attachments.get(title="Notat")
    assert attachment.is_pdf and attachment.page_count == 2 and attachment.size == len(pdf)


def test_items_move_between_meetings_and_are_renumbered(world):
    secretariat = world.users["secretariat"]
    second = meetings.add_item(
        meeting=world.meeting_x, item=AgendaItem(title="Andet punkt"), by=secretariat
    )
    later = MeetingFactory(
        body=world.body_x, starts_at=world.meeting_x.starts_at + dt.timedelta(days=60)
    )
    meetings.add_item(meeting=later, item=AgendaItem(title="Første på næste møde"), by=secretariat)
    world.item_x.refresh_from_db()
    meetings.move_item_to_meeting(item=world.item_x, to=later, by=secretariat)
    second.refresh_from_db()
    assert second.position == 1  # the earlier meeting's agenda closed the gap
    assert list(later.items.values_list("title", "position")) == [
        ("Første på næste møde", 1),
        ("Aktivitetsplanen", 2),
    ]
    other_body = MeetingFactory(body=world.body_y)
    with pytest.raises(meetings.MeetingRuleError):
        meetings.move_item_to_meeting(item=second, to=other_body, by=secretariat)


def test_reusing_an_item_copies_text_and_attachments_not_the_decision(world):
    secretariat = world.users["secretariat"]
    world.item_x.outcome, world.item_x.decision_text = "approved", "Godkendt"
    world.item_x.save()
    later = MeetingFactory(
        body=world.body_x, starts_at=world.meeting_x.starts_at + dt.timedelta(days=60)
    )
    copy = meetings.reuse_item(source=world.item_x, into=later, by=secretariat)
    assert copy.title == world.item_x.title and copy.recommendation == world.item_x.recommendation
    assert copy.outcome == "" and copy.decision_text == ""
    copied = copy.attachments.get()
    assert (
        copied.sha256 == world.attachment_x.sha256
        and copied.file.name != world.attachment_x.file.name
    )


def test_reusing_an_item_in_the_browser_copies_it_and_refuses_a_bad_choice(world):
    later = MeetingFactory(
        body=world.body_x, starts_at=world.meeting_x.starts_at + dt.timedelta(days=60)
    )
    client = world.client("secretariat")
    url = reverse("governance:item-reuse", args=[later.pk])
    for bad in ("", "abc", "99999999999999999999", str(world.item_x.pk + 1000)):
        response = client.post(url, {"item": bad})
        assert response.status_code == 200
        assert "Vælg det punkt, der skal genbruges." in response.content.decode()
    assert not later.items.exists()
    assert client.post(url, {"item": world.item_x.pk}).status_code == 302
    assert later.items.get().title == world.item_x.title


def test_item_edit_by_two_people_is_caught(world):
    client = world.client("secretariat")
    url = reverse("governance:item-update", args=[world.item_x.pk])
    data = {"title": "Ny titel", "kind": "decision", "lock_version": world.item_x.lock_version}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "title": "Anden titel"})
    assert stale.status_code == 200
    assert "Nogen har gemt ændringer" in stale.content.decode()
    world.item_x.refresh_from_db()
    assert world.item_x.title == "Ny titel"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "meeting-update",
            {"title": "Møde", "starts_at": "2027-03-01T10:00", "ends_at": "2027-03-01T09:00"},
            "Mødet skal slutte, efter det begynder.",
        ),
        (
            "meeting-update",
            {"title": "Møde", "starts_at": "i morgen"},
            "Skriv tidspunktet som dato og klokkeslæt.",
        ),
        (
            "meeting-update",
            {"title": "Møde", "starts_at": "0001-01-01T00:00"},
            "Datoen skal ligge mellem år 1990 og 2100.",
        ),
        (
            "item-update",
            {"title": "Punkt", "kind": "decision", "minutes_allotted": "-5"},
            "Tiden skal være mindst 1 minut.",
        ),
        (
            "follow-up-create",
            {"description": "Gør noget", "responsible": "Ib", "due": "2020-01-01", "state": "open"},
            "Fristen for en ny opfølgning kan ikke ligge i fortiden.",
        ),
        ("item-link", {"address": "https://example.org/noget/andet/"}, "Adressen peger ikke på"),
    ],
)
def test_bad_input_gets_a_danish_message(world, name, data, message):
    pk = world.meeting_x.pk if name.startswith("meeting") else world.item_x.pk
    response = world.client("secretariat").post(reverse(f"governance:{name}", args=[pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_link_to_an_initiative_shows_its_live_figures(world):
    client = world.client("secretariat")
    address = "https://portal.example" + world.initiative_a.get_absolute_url()
    response = client.post(
        reverse("governance:item-link", args=[world.item_x.pk]), {"address": address}
    )
    assert response.status_code == 302
    page = _get(world, "member", "item-detail", world.item_x.pk).content.decode()
    assert world.initiative_a.title in page and "Forventet reduktion" in page


def test_link_to_a_funding_application_shows_its_amounts(world):
    client = world.client("secretariat")
    address = world.application_a.get_absolute_url()
    url = reverse("governance:item-link", args=[world.item_x.pk])
    assert client.post(url, {"address": address}).status_code == 302
    page = client.get(reverse("governance:item-detail", args=[world.item_x.pk])).content.decode()
    assert "Nøgletal for en ansøgning" in page and "Ansøgt beløb" in page


def test_approving_minutes_at_the_next_meeting_freezes_them(world, in_process_jobs):
    secretariat = world.users["secretariat"]
    held = MeetingFactory(body=world.body_x, starts_at=timezone.now() - dt.timedelta(days=30))
    meetings.mark_held(meeting=held, by=secretariat)
    job = enqueue_job(kind=meetings.MINUTES_JOB, subject=held, requested_by=secretariat)
    minutes = store_document(
        job=job, subject=held, title="Referat", pdf=RenderedPdf(b"%PDF-1.7", 1)
    )
    now = MeetingFactory(body=world.body_x, starts_at=timezone.now() - dt.timedelta(hours=1))
    from governance.services.packs import add_minutes_approval_item

    item = add_minutes_approval_item(meeting=now, by=secretariat)
    assert item.linked_object == minutes
    meetings.record_decision(
        item=item,
        outcome="approved",
        decision_text="",
        minutes="",
        by=secretariat,
        expected_version=item.lock_version,
    )
    minutes.refresh_from_db()
    held.refresh_from_db()
    assert minutes.state == GeneratedDocument.State.APPROVED
    assert held.state == Meeting.State.MINUTES_APPROVED
    # The approved minutes can be read by the body's members, and the agenda is closed.
    assert (
        world.client("member").get(reverse("document-download", args=[minutes.pk])).status_code
        == 200
    )
    with pytest.raises(meetings.MeetingRuleError):
        meetings.add_item(meeting=held, item=AgendaItem(title="For sent"), by=secretariat)


def test_decision_before_the_meeting_is_refused(world):
    with pytest.raises(meetings.MeetingRuleError):
        meetings.record_decision(
            item=world.item_x,
            outcome="approved",
            decision_text="",
            minutes="",
            by=world.users["secretariat"],
            expected_version=world.item_x.lock_version,
        )


def test_decision_log_lists_filters_and_exports_with_bounded_queries(
    world, django_assert_max_num_queries
):
    for n in range(15):
        AgendaItemFactory(meeting=world.meeting_x, title=f"Beslutning {n}", outcome="approved")
    AgendaItemFactory(meeting=world.meeting_x, title="Afvist sag", outcome="rejected")
    client = world.client("member")
    # 14: with the request's transaction (savepoint, release).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("governance:decision-log"))
    assert "Beslutning 14" in response.content.decode()
    filtered = client.get(
        reverse("governance:decision-log"), {"outcome": "rejected"}
    ).content.decode()
    assert "Afvist sag" in filtered and "Beslutning 3" not in filtered
    export = client.get(
        reverse("governance:decision-log"), {"outcome": "rejected", "_export": "csv"}
    )
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert "Afvist sag" in content.decode() and "Beslutning 3" not in content.decode()
    # The other body's member sees none of X's decisions.
    other = world.client("nonmember").get(reverse("governance:decision-log")).content.decode()
    assert "Afvist sag" not in other


def test_meeting_feed_holds_the_members_meetings(world):
    body = world.client("member").get(reverse("governance:meeting-ics")).content.decode()
    assert f"meeting-{world.meeting_x.pk}@" in body and "BEGIN:VCALENDAR" in body
    other = world.client("nonmember").get(reverse("governance:meeting-ics")).content.decode()
    assert f"meeting-{world.meeting_x.pk}@" not in other


def test_meeting_feed_at_the_secret_address_needs_no_login(world):
    from django.test import Client

    from alliance.feeds import feed_url, renew_feed_key

    member = world.users["member"]
    anonymous = Client()
    response = anonymous.get(feed_url(member, "governance:meeting-ics-token"))
    assert response.status_code == 200
    assert f"meeting-{world.meeting_x.pk}@" in response.content.decode()
    nonmember_feed = anonymous.get(
        feed_url(world.users["nonmember"], "governance:meeting-ics-token")
    )
    assert f"meeting-{world.meeting_x.pk}@" not in nonmember_feed.content.decode()
    old = feed_url(member, "governance:meeting-ics-token")
    renew_feed_key(user=member)
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(old.replace(".ics", "x.ics")).status_code == 404


def test_membership_history_is_kept_when_a_member_leaves(world):
    client = world.client("secretariat")
    membership = world.membership_x
    data = {
        "person_name": membership.person_name,
        "role": "member",
        "user": membership.user_id,
        "start": "2024-01-01",
        "end": str(timezone.localdate() - dt.timedelta(days=1)),
    }
    response = client.post(reverse("governance:membership-update", args=[membership.pk]), data)
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert (
        world.client("member")
        .get(reverse("governance:meeting-detail", args=[world.meeting_x.pk]))
        .status_code
        == 404
    )
    page = client.get(world.body_x.get_absolute_url()).content.decode()
    assert "Tidligere medlemmer" in page and membership.person_name in page


def test_bodies_page_shows_the_hierarchy_as_a_tree(world):
    from governance.models import BodyRelation
    from tests.factories import BodyFactory

    project = BodyFactory(name="Projektgruppe", slug="projektgruppe")
    BodyRelation.objects.create(source=world.body_y, target=world.body_x, kind="prepares_for")
    BodyRelation.objects.create(source=project, target=world.body_y, kind="reports_to")
    BodyRelation.objects.create(source=project, target=world.body_x, kind="prepares_for")
    response = world.client("member").get(reverse("governance:body-list"))
    (_label, roots), _national = response.context["trees"]
    assert [node["body"] for node in roots] == [world.body_x]
    (adm,) = roots[0]["children"]
    assert adm["body"] == world.body_y and adm["relation"] == "forbereder sager for"
    assert [child["body"] for child in adm["children"]] == [project]  # reports to beats prepares


def test_edit_forms_carry_the_version_that_was_read(world):
    """The hidden lock_version is filled in from the object, so saving the form as shown works."""
    client = world.client("secretariat")
    for name, pk, version in (
        ("governance:item-decision", world.item_x.pk, world.item_x.lock_version),
        ("governance:item-update", world.item_x.pk, world.item_x.lock_version),
        ("governance:meeting-update", world.meeting_x.pk, world.meeting_x.lock_version),
    ):
        page = client.get(reverse(name, kwargs={"pk": pk})).content.decode()
        assert f'name="lock_version" value="{version}"' in page, name
