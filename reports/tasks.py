"""Background work of the reports app: Celery tasks (thin interfaces that take ids and call one
service) and the job kinds it hands to the job pipeline (see the registry in alliance/services.py)."""

import logging

from celery import shared_task

from alliance.models import Job
from alliance.services import fail_job, failure_message, register_job_kind

from . import factsheets, pdf, services
from .models import ReportingRound, StatusReport

logger = logging.getLogger(__name__)

register_job_kind(services.REPORT_JOB, subject_model=StatusReport, run=pdf.run_report_job)
register_job_kind(services.DRAFT_JOB, subject_model=ReportingRound, run=pdf.run_draft_job)
register_job_kind(
    factsheets.FACTSHEETS_JOB, subject_model=StatusReport, run=factsheets.run_factsheets_job
)


@shared_task(acks_late=True)
def render_report_section(job_id: int, key: str) -> None:
    """Lay out one section of a status report; the last one to finish assembles the report."""
    try:
        pdf.store_section(job_id=job_id, key=key)
        pdf.assemble_if_complete(job_id=job_id)
    except Exception as exc:
        # The job row is the truth: a failed section fails the job (the sweeper and the
        # attempts cap of alliance.services handle a worker that died instead).
        logger.exception("Section %s of job %s failed", key, job_id)
        job = Job.objects.filter(pk=job_id).first()
        if job is not None:
            fail_job(job=job, error=failure_message(exc))


@shared_task
def lay_out_overlay(job_id: int) -> None:
    """A status report's page numbers, laid out while another worker assembles it."""
    pdf.lay_out_overlay_if_complete(job_id)


@shared_task
def prune_layouts() -> None:
    """Nightly: the status report's kept layouts older than a month go (reports/pdf.py)."""
    logger.info("Pruned %d kept report layouts", pdf.prune_layouts())
