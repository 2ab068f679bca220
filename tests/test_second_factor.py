"""Two-factor login (django-allauth's MFA): required for the secretariat and staff, the Django
admin included; the way back after a lost device; session lifetimes; the Entra ID issuer rule."""

import datetime as dt
import time

import jwt
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.oidc import tenant_issuer

from .conftest import World
from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_now() -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def log_in(client: Client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_secretariat_without_a_second_factor_is_sent_to_the_enrolment(world: World):
    client = Client()
    log_in(client, "sekretariat@example.dk")
    for url in ("/kommuner/", "/personer/", "/konto/"):
        assert client.get(url)["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_coordinator_is_offered_but_not_required_a_second_factor(world: World):
    client = Client()
    log_in(client, "koord.a@example.dk")
    assert client.get("/kommuner/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_login_with_an_authenticator_needs_its_code(world: World):
    TOTP.activate(world.users["secretariat"], SECRET)
    client = Client()
    response = log_in(client, "sekretariat@example.dk")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone logs nobody in
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Forkert kode." in wrong.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": code_now()})
    assert client.get("/kommuner/").status_code == 200


def test_the_admin_login_is_the_portals_and_needs_the_second_factor(world: World):
    staff = UserFactory(email="support@example.dk", is_staff=True, is_superuser=True)
    anonymous = Client()
    response = anonymous.get(reverse("admin:login"))
    assert response["Location"].startswith(reverse("account_login"))
    assert anonymous.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})[
        "Location"
    ].startswith(reverse("account_login"))
    client = Client()
    log_in(client, staff.email)
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")


def test_the_secretariat_resets_a_lost_second_factor(world: World):
    person = world.users["coordinator_a"]
    TOTP.activate(person, SECRET)
    own = Client()
    log_in(own, person.email)
    secretariat = world.client("secretariat")
    response = secretariat.post(reverse("people:second-factor-reset", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person).exists()
    assert own.get("/kommuner/")["Location"].startswith(reverse("account_login"))  # logged out
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert entry.user == world.users["secretariat"]
    assert "Second factor reset" in entry.change_message
    # Their next login needs no code (a coordinator may enrol again).
    assert log_in(Client(), person.email)["Location"] != reverse("mfa_authenticate")


def test_the_reset_command_is_the_same_way_back(world: World, capsys):
    person = world.users["secretariat"]
    TOTP.activate(person, SECRET)
    call_command("reset_second_factor", person.email, "--by", person.email)
    assert "1 authenticators removed" in capsys.readouterr().out
    assert not Authenticator.objects.filter(user=person).exists()
    assert LogEntry.objects.filter(object_id=str(person.pk)).exists()


def test_only_the_secretariat_resets_a_second_factor(world: World):
    person = world.users["norole"]
    TOTP.activate(person, SECRET)
    url = reverse("people:second-factor-reset", kwargs={"pk": person.pk})
    assert world.client("coordinator_a").post(url).status_code == 403
    assert Authenticator.objects.filter(user=person).exists()


def test_a_session_ends_after_the_idle_timeout(world: World, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        log_in(client, "koord.a@example.dk")
    with time_machine.travel(start + dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)):
        assert client.get("/kommuner/").status_code == 200  # activity renews the session
    later = start + dt.timedelta(minutes=2 * settings.SESSION_IDLE_MINUTES - 2)
    with time_machine.travel(later):
        assert client.get("/kommuner/").status_code == 200
    idle = later + dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1)
    with time_machine.travel(idle):
        response = client.get("/kommuner/")
        assert response["Location"].startswith(reverse("account_login"))


def test_a_session_ends_at_its_absolute_lifetime_whatever_the_activity(world: World, settings):
    settings.SESSION_MAX_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        log_in(client, "koord.a@example.dk")
    for minutes in range(30, 120, 30):
        with time_machine.travel(start + dt.timedelta(minutes=minutes)):
            assert client.get("/kommuner/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=121)):
        assert client.get("/kommuner/")["Location"].startswith(reverse("account_login"))


def test_a_page_writes_the_session_at_most_once_a_minute(
    world: World, django_assert_max_num_queries
):
    client = Client()
    log_in(client, "koord.a@example.dk")
    client.get("/konto/")
    with django_assert_max_num_queries(30) as first:
        client.get("/konto/")
    writes = [
        q for q in first.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert writes == []


def test_log_out_everywhere_ends_every_session_of_the_account(world: World):
    first, second = Client(), Client()
    log_in(first, "koord.a@example.dk")
    log_in(second, "koord.a@example.dk")
    assert UserSession.objects.filter(user=world.users["coordinator_a"]).count() == 2
    page = first.get(reverse("usersessions_list")).content.decode()
    assert "Log ud overalt" in page
    response = first.post(reverse("logout-everywhere"))
    assert response["Location"] == reverse("account_login")
    for client in (first, second):
        assert client.get("/kommuner/")["Location"].startswith(reverse("account_login"))
    assert not UserSession.objects.filter(user=world.users["coordinator_a"]).exists()


def token(claims: dict) -> str:
    return jwt.encode(claims, "test-key-that-is-long-enough-for-hs256", algorithm="HS256")


def test_entra_multi_tenant_issuer_is_the_tokens_own_tenant():
    template = "https://login.microsoftonline.com/{tenantid}/v2.0"
    tid = "9188040d-6c67-4c5b-b112-36a304b66dad"
    assert tenant_issuer(template, token({"tid": tid}), []) == (
        f"https://login.microsoftonline.com/{tid}/v2.0"
    )
    assert tenant_issuer(template, token({"tid": tid}), [tid]).endswith(f"/{tid}/v2.0")
    with pytest.raises(OAuth2Error):
        tenant_issuer(template, token({"tid": tid}), ["another-tenant"])
    with pytest.raises(OAuth2Error):
        tenant_issuer(template, token({}), [])
    # A single-tenant or other provider's issuer is taken as it is.
    assert tenant_issuer("https://login.example.dk", token({"tid": tid}), []) == (
        "https://login.example.dk"
    )
