"""Celery tasks of the reports app: thin interfaces that take ids and call one service."""

import logging

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Job

from . import pdf, services

logger = logging.getLogger(__name__)


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
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
            state=Job.State.FAILED,
            error=_("Dokumentet kunne ikke dannes (%(error)s).") % {"error": type(exc).__name__},
            finished_at=timezone.now(),
        )


@shared_task
def send_round_reminders() -> int:
    """Daily (Celery beat, 07:15 Europe/Copenhagen): reminders as a round's deadline nears."""
    return len(services.send_due_round_reminders())
