"""The secretariat's home, the region's dashboard (reports/dashboard.py): each figure counts the
rows its link shows, its change is against the last closed round, and its queries do not grow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import FreshnessPolicy, Initiative, Sector
from fundraising.models import Application, Call
from reports.dashboard import Figure, dashboard, last_closed_baseline
from reports.models import ReportingRound
from reports.services import close_round
from tests.factories import (
    FollowUpFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
    TaskFactory,
)
from tests.fundraising.factories import CallFactory

pytestmark = pytest.mark.django_db


def all_figures(data: dict) -> list[Figure]:
    """Every figure of the dashboard that links to a list."""
    figures = [*data["plans"]["by_status"], data["plans"]["revisions"]]
    figures += data["initiatives"]["by_status"] + data["initiatives"]["by_sector"]
    fresh = data["freshness"]
    figures += [fresh["updated"], fresh["overdue"], fresh["late_tasks"]]
    for row in fresh["rows"]:
        figures += [row.updated, row.overdue, row.late_tasks]
    figures += [data["calendar"]["follow_ups"], data["calendar"]["calls"]]
    figures += [stage["figure"] for stage in data["pipeline"]["stages"]]
    return figures


def add_variety(world, n: int = 1):
    """Initiatives of every status and freshness, late tasks, due follow-ups and calls."""
    now = timezone.now()
    for k in range(n):
        for status in Initiative.Status.values:
            InitiativeFactory(
                plan=world.plan_a,
                status=status,
                sector=Sector.values[k % len(Sector.values)],
                last_update_at=now - dt.timedelta(days=10 + 100 * (k % 3)),
            )
        stale = InitiativeFactory(plan=world.plan_b, created_at=now - dt.timedelta(days=400))
        TaskFactory(initiative=stale, due_date=timezone.localdate() - dt.timedelta(days=5))
        FollowUpFactory(item=world.item_x, due=timezone.localdate() + dt.timedelta(days=3))
        CallFactory(deadline=timezone.localdate() + dt.timedelta(days=20))


def test_secretariat_home_is_the_dashboard(world):
    response = world.client("secretariat").get(reverse("home"))
    assert response.status_code == 200
    assert "reports/dashboard.html" in [t.name for t in response.templates]
    assert "Regionen på et øjeblik" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("coordinator_a", "municipalities/municipality_detail.html"),
        ("member", "governance/my_bodies.html"),
    ],
)
def test_other_roles_keep_their_homes(world, persona, target):
    """The coordinator's municipality and the member's bodies, each rendered at `/`."""
    response = world.client(persona).get(reverse("home"), follow=True)
    assert "reports/dashboard.html" not in [t.name for t in response.templates]
    assert response.redirect_chain == []
    assert target in [t.name for t in response.templates]


def test_every_figure_counts_the_rows_its_link_shows(world):
    add_variety(world)
    world.item_x.outcome = "approved"
    world.item_x.save()
    client = world.client("secretariat")
    figures = all_figures(dashboard(world.users["secretariat"]))
    assert any(f.value for f in figures)
    for figure in figures:
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        assert response.context["table"].paginator.count == figure.value, (figure.label, figure.url)


def test_figures_count_what_they_say(world):
    add_variety(world)
    data = dashboard(world.users["secretariat"])
    by_status = {f.label: f.value for f in data["initiatives"]["by_status"]}
    assert by_status["Gennemført"] == 1
    assert by_status["I gang"] == 4  # the world's two, one of each status and the stale one
    rows = {row.municipality.code: row for row in data["freshness"]["rows"]}
    assert rows[147].overdue.value == 1
    assert rows[147].late_tasks.value == 1
    assert data["calendar"]["calls"].value == Call.objects.open().count()
    stages = {s["figure"].label: s["figure"].value for s in data["pipeline"]["stages"]}
    assert sum(stages.values()) == Application.objects.count()


def test_changes_are_against_the_last_closed_round(world):
    # tests/reports/conftest.py closed the 2025 round with the world's two initiatives.
    InitiativeFactory(plan=world.plan_a, status=Initiative.Status.COMPLETED)
    data = dashboard(world.users["secretariat"])
    assert data["baseline"].year == 2025
    changes = {f.label: f.change for f in data["initiatives"]["by_status"]}
    assert changes["Gennemført"] == 1
    assert changes["I gang"] == 0
    assert data["reductions"].expected_change == 100
    page = world.client("secretariat").get(reverse("home")).content.decode()
    assert "+1 siden 2025" in page


def test_dashboard_queries_do_not_grow_with_the_data(world):
    client = world.client("secretariat")
    add_variety(world, 1)
    for extra in range(3):
        PlanFactory(municipality=MunicipalityFactory(code=200 + extra, name=f"Kommune {extra}"))
    last_closed_baseline()  # the closed round's figures: read once per process
    with CaptureQueriesContext(connection) as once:
        assert client.get(reverse("home")).status_code == 200
    add_variety(world, 9)
    with CaptureQueriesContext(connection) as tenfold:
        assert client.get(reverse("home")).status_code == 200
    assert len(tenfold) == len(once)
    assert len(once) <= 35  # 30, and the map: its measures (3) and the chosen one's values (2)


def test_the_closed_rounds_figures_follow_a_newer_round_and_the_rules(world):
    """They are kept per process (a closed round never changes), never past what they depend on:
    a newer closed round, and the rules that say when an initiative is overdue."""
    before = last_closed_baseline()
    assert before.year == 2025
    InitiativeFactory(
        plan=world.plan_a,
        status=Initiative.Status.IN_PROGRESS,
        last_update_at=timezone.now() - dt.timedelta(days=10),
    )
    close_round(
        reporting_round=ReportingRound.objects.get(state=ReportingRound.State.OPEN),
        by=world.users["secretariat"],
    )
    rules = FreshnessPolicy.objects.order_by("pk").first() or FreshnessPolicy()
    rules.due_after_days, rules.late_after_days = 1, 2
    for stale_after_days, overdue in ((5, 1), (10_000, 0)):
        rules.stale_after_days = stale_after_days
        rules.save()
        now = last_closed_baseline()
        assert (now.year, now.active, now.overdue) == (2026, before.active + 1, overdue)
