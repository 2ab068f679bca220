"""Totals of applications: applied for and granted, by year, by theme and by municipality.

Conventions (stated on the page too):
- "Applied for" counts applications that were actually sent (submitted, granted, rejected, and
  withdrawn after submission when they have a submission date), by the year they were submitted.
- "Granted" counts granted applications' granted amounts, by the year they were submitted, so a
  year's grant rate compares like with like.
- By theme: an application counts under each theme of its call (a call with two themes counts
  under both, so the themes do not add up to the total).
- By municipality: each municipality's share of what was applied for and granted
  (Partner.share_of); a municipality in an application without a share counts the application
  but no kroner.
All from one query with prefetches, whatever the number of applications.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from .models import Application, Partner

ZERO = Decimal(0)
SENT = (
    Application.State.SUBMITTED,
    Application.State.GRANTED,
    Application.State.REJECTED,
    Application.State.WITHDRAWN,
)


@dataclass
class Total:
    label: str
    count: int = 0
    applied: Decimal = ZERO
    granted: Decimal = ZERO
    granted_count: int = 0
    key: object = None

    def add(self, *, applied: Decimal | None, granted: Decimal | None, is_granted: bool) -> None:
        self.count += 1
        self.applied += applied or ZERO
        self.granted += granted or ZERO
        self.granted_count += int(is_granted)


@dataclass
class Totals:
    overall: Total
    by_year: list[Total] = field(default_factory=list)
    by_theme: list[Total] = field(default_factory=list)
    by_municipality: list[Total] = field(default_factory=list)


def sent_applications(applications: QuerySet) -> QuerySet:
    return (
        applications.filter(state__in=SENT, submitted_on__isnull=False)
        .select_related("call")
        .prefetch_related(
            "call__themes",
            Prefetch(
                "partners",
                Partner.objects.filter(organisation__municipality__isnull=False).select_related(
                    "organisation__municipality"
                ),
                to_attr="municipality_partners",
            ),
        )
        .order_by("submitted_on")
    )


def compute_totals(applications: QuerySet) -> Totals:
    """Totals over `applications` (already scoped to what the user may see)."""
    overall = Total(label="")
    years: dict[int, Total] = {}
    themes: dict[int, Total] = {}
    municipalities: dict[int, Total] = defaultdict(lambda: None)
    for application in sent_applications(applications):
        is_granted = application.state == Application.State.GRANTED
        applied = application.amount_applied
        granted = application.amount_granted if is_granted else None
        amounts = {"applied": applied, "granted": granted, "is_granted": is_granted}
        overall.add(**amounts)
        year = application.submitted_on.year
        years.setdefault(year, Total(label=str(year), key=year)).add(**amounts)
        if application.call_id:
            for theme in application.call.themes.all():
                themes.setdefault(theme.pk, Total(label=theme.name, key=theme)).add(**amounts)
        for partner in application.municipality_partners:
            municipality = partner.organisation.municipality
            if municipalities[municipality.pk] is None:
                municipalities[municipality.pk] = Total(label=municipality.name, key=municipality)
            municipalities[municipality.pk].add(
                applied=partner.share_of(applied, applied),
                granted=partner.share_of(granted, applied),
                is_granted=is_granted,
            )
    return Totals(
        overall=overall,
        by_year=[years[year] for year in sorted(years)],
        by_theme=sorted(themes.values(), key=lambda t: t.label),
        by_municipality=sorted(
            (t for t in municipalities.values() if t is not None), key=lambda t: t.label
        ),
    )
