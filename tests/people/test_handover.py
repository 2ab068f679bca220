"""A coordinator who leaves is handed over to a successor in one step, and the reminders follow."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance import roles
from alliance.digest import send_digests
from alliance.feeds import feed_token, user_from_feed_token
from fundraising.models import Application
from governance.models import AgendaItem, FollowUp
from people.models import Handover

from ..factories import AgendaItemFactory, CoordinatorFactory, FollowUpFactory, TaskFactory
from ..fundraising.factories import ApplicationFactory


@pytest.fixture
def leaving(world):
    """Coordinator A with everything a coordinator can be responsible for."""
    anna = world.users["coordinator_a"]
    anna.feed_key = "old-key"
    anna.save()
    world.old_feed = feed_token(anna)
    initiative = world.initiative_a
    initiative.contact_name, initiative.contact_email = anna.name, anna.email.upper()
    initiative.save()
    world.network_member.contact_name = anna.name
    world.network_member.contact_email = anna.email
    world.network_member.save()
    world.task_a = TaskFactory(initiative=initiative, responsible=anna.name)
    item = AgendaItemFactory(meeting=world.meeting_x, kind=AgendaItem.Kind.DECISION)
    world.follow_up_a = FollowUpFactory(
        item=item,
        responsible=anna.name,
        responsible_user=anna,
        due=timezone.localdate() - dt.timedelta(days=1),
        last_reminded_on=timezone.localdate(),
    )
    world.application_open = ApplicationFactory(responsible=anna)
    world.application_lost = ApplicationFactory(responsible=anna, state=Application.State.REJECTED)
    return anna


@pytest.fixture
def successor(world):
    return CoordinatorFactory(
        municipality=world.municipality_b, user__email="ny@example.dk", user__name="Ny Nielsen"
    ).user


def hand_over(world, leaving, successor):
    response = world.client("secretariat").post(
        reverse("people:handover-create", kwargs={"pk": leaving.pk}),
        {"successor": successor.pk, "deactivate": "on"},
    )
    assert response.status_code == 302
    return Handover.objects.get()


def test_handover_moves_everything_to_the_successor(world, leaving, successor):
    handover = hand_over(world, leaving, successor)
    assert roles.coordinated_municipality_ids(successor) == {
        world.municipality_a.pk,
        world.municipality_b.pk,
    }
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert not leaving.coordinatorships.filter(is_active=True).exists()
    world.initiative_a.refresh_from_db()
    assert (world.initiative_a.contact_name, world.initiative_a.contact_email) == (
        "Ny Nielsen",
        "ny@example.dk",
    )
    world.network_member.refresh_from_db()
    assert world.network_member.contact_email == "ny@example.dk"
    world.task_a.refresh_from_db()
    assert world.task_a.responsible == "Ny Nielsen"
    world.follow_up_a.refresh_from_db()
    assert world.follow_up_a.responsible_user == successor
    assert world.follow_up_a.responsible == "Ny Nielsen"
    world.application_open.refresh_from_db()
    world.application_lost.refresh_from_db()
    assert world.application_open.responsible == successor
    assert world.application_lost.responsible == leaving  # a closed case stays as it was
    assert user_from_feed_token(world.old_feed) is None
    assert handover.handed_over_by == world.users["secretariat"]
    assert handover.moved["coordinator"] == [world.municipality_a.name]


def test_the_history_says_who_handed_over_to_whom(world, leaving, successor):
    handover = hand_over(world, leaving, successor)
    for obj in (world.initiative_a, world.follow_up_a, world.application_open):
        latest = obj.history.first()
        assert latest.history_change_reason == f"Overdragelse #{handover.pk}"
        assert latest.history_user == world.users["secretariat"]
    page = world.client("secretariat").get(
        reverse("people:person-detail", kwargs={"pk": successor.pk})
    )
    assert f"Overdragelse #{handover.pk}" in page.content.decode()


def test_the_successor_gets_the_next_reminders(world, leaving, successor, mailoutbox):
    hand_over(world, leaving, successor)
    mailoutbox.clear()
    send_digests()
    assert FollowUp.objects.filter(last_reminded_on=timezone.localdate()).count() == 1
    later = timezone.now() + dt.timedelta(days=800)
    send_digests(now=later)
    recipients = {address for message in mailoutbox for address in message.to}
    assert "ny@example.dk" in recipients
    assert leaving.email not in recipients


def test_a_form_opened_before_the_handover_is_refused_as_stale(world, leaving, successor):
    version_before = world.initiative_a.lock_version
    hand_over(world, leaving, successor)
    world.initiative_a.refresh_from_db()
    assert world.initiative_a.lock_version == version_before + 1


def test_nobody_hands_over_to_themselves(world, leaving):
    response = world.client("secretariat").post(
        reverse("people:handover-create", kwargs={"pk": leaving.pk}),
        {"successor": leaving.pk, "deactivate": "on"},
    )
    assert response.status_code == 200
    assert not Handover.objects.exists()
    leaving.refresh_from_db()
    assert leaving.is_active


def test_a_person_with_nothing_to_hand_over_is_handed_over_and_the_record_is_valid(
    world, successor
):
    """Found by a generated submission: someone responsible for nothing (an observer who leaves)
    is still handed over and closed; the record says that nothing moved."""
    member = world.users["member"]
    handover = hand_over(world, member, successor)
    assert handover.moved == {}
    handover.full_clean()
    member.refresh_from_db()
    assert not member.is_active
