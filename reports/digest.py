"""The reporting rounds' part of the daily digest (alliance.digest): from two weeks before an
open round's deadline, the coordinators (or the secretariat) of municipalities that have not
reported, with the round reminders' cadence (reports.services)."""

import datetime as dt

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.digest import DigestItem, register_digest_source

from .services import pending_round_reminders, record_round_reminder, rounds_to_remind


def _recorder(reporting_round, recipient, email: str, municipalities: list):
    def record(digest) -> None:
        record_round_reminder(
            reporting_round=reporting_round,
            recipient=recipient,
            email=email,
            municipalities=municipalities,
            digest=digest,
        )

    return record


def collect(now: dt.datetime) -> list[DigestItem]:
    items = []
    for reporting_round in rounds_to_remind(now=now):
        pending = pending_round_reminders(reporting_round=reporting_round, now=now)
        for recipient, email, municipalities in pending:
            for index, municipality in enumerate(municipalities):
                # The log keeps one row per person and round, as the round's own reminder does.
                record = _recorder(reporting_round, recipient, email, municipalities)
                items.append(
                    DigestItem(
                        email=email,
                        recipient=recipient,
                        text=format_lazy(
                            _("Indrapportering til statusrapporten {year} for {municipality}"),
                            year=reporting_round.year,
                            municipality=municipality.name,
                        ),
                        url=reverse(
                            "reports:municipality-round",
                            kwargs={"year": reporting_round.year, "code": municipality.code},
                        ),
                        due=reporting_round.deadline,
                        record=record if index == 0 else (lambda digest: None),
                    )
                )
    return items


register_digest_source(
    key="reports.rounds",
    heading=_("Indrapportering til statusrapporten"),
    collect=collect,
)
