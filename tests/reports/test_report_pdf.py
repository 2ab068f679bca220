"""The status report's PDF: sections laid out in parallel tasks and merged, with a contents whose
page numbers match the pages, bookmarks, continuous "Side X af Y" and Danish characters; the same
document from the single-process fallback; approval freezes a version for good."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from psycopg.errors import LockNotAvailable
from pypdf import PdfReader

from actionplans.models import Initiative
from alliance.models import GeneratedDocument, Job
from governance.models import AgendaItem
from governance.services.meetings import record_decision
from reports import pdf as report_pdf
from reports.content import report_data
from reports.models import ReportBuild
from reports.pdf import build_single_process, prune_layouts
from reports.services import RoundRuleError, request_report, submit_report
from reports.tasks import render_report_section
from tests.conftest import World
from tests.factories import ActivityFactory, DevelopmentTrackFactory
from tests.pdf_structure import assert_tagged, text_in_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process_jobs")]


def build(world: World, capture) -> GeneratedDocument:
    with capture(execute=True):
        job = request_report(report=world.status_report, by=world.users["secretariat"])
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    return job.document


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(__import__("io").BytesIO(content)).pages]


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page index) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((item.title, level, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def test_report_pdf_contents_bookmarks_page_numbers_and_fallback(
    world: World, django_capture_on_commit_callbacks
):
    report = world.status_report
    report.introduction = "Året bød på grøn omstilling i både Ærø-stil og på Østerbro."
    report.save()
    document = build(world, django_capture_on_commit_callbacks)
    assert (document.version, document.state) == (2, GeneratedDocument.State.DRAFT)
    with document.file.open("rb") as fh:
        content = fh.read()
    reader = PdfReader(document.file.path)
    texts = pages_text(content)
    total = len(texts)
    assert total == document.page_count > 6

    # Cover without numbers; every other page "Side X af Y", continuous.
    assert "Statusrapport 2025" in texts[0] and "Side" not in texts[0]
    for index in range(1, total):
        assert f"Side {index + 1} af {total}" in texts[index], index
    # The running header names the chapter.
    assert "Statusrapport 2025" in texts[2] and "Indledning" in texts[2]

    # The contents: each entry's page number is the page its heading is on.
    contents = texts[1]
    entries = re.findall(r"^(.+?)\s*(\d+)$", contents, flags=re.MULTILINE)
    numbered = {title.strip(): int(page) for title, page in entries}
    for title in ("Indledning", "Regionen samlet", "Kommunerne", "København", "Frederiksberg"):
        assert title in numbered, contents
    for title, page in numbered.items():
        if " Side " in f" {title} " or title.startswith("Statusrapport"):
            continue
        assert title in texts[page - 1], (title, page)
    # Each section draws its own running header: in the municipalities' chapter, the municipality.
    assert "Statusrapport 2025 · Kommunerne · Frederiksberg" in texts[numbered["Frederiksberg"] - 1]

    # Bookmarks: the same entries, municipalities nested under their chapter.
    marks = outline(reader)
    titles = [title for title, _level, _page in marks]
    assert titles[:4] == ["Indhold", "Indledning", "Regionen samlet", "Kommunerne"]
    assert ("Frederiksberg", 2, numbered["Frederiksberg"] - 1) in marks
    assert ("København", 2, numbered["København"] - 1) in marks
    assert "Det næste år" in titles

    # Danish characters survive (text extraction, so they are real text, not shapes).
    introduction = texts[numbered["Indledning"] - 1]
    assert "Året bød på grøn omstilling i både Ærø-stil og på Østerbro." in introduction
    # Charts are vectors with text labels in the PDF.
    region = texts[numbered["Regionen samlet"] - 1] + texts[numbered["Regionen samlet"]]
    assert "I gang" in region and "Transport" in region

    # The single-process fallback gives the same document.
    data = ReportBuild.objects.get(job=document.job).data
    single = build_single_process(data)
    assert single.page_count == total
    assert pages_text(single.content) == texts


def test_the_page_numbers_are_laid_out_beside_the_assembly(
    world: World, django_capture_on_commit_callbacks, monkeypatch
):
    """The page numbers are laid out beside the assembly, which takes them from the kept
    layouts: by an idle worker (a task sent as the assembly starts), or by the last section tasks
    when they finish together and one is refused the lock on the build (PostgreSQL's NOWAIT,
    simulated here) by the one assembling, instead of waiting idle."""
    asked, laid_out = [], []
    render_overlay, render_document = report_pdf.render_overlay, report_pdf.render_document
    locked_build = report_pdf._locked_build

    def overlay(title, pages, **kwargs):
        asked.append(pages)
        return render_overlay(title, pages, **kwargs)

    def document(html, *args, **kwargs):
        laid = render_document(html, *args, **kwargs)
        if 'class="sheet cover"' in html:
            laid_out.append(len(laid.pages))
        return laid

    def held_by_another(job_id, *, nowait=False):
        build = ReportBuild.objects.get(job_id=job_id)
        if nowait and build.rendered.count() == len(build.sections):
            raise OperationalError("could not obtain lock") from LockNotAvailable()
        return locked_build(job_id, nowait=nowait)

    monkeypatch.setattr(report_pdf, "render_overlay", overlay)
    monkeypatch.setattr(report_pdf, "render_document", document)
    monkeypatch.setattr(report_pdf, "_locked_build", held_by_another)
    pages = build(world, django_capture_on_commit_callbacks).page_count
    # Asked while waiting for the lock, by the task (in process here) and by the assembly; laid
    # out once.
    assert asked == [pages, pages, pages] and laid_out == [pages]


def test_approval_freezes_the_version_for_good(
    world: World, django_capture_on_commit_callbacks, settings
):
    secretariat = world.users["secretariat"]
    document = build(world, django_capture_on_commit_callbacks)
    # Members and coordinators do not see a draft.
    download = reverse("document-download", kwargs={"pk": document.pk})
    assert world.client("coordinator_a").get(download).status_code == 404

    item = submit_report(document=document, meeting=world.meeting_x, by=secretariat)
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.SUBMITTED
    assert item.kind == AgendaItem.Kind.DECISION and item.linked_object == document
    with pytest.raises(RoundRuleError):
        submit_report(document=document, meeting=world.meeting_x, by=secretariat)

    meeting = world.meeting_x
    meeting.starts_at = timezone.now() - timezone.timedelta(hours=1)
    meeting.save()
    item.refresh_from_db()
    record_decision(
        item=item,
        outcome=AgendaItem.Outcome.APPROVED,
        decision_text="Godkendt.",
        minutes="",
        by=secretariat,
        expected_version=item.lock_version,
    )
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.APPROVED and document.approved_at
    with document.file.open("rb") as fh:
        approved_bytes = fh.read()
    approved_sha = document.sha256
    assert hashlib.sha256(approved_bytes).hexdigest() == approved_sha
    assert world.client("coordinator_a").get(download).status_code == 200
    page = world.client("secretariat").get(world.status_report.get_absolute_url())
    assert "Godkendt den" in page.content.decode()

    # Later edits and a regeneration (the single-process path) make a new draft version.
    initiative = world.initiative_a
    initiative.status = Initiative.Status.COMPLETED
    initiative.save()
    settings.REPORT_PARALLEL = False
    again = build(world, django_capture_on_commit_callbacks)
    assert again.version == document.version + 1 and again.state == GeneratedDocument.State.DRAFT
    document.refresh_from_db()
    with document.file.open("rb") as fh:
        assert fh.read() == approved_bytes
    assert document.sha256 == approved_sha and document.verify_checksum()
    # The snapshot is frozen, so the new version shows the same data (same text).
    assert pages_text(approved_bytes)[2:] == pages_text(again.file.open("rb").read())[2:]

    # Neither a bulk update nor a save may change the approved version.
    with pytest.raises(ValidationError):
        GeneratedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    document.title = "Noget andet"
    with pytest.raises(ValidationError):
        document.save()
    document.refresh_from_db()
    assert document.sha256 == approved_sha


def test_build_shows_progress_and_the_report_page_is_bounded(world: World):
    client = world.client("secretariat")
    url = world.status_report.get_absolute_url()
    # Without running the job (no commit in this test), the page shows it waiting, polled by htmx.
    response = client.post(
        reverse("reports:report-build", kwargs={"year": 2025}), HTTP_HX_REQUEST="true"
    )
    assert 'data-job-state="queued"' in response.content.decode()
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    ActivityFactory.create_batch(
        3, network=world.network, starts_at=timezone.now().replace(year=2025)
    )
    DevelopmentTrackFactory.create_batch(2)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) < 40


def test_a_failed_section_fails_the_report_job_with_a_message(world: World):
    """A section laid out on its own worker that breaks (here: its build is gone) fails the job
    through the pipeline's own fail_job; the report page stops polling."""
    job = request_report(report=world.status_report, by=world.users["secretariat"])
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)

    render_report_section(job.pk, "forside")

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "Dokumentet kunne ikke dannes (DoesNotExist)."
    page = world.client("secretariat").get(world.status_report.get_absolute_url())
    assert page.context["job"] is None


def test_report_pdf_is_tagged_across_its_joined_sections(
    world: World, django_capture_on_commit_callbacks
):
    """Sections laid out apart and joined keep one structure tree (headings, tables with header
    cells, charts as figures stating their finding); the running header and page numbers are
    artifacts, so the text reads in order: header, page, footer."""
    document = build(world, django_capture_on_commit_callbacks)
    with document.file.open("rb") as fh:
        content = fh.read()
    structure = assert_tagged(content, title="Statusrapport 2025")
    assert structure.kinds["H1"] >= 8 and structure.kinds["H2"] >= 2
    assert structure.kinds["TH"] and structure.kinds["TD"]
    alts = " ".join(structure.figure_alts)
    # Each chart's alternative: its title, its finding, then its numbers.
    assert "Indsatser efter status. Størst: I gang, 2. Ikke startet: 0; I gang: 2;" in alts
    assert all(alt for alt in structure.figure_alts) and len(structure.figure_alts) >= 3
    # The map of the 29 municipalities (municipalities/maps.py) is a figure stating its finding.
    assert (
        "Klimaplanens status. Klimaplanens status i de 29 kommuner. Politisk vedtaget: 2; "
        "Ingen data: 27." in structure.figure_alts
    )
    assert structure.outline[:4] == ["Indhold", "Indledning", "Regionen samlet", "Kommunerne"]
    text = text_in_order(content)
    order = [
        "Statusrapport 2025",
        "Statusrapport 2025 · Indledning",
        "Indledning",
        "Sekretariatet har ikke skrevet en indledning.",
        "Side 3 af",
        "Statusrapport 2025 · Regionen samlet",
        "Regionen samlet",
    ]
    position = 0
    for part in order:  # each after the one before
        position = text.index(part, position) + len(part)
    assert "Sekretariatet har ikke skrevet en indledning.\n\nKlimaalliancen" in text


def test_the_page_numbers_are_laid_out_in_parts_from_either_end(world: World, monkeypatch):
    """The overlay is laid out in parts of OVERLAY_PART pages; the worker beside the assembly
    starts from the last part. The numbers run on across the parts, and the assembly takes the
    parts the other worker laid out instead of laying them out again."""
    monkeypatch.setattr(report_pdf, "OVERLAY_PART", 3)
    translation.activate("da")
    data = report_data(world.status_report)
    texts = pages_text(build_single_process(data).content)
    total = len(texts)
    assert total > 2 * 3 and "Side" not in texts[0]
    for index in range(1, total):
        assert f"Side {index + 1} af {total}" in texts[index], index

    prune_layouts(older_than=dt.timedelta(0))
    laid_out = []
    render_document = report_pdf.render_document

    def document(html, *args, **kwargs):
        laid = render_document(html, *args, **kwargs)
        laid_out.append(len(laid.pages))
        return laid

    monkeypatch.setattr(report_pdf, "render_document", document)
    beside = report_pdf.render_overlay("Statusrapport 2025", total, from_the_end=True)
    assert laid_out == [total % 3 or 3] + [3] * ((total - 1) // 3)  # the last part first
    assert report_pdf.render_overlay("Statusrapport 2025", total) == beside
    assert len(laid_out) == len(beside)  # nothing laid out again
