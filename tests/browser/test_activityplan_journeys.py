"""Journey 6, the activity plan: the secretariat drafts the year's plan within the budget frame,
adds an activity, has it rendered as a PDF (progress shown while the job runs), submits it, puts it
on the political steering group's agenda and records the approval; a member reads the approved,
frozen version, in Danish and in English."""

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from alliance.models import GeneratedDocument, Job
from alliance.services import execute_job
from governance.models import ActivityPlan, Meeting
from tests.factories import MeetingFactory

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_activity_plan_from_draft_to_approved(page, browser, live_server, world: World):
    # The political steering group (body X) meets today; the meeting began at local midnight
    # (an hour ago would be yesterday between midnight and one o'clock).
    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min)
    meeting = MeetingFactory(
        body=world.body_x,
        title="Årsmøde om aktivitetsplanen",
        starts_at=timezone.make_aware(midnight),
        state=Meeting.State.PUBLISHED,
    )
    log_in(page, live_server, "sekretariat@example.dk")
    page.goto(f"{live_server.url}/organer/")
    page.get_by_role("link", name="Aktivitetsplaner", exact=True).click()
    page.get_by_role("link", name="Ny aktivitetsplan").click()
    page.get_by_label("År", exact=True).fill("2027")
    page.get_by_label("En tom plan med budgetrammen fra alliancens bidrag").check()
    page.get_by_role("button", name="Opret planen").click()
    assert page.locator("h1").inner_text() == "Aktivitetsplan 2027"
    plan_url = page.url

    # The budget frame: Region Hovedstaden's staff years and kroner.
    page.get_by_role("link", name="Redigér budgetrammen").click()
    page.locator("select[name=frame-0-partner]").select_option(label="Region Hovedstaden")
    page.locator("input[name=frame-0-staff_years]").fill("1,5")
    page.locator("input[name=frame-0-dkk]").fill("250000")
    page.get_by_role("button", name="Gem rammen").click()
    assert "Budgetrammen er gemt." in page.content()

    # An activity over the frame is shown as over budget; within it, the sums add up.
    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Titel").fill("Netværksmøder i Transport")
    page.locator("select[name=network]").select_option(label="Testnetværket")
    page.get_by_label("2. kvartal").check()
    page.get_by_label("3. kvartal").check()
    page.get_by_label("Årsværk").fill("2")
    page.get_by_label("Kroner").fill("100000")
    page.get_by_role("button", name="Tilføj aktiviteten").click()
    assert "Aktiviteten er tilføjet." in page.content()
    assert page.get_by_text("Over budget", exact=True).is_visible()
    page.get_by_role("link", name=re.compile("Redigér\\s+Netværksmøder i Transport")).click()
    page.get_by_label("Årsværk").fill("0,5")
    page.get_by_role("button", name="Gem aktiviteten").click()
    sums = page.locator("table.activityplan-sums").inner_text()
    assert "Tilbage\t1\t150.000" in sums
    assert not page.get_by_text("Over budget", exact=True).is_visible()

    # The PDF job: while it waits and runs, the page shows its progress; when it is done, the
    # list of versions refreshes by itself.
    plan = ActivityPlan.objects.get(year=2027)
    job = Job.objects.create(
        kind="activity-plan",
        subject_type=ContentType.objects.get_for_model(plan),
        subject_id=plan.pk,
        requested_by=world.users["secretariat"],
    )
    page.goto(plan_url)
    assert page.locator("progress").is_visible()
    assert "Venter på at gå i gang" in page.locator(".job-progress").inner_text()
    execute_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    page.get_by_text("Version 1 er en kladde").wait_for()
    assert page.get_by_role("link", name=re.compile(r"Version 1 \(PDF, \d+ sider\)")).is_visible()

    page.get_by_role("button", name="Indstil version 1 til godkendelse").click()
    assert "Planen er indstillet til godkendelse." in page.content()
    page.get_by_role("link", name="Sæt på dagsordenen").click()
    page.get_by_label("Møde i Politisk styregruppe").select_option(value=str(meeting.pk))
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    assert "Godkendelse af aktivitetsplan 2027" in page.locator("h1").inner_text()
    assert "Aktivitetsplan 2027, version 1" in page.content()  # the PDF as attachment

    # The decision at the meeting approves the version.
    page.get_by_role("link", name="Beslutning og referat").click()
    page.locator("select[name=outcome]").select_option("approved")
    page.locator("textarea[name=decision_text]").fill("Aktivitetsplanen godkendes.")
    page.get_by_role("button", name="Gem", exact=True).click()
    assert "Beslutning og referat er gemt." in page.content()
    page.get_by_role("link", name="Gå til Aktivitetsplan 2027").click()
    assert page.url == plan_url
    assert page.get_by_text(re.compile("Godkendt af Politisk styregruppe den")).is_visible()
    document = GeneratedDocument.objects.get(kind="activity-plan", subject_id=plan.pk)
    assert document.state == GeneratedDocument.State.APPROVED
    assert page.console_errors == []

    # A member of the body reads the approved version and downloads the frozen PDF.
    member_context = browser.new_context(locale="da-DK", accept_downloads=True)
    member = member_context.new_page()
    log_in(member, live_server, "medlem@example.dk")
    member.goto(plan_url)
    assert member.get_by_text(re.compile("Godkendt af Politisk styregruppe den")).is_visible()
    assert "Netværksmøder i Transport" not in member.content()  # no working draft for readers
    with member.expect_download() as download:
        member.get_by_role("link", name=re.compile("Hent den godkendte version 1")).click()
    content = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256

    # In English.
    switch_language(member, "English")
    assert member.locator("h1").inner_text() == "Activity plan 2027"
    assert member.get_by_text(re.compile("Approved by Politisk styregruppe on")).is_visible()
    assert member.get_by_role(
        "link", name=re.compile("Download the approved version 1")
    ).is_visible()
    member_context.close()
