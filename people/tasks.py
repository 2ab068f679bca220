"""Celery tasks of the people app: thin interfaces that call one service."""

from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task
def apply_retention() -> dict[str, int]:
    """Nightly (Celery beat, 03:30 Europe/Copenhagen): personal data past its retention period."""
    return retention.apply_retention(now=timezone.now())
