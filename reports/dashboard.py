"""The secretariat's home: the region at a glance.

Every figure is a count of the rows a list shows under a filter, and links to that list with the
filter in its address (the lists' own GET parameters), so a click shows exactly the rows behind
the number. Where the last closed reporting round's snapshot holds the same figure, its change
since then is shown; the snapshot is frozen, so the comparison never moves with later edits.

It reads every app, so it lives in reports, the top layer, and reaches `/` through
alliance.homes. A fixed number of queries whatever the amount of data (tested at 1x and 10x).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.filters import REVISION_SOON_DAYS
from actionplans.models import (
    FreshnessPolicy,
    Initiative,
    InitiativeQuerySet,
    Plan,
    Sector,
    Task,
    current_plan_condition,
)
from actionplans.selectors import RECENT_UPDATE_DAYS, current_initiatives, regional_rollup
from alliance import policy
from alliance.requestcache import once_per_request
from fundraising.models import Application, Call
from governance.models import AgendaItem, FollowUp, Meeting
from municipalities.models import Municipality

from .models import MunicipalityReport, ReportingRound

FOLLOW_UP_DAYS = 30
CALL_DAYS = 60
MEETINGS_SHOWN = 5


def list_url(name: str, **params) -> str:
    """The list's address with its filter; the list is looked up once a request (the table of
    municipalities links three lists from each of its rows)."""
    path = once_per_request(f"url:{name}", lambda: reverse(name))
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


@dataclass
class Figure:
    """A number, the address of the filtered list that holds its rows, and its change since the
    last closed round (None where the snapshot has no such figure)."""

    label: str
    value: int | Decimal | None
    url: str
    change: int | Decimal | None = None


def _change(now, then) -> int | Decimal | None:
    return None if now is None or then is None else now - then


# --- The last closed round, as the base of every change ------------------------------------------


@dataclass(frozen=True)
class Baseline:
    year: int
    region: dict
    revisions_due: int
    updated_recently: int
    active: int
    overdue: int


def last_closed_baseline() -> Baseline | None:
    """The figures of the newest closed round's snapshot, or None before the first closes."""
    closed = ReportingRound.objects.filter(state=ReportingRound.State.CLOSED).order_by("-year")
    newest = closed.values("pk", "closed_at").first()
    if newest is None:
        return None
    rules = FreshnessPolicy.current()
    return _baseline(newest["pk"], newest["closed_at"], rules.stale_after_days)


@lru_cache(maxsize=8)
def _baseline(round_pk: int, closed_at: dt.datetime, stale_after_days: int) -> Baseline:
    """A closed round's snapshot never changes (ReportingRound.save), so its figures are worked
    out once per process: reading and walking the snapshot (every initiative of the region) was
    a tenth of the dashboard's time. The key is the round, its closing moment and the rule that
    decides what counts as overdue. The result is shared: callers only read it."""
    reporting_round = ReportingRound.objects.only("year", "snapshot").get(pk=round_pk)
    snapshot = reporting_round.snapshot
    taken_on = dt.datetime.fromisoformat(snapshot["taken_at"]).date()
    revisions = updated = active = overdue = 0
    for m in snapshot["municipalities"]:
        due = (m["plan"] or {}).get("revision_due")
        if due and dt.date.fromisoformat(due) <= taken_on + dt.timedelta(days=REVISION_SOON_DAYS):
            revisions += 1
        for i in m["initiatives"]:
            if i["status"] in Initiative.FINISHED:
                continue
            active += 1
            last = dt.date.fromisoformat(i["last_update"]) if i["last_update"] else None
            age = (taken_on - last).days if last else None
            updated += int(age is not None and age <= RECENT_UPDATE_DAYS)
            # The snapshot keeps no creation date: an initiative never updated counts as
            # overdue, as most of them are (a new one gets the stale period for its first).
            overdue += int(age is None or age >= stale_after_days)
    return Baseline(
        year=reporting_round.year,
        region=snapshot["region"],
        revisions_due=revisions,
        updated_recently=updated,
        active=active,
        overdue=overdue,
    )


# --- The figures -----------------------------------------------------------------------------------


def plan_figures(user, baseline: Baseline | None) -> dict:
    plans = policy.visible(user, Plan.objects.current())
    counts = dict(plans.values_list("status").annotate(n=Count("pk")))
    then = baseline.region["plans"] if baseline else {}
    by_status = [
        Figure(
            str(label),
            counts.get(value, 0),
            list_url("actionplans:plan-list", status=value),
            _change(counts.get(value, 0), then.get(value)),
        )
        for value, label in Plan.Status.choices
    ]
    due = plans.revision_due_within(REVISION_SOON_DAYS).count()
    revisions = Figure(
        _("Revision inden for 12 måneder"),
        due,
        list_url("actionplans:plan-list", revision_soon="on"),
        _change(due, baseline.revisions_due if baseline else None),
    )
    return {"by_status": by_status, "revisions": revisions}


def initiative_counts(user, *, now: dt.datetime) -> list[dict]:
    """The initiatives of the current plans the user sees, counted by lead municipality, status
    and sector, with how many were updated recently, how many are overdue (active ones only) and
    their expected reduction: one pass over the initiatives for the figures by status, by sector,
    per municipality and the reductions."""
    rules = FreshnessPolicy.current()
    return list(
        current_initiatives(user)
        .values("plan__municipality", "status", "sector")
        .annotate(
            n=Count("pk"),
            updated=Count(
                "pk", filter=InitiativeQuerySet.updated_within_condition(RECENT_UPDATE_DAYS, now)
            ),
            overdue=Count("pk", filter=InitiativeQuerySet.overdue_condition(rules, now)),
            reduction=Sum("expected_reduction"),
        )
        .order_by()
    )


def initiative_figures(counts: list[dict], baseline: Baseline | None) -> dict:
    by_status, by_sector = Counter(), Counter()
    for row in counts:
        by_status[row["status"]] += row["n"]
        by_sector[row["sector"]] += row["n"]
    then = baseline.region if baseline else {}
    return {
        "by_status": [
            Figure(
                str(label),
                by_status.get(value, 0),
                list_url("actionplans:initiative-list", status=value),
                _change(by_status.get(value, 0), then.get("by_status", {}).get(value)),
            )
            for value, label in Initiative.Status.choices
        ],
        "by_sector": [
            Figure(
                str(label),
                by_sector.get(value, 0),
                list_url("actionplans:initiative-list", sector=value),
                _change(by_sector.get(value, 0), then.get("by_sector", {}).get(value)),
            )
            for value, label in Sector.choices
        ],
        "total": sum(by_status.values()),
    }


@dataclass
class ReductionFigures:
    """The initiatives' expected reductions against what the region must cut to reach the
    national 70 % in 2030, on the baselines of the plans that give one."""

    needed: Decimal
    expected: Decimal
    complete: int
    expected_change: Decimal | None
    url: str

    @property
    def covered_percent(self) -> Decimal | None:
        return 100 * self.expected / self.needed if self.needed else None


def reduction_figures(user, counts: list[dict], baseline: Baseline | None) -> ReductionFigures:
    reductions: dict[int, Decimal] = defaultdict(Decimal)
    for row in counts:
        reductions[row["plan__municipality"]] += row["reduction"] or Decimal(0)
    rollup = regional_rollup(user, reductions=reductions)
    then = baseline.region["rollup"]["initiative_reduction"] if baseline else None
    return ReductionFigures(
        needed=rollup.baseline - rollup.national_2030,
        expected=rollup.initiative_reduction,
        complete=rollup.complete,
        expected_change=_change(rollup.initiative_reduction, Decimal(then) if then else None),
        url=reverse("actionplans:region-rollup"),
    )


@dataclass
class MunicipalityRow:
    municipality: Municipality
    active: int
    updated: Figure
    overdue: Figure
    late_tasks: Figure

    @property
    def updated_percent(self) -> int | None:
        return round(100 * self.updated.value / self.active) if self.active else None


def freshness_figures(
    user, counts: list[dict], baseline: Baseline | None, *, now: dt.datetime
) -> dict:
    """Per municipality (the lead, as the lists' "Ledende kommune" filter): active initiatives
    updated in the last 60 days, overdue ones (the reminders' rule) and late milestones."""
    stats: dict[int, Counter] = {}
    for row in counts:
        totals = stats.setdefault(row["plan__municipality"], Counter())
        totals["active"] += 0 if row["status"] in Initiative.FINISHED else row["n"]
        totals["updated"] += row["updated"]
        totals["overdue"] += row["overdue"]
    late = dict(
        policy.visible(user, Task.objects.late(timezone.localdate(now)))
        .filter(current_plan_condition("initiative__plan"))
        .values_list("initiative__plan__municipality")
        .annotate(n=Count("pk"))
    )
    rows = []
    for m in policy.visible(user, Municipality).order_by("name"):
        row = stats.get(m.pk, {})
        initiatives = "actionplans:initiative-list"
        rows.append(
            MunicipalityRow(
                municipality=m,
                active=row.get("active", 0),
                updated=Figure(
                    _("Opdateret"),
                    row.get("updated", 0),
                    list_url(initiatives, lead=m.pk, updated_within=RECENT_UPDATE_DAYS),
                ),
                overdue=Figure(
                    _("Forældede"),
                    row.get("overdue", 0),
                    list_url(initiatives, lead=m.pk, overdue="on"),
                ),
                late_tasks=Figure(
                    _("Forsinkede milepæle"),
                    late.get(m.pk, 0),
                    list_url("actionplans:task-list", municipality=m.pk, late="on"),
                ),
            )
        )
    active = sum(r.active for r in rows)
    updated = sum(r.updated.value for r in rows)
    return {
        "rows": rows,
        "days": RECENT_UPDATE_DAYS,
        "updated": Figure(
            _("Aktive indsatser opdateret de seneste %(days)s dage") % {"days": RECENT_UPDATE_DAYS},
            updated,
            list_url("actionplans:initiative-list", updated_within=RECENT_UPDATE_DAYS),
            _change(updated, baseline.updated_recently if baseline else None),
        ),
        "updated_percent": round(100 * updated / active) if active else None,
        "overdue": Figure(
            _("Forældede eller aldrig opdaterede indsatser"),
            sum(r.overdue.value for r in rows),
            list_url("actionplans:initiative-list", overdue="on"),
            _change(sum(r.overdue.value for r in rows), baseline.overdue if baseline else None),
        ),
        "late_tasks": Figure(
            _("Forsinkede milepæle"),
            sum(r.late_tasks.value for r in rows),
            list_url("actionplans:task-list", late="on"),
        ),
    }


def open_round(user) -> ReportingRound | None:
    """The newest open reporting round (the dashboard's figure and the map's measure)."""
    return (
        policy.visible(user, ReportingRound)
        .filter(state=ReportingRound.State.OPEN)
        .order_by("-year")
        .first()
    )


def round_figures(user, baseline: Baseline | None) -> dict | None:
    """The open reporting round's completion, beside the last closed round's."""
    reporting_round = open_round(user)
    if reporting_round is None:
        return None
    reported = MunicipalityReport.objects.filter(round=reporting_round).count()
    total = Municipality.objects.count()
    return {
        "round": reporting_round,
        "reported": Figure(
            _("Kommuner, der har meldt rapporteret"),
            reported,
            reporting_round.get_absolute_url(),
            _change(reported, baseline.region["reported"] if baseline else None),
        ),
        "total": total,
        "percent": round(100 * reported / total) if total else None,
    }


def calendar_figures(user, *, now: dt.datetime) -> dict:
    today = timezone.localdate(now)
    meetings = (
        policy.visible(user, Meeting).filter(starts_at__gte=now).select_related("body")
    ).order_by("starts_at")[:MEETINGS_SHOWN]
    follow_ups = policy.visible(user, AgendaItem).filter(
        pk__in=FollowUp.objects.open_due_within(FOLLOW_UP_DAYS, today).values("item_id")
    )
    calls = policy.visible(user, Call.objects.open(today).deadline_within(CALL_DAYS, today))
    return {
        "meetings": list(meetings),
        "meetings_url": reverse("governance:meeting-list"),
        "follow_ups": Figure(
            _("Beslutninger med opfølgning, der forfalder inden for %(days)s dage")
            % {"days": FOLLOW_UP_DAYS},
            follow_ups.exclude(outcome="").count(),
            list_url("governance:decision-log", follow_up_due_within=FOLLOW_UP_DAYS),
        ),
        "calls": Figure(
            _("Opslag med frist inden for %(days)s dage") % {"days": CALL_DAYS},
            calls.count(),
            list_url("fundraising:call-list", due_within=CALL_DAYS),
        ),
    }


def pipeline_figures(user) -> dict:
    """The applications by state: how many and how much is asked and granted."""
    rows = {
        row["state"]: row
        for row in policy.visible(user, Application)
        .values("state")
        .annotate(n=Count("pk"), applied=Sum("amount_applied"), granted=Sum("amount_granted"))
    }
    stages = []
    for value, label in Application.State.choices:
        row = rows.get(value, {})
        stages.append(
            {
                "figure": Figure(
                    str(label),
                    row.get("n", 0),
                    list_url("fundraising:application-list", state=value),
                ),
                "applied": row.get("applied"),
                "granted": row.get("granted"),
            }
        )
    return {"stages": stages}


def dashboard(user, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    baseline = last_closed_baseline()
    counts = initiative_counts(user, now=now)
    return {
        "baseline": baseline,
        "plans": plan_figures(user, baseline),
        "initiatives": initiative_figures(counts, baseline),
        "reductions": reduction_figures(user, counts, baseline),
        "freshness": freshness_figures(user, counts, baseline, now=now),
        "round": round_figures(user, baseline),
        "calendar": calendar_figures(user, now=now),
        "pipeline": pipeline_figures(user),
    }
