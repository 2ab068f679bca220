"""Logging in as each role, landing on the role's home page, and generating a climate profile."""

import re
from pathlib import Path

import pytest

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("persona", "path", "heading"),
    [
        ("secretariat", "/", "Regionen på et øjeblik"),
        ("coordinator_a", "/", "København"),  # their municipality's page, at `/`
        ("member", "/", "Mine organer"),  # their bodies' page, at `/`
    ],
)
def test_each_role_lands_on_its_home_page(page, live_server, world: World, persona, path, heading):
    log_in(page, live_server, world.users[persona].email)
    assert page.url == f"{live_server.url}{path}"
    assert heading in page.locator("h1").inner_text()
    assert page.console_errors == []


def test_coordinator_generates_and_downloads_the_profile(
    page, live_server, world: World, in_process_jobs
):
    log_in(page, live_server, "koord.a@example.dk")
    page.get_by_role("button", name="Dan klimaprofil").click()
    link = page.get_by_role("link", name=re.compile("Hent Klimaprofil: København"))
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert page.console_errors == []


def test_the_portal_speaks_english_when_asked(page, live_server, world: World):
    log_in(page, live_server, "sekretariat@example.dk")
    switch_language(page, "English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Municipalities" in page.locator("nav").first.inner_text() + page.content()
    switch_language(page, "Dansk")
    assert page.locator("html").get_attribute("lang") == "da"
