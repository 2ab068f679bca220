"""Deadline reminders: before a call's or an open application's deadline, 30, 7 and 1 days
ahead, to the application's responsible person and to the secretariat, in the daily digest
(fundraising.digest).

They ride on the freshness reminders' log (actionplans.Reminder) and its rules: the rows are the
memory of what was sent, so the daily digest can run as often as it likes and sends nothing twice
(the row and the e-mail are saved and sent together); days are calendar days, not hours. Each
reminder has a topic key naming the item, the deadline and the stage, so a moved deadline starts
afresh, and a job that missed a day catches up with the stage it is in (never with an earlier
one). Applications that are submitted, decided or withdrawn get none.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from actionplans.models import Reminder

from .models import Application, Call

STAGES = (30, 7, 1)  # days before the deadline


def stage_for(days_left: int) -> int | None:
    """The reminder stage a deadline `days_left` away is in: the nearest of STAGES not below it
    (a deadline today is in the last stage); None when it is further off or has passed."""
    if days_left < 0:
        return None
    fitting = [stage for stage in STAGES if days_left <= stage]
    return min(fitting) if fitting else None


@dataclass(frozen=True)
class Due:
    """One deadline in a reminder stage."""

    item: Call | Application
    deadline: dt.date
    stage: int
    days_left: int

    @property
    def topic(self) -> str:
        kind = "call" if isinstance(self.item, Call) else "application"
        return f"fundraising.{kind}:{self.item.pk}:{self.deadline.isoformat()}:{self.stage}"


def due_deadlines(*, today: dt.date) -> list[Due]:
    """Open calls' and open applications' deadlines that are in a reminder stage today."""
    due = []
    for call in Call.objects.open(today).select_related("source"):
        for deadline in filter(None, (call.deadline, call.second_deadline)):
            days = (deadline - today).days
            if (stage := stage_for(days)) is not None:
                due.append(Due(call, deadline, stage, days))
    applications = Application.objects.filter(
        state__in=[Application.State.IDEA, Application.State.PREPARATION]
    ).select_related("call__source", "responsible")
    for application in applications:
        deadline = application.effective_deadline(today)
        if deadline is None:
            continue
        days = (deadline - today).days
        if (stage := stage_for(days)) is not None:
            due.append(Due(application, deadline, stage, days))
    return due


def _recipients(due: Due) -> list[tuple[object, str]]:
    """(user or None, e-mail): the responsible person of an application, and the secretariat."""
    recipients = []
    responsible = getattr(due.item, "responsible", None)
    if responsible is not None and responsible.is_active and responsible.email:
        recipients.append((responsible, responsible.email))
    recipients.append((None, settings.SECRETARIAT_EMAIL))
    return recipients


def pending_reminders(*, today: dt.date) -> list[tuple[Due, object, str]]:
    """(deadline, user or None for the secretariat, e-mail) of every reminder due today and not
    sent before; the daily digest (fundraising.digest) sends them."""
    due = due_deadlines(today=today)
    sent_before = set(
        Reminder.objects.filter(topic__in=[d.topic for d in due]).values_list("topic", "email")
    )
    return [
        (item, recipient, email)
        for item in due
        for recipient, email in _recipients(item)
        if (item.topic, email) not in sent_before
    ]


def record_reminder(*, due: Due, recipient, email: str, sent_at, subject: str, body: str):
    return Reminder.objects.create(
        recipient=recipient,
        email=email,
        sent_at=sent_at,
        subject=subject[:200],
        body=body,
        topic=due.topic,
    )
