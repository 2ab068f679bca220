"""Invitations: the secretariat invites a coordinator or a member; the one-time link expires, is
used once, and dies when a new one is sent; accepting sets a password and logs in."""

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from alliance import roles
from alliance.models import User
from people import services
from people.models import Invitation

from ..factories import UserFactory

GOOD_PASSWORD = "Klimaplan-for-alle-2030"


def link_in(message) -> str:
    return re.search(r"https?://\S+/invitation/(\S+)/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def invited(world, mailoutbox, django_capture_on_commit_callbacks):
    """A new coordinator of A, invited by the secretariat through the form."""
    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:person-create"),
            {
                "name": "Nina Nyansat",
                "email": "Nina.Nyansat@Example.dk",
                "role": "coordinator",
                "municipality": world.municipality_a.pk,
            },
        )
    assert response.status_code == 302
    return User.objects.get(email="nina.nyansat@example.dk")


def test_invitation_creates_a_coordinator_without_a_password_and_mails_a_link(
    world, invited, mailoutbox
):
    assert invited.is_active and not invited.has_usable_password()
    assert roles.coordinated_municipality_ids(invited) == {world.municipality_a.pk}
    [message] = mailoutbox
    assert message.to == ["nina.nyansat@example.dk"]
    assert message.subject == "Invitation til Klimaalliancens portal"
    assert "Kære Nina Nyansat" in message.body
    html = message.alternatives[0][0]
    assert link_in(message) in html


def test_accepting_sets_the_password_and_logs_in(world, invited, mailoutbox, client):
    path = path_of(link_in(mailoutbox[0]))
    page = client.get(path)
    assert "Vælg en adgangskode" in page.content.decode()
    response = client.post(path, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(invited.pk)
    invited.refresh_from_db()
    assert invited.check_password(GOOD_PASSWORD)


def test_the_link_works_once(world, invited, mailoutbox, client):
    path = path_of(link_in(mailoutbox[0]))
    client.post(path, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    again = client.get(path)
    assert again.status_code == 404
    assert "Linket virker ikke" in again.content.decode()


def test_a_weak_password_is_refused_by_djangos_validators(world, invited, mailoutbox, client):
    path = path_of(link_in(mailoutbox[0]))
    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert Invitation.objects.pending().filter(user=invited).exists()


def test_the_link_expires(world, invited, mailoutbox, client, settings):
    path = path_of(link_in(mailoutbox[0]))
    Invitation.objects.filter(user=invited).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.post(path, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 404
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_the_link_lasts_the_configured_days(world, settings, django_capture_on_commit_callbacks):
    settings.INVITATION_VALID_DAYS = 3
    invitation = services.invite_person(
        email="kort@example.dk", name="Kort Link", municipality=world.municipality_b, by=None
    )
    lifetime = invitation.expires_at - invitation.created_at
    assert lifetime == dt.timedelta(days=3)


def test_resending_kills_the_old_link(
    world, invited, mailoutbox, client, django_capture_on_commit_callbacks
):
    old = path_of(link_in(mailoutbox[0]))
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("secretariat").post(
            reverse("people:invitation-resend", kwargs={"pk": invited.pk})
        )
    assert response.status_code == 302
    new = path_of(link_in(mailoutbox[1]))
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_inviting_a_member_gives_a_current_membership(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(
            reverse("people:person-create"),
            {
                "name": "Mads Medlem",
                "email": "mads@example.dk",
                "role": "member",
                "body": world.body_x.pk,
            },
        )
    user = User.objects.get(email="mads@example.dk")
    assert roles.body_ids(user) == {world.body_x.pk}
    assert user.memberships.get().person_name == "Mads Medlem"
    assert len(mailoutbox) == 1


def test_a_coordinator_needs_a_municipality(world):
    response = world.client("secretariat").post(
        reverse("people:person-create"),
        {"name": "Uden Kommune", "email": "uden@example.dk", "role": "coordinator"},
    )
    assert response.status_code == 200
    assert "Vælg den kommune" in response.content.decode()
    assert not User.objects.filter(email="uden@example.dk").exists()


def test_inviting_a_known_person_keeps_their_account_and_password(
    world, django_capture_on_commit_callbacks
):
    member = world.users["member"]
    services.invite_person(
        email=member.email.upper(), name="Andet Navn", municipality=world.municipality_b, by=None
    )
    member.refresh_from_db()
    assert member.has_usable_password()
    assert member.name != "Andet Navn"
    assert roles.coordinated_municipality_ids(member) == {world.municipality_b.pk}


def test_deactivating_closes_the_account_and_its_link(world, invited, mailoutbox, client):
    path = path_of(link_in(mailoutbox[0]))
    response = world.client("secretariat").post(
        reverse("people:person-deactivate", kwargs={"pk": invited.pk})
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert not invited.is_active
    assert client.get(path).status_code == 404


def test_deactivated_person_is_logged_out(world):
    coordinator = world.users["coordinator_b"]
    own = world.client("coordinator_b")
    assert own.get(reverse("account")).status_code == 200
    world.client("secretariat").post(
        reverse("people:person-deactivate", kwargs={"pk": coordinator.pk})
    )
    assert own.get(reverse("account")).status_code == 302


def test_the_person_list_shows_who_is_invited(world, invited, django_assert_max_num_queries):
    UserFactory.create_batch(5)
    client = world.client("secretariat")
    with django_assert_max_num_queries(14):
        page = client.get(reverse("people:person-list")).content.decode()
    assert "Nina Nyansat" in page and "Inviteret" in page
