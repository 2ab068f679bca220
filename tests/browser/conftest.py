"""Browser journeys: Playwright driving the machine's Chromium (Debian's package), headless.

Never downloads a browser: the executable is /usr/bin/chromium (or $CHROMIUM). A failing test
leaves a screenshot in test-artifacts/."""

import os
import shutil
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from alliance.accounts import requires_second_factor
from alliance.models import User

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
    # still synchronous and safe here. Set only while a browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def second_factor(user) -> RecoveryCodes | None:
    """The secretariat and staff log in with a second factor: give them one (an authenticator
    app and recovery codes) if they have none. Journeys log in with a fresh recovery code each
    time, so two logins within one 30-second TOTP period both work."""
    if not requires_second_factor(user):
        return None
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)


def log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    user = User.objects.filter(email=email).first()
    codes = second_factor(user) if user else None
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    if codes is not None and "/konto/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", codes.get_unused_codes()[0])
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")


def switch_language(page, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    page.wait_for_load_state("networkidle")
