"""Reference data of the fundraising app: the alliance's financing (`finances.toml`).

Contributions are upserted by (partner, start of the contribution year), budget figures by slug.
A contribution record stands for `years` consecutive contribution years of twelve months.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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

from .models import BudgetFigure, Contribution

FINANCES_FILE = "finances.toml"


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _year_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("contributions", "budget figures")
    data = read_toml(directory, FINANCES_FILE)
    for record in records(data, "contribution", FINANCES_FILE):
        organisation = resolve_organisation(required(record, "partner", FINANCES_FILE))
        starts_on = required(record, "starts_on", FINANCES_FILE)
        if not isinstance(starts_on, dt.date):
            raise ReferenceDataError(f"{FINANCES_FILE}: starts_on must be a date: {record!r}")
        for index in range(int(required(record, "years", FINANCES_FILE))):
            start = _year_later(starts_on, index)
            _, action = upsert(
                Contribution,
                {"organisation": organisation, "starts_on": start},
                {
                    "ends_on": _year_later(start, 1) - dt.timedelta(days=1),
                    "staff_years": _decimal(record.get("staff_years")),
                    "amount": _decimal(record.get("amount")),
                    "note": record.get("note", ""),
                    "source": required(record, "source", FINANCES_FILE),
                },
            )
            tally(counts, "contributions", action)
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
