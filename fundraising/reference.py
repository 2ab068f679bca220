"""Reference data of the fundraising app: the alliance's financing (`finances.toml`).

Contributions are upserted by (partner, start of the contribution year), budget figures by slug.
A contribution record stands for consecutive contribution years of twelve months from `starts_on`
up to `ends_on`; a last period shorter than twelve months gets the yearly figures pro rata by whole
months and `last_period_note` as its note. Years past `ends_on` are removed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from municipalities.reference import (
    ReferenceDataError,
    new_counts,
    read_toml,
    records,
    required,
    resolve_organisation,
    tally,
    upsert,
)

from .models import BudgetFigure, Contribution, months_between

FINANCES_FILE = "finances.toml"


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _year_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


def _date(record: dict, key: str) -> dt.date:
    value = required(record, key, FINANCES_FILE)
    if not isinstance(value, dt.date):
        raise ReferenceDataError(f"{FINANCES_FILE}: {key} must be a date: {record!r}")
    return value


def _pro_rata(value: Decimal | None, months: int, field: str) -> Decimal | None:
    """The yearly `value` for `months` months, rounded to the model field's decimal places."""
    if value is None:
        return None
    places = Contribution._meta.get_field(field).decimal_places
    return (value * months / 12).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _periods(starts_on: dt.date, ends_on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Contribution years of twelve months from `starts_on`, the last one cut at `ends_on`."""
    periods = []
    start = starts_on
    while start <= ends_on:
        periods.append((start, min(_year_later(start, 1) - dt.timedelta(days=1), ends_on)))
        start = _year_later(start, 1)
    return periods


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("contributions", "budget figures")
    counts["contributions deleted"] = 0
    data = read_toml(directory, FINANCES_FILE)
    for record in records(data, "contribution", FINANCES_FILE):
        organisation = resolve_organisation(required(record, "partner", FINANCES_FILE))
        starts_on, ends_on = _date(record, "starts_on"), _date(record, "ends_on")
        if ends_on <= starts_on:
            raise ReferenceDataError(f"{FINANCES_FILE}: ends_on before starts_on: {record!r}")
        staff_years, amount = _decimal(record.get("staff_years")), _decimal(record.get("amount"))
        for start, end in _periods(starts_on, ends_on):
            months = months_between(start, end)
            _, action = upsert(
                Contribution,
                {"organisation": organisation, "starts_on": start},
                {
                    "ends_on": end,
                    "staff_years": _pro_rata(staff_years, months, "staff_years"),
                    "amount": _pro_rata(amount, months, "amount"),
                    "note": record.get("note" if months == 12 else "last_period_note", ""),
                    "source": required(record, "source", FINANCES_FILE),
                },
            )
            tally(counts, "contributions", action)
        # A contribution year past the period (an earlier file's fifth year) is not a fact.
        deleted, _ = Contribution.objects.filter(
            organisation=organisation, starts_on__gt=ends_on
        ).delete()
        counts["contributions deleted"] += deleted
    figures: dict[str, BudgetFigure] = {}
    for order, record in enumerate(records(data, "budget", FINANCES_FILE), start=1):
        slug = required(record, "slug", FINANCES_FILE)
        parent = record.get("part_of")
        if parent and parent not in figures:
            raise ReferenceDataError(f"{FINANCES_FILE}: {slug} is part of unknown {parent!r}")
        figure, action = upsert(
            BudgetFigure,
            {"slug": slug},
            {
                "label": required(record, "label", FINANCES_FILE),
                "amount": _decimal(required(record, "amount", FINANCES_FILE)),
                "is_maximum": record.get("maximum", False),
                "part_of": figures[parent] if parent else None,
                "note": record.get("note", ""),
                "source": required(record, "source", FINANCES_FILE),
                "order": order,
            },
        )
        figures[slug] = figure
        tally(counts, "budget figures", action)
    return counts
