"""The frozen data of a reporting round: every municipality's data as it stood when the round
closed, and the region-level figures computed from it.

Plain JSON (numbers as strings, to keep Decimals exact), built with a fixed handful of queries
whatever the amount of data. The status report reads only this (plus the alliance's own records of
networks, tracks and fundraising), so a closed round's report never changes with later edits.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils import timezone

from actionplans.models import (
    EmissionRecord,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    Sector,
)
from actionplans.selectors import (
    FINISHED,
    NATIONAL_NET_ZERO_YEAR,
    NATIONAL_TARGET_2030,
    RECENT_UPDATE_DAYS,
    RollupRow,
    summarise_rollup,
)
from municipalities.models import Municipality

from .models import MunicipalityReport, ReportingRound


def _num(value) -> str | None:
    return None if value is None else str(value)


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def year_start(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 1, 1))


def build_snapshot(round: ReportingRound, *, now: dt.datetime | None = None) -> dict:
    """Every municipality's plan, initiatives, indicators and emissions, now, plus the region."""
    now = now or timezone.now()
    updated_since = year_start(round.year)
    recent_since = now - dt.timedelta(days=RECENT_UPDATE_DAYS)  # the scorecard's rule
    reports = {
        r.municipality_id: r
        for r in MunicipalityReport.objects.filter(round=round).select_related("reported_by")
    }
    plans = {p.municipality_id: p for p in Plan.objects.current()}
    initiatives = defaultdict(list)
    for initiative in (
        Initiative.objects.in_current_plans()
        .select_related("plan")
        .order_by("-expected_reduction", "title__lower")
    ):
        initiatives[initiative.plan.municipality_id].append(initiative)
    indicators = defaultdict(list)
    for indicator in Indicator.objects.prefetch_related(
        Prefetch("goals", IndicatorGoal.objects.order_by("year")),
        Prefetch("values", IndicatorValue.objects.order_by("year")),
    ).order_by("name"):
        indicators[indicator.municipality_id].append(indicator)
    emissions = defaultdict(lambda: defaultdict(dict))
    for record in EmissionRecord.objects.order_by("year", "sector"):
        emissions[record.municipality_id][str(record.year)][record.sector] = str(record.tonnes)

    municipalities = []
    for m in Municipality.objects.order_by("name"):
        plan = plans.get(m.pk)
        report = reports.get(m.pk)
        municipalities.append(
            {
                "code": m.code,
                "name": m.name,
                "reported_at": report.reported_at.isoformat() if report else None,
                "reported_by": (report.reported_by.name if report and report.reported_by else ""),
                "plan": _plan_data(plan) if plan else None,
                "initiatives": [
                    {
                        "title": i.title,
                        "status": i.status,
                        "sector": i.sector,
                        "percent_done": i.percent_done,
                        "expected_reduction": _num(i.expected_reduction),
                        "last_update": i.last_update_on.isoformat() if i.last_update_on else None,
                        "updated_in_year": bool(
                            i.last_update_at and i.last_update_at >= updated_since
                        ),
                        "updated_recently": bool(
                            i.last_update_at and i.last_update_at >= recent_since
                        ),
                    }
                    for i in initiatives[m.pk]
                ],
                "indicators": [
                    {
                        "name": ind.name,
                        "unit": ind.unit,
                        "direction": ind.direction,
                        "values": {str(v.year): str(v.value) for v in ind.values.all()},
                        "goals": {str(g.year): str(g.value) for g in ind.goals.all()},
                    }
                    for ind in indicators[m.pk]
                ],
                "emissions": {year: dict(sectors) for year, sectors in emissions[m.pk].items()},
            }
        )
    snapshot = {
        "year": round.year,
        "taken_at": now.isoformat(),
        "municipalities": municipalities,
    }
    snapshot["region"] = region_figures(snapshot)
    return snapshot


def _plan_data(plan: Plan) -> dict:
    return {
        "title": plan.title,
        "status": plan.status,
        "version": plan.version,
        "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
        "revision_due": plan.revision_due.isoformat() if plan.revision_due else None,
        "reduction_target_2030": _num(plan.reduction_target_2030),
        "net_zero_year": plan.net_zero_year,
        "baseline_year": plan.baseline_year,
        "baseline_emissions": _num(plan.baseline_emissions),
    }


def recent_share(municipality: dict) -> int | None:
    """The share of a municipality's active initiatives updated in the last RECENT_UPDATE_DAYS
    before the snapshot, in percent (the scorecard's figure); None without active initiatives or
    in a snapshot taken before it was kept."""
    active = [i for i in municipality["initiatives"] if i["status"] not in FINISHED]
    if not active or any("updated_recently" not in i for i in active):
        return None
    return round(100 * sum(i["updated_recently"] for i in active) / len(active))


def region_figures(snapshot: dict) -> dict:
    """The region at a glance, from the municipalities' frozen data alone. The roll-up against the
    national targets is actionplans' own computation (summarise_rollup) on the frozen plans."""
    municipalities = snapshot["municipalities"]
    by_status: dict[str, int] = dict.fromkeys(Initiative.Status.values, 0)
    by_sector: dict[str, int] = dict.fromkeys(Sector.values, 0)
    active = updated = 0
    plans_by_status: dict[str, int] = dict.fromkeys(Plan.Status.values, 0)
    emissions: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = []
    for m in municipalities:
        plan = m["plan"]
        if plan:
            plans_by_status[plan["status"]] += 1
        reduction = Decimal(0)
        for i in m["initiatives"]:
            by_status[i["status"]] += 1
            by_sector[i["sector"]] += 1
            reduction += _dec(i["expected_reduction"]) or 0
            if i["status"] not in FINISHED:
                active += 1
                updated += int(i["updated_in_year"])
        for year, sectors in m["emissions"].items():
            for sector, tonnes in sectors.items():
                emissions[year][sector] += Decimal(tonnes)
        frozen_plan = (
            SimpleNamespace(
                baseline_emissions=_dec(plan["baseline_emissions"]),
                reduction_target_2030=_dec(plan["reduction_target_2030"]),
                net_zero_year=plan["net_zero_year"],
            )
            if plan
            else None
        )
        rows.append(RollupRow(SimpleNamespace(name=m["name"]), frozen_plan, reduction))
    rollup = summarise_rollup(rows)
    reduction_percent = rollup.reduction_percent
    return {
        "municipalities": len(municipalities),
        "reported": sum(1 for m in municipalities if m["reported_at"]),
        "plans": plans_by_status,
        "plans_adopted": plans_by_status[Plan.Status.ADOPTED],
        "plans_under_revision": plans_by_status[Plan.Status.UNDER_REVISION],
        "plans_missing": sum(1 for m in municipalities if not m["plan"]),
        "initiatives": sum(by_status.values()),
        "by_status": by_status,
        "by_sector": by_sector,
        "active": active,
        "updated": updated,
        "updated_share": round(100 * updated / active) if active else None,
        "rollup": {
            "complete": rollup.complete,
            "baseline": str(rollup.baseline),
            "implied_2030": str(rollup.implied_2030),
            "national_2030": str(rollup.national_2030),
            "gap_to_national": str(rollup.gap_to_national),
            "reduction_percent": None
            if reduction_percent is None
            else str(reduction_percent.quantize(Decimal("0.1"))),
            "initiative_reduction": str(rollup.initiative_reduction),
            "uncovered": str(rollup.uncovered),
            "net_zero_by_2050": rollup.net_zero_by_2050,
            "net_zero_missing": rollup.net_zero_missing,
            "national_target_2030": str(NATIONAL_TARGET_2030),
            "national_net_zero_year": NATIONAL_NET_ZERO_YEAR,
        },
        "emissions": {
            year: {sector: str(t) for sector, t in sectors.items()}
            for year, sectors in sorted(emissions.items())
        },
    }
