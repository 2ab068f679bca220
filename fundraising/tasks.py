"""Celery tasks of the fundraising app: thin interfaces that call one service."""

from celery import shared_task

from . import reminders


@shared_task
def send_deadline_reminders() -> int:
    """Daily (Celery beat, 07:10 Europe/Copenhagen): reminders before funding deadlines."""
    return len(reminders.send_deadline_reminders())
