"""One municipality's climate at a glance, for its page and its climate profile: emissions by
year and sector, the current plan's path, initiatives by status and sector, indicators with
values and goals. The regional views' selectors are in `selectors.py`."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from alliance import policy
from alliance.requestcache import once_per_request
from municipalities.models import Municipality

from .models import (
    EmissionRecord,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
)
from .selectors import current_initiatives


@dataclass
class MunicipalityClimate:
    """What the charts of a municipality's page and profile show: its emissions accounts by year
    and sector, its current plan's path, its initiatives by status and sector with their expected
    reductions, and its indicators with values and goals."""

    plan: Plan | None
    emissions: dict[int, dict[str, Decimal]]
    by_status: dict[str, int]
    by_sector: dict[str, int]
    reduction_by_sector: dict[str, Decimal]
    indicators: list

    @property
    def latest_year(self) -> int | None:
        return max(self.emissions, default=None)

    @property
    def latest_emissions(self) -> Decimal | None:
        year = self.latest_year
        return sum(self.emissions[year].values(), Decimal(0)) if year else None

    @property
    def target_2030(self) -> Decimal | None:
        """The emissions the plan's 2030 target leaves: baseline × (1 − target)."""
        plan = self.plan
        if not plan or plan.baseline_emissions is None or plan.reduction_target_2030 is None:
            return None
        return plan.baseline_emissions * (1 - plan.reduction_target_2030 / 100)

    @property
    def gap(self) -> Decimal | None:
        """What must still go to reach the 2030 target: from the latest accounted year's
        emissions, or from the baseline while no accounts are imported."""
        target = self.target_2030
        if target is None:
            return None
        start = self.latest_emissions
        if start is None:
            start = self.plan.baseline_emissions
        return max(start - target, Decimal(0))

    @property
    def expected_reduction(self) -> Decimal:
        return sum(self.reduction_by_sector.values(), Decimal(0))


def current_plan(user, municipality: Municipality) -> Plan | None:
    """The municipality's current plan as `user` sees it (None: unscoped), with its CAPF
    assessments; read once a request, as the plan panel and the climate panel both show it."""

    def fetch():
        plans = Plan.objects.filter(municipality=municipality).current()
        plans = plans if user is None else policy.visible(user, plans)
        return plans.prefetch_related("capf_assessments").first()

    scope = "all" if user is None else user.pk
    return once_per_request(f"current-plan:{scope}:{municipality.pk}", fetch)


def municipality_climate(user, municipality: Municipality) -> MunicipalityClimate:
    """At most seven queries whatever the data (the plan's two shared with the plan panel, read
    once a request). `user` None reads unscoped (the profile PDF's job, started by someone who
    may edit the municipality; every role holder reads its data)."""

    def scoped(qs):
        return qs if user is None else policy.visible(user, qs)

    plan = current_plan(user, municipality)
    emissions: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, sector, tonnes in scoped(
        EmissionRecord.objects.filter(municipality=municipality)
    ).values_list("year", "sector", "tonnes"):
        emissions[year][sector] = tonnes
    initiatives = scoped(Initiative.objects.in_current_plans()).filter(
        plan__municipality=municipality
    )
    # One grouped query for both counts: by status and sector, summed up here.
    by_status: dict[str, int] = defaultdict(int)
    by_sector: dict[str, int] = defaultdict(int)
    reduction_by_sector: dict[str, Decimal] = defaultdict(Decimal)
    for status, sector, n, tonnes in (
        initiatives.order_by()
        .values_list("status", "sector")
        .annotate(n=Count("pk"), t=Sum("expected_reduction"))
    ):
        by_status[status] += n
        by_sector[sector] += n
        reduction_by_sector[sector] += tonnes or Decimal(0)
    indicators = scoped(Indicator.objects.filter(municipality=municipality)).prefetch_related(
        Prefetch("goals", IndicatorGoal.objects.order_by("year")),
        Prefetch("values", IndicatorValue.objects.order_by("year")),
    )
    return MunicipalityClimate(
        plan=plan,
        emissions=dict(sorted(emissions.items())),
        by_status=dict(by_status),
        by_sector=dict(by_sector),
        reduction_by_sector=dict(reduction_by_sector),
        indicators=list(indicators.order_by("name")),
    )


# --- Municipalities side by side ------------------------------------------------------------------

COMPARE_MAX = 6


@dataclass
class ComparedMunicipality:
    """One municipality of a comparison: its current plan, emissions by year (totals), initiatives
    by status and their expected reductions."""

    municipality: Municipality
    plan: Plan | None
    emissions: dict[int, Decimal]
    by_status: dict[str, int]
    expected_reduction: Decimal

    @property
    def initiatives(self) -> int:
        return sum(self.by_status.values())

    @property
    def latest_year(self) -> int | None:
        return max(self.emissions, default=None)

    @property
    def latest_emissions(self) -> Decimal | None:
        return self.emissions[self.latest_year] if self.emissions else None

    @property
    def target_2030(self) -> Decimal | None:
        plan = self.plan
        if not plan or plan.baseline_emissions is None or plan.reduction_target_2030 is None:
            return None
        return plan.baseline_emissions * (1 - plan.reduction_target_2030 / 100)


def compare_municipalities(user, codes: list[int]) -> list[ComparedMunicipality]:
    """The municipalities with these codes that the user may see, in the order given. Five queries
    however many are picked and whatever the data."""
    municipalities = {m.code: m for m in policy.visible(user, Municipality).filter(code__in=codes)}
    chosen = [municipalities[c] for c in codes if c in municipalities]
    ids = [m.pk for m in chosen]
    plans = {
        p.municipality_id: p
        for p in policy.visible(user, Plan.objects.current()).filter(municipality__in=ids)
    }
    emissions: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for municipality_id, year, tonnes in (
        policy.visible(user, EmissionRecord)
        .filter(municipality__in=ids)
        .order_by()
        .values_list("municipality", "year")
        .annotate(t=Sum("tonnes"))
        .order_by("year")
    ):
        emissions[municipality_id][year] = tonnes
    initiatives = current_initiatives(user).filter(plan__municipality__in=ids).order_by()
    by_status: dict[int, dict[str, int]] = defaultdict(dict)
    reductions: dict[int, Decimal] = defaultdict(Decimal)
    for municipality_id, status, n, tonnes in initiatives.values_list(
        "plan__municipality", "status"
    ).annotate(n=Count("pk"), t=Sum("expected_reduction")):
        by_status[municipality_id][status] = n
        reductions[municipality_id] += tonnes or Decimal(0)
    return [
        ComparedMunicipality(
            municipality=m,
            plan=plans.get(m.pk),
            emissions=emissions[m.pk],
            by_status=by_status[m.pk],
            expected_reduction=reductions[m.pk],
        )
        for m in chosen
    ]
