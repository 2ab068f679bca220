"""Celery tasks of the governance app: thin interfaces that call one service."""

from celery import shared_task

from . import meetings


@shared_task
def send_follow_up_reminders() -> int:
    """Daily (Celery beat, 07:05 Europe/Copenhagen): reminders about due follow-ups."""
    return meetings.send_follow_up_reminders()
