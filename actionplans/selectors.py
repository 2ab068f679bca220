"""Read-only queries for the regional views ("across the region"): the theme overview, the
scorecard, peers and the roll-up of targets.

Every selector takes the user and reads only through `policy.visible`, and aggregates in the
database (values/annotate), so the number of queries does not grow with the data: a selector runs a
fixed handful of queries whether the region has 29 initiatives or 29,000.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import escape

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from alliance import policy
from alliance.tables import url_maker
from municipalities.models import Coordinator, Municipality

from .models import (
    FreshnessPolicy,
    Initiative,
    InitiativeQuerySet,
    Plan,
    Sector,
    Task,
    Theme,
    current_plan_condition,
)

# The alliance is the 29 municipalities of the Capital Region.
REGION_MUNICIPALITIES = 29
# "Et blik på tværs" (Ea Energianalyse) gives its shares of the approved plans it analysed: every
# figure is k/26, none can be k/29 (DOMAIN.md). The live shares are computed on the same kind of
# base, the municipalities with an approved plan, so that identical data gives identical figures.
REFERENCE_PLANS = 26
NATIONAL_TARGET_2030 = Decimal(70)  # % reduction against 1990
NATIONAL_NET_ZERO_YEAR = 2050
RECENT_UPDATE_DAYS = 60
REVISION_WINDOW_DAYS = 365
FINISHED = Initiative.FINISHED


def current_initiatives(user):
    return policy.visible(user, Initiative.objects.in_current_plans())


# --- Overview -------------------------------------------------------------------------------------


@dataclass
class ThemeCoverage:
    """One theme: the municipalities whose current plan has it, and how many of them have an
    approved plan, out of `base` municipalities with an approved plan."""

    theme: Theme
    municipalities: list[Municipality]
    approved_count: int
    base: int

    @property
    def count(self) -> int:
        return len(self.municipalities)

    @property
    def links(self) -> SafeString:
        """The municipalities as links (their `url`, set by `theme_coverage`), comma-separated:
        written here, as the region's 464 links took the template 7 ms a page, and this under 1."""
        return mark_safe(
            ", ".join(
                f'<a href="{escape(m.url)}">{escape(m.name)}</a>' for m in self.municipalities
            )
        )

    @property
    def share(self) -> int | None:
        """Percent of the municipalities with an approved plan, the base of the reference share,
        rounded as the reference figures are; None while no municipality has one."""
        return round(100 * self.approved_count / self.base) if self.base else None

    @property
    def share_of_region(self) -> int:
        """Percent of all the region's 29 municipalities, approved plan or not."""
        return round(100 * self.count / REGION_MUNICIPALITIES)

    @property
    def difference(self) -> int | None:
        if self.theme.reference_share is None or self.share is None:
            return None
        return self.share - self.theme.reference_share


@dataclass
class CoverageTable:
    """The theme rows and their common base (municipalities with an approved plan)."""

    rows: list[ThemeCoverage]
    base: int
    region: int = REGION_MUNICIPALITIES
    reference_plans: int = REFERENCE_PLANS

    def __iter__(self):
        return iter(self.rows)


def theme_coverage(user) -> CoverageTable:
    """For each theme, the municipalities that lead an initiative with the theme in their current
    plan or take part in such a joint initiative, and how many of those have an approved plan.
    Four queries whatever the data."""
    # No ordering: DISTINCT would otherwise take in the columns of Initiative.Meta.ordering.
    initiatives = current_initiatives(user).filter(themes__isnull=False).order_by()
    pairs = set(initiatives.values_list("themes", "plan__municipality").distinct())
    pairs |= set(
        initiatives.filter(participants__isnull=False)
        .values_list("themes", "participants")
        .distinct()
    )
    municipalities = {
        m.pk: m for m in policy.visible(user, Municipality).only("pk", "name", "code")
    }
    url = url_maker("municipalities:detail", "code")  # one reverse(), not one a row
    for municipality in municipalities.values():
        municipality.url = url(municipality.code)
    approved = set(
        policy.visible(user, Plan.objects.approved()).values_list("municipality", flat=True)
    ) & set(municipalities)
    by_theme: dict[int, list[Municipality]] = defaultdict(list)
    for theme_id, municipality_id in pairs:
        if municipality_id in municipalities:
            by_theme[theme_id].append(municipalities[municipality_id])
    rows = [
        ThemeCoverage(
            theme,
            sorted(by_theme[theme.pk], key=lambda m: m.name),
            approved_count=sum(1 for m in by_theme[theme.pk] if m.pk in approved),
            base=len(approved),
        )
        for theme in policy.visible(user, Theme)
    ]
    return CoverageTable(rows, base=len(approved))


@dataclass
class ProgressMatrix:
    """Initiatives counted by sector (rows) and status (columns); a joint initiative is one row in
    the database and so counts once."""

    statuses: list[tuple[str, str]]
    rows: list[dict]
    totals: dict[str, int]
    total: int


def progress_by_sector_and_status(user) -> ProgressMatrix:
    counts = {
        (row["sector"], row["status"]): row["n"]
        for row in current_initiatives(user).values("sector", "status").annotate(n=Count("pk"))
    }
    statuses = list(Initiative.Status.choices)
    rows = []
    for sector, label in Sector.choices:
        cells = [counts.get((sector, status), 0) for status, _ in statuses]
        rows.append({"sector": sector, "label": label, "cells": cells, "total": sum(cells)})
    totals = {
        status: sum(n for (_, s), n in counts.items() if s == status) for status, _ in statuses
    }
    return ProgressMatrix(statuses, rows, totals, sum(counts.values()))


def plans_due_for_revision(user, *, today: date | None = None):
    plans = Plan.objects.revision_due_within(REVISION_WINDOW_DAYS, today=today)
    return policy.visible(user, plans).select_related("municipality").order_by("adopted_on")


def stale_municipalities(user, *, now: datetime | None = None) -> list[dict]:
    """Municipalities whose current plan has overdue initiatives (stale or never updated),
    most first."""
    rows = (
        current_initiatives(user)
        .overdue(now=now)
        .values("plan__municipality__name", "plan__municipality__code")
        .annotate(stale=Count("pk"))
        .order_by("-stale", "plan__municipality__name")
    )
    return [
        {
            "name": row["plan__municipality__name"],
            "code": row["plan__municipality__code"],
            "stale": row["stale"],
        }
        for row in rows
    ]


# --- Scorecard ------------------------------------------------------------------------------------


def scorecard_rows(user, *, now: datetime | None = None) -> list[dict]:
    """One row per municipality: its current plan and how its initiatives are doing. Four queries."""
    now = now or timezone.now()
    rules = FreshnessPolicy.current()
    # The overdue rule as an aggregate filter, so that the counts stay one GROUP BY query.
    overdue = InitiativeQuerySet.overdue_condition(rules, now)
    recent_since = now - timedelta(days=RECENT_UPDATE_DAYS)
    active = ~Q(status__in=FINISHED)
    status_counts = {
        status: Count("pk", filter=Q(status=status)) for status in Initiative.Status.values
    }
    stats = {
        row["plan__municipality"]: row
        for row in current_initiatives(user)
        .values("plan__municipality")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=active),
            recent=Count("pk", filter=active & Q(last_update_at__gte=recent_since)),
            stale=Count("pk", filter=overdue),
            last_update=Max("last_update_at"),
            **status_counts,
        )
    }
    late = dict(
        policy.visible(user, Task.objects.late(timezone.localdate(now)))
        .filter(current_plan_condition("initiative__plan"))
        .exclude(initiative__status__in=FINISHED)
        .values_list("initiative__plan__municipality")
        .annotate(n=Count("pk"))
    )
    plans = {p.municipality_id: p for p in policy.visible(user, Plan.objects.current())}
    rows = []
    for municipality in policy.visible(user, Municipality):
        plan = plans.get(municipality.pk)
        row = stats.get(municipality.pk, {})
        active_count = row.get("active", 0)
        rows.append(
            {
                "municipality": municipality.name,
                "code": municipality.code,
                "url": municipality.get_absolute_url(),
                "plan_status": plan.get_status_display() if plan else None,
                "revision_due": plan.revision_due if plan else None,
                "total": row.get("total", 0),
                **{status: row.get(status, 0) for status in Initiative.Status.values},
                "recent_share": round(100 * row["recent"] / active_count) if active_count else None,
                "stale": row.get("stale", 0),
                "late_tasks": late.get(municipality.pk, 0),
                "last_update": row.get("last_update"),
            }
        )
    return rows


# --- Peers ----------------------------------------------------------------------------------------


@dataclass
class Peer:
    municipality: Municipality
    initiatives: list[Initiative] = field(default_factory=list)
    coordinators: list[Coordinator] = field(default_factory=list)


def peers_for(initiative: Initiative, user) -> list[Peer]:
    """The other municipalities working on the same theme(s) as `initiative` in their current
    plans (leading or taking part in an initiative), with those initiatives and the
    municipality's active coordinators: the people to call about a joint project."""
    theme_ids = list(initiative.themes.values_list("pk", flat=True))
    if not theme_ids:
        return []
    matches = (
        current_initiatives(user)
        .filter(themes__in=theme_ids)
        .exclude(pk=initiative.pk)
        .distinct()
        .select_related("plan__municipality")
        .prefetch_related("participants")
        .order_by("title__lower")
    )
    own = initiative.plan.municipality_id
    by_municipality: dict[int, list[Initiative]] = defaultdict(list)
    for match in matches:
        for municipality_id in {
            match.plan.municipality_id,
            *(m.pk for m in match.participants.all()),
        }:
            if municipality_id != own:
                by_municipality[municipality_id].append(match)
    municipalities = (
        policy.visible(user, Municipality).filter(pk__in=by_municipality).with_coordinators()
    )
    return [
        Peer(m, by_municipality[m.pk], list(getattr(m, "active_coordinators", [])))
        for m in municipalities
    ]


# --- Roll-up --------------------------------------------------------------------------------------


@dataclass
class RollupRow:
    municipality: Municipality
    plan: Plan | None
    initiative_reduction: Decimal
    # This municipality's part of the region's planned reduction (percent), set by the roll-up.
    contribution_share: Decimal | None = None

    @property
    def has_target_data(self) -> bool:
        return bool(
            self.plan
            and self.plan.baseline_emissions is not None
            and self.plan.reduction_target_2030 is not None
        )

    @property
    def implied_2030(self) -> Decimal | None:
        """The emissions the plan's 2030 target leaves: baseline × (1 − target)."""
        if not self.has_target_data:
            return None
        return self.plan.baseline_emissions * (1 - self.plan.reduction_target_2030 / 100)

    @property
    def target_reduction(self) -> Decimal | None:
        if not self.has_target_data:
            return None
        return self.plan.baseline_emissions - self.implied_2030

    @property
    def uncovered(self) -> Decimal | None:
        """What the target asks for beyond the initiatives' expected reductions."""
        if self.target_reduction is None:
            return None
        return max(self.target_reduction - self.initiative_reduction, Decimal(0))


@dataclass
class Rollup:
    rows: list[RollupRow]
    complete: int
    baseline: Decimal
    implied_2030: Decimal
    initiative_reduction: Decimal
    net_zero_by_2050: int
    net_zero_missing: int

    @property
    def reduction_percent(self) -> Decimal | None:
        if not self.baseline:
            return None
        return 100 * (self.baseline - self.implied_2030) / self.baseline

    @property
    def national_2030(self) -> Decimal:
        """The emissions the national 70 % target would leave of the same baselines."""
        return self.baseline * (1 - NATIONAL_TARGET_2030 / 100)

    @property
    def gap_to_national(self) -> Decimal:
        """Positive: the plans together leave more than the national target allows."""
        return self.implied_2030 - self.national_2030

    @property
    def uncovered(self) -> Decimal:
        return sum((r.uncovered for r in self.rows if r.uncovered is not None), Decimal(0))


def regional_rollup(user, *, reductions: dict[int, Decimal] | None = None) -> Rollup:
    """Baselines and targets of the current plans, summed for the region. Municipalities missing a
    baseline or a 2030 target are listed but left out of the sums (nothing is invented). An
    initiative's expected reduction counts for its lead municipality only, so a joint initiative is
    counted once. Three queries; two where the caller has summed the expected `reductions` by
    lead municipality (the dashboard, in its one pass over the initiatives)."""
    plans = {p.municipality_id: p for p in policy.visible(user, Plan.objects.current())}
    if reductions is None:
        reductions = dict(
            current_initiatives(user)
            .values_list("plan__municipality")
            .annotate(total=Sum("expected_reduction"))
        )
    rows = [
        RollupRow(m, plans.get(m.pk), reductions.get(m.pk) or Decimal(0))
        for m in policy.visible(user, Municipality)
    ]
    return summarise_rollup(rows)


def summarise_rollup(rows: list[RollupRow]) -> Rollup:
    """Sum the rows into the region's roll-up. Also used on frozen data (the status report reads
    a closed reporting round's snapshot), where `plan` is any object with the plan's fields."""
    complete = [r for r in rows if r.has_target_data]
    planned = sum((r.target_reduction for r in complete), Decimal(0))
    for row in complete:
        row.contribution_share = 100 * row.target_reduction / planned if planned else None
    net_zero_years = [r.plan.net_zero_year for r in rows if r.plan and r.plan.net_zero_year]
    return Rollup(
        rows=rows,
        complete=len(complete),
        baseline=sum((r.plan.baseline_emissions for r in complete), Decimal(0)),
        implied_2030=sum((r.implied_2030 for r in complete), Decimal(0)),
        initiative_reduction=sum((r.initiative_reduction for r in rows), Decimal(0)),
        net_zero_by_2050=sum(1 for y in net_zero_years if y <= NATIONAL_NET_ZERO_YEAR),
        net_zero_missing=len(rows) - len(net_zero_years),
    )


# --- The clock of cached fragments ----------------------------------------------------------------


def next_freshness_change(now: datetime) -> datetime | None:
    """The next moment an initiative turns due, late or stale, leaves the recent updates, or
    (never updated) turns overdue: the region's pages show it differently from then on, without
    any write. One query; alliance/fragments.py lets no cached entry outlive it."""
    rules = FreshnessPolicy.current()
    periods = {
        f"updated_{days}": days
        for days in {
            rules.due_after_days,
            rules.late_after_days,
            rules.stale_after_days,
            RECENT_UPDATE_DAYS,
        }
    }
    stale = timedelta(days=rules.stale_after_days)
    found = Initiative.objects.aggregate(
        **{
            name: Min("last_update_at", filter=Q(last_update_at__gt=now - timedelta(days=days)))
            for name, days in periods.items()
        },
        created=Min(
            "created_at", filter=Q(last_update_at__isnull=True, created_at__gt=now - stale)
        ),
    )
    moments = [found[name] + timedelta(days=days) for name, days in periods.items() if found[name]]
    if found["created"]:
        moments.append(found["created"] + stale)
    return min(moments, default=None)
