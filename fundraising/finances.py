"""The alliance's own financing: contributions per partner per year (staff years and kroner),
with the national budget's figures for context.

Extension point for the activity plan: the plan's spending per year is shown against the
contributions. `fundraising.activityplan` registers a function with `register_spending(func)`,
returning {year: Spending}; while no plan has spending the page and the export show contributions
only, with no empty columns.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from alliance import policy

from .models import BudgetFigure, Contribution


@dataclass(frozen=True)
class Spending:
    staff_years: Decimal | None
    amount: Decimal | None


SpendingFunction = Callable[[object], dict[int, Spending]]
_spending: list[SpendingFunction] = []


def register_spending(func: SpendingFunction) -> SpendingFunction:
    """For the activity plan: `func(user)` returns the planned spending per contribution year
    (the calendar year a contribution year starts in)."""
    _spending.append(func)
    return func


def spending_by_year(user) -> dict[int, Spending] | None:
    """The registered spending per year, or None when there is none (no empty columns)."""
    if not _spending:
        return None
    merged: dict[int, Spending] = {}
    for func in _spending:
        for year, spending in func(user).items():
            before = merged.get(year, Spending(None, None))
            merged[year] = Spending(
                _add(before.staff_years, spending.staff_years), _add(before.amount, spending.amount)
            )
    return merged or None


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None and b is None else (a or 0) + (b or 0)


@dataclass
class YearRow:
    """One contribution year: each partner's contribution and the sums. `amount` stays None
    when no partner's kroner are known, rather than pretending to be 0."""

    year: int
    label: str
    contributions: list[Contribution] = field(default_factory=list)
    staff_years: Decimal | None = None
    amount: Decimal | None = None
    spending: Spending | None = None


def contributions(user):
    return policy.visible(user, Contribution).select_related("organisation")


def summary(user) -> dict:
    rows: dict[int, YearRow] = {}
    partners: dict[str, dict] = defaultdict(
        lambda: {"staff_years": None, "amount": None, "years": Decimal(0)}
    )
    for contribution in contributions(user).order_by("starts_on", "organisation__name"):
        year = contribution.starts_on.year
        # A contribution year runs from 1 July ("2023/24"); the last period ends with the model
        # on 31 December of the year it starts in ("2027").
        start, end = contribution.starts_on, contribution.ends_on
        label = f"{start:%Y}/{end:%y}" if end.year > start.year else f"{start:%Y}"
        row = rows.setdefault(year, YearRow(year, label))
        row.contributions.append(contribution)
        row.staff_years = _add(row.staff_years, contribution.staff_years)
        row.amount = _add(row.amount, contribution.amount)
        total = partners[contribution.organisation.name]
        total["staff_years"] = _add(total["staff_years"], contribution.staff_years)
        total["amount"] = _add(total["amount"], contribution.amount)
        total["years"] += Decimal(contribution.months) / 12
    spending = spending_by_year(user)
    if spending is not None:
        for year, row in rows.items():
            row.spending = spending.get(year)
    figures = list(policy.visible(user, BudgetFigure).select_related("part_of"))
    return {
        "years": [rows[year] for year in sorted(rows)],
        # A period shorter than a year: the yearly figures pro rata (the page says why).
        "has_partial_year": any(c.months < 12 for row in rows.values() for c in row.contributions),
        "partners": sorted(partners.items()),
        "budget": [f for f in figures if f.part_of_id is None],
        "budget_parts": figures,
        "has_spending": spending is not None,
    }
