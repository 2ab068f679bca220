"""The fundraising part of the daily digest (alliance.digest): calls' and applications'
deadlines 30, 7 and 1 days ahead (fundraising.reminders). Optional: a person may get it weekly or
not at all."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.digest import DigestItem, register_digest_source

from .models import Call
from .reminders import pending_reminders, record_reminder


def _text(due):
    if isinstance(due.item, Call):
        return format_lazy(
            _("Opslaget “{title}” fra {source}"), title=due.item.title, source=due.item.source.name
        )
    return format_lazy(_("Ansøgningen “{title}”"), title=due.item.title)


def _url(due) -> str:
    if isinstance(due.item, Call):
        return reverse("fundraising:call-detail", args=[due.item.pk])
    return reverse("fundraising:application-update", args=[due.item.pk])


def collect(now: dt.datetime) -> list[DigestItem]:
    return [
        DigestItem(
            email=email,
            recipient=recipient,
            text=_text(due),
            url=_url(due),
            due=due.deadline,
            record=lambda digest, d=due, r=recipient, e=email: record_reminder(
                due=d,
                recipient=r,
                email=e,
                sent_at=digest.sent_at,
                subject=digest.subject,
                body=digest.body,
            ),
        )
        for due, recipient, email in pending_reminders(today=timezone.localdate(now))
    ]


register_digest_source(
    key="fundraising.deadlines",
    heading=_("Frister for opslag og ansøgninger"),
    collect=collect,
    optional=True,
)
