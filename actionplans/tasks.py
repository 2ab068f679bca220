"""Celery tasks of the actionplans app: thin interfaces that call one service."""

from celery import shared_task

from . import reminders


@shared_task
def send_reminders() -> int:
    """Daily (Celery beat, 07:00 Europe/Copenhagen): the freshness reminders to coordinators."""
    return len(reminders.send_freshness_reminders())
