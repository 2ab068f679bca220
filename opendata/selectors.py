"""The public's view of the data: what the secretariat has made public, and nothing else.

Every public page, the API and the data packages read through an `Audience`: the field groups
each municipality shows. Anonymous readers get what `Publication` says; a token with the
`unpublished` scope reads every municipality's groups as if all were public, except contact
persons, which follow the secretariat's decision for everyone. Counts and sums run in the database
(a fixed handful of queries, whatever the data)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from actionplans.climate import MunicipalityClimate
from actionplans.maps import plan_status_data
from actionplans.models import (
    EmissionRecord,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    Theme,
    current_plan_condition,
)
from actionplans.selectors import Rollup, RollupRow, summarise_rollup
from municipalities.maps import RegionMap, build_map
from municipalities.models import Municipality
from networks.models import NetworkMember

from .models import FieldGroup, Publication

G = FieldGroup


@dataclass(frozen=True)
class Audience:
    """Municipality id → the field groups this reader sees."""

    groups: dict[int, frozenset[str]]

    def shows(self, municipality: Municipality | int, group: str) -> bool:
        key = municipality if isinstance(municipality, int) else municipality.pk
        return group in self.groups.get(key, frozenset())

    def ids(self, group: str) -> list[int]:
        return sorted(pk for pk, groups in self.groups.items() if group in groups)

    @property
    def public_ids(self) -> list[int]:
        return sorted(pk for pk, groups in self.groups.items() if groups)


def public_audience() -> Audience:
    return Audience(Publication.objects.groups_by_municipality())


def unpublished_audience() -> Audience:
    """Every municipality with every group, contact persons as published."""
    published = Publication.objects.groups_by_municipality()
    every = frozenset(g.value for g in FieldGroup if g != G.CONTACTS)
    return Audience(
        {
            pk: every | (published.get(pk, frozenset()) & {G.CONTACTS.value})
            for pk in Municipality.objects.values_list("pk", flat=True)
        }
    )


# --- What every municipality shows: name, code, plan status (the sources publish them) ----------


def current_plans() -> dict[int, Plan]:
    return {p.municipality_id: p for p in Plan.objects.current().select_related("municipality")}


@dataclass
class MunicipalityRow:
    municipality: Municipality
    plan: Plan | None
    is_public: bool


def municipality_rows(audience: Audience) -> list[MunicipalityRow]:
    plans = current_plans()
    return [
        MunicipalityRow(m, plans.get(m.pk), bool(audience.groups.get(m.pk)))
        for m in Municipality.objects.order_by("name")
    ]


def plan_status_map(rows: list[MunicipalityRow]) -> RegionMap:
    """The map of the plans' status (public for every municipality: the sources publish it),
    each municipality a link to its public page."""
    data = plan_status_data(
        {row.municipality.code: row.plan.status if row.plan else None for row in rows}
    )
    names = {row.municipality.code: row.municipality.name for row in rows}
    return build_map(data, names=names, url_name="opendata:municipality")


def plans_by_status(rows: list[MunicipalityRow]) -> list[tuple[str, list[Municipality]]]:
    by_status: dict[str, list[Municipality]] = defaultdict(list)
    for row in rows:
        by_status[row.plan.status if row.plan else ""].append(row.municipality)
    labels = [(value, label) for value, label in Plan.Status.choices]
    result = [(str(label), by_status[value]) for value, label in labels if by_status[value]]
    if by_status[""]:
        result.append(("", by_status[""]))
    return result


# --- The groups ---------------------------------------------------------------------------------


def initiatives(audience: Audience) -> QuerySet[Initiative]:
    """Initiatives in current plans of the municipalities whose initiatives are public."""
    return Initiative.objects.in_current_plans().filter(
        plan__municipality__in=audience.ids(G.INITIATIVES)
    )


def emissions(audience: Audience) -> QuerySet[EmissionRecord]:
    return EmissionRecord.objects.filter(municipality__in=audience.ids(G.EMISSIONS))


def indicators(audience: Audience) -> QuerySet[Indicator]:
    """Municipality-wide indicators, and those of initiatives the reader sees."""
    ids = audience.ids(G.INDICATORS)
    return Indicator.objects.filter(municipality__in=ids).filter(
        Q(initiative__isnull=True)
        | Q(
            current_plan_condition("initiative__plan"),
            initiative__plan__municipality__in=audience.ids(G.INITIATIVES),
        )
    )


def plans(audience: Audience) -> QuerySet[Plan]:
    """Current plans whose dates and targets are public. A plan still in preparation is a draft:
    only its status is public (the sources name the plans "in process", nothing more)."""
    return (
        Plan.objects.current()
        .filter(municipality__in=audience.ids(G.PLAN))
        .exclude(status=Plan.Status.IN_PREPARATION)
    )


def theme_counts(audience: Audience) -> tuple[list[tuple[Theme, int]], int]:
    """For each theme, how many of the municipalities whose initiatives are public lead an
    initiative with it in their current plan; and how many such municipalities there are. Two
    queries."""
    base = audience.ids(G.INITIATIVES)
    counts = dict(
        initiatives(audience)
        .order_by()
        .values_list("themes")
        .annotate(n=Count("plan__municipality", distinct=True))
    )
    return [(theme, counts.get(theme.pk, 0)) for theme in Theme.objects.all()], len(base)


def rollup(audience: Audience) -> Rollup:
    """The region's roll-up over the municipalities whose plan targets are public (the others are
    rows without a plan, left out of the sums as the portal's roll-up does with missing data)."""
    shown = {p.municipality_id: p for p in plans(audience)}
    reductions = dict(
        initiatives(audience)
        .order_by()
        .values_list("plan__municipality")
        .annotate(total=Sum("expected_reduction"))
    )
    rows = [
        RollupRow(m, shown.get(m.pk), reductions.get(m.pk) or Decimal(0))
        for m in Municipality.objects.order_by("name")
    ]
    return summarise_rollup(rows)


def municipality_climate(audience: Audience, municipality: Municipality) -> MunicipalityClimate:
    """The municipality's charts' data, each part only where its group is public."""
    plan = plans(audience).filter(municipality=municipality).first()
    by_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, sector, tonnes in (
        emissions(audience)
        .filter(municipality=municipality)
        .values_list("year", "sector", "tonnes")
    ):
        by_year[year][sector] = tonnes
    mine = initiatives(audience).filter(plan__municipality=municipality)
    by_status = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    sectors = list(
        mine.order_by().values("sector").annotate(n=Count("pk"), t=Sum("expected_reduction"))
    )
    found = (
        indicators(audience)
        .filter(municipality=municipality)
        .prefetch_related(
            Prefetch("goals", IndicatorGoal.objects.order_by("year")),
            Prefetch("values", IndicatorValue.objects.order_by("year")),
        )
    )
    return MunicipalityClimate(
        plan=plan,
        emissions=dict(sorted(by_year.items())),
        by_status=by_status,
        by_sector={row["sector"]: row["n"] for row in sectors},
        reduction_by_sector={row["sector"]: row["t"] or Decimal(0) for row in sectors},
        indicators=list(found.order_by("name")),
    )


def networks_of(audience: Audience, municipality: Municipality) -> list:
    if not audience.shows(municipality, G.NETWORKS):
        return []
    members = NetworkMember.objects.filter(organisation__municipality=municipality)
    return sorted({m.network for m in members.select_related("network")}, key=lambda n: n.name)
