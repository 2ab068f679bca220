"""Logging in and out, password reset by e-mail, login throttling and the language switch."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from .conftest import World
from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def login(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_with_email_lands_on_the_role_home(world: World):
    client = Client()
    response = login(client, "koord.a@example.dk")
    assert response.status_code == 302
    home = client.get(response["Location"])  # their municipality's page, at `/`
    assert home.status_code == 200
    assert home.context["municipality"].code == 101


def test_wrong_password_gets_a_danish_message(world: World):
    response = login(Client(), "koord.a@example.dk", "forkert-adgangskode")
    assert response.status_code == 200
    assert (
        "Den angivne emailadresse og/eller adgangskode er ikke korrekt" in response.content.decode()
    )


def test_repeated_failures_lock_the_login(world: World, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "koord.a@example.dk", "forkert-adgangskode")
    locked = login(client, "koord.a@example.dk")  # even the right password is refused now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_cannot_try_a_password_against_every_account(world: World, settings):
    """Password spraying: one failure per account, many accounts, from one address."""
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    accounts = [UserFactory(email=f"bruger{n}@example.dk") for n in range(8)]
    client = Client(REMOTE_ADDR="203.0.113.7")
    for account in accounts[:-1]:
        assert login(client, account.email, "Sommer2026!").status_code == 200
    # The eighth failure locks the address, for every account, even with the right password.
    assert login(client, accounts[-1].email, "Sommer2026!").status_code == 429
    locked = login(client, "koord.a@example.dk")
    assert locked.status_code == 429
    assert "for mange gange" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected, and the per-account lockout still holds below the limit.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert login(other, "koord.a@example.dk").status_code == 302


def test_locked_login_answers_in_danish_and_english(world: World, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "koord.a@example.dk", "forkert-adgangskode")
    danish = login(client, "koord.a@example.dk").content.decode()
    assert "For mange forsøg på at logge ind" in danish
    client.cookies["django_language"] = "en"
    english = login(client, "koord.a@example.dk").content.decode()
    assert "Too many" in english


def test_logout_needs_post_and_ends_the_session(world: World):
    client = world.client("secretariat")
    client.get(reverse("account_logout"))  # only asks
    assert client.get(reverse("municipalities:list")).status_code == 200
    client.post(reverse("account_logout"))
    location = client.get(reverse("municipalities:list"))["Location"]
    assert location.startswith(reverse("account_login"))


def test_password_reset_by_email(world: World):
    user = UserFactory(email="glemsom@example.dk", name="Glemsom Gert")
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "glemsom@example.dk"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glemsom@example.dk"]
    link = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "nyt-kodeord-til-gert-2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_address_reveals_nothing(db):
    response = Client().post(reverse("account_reset_password"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_short_password_is_refused_in_danish(world: World):
    client = world.client("norole")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "kort", "password2": "kort"},
    )
    assert response.status_code == 200
    assert "mindst 12 tegn" in response.content.decode()


def test_language_switch_to_english_and_back(world: World):
    client = world.client("secretariat")
    client.post(reverse("set_language"), {"language": "en", "next": "/kommuner/"})
    english = client.get(reverse("municipalities:list")).content.decode()
    assert 'lang="en"' in english
    assert "Municipalities" in english
    client.post(reverse("set_language"), {"language": "da", "next": "/kommuner/"})
    danish = client.get(reverse("municipalities:list")).content.decode()
    assert 'lang="da"' in danish
    assert "Kommuner" in danish


def test_danish_is_the_default_whatever_the_browser_prefers(world: World):
    client = world.client("secretariat")
    page = client.get(reverse("municipalities:list"), headers={"Accept-Language": "en-GB,en"})
    assert 'lang="da"' in page.content.decode()
    assert page["Content-Language"] == "da"
