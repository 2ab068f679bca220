"""Journey 6 (status report): the secretariat opens a reporting round, a coordinator reports,
the round is closed, the report is generated with its progress shown, submitted to a meeting,
approved there, and the approved version stays frozen when the report is generated again."""

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from alliance.models import GeneratedDocument
from governance.models import AgendaItem
from reports.models import StatusReport

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporting_round_to_approved_status_report(
    page, browser, live_server, world: World, in_process_jobs
):
    meeting = world.meeting_x
    meeting.starts_at = timezone.now() - dt.timedelta(hours=1)  # the meeting is under way
    meeting.save()

    # The secretariat opens the round for 2027.
    log_in(page, live_server, "sekretariat@example.dk")
    page.goto(f"{live_server.url}/rapportering/")
    page.get_by_role("link", name="Åbn en ny runde").click()
    page.get_by_label("År").fill("2027")
    page.get_by_label("Frist").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Åbn runden").click()
    assert "Rapporteringsrunden for 2027 er åbnet." in page.content()
    round_url = page.url
    assert "0 af 2" in page.locator("#completion").inner_text()

    # The coordinator lands on the municipality page, sees the round and reports.
    coordinator = browser.new_context(locale="da-DK").new_page()
    log_in(coordinator, live_server, "koord.a@example.dk")
    panel = coordinator.locator("#reporting-round")
    assert "Rapporteringsrunde 2027" in panel.inner_text()
    assert world.initiative_a.title in panel.inner_text()
    coordinator.get_by_role("button", name="Meld kommunen rapporteret").click()
    assert "København er meldt rapporteret for 2027" in coordinator.content()

    # The secretariat sees the completion and closes the round.
    page.goto(round_url)
    assert "1 af 2" in page.locator("#completion").inner_text()
    page.get_by_role("button", name="Luk runden og fastfrys data").click()
    assert "Statusrapport 2027" in page.locator("h1").inner_text()
    report_url = page.url

    # Generating the PDF shows the job's state in the live region until the document is ready.
    page.get_by_role("button", name="Dan PDF'en").click()
    status = page.locator("#report-job")
    status.get_by_text("Dokumentet er klar").wait_for(timeout=180_000)
    assert "Hent Statusrapport 2027, version 1 (PDF)" in status.inner_text()
    page.goto(report_url)
    row = page.locator("tr[data-version='1']")
    assert "Kladde" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile("Version 1")).click()
    first_bytes = Path(download.value.path()).read_bytes()
    assert first_bytes.startswith(b"%PDF")

    # Submitted to the political steering group's meeting as a decision item.
    row.get_by_role("link", name="Indstil til godkendelse").click()
    page.get_by_label("Møde").select_option(str(meeting.pk))
    page.get_by_role("button", name="Indstil og sæt på dagsordenen").click()
    assert "Version 1 er indstillet og sat på dagsordenen" in page.content()
    assert "Godkendelse af statusrapport 2027" in page.content()
    item = AgendaItem.objects.get(title="Godkendelse af statusrapport 2027")
    page.goto(f"{live_server.url}/organer/punkter/{item.pk}/beslutning/")
    page.get_by_label("Afgørelse").select_option("approved")
    page.get_by_role("button", name="Gem").click()
    assert "Beslutning og referat er gemt." in page.content()

    # The approved version is frozen: shown as approved, and a new generation makes version 2.
    page.goto(report_url)
    assert "Godkendt den" in page.locator("tr[data-version='1']").inner_text()
    report = StatusReport.objects.get(round__year=2027)
    approved = GeneratedDocument.objects.for_subject(report).get(version=1)
    assert approved.state == GeneratedDocument.State.APPROVED
    assert hashlib.sha256(first_bytes).hexdigest() == approved.sha256
    page.get_by_role("button", name="Dan en ny version af PDF'en").click()
    page.locator("#report-job").get_by_text("Dokumentet er klar").wait_for(timeout=180_000)
    page.goto(report_url)
    assert "Kladde" in page.locator("tr[data-version='2']").inner_text()
    approved.refresh_from_db()
    assert approved.state == GeneratedDocument.State.APPROVED and approved.verify_checksum()
    assert hashlib.sha256(first_bytes).hexdigest() == approved.sha256

    # The municipalities' fact sheets: one job, one ZIP with a one-page PDF per municipality; the
    # list of versions refreshes itself when the job is done.
    page.get_by_role("button", name="Dan faktaarkene").click()
    page.locator("#factsheets-job").get_by_text("Dokumentet er klar").wait_for(timeout=180_000)
    sheets = page.locator("#factsheets-documents")
    sheets.get_by_text("Version 1 (ZIP med 2 ark)").wait_for()
    with page.expect_download() as download:
        sheets.get_by_role("link", name=re.compile("Version 1")).click()
    assert download.value.suggested_filename == "faktaark-2027-v1.zip"
    archive = zipfile.ZipFile(download.value.path())
    assert sorted(archive.namelist()) == [
        "faktaark-2027-101-koebenhavn.pdf",
        "faktaark-2027-147-frederiksberg.pdf",
    ]
    assert page.console_errors == []

    # In English.
    switch_language(page, "English")
    assert "Status report 2027" in page.locator("h1").inner_text()
    assert "PDF and approval" in page.locator("main").inner_text()
    assert "Approved on" in page.locator("tr[data-version='1']").inner_text()
