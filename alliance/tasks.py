"""Celery tasks: thin interfaces that take ids and call one service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import digest, services


@shared_task(
    autoretry_for=(services.TransientJobError, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=4,
)
def run_job(job_id: int) -> None:
    services.execute_job(job_id=job_id)


@shared_task
def sweep_jobs() -> int:
    return services.requeue_stuck_jobs()


@shared_task
def send_digests() -> int:
    """Daily (Celery beat, 07:00 Europe/Copenhagen): each person's reminders in one e-mail."""
    return len(digest.send_digests())
