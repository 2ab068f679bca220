"""PostgreSQL's real row lock on a report build: a last section task refused the lock (NOWAIT) by
the one assembling lays out the page numbers while it waits, then finds the report assembled and
does nothing more. Runs where PostgreSQL is configured (CI), as row locks need it."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from pypdf import PdfReader

from alliance.models import GeneratedDocument, Job
from reports import pdf as report_pdf
from reports.content import report_data, section_keys
from reports.models import ReportBuild
from reports.services import REPORT_JOB
from tests.conftest import World
from tests.reports.factories import add_reports

# Not in tests/reports: its world builds a draft report through the job pipeline, and a committed
# job is sent to the real broker here (transaction=True), where a later worker test would take it.
# This test sends nothing: it makes its job's rows itself and runs tasks in process.
pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


def complete_build(world: World) -> ReportBuild:
    """A job whose sections are all laid out and kept, not yet assembled."""
    report = add_reports(world).status_report
    job = Job.objects.create(
        kind=REPORT_JOB,
        subject_type=ContentType.objects.get_for_model(report),
        subject_id=report.pk,
        state=Job.State.RUNNING,
    )
    data = report_data(report)
    build = ReportBuild.objects.create(job=job, data=data, sections=section_keys(data))
    for key in build.sections:
        report_pdf.store_section(job_id=job.pk, key=key)
    return build


def test_a_task_refused_the_lock_lays_out_the_page_numbers_then_waits(
    in_process_jobs, world, monkeypatch
):
    assert connection.vendor == "postgresql"
    build = complete_build(world)
    rows = list(build.rendered.values_list("page_count", "anchors"))
    entries = sum(len(anchors) for _pages, anchors in rows)
    pages = report_pdf.front_pages(entries) + sum(pages for pages, _a in rows)
    locked, laid_out_while_locked = threading.Event(), threading.Event()
    released_after_layout = []
    asked, laid_out = [], []
    lay_out_overlay = report_pdf.lay_out_overlay_if_complete
    render_document = report_pdf.render_document

    def overlay_then_tell(job_id):
        lay_out_overlay(job_id)
        asked.append(job_id)
        laid_out_while_locked.set()

    def document(html, *args, **kwargs):
        laid = render_document(html, *args, **kwargs)
        if 'class="sheet cover"' in html:  # the page numbers' overlay
            laid_out.append(len(laid.pages))
        return laid

    monkeypatch.setattr(report_pdf, "lay_out_overlay_if_complete", overlay_then_tell)
    monkeypatch.setattr(report_pdf, "render_document", document)

    def assembling_elsewhere():
        """Another worker holding the build's lock, as the assembly does, until the refused task
        has laid out the page numbers."""
        try:
            with transaction.atomic():
                ReportBuild.objects.select_for_update().get(pk=build.pk)
                locked.set()
                released_after_layout.append(laid_out_while_locked.wait(timeout=60))
        finally:
            connection.close()

    holder = threading.Thread(target=assembling_elsewhere)
    holder.start()
    assert locked.wait(timeout=30)
    report_pdf.assemble_if_complete(job_id=build.job_id)  # refused, lays out, waits, assembles
    holder.join(timeout=30)

    # Asked by the refused task while the lock was held, then by the task the assembly sends (in
    # process here); laid out once, by the first, and taken from the kept layouts after.
    assert released_after_layout == [True]
    assert asked == [build.job_id, build.job_id] and laid_out == [pages]
    build.refresh_from_db()
    assert build.assembled
    document = GeneratedDocument.objects.get(job=build.job)
    assert document.page_count == pages
    reader = PdfReader(document.file.open("rb"))
    assert f"Side {pages} af {pages}" in reader.pages[-1].extract_text()
