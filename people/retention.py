"""Retention: personal data older than its period (settings.RETENTION_*, from the environment)
goes, every night (Celery beat, people.tasks.apply_retention). Each period is counted from when the
row was written."""

from __future__ import annotations

import datetime as dt

from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from actionplans.models import Reminder
from alliance.models import JOB_ACTIVE_STATES, Job

from .privacy import entries


def _before(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


@transaction.atomic
def apply_retention(*, now: dt.datetime) -> dict[str, int]:
    """Delete or blank what is past its period; returns how many rows each step touched."""
    attempts = _before(now, settings.RETENTION_LOGIN_ATTEMPTS_DAYS)
    done = {
        "login_attempts": sum(
            model.objects.filter(attempt_time__lt=attempts).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        ),
        # A session past its expiry opens nothing; its row only keeps who was logged in.
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        # The list of one's sessions keeps a row (browser, address) only while its session lives.
        "user_sessions": UserSession.objects.exclude(
            session_key__in=Session.objects.values("session_key")
        ).delete()[0],
        "reminders": Reminder.objects.filter(
            sent_at__lt=_before(now, settings.RETENTION_REMINDERS_DAYS)
        ).delete()[0],
        "jobs": Job.objects.exclude(state__in=JOB_ACTIVE_STATES)
        .filter(created_at__lt=_before(now, settings.RETENTION_JOBS_DAYS))
        .delete()[0],
        "history": _blank_old_history(before=_before(now, settings.RETENTION_HISTORY_DAYS)),
    }
    return done


def _blank_old_history(*, before: dt.datetime) -> int:
    """History rows older than the period keep what changed on the organisation's records, but no
    longer who made the change, nor the personal fields' old values (the live row keeps today's)."""
    changed = 0
    for entry in entries():
        if entry.history is None:
            continue
        old = entry.history.objects.filter(history_date__lt=before)
        blank = dict.fromkeys(entry.texts, "")
        blank |= {name: None for name in entry.links if entry.history._meta.get_field(name).null}
        blank |= {"history_user": None, "history_change_reason": None}
        changed += old.exclude(history_user=None, **dict.fromkeys(entry.texts, "")).update(**blank)
    return changed
