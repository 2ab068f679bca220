"""Journey 5: the secretariat prepares a meeting, builds and publishes its pack; a member
downloads it; a member of another body and an outsider cannot."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import World
from ..governance.pdfs import make_pdf
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_builds_and_publishes_a_pack_that_only_members_get(
    page, browser, live_server, world: World, in_process_jobs, tmp_path
):
    log_in(page, live_server, "sekretariat@example.dk")
    page.goto(f"{live_server.url}{world.body_x.get_absolute_url()}")
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Titel").fill("Årsmøde 2027")
    page.get_by_label("Starter").fill("2027-02-10T10:00")
    page.get_by_label("Sted").fill("Gate 21, Albertslund")
    page.get_by_role("button", name="Opret mødet").click()
    assert "Årsmøde 2027" in page.locator("h1").inner_text()
    meeting_url = page.url

    page.get_by_role("link", name="Nyt punkt").click()
    page.get_by_label("Overskrift").fill("Aktivitetsplan 2027")
    page.get_by_label("Type").select_option("decision")
    page.get_by_label("Indstilling").fill("Det indstilles, at aktivitetsplanen godkendes.")
    page.get_by_role("button", name="Opret punktet").click()
    page.get_by_role("link", name="Tilføj bilag").click()
    attachment = tmp_path / "aktivitetsplan.pdf"
    attachment.write_bytes(make_pdf("Udkast til aktivitetsplan", pages=2))
    page.get_by_label("Titel").fill("Udkast til aktivitetsplan")
    page.get_by_label("Fil").set_input_files(str(attachment))
    page.get_by_role("button", name="Tilføj bilaget").click()
    assert "Bilaget er tilføjet." in page.content()

    page.goto(meeting_url)
    page.get_by_role("button", name="Byg mødepakken").click()
    page.get_by_role("button", name="Udgiv version 1 og giv medlemmerne besked").click()
    assert "Mødepakken er udgivet" in page.content()
    assert page.console_errors == []

    # The member of the body downloads version 1, in English too.
    member_page = browser.new_context(locale="da-DK", accept_downloads=True).new_page()
    log_in(member_page, live_server, "medlem@example.dk")
    member_page.goto(meeting_url)
    link = member_page.get_by_role("link", name=re.compile("Mødepakke, version 1"))
    with member_page.expect_download() as download:
        link.click()
    reader = PdfReader(Path(download.value.path()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Aktivitetsplan 2027" in text and "Udkast til aktivitetsplan" in text
    # cover, agenda, follow-up on the body's earlier decision (world.follow_up_x), the item, and
    # the attachment's two pages
    assert len(reader.pages) == 6
    assert "Opfølgning på tidligere beslutninger" in text
    document_url = link.get_attribute("href")
    switch_language(member_page, "English")
    english = member_page.get_by_role("link", name=re.compile("Meeting pack, version 1"))
    assert english.get_attribute("href") == document_url
    assert "Agenda" in member_page.locator("main").inner_text()

    # A member of another body, a coordinator and an anonymous visitor get nothing.
    for email in ("andet.organ@example.dk", "koord.a@example.dk"):
        other = browser.new_context(locale="da-DK").new_page()
        log_in(other, live_server, email)
        for url in (meeting_url, f"{live_server.url}{document_url}"):
            response = other.request.get(url)
            assert response.status == 404
    anonymous = browser.new_context().new_page()
    response = anonymous.request.get(f"{live_server.url}{document_url}", max_redirects=0)
    assert response.status == 302 and "/konto/login/" in response.headers["location"]
