"""The plans' part of the daily digest (alliance.digest): stale initiatives and late milestones,
with the freshness reminders' cadence and fallback to the secretariat (actionplans.reminders)."""

import datetime as dt

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.digest import DigestItem, register_digest_source

from .models import Reminder
from .reminders import pending_reminders


def _recorder(*, recipient, email: str, municipality, initiatives=(), tasks=()):
    def record(digest) -> None:
        reminder = Reminder.objects.create(
            recipient=recipient,
            email=email,
            municipality=municipality,
            sent_at=digest.sent_at,
            subject=digest.subject,
            body=digest.body,
        )
        reminder.initiatives.set(initiatives)
        reminder.tasks.set(tasks)

    return record


def collect(now: dt.datetime) -> list[DigestItem]:
    items = []
    for recipient, email, groups in pending_reminders(now=now):
        for group in groups:
            municipality = group.municipality
            for initiative in group.initiatives:
                items.append(
                    DigestItem(
                        email=email,
                        recipient=recipient,
                        text=format_lazy(
                            _(
                                "Indsatsen “{title}” ({municipality}) trænger til en statusopdatering"
                            ),
                            title=initiative.title,
                            municipality=municipality.name,
                        ),
                        url=reverse("actionplans:progress-create", args=[initiative.pk]),
                        record=_recorder(
                            recipient=recipient,
                            email=email,
                            municipality=municipality,
                            initiatives=[initiative],
                        ),
                    )
                )
            for task in group.tasks:
                items.append(
                    DigestItem(
                        email=email,
                        recipient=recipient,
                        text=format_lazy(
                            _(
                                "Milepælen “{title}” under “{initiative}” ({municipality}) er forsinket"
                            ),
                            title=task.title,
                            initiative=task.initiative.title,
                            municipality=municipality.name,
                        ),
                        url=task.initiative.get_absolute_url(),
                        due=task.due_date,
                        record=_recorder(
                            recipient=recipient,
                            email=email,
                            municipality=municipality,
                            tasks=[task],
                        ),
                    )
                )
    return items


register_digest_source(
    key="actionplans.freshness",
    heading=_("Indsatser og milepæle, der trænger til en opdatering"),
    collect=collect,
)
