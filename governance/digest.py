"""The governance part of the daily digest (alliance.digest): follow-ups that are due, to the
person responsible if they may read the item (the closed-item rule), else to the secretariat, at
most once every FOLLOW_UP_REMINDER_EVERY_DAYS (governance.services.meetings)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.digest import DigestItem, register_digest_source

from .services.meetings import due_follow_ups, follow_up_reader, mark_reminded


def collect(now: dt.datetime) -> list[DigestItem]:
    items = []
    for follow_up in due_follow_ups(today=timezone.localdate(now)):
        reader = follow_up_reader(follow_up)
        items.append(
            DigestItem(
                email=reader.email if reader else settings.SECRETARIAT_EMAIL,
                recipient=reader,
                text=format_lazy(
                    _("Opfølgning fra {body}: {description}"),
                    body=follow_up.item.meeting.body,
                    description=follow_up.description,
                ),
                url=reverse("governance:follow-up-update", args=[follow_up.pk]),
                due=follow_up.due,
                record=lambda digest, f=follow_up: mark_reminded(follow_up=f, today=digest.sent_on),
            )
        )
    return items


register_digest_source(
    key="governance.follow-ups",
    heading=_("Opfølgninger fra møderne med frist"),
    collect=collect,
)
