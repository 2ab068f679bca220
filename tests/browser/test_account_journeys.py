"""Accounts (issue 18): the secretariat enrols an authenticator app and logs in with its code, a
recovery code works once; a coordinator signs in with the municipality's account through a real
OpenID Connect provider (tests/oidc/provider.mjs) into their invited account, and an uninvited
one is refused; the list of one's sessions and "log out everywhere"."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount

from people.models import Invitation

from ..conftest import World
from ..factories import CoordinatorFactory
from ..oidc_provider import oidc_provider, use_provider
from ..people.factories import invite
from .conftest import PASSWORD, log_in
from .test_accessibility import assert_accessible
from .test_dashboard_journeys import in_language, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "enrol": "Opsæt godkendelsesapp",
        "activate": "Aktivér",
        "codes": "Gendannelseskoder",
        "sign_in": "Log ind",
        "incorrect": "Forkert kode.",
        "sessions": "Dine sessioner",
        "everywhere": "Log ud overalt",
        "logged_out": "Du er logget ud på alle enheder.",
    },
    "en": {
        "enrol": "Set up authenticator app",
        "activate": "Activate",
        "codes": "Recovery Codes",
        "sign_in": "Sign In",
        "incorrect": "Incorrect code.",
        "sessions": "Your sessions",
        "everywhere": "Log out everywhere",
        "logged_out": "You are logged out on every device.",
    },
}


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit_password(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def submit_code(page, code: str) -> None:
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def log_out(page) -> None:
    page.locator("header .portal-user button.log-off").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_enrols_totp_and_logs_in_with_codes(page, live_server, world: World, language):
    t = LABELS[language]
    in_language(page, live_server, language)
    submit_password(page, live_server, "sekretariat@example.dk")
    # No second factor yet: every page leads to the enrolment.
    assert page.url.endswith("/konto/2fa/totp/activate/")
    page.goto(f"{live_server.url}/kommuner/")
    assert page.url.endswith("/konto/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == t["enrol"]
    assert page.locator("img.mfa-qr").count() == 1
    assert_accessible(page)
    no_sideways_scroll(page)
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", current_code(secret))
    page.get_by_role("button", name=t["activate"]).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == t["codes"]
    assert_accessible(page)
    codes = page.input_value("#recovery_codes").split()
    assert len(codes) == 10
    page.goto(f"{live_server.url}/kommuner/")
    assert page.url.endswith("/kommuner/")  # enrolled: the portal opens

    log_out(page)
    submit_password(page, live_server, "sekretariat@example.dk")
    assert "/konto/2fa/authenticate/" in page.url
    assert_accessible(page)
    no_sideways_scroll(page)
    submit_code(page, current_code(secret))
    assert page.url == f"{live_server.url}/"  # the secretariat's home, the region's dashboard

    # A recovery code works once.
    log_out(page)
    submit_password(page, live_server, "sekretariat@example.dk")
    submit_code(page, codes[0])
    assert page.url == f"{live_server.url}/"
    log_out(page)
    submit_password(page, live_server, "sekretariat@example.dk")
    submit_code(page, codes[0])
    assert "/konto/2fa/authenticate/" in page.url
    assert t["incorrect"] in page.content()
    assert_accessible(page)
    assert page.console_errors == []


@pytest.fixture
def municipal_provider(live_server, settings):
    """A real OpenID Connect provider with two accounts: Nina, invited as coordinator of A, and
    Ulla, whom nobody invited. Both addresses verified by the provider."""
    accounts = {
        "nina": {"email": "Nina.Ny@example.dk", "email_verified": True, "name": "Nina Ny"},
        "ulla": {"email": "ulla@example.dk", "email_verified": True, "name": "Ulla Uden"},
    }
    redirect_uri = f"{live_server.url}/konto/oidc/kommune/login/callback/"
    with oidc_provider(redirect_uri=redirect_uri, accounts=accounts) as issuer:
        use_provider(settings, issuer)
        yield issuer


def sign_in_at_provider(page, live_server, login: str) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_role("link", name="Log ind med Kommunekonto (test)").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)  # allauth's "continue to the provider" page, in our look
    page.locator("main form button[type=submit]").click()
    # The provider's own (development) login and consent pages.
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "anything")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]", has_text="Continue").click()
    page.wait_for_load_state("networkidle")
    # The provider's development pages load web fonts from the internet, which this machine may
    # not reach; only the portal's own pages are held to no console errors.
    page.console_errors.clear()


def test_invited_coordinator_signs_in_with_the_municipalitys_account(
    page, live_server, world: World, municipal_provider
):
    nina = CoordinatorFactory(
        municipality=world.municipality_a, user__email="nina.ny@example.dk", user__name="Nina Ny"
    ).user
    nina.set_unusable_password()
    nina.save()
    invitation = invite(nina, token="nina-token")
    sign_in_at_provider(page, live_server, "nina")
    assert page.url == f"{live_server.url}/"  # a coordinator's home: their municipality's page
    assert "København" in page.get_by_role("heading", level=1).inner_text()
    assert "Nina Ny" in page.content()
    assert SocialAccount.objects.get(user=nina).provider == "kommune"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None  # the e-mailed link no longer opens the account
    assert not Invitation.objects.pending().filter(user=nina).exists()
    assert page.console_errors == []


def test_uninvited_sign_in_is_refused_in_danish(
    page, live_server, world: World, municipal_provider
):
    sign_in_at_provider(page, live_server, "ulla")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Ingen adgang med denne konto"
    assert "hvis sekretariatet har inviteret dig" in page.content()
    assert not SocialAccount.objects.exists()
    assert_accessible(page)
    page.goto(f"{live_server.url}/kommuner/")
    assert "/konto/login/" in page.url  # not logged in


@pytest.mark.parametrize("language", ["da", "en"])
def test_sessions_list_and_log_out_everywhere(browser, page, live_server, world: World, language):
    t = LABELS[language]
    other = browser.new_context(locale="da-DK").new_page()
    log_in(other, live_server, "koord.a@example.dk")
    in_language(page, live_server, language)
    log_in(page, live_server, "koord.a@example.dk")
    page.goto(f"{live_server.url}/konto/sessions/")
    assert page.get_by_role("heading", level=1).inner_text() == t["sessions"]
    assert page.locator("main tbody tr").count() == 2
    assert_accessible(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name=t["everywhere"]).click()
    page.wait_for_load_state("networkidle")
    assert "/konto/login/" in page.url
    assert t["logged_out"] in page.content()
    other.goto(f"{live_server.url}/kommuner/")
    assert "/konto/login/" in other.url  # the other browser is logged out too
    other.context.close()
