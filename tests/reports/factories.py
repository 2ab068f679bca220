"""Reporting rounds and a status report for the shared World (tests/conftest.py), added only
where needed: an open round shows on every municipality page."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from alliance.models import GeneratedDocument, Job
from alliance.pdf import RenderedPdf
from alliance.services import store_document
from reports.services import REPORT_JOB, close_round, open_round

OPEN_YEAR = 2026
CLOSED_YEAR = 2025


def add_reports(world):
    """An open round (2026) in which nobody has reported, and a closed round (2025) with its
    status report. Idempotent; returns the world."""
    if getattr(world, "round_open", None) is not None:
        return world
    secretariat = world.users["secretariat"]
    world.round_open = open_round(
        year=OPEN_YEAR, deadline=dt.date(OPEN_YEAR + 1, 1, 31), by=secretariat
    )
    closed = open_round(year=CLOSED_YEAR, deadline=dt.date(CLOSED_YEAR + 1, 1, 31), by=secretariat)
    world.round_closed = close_round(reporting_round=closed, by=secretariat)
    world.status_report = world.round_closed.report
    return world


def report_document(world) -> GeneratedDocument:
    """One draft version of the 2025 report's PDF (a stand-in file). Idempotent."""
    add_reports(world)
    if getattr(world, "report_document", None) is not None:
        return world.report_document
    job = Job.objects.create(
        kind=REPORT_JOB,
        subject_type=ContentType.objects.get_for_model(world.status_report),
        subject_id=world.status_report.pk,
        requested_by=world.users["secretariat"],
    )
    world.report_document = store_document(
        job=job,
        subject=world.status_report,
        title="Statusrapport 2025",
        pdf=RenderedPdf(content=b"%PDF-1.7 test", page_count=1),
    )
    return world.report_document
