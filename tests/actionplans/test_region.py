"""Across the region (journey 3): the theme overview, scorecard, peers and roll-up, on hand-built
fixtures with known numbers; bounded queries; and who may read the pages."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors
from actionplans.models import FreshnessPolicy, Initiative, Plan, Sector
from tests.factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
    TaskFactory,
    ThemeFactory,
)
from tests.html import table_cells

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n: int) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


@pytest.fixture
def themes(world):
    """Four municipalities (A, B of the world; C and D) and three themes with known coverage.
    A, B and D have an approved plan (D's revised twice); C's plan is still being prepared.
    charging: A and B lead an initiative each (B twice)      -> 2 of the 3 approved, 2 of 29
    fleet:    A leads a joint initiative with C and D        -> 2 of the 3 approved, 3 of 29
    food:     only in D's superseded plan                   -> 0
    """
    c = MunicipalityFactory(code=151, name="Ballerup")
    d = MunicipalityFactory(code=153, name="Brøndby")
    PlanFactory(municipality=c, status=Plan.Status.IN_PREPARATION, adopted_on=None)
    charging = ThemeFactory(name="Ladeinfrastruktur", slug="lade", reference_share=92, order=1)
    fleet = ThemeFactory(name="Kommunens flåde", slug="flaade", reference_share=92, order=2)
    food = ThemeFactory(name="Madspild", slug="madspild", reference_share=58, order=3)
    world.initiative_a.themes.add(charging)
    world.initiative_b.themes.add(charging)
    InitiativeFactory(plan=world.plan_b, title="Flere ladere").themes.add(charging)
    joint = InitiativeFactory(plan=world.plan_a, title="Fælles udbud af elbiler")
    joint.themes.add(fleet)
    joint.participants.add(c, d)
    old = PlanFactory(municipality=d, version=1)
    PlanFactory(municipality=d, version=2, supersedes=old)
    InitiativeFactory(plan=old, title="Madspild i kantinen").themes.add(food)
    return {"charging": charging, "fleet": fleet, "food": food, "c": c, "d": d, "joint": joint}


def test_overview_shares_count_leads_and_participants_of_current_plans(world, themes):
    table = selectors.theme_coverage(world.users["member"])
    coverage = {row.theme.slug: row for row in table}

    assert table.base == 3  # A, B and D have an approved plan; C's is in preparation
    assert [m.name for m in coverage["lade"].municipalities] == ["Frederiksberg", "København"]
    assert coverage["lade"].count == 2
    assert coverage["lade"].share == round(100 * 2 / 3) == 67
    assert coverage["lade"].share_of_region == round(100 * 2 / 29) == 7
    assert [m.name for m in coverage["flaade"].municipalities] == [
        "Ballerup",
        "Brøndby",
        "København",
    ]
    # Ballerup takes part, but has no approved plan: outside the base, so outside the share.
    assert coverage["flaade"].approved_count == 2
    assert coverage["flaade"].share == 67
    assert coverage["flaade"].share_of_region == round(100 * 3 / 29) == 10
    assert coverage["madspild"].count == 0  # only in a superseded plan
    assert coverage["lade"].difference == 67 - 92


def test_live_share_matches_the_reference_on_identical_data(db):
    """DOMAIN.md: "Et blik på tværs" gives k/26, the share of the 26 analysed approved plans.
    Identical data must give the identical figure, not one that looks behind (17/29 = 59 %)."""
    carpooling = ThemeFactory(slug="samkoersel-erhverv", reference_share=65)
    for n in range(29):
        municipality = MunicipalityFactory(code=600 + n)
        approved = n < 26
        plan = PlanFactory(
            municipality=municipality,
            status=Plan.Status.ADOPTED if approved else Plan.Status.SUBMITTED,
            adopted_on=dt.date(2022, 6, 1) if approved else None,
        )
        if n < 17:
            InitiativeFactory(plan=plan).themes.add(carpooling)
    secretariat = CoordinatorFactory().user
    secretariat.is_secretariat = True
    secretariat.save()

    (row,) = [r for r in selectors.theme_coverage(secretariat) if r.theme == carpooling]

    assert (row.approved_count, row.base, row.share) == (17, 26, 65)
    assert row.difference == 0
    assert row.share_of_region == 59


def test_overview_page_says_the_base_of_its_shares(world, themes):
    response = world.client("coordinator_b").get(reverse("actionplans:region-overview"))

    assert response.status_code == 200
    rows = {row.theme.slug: row for row in response.context["coverage"]}
    assert (rows["flaade"].share, rows["flaade"].theme.reference_share) == (67, 92)
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert (
        "Kommuner med godkendt plan Andel nu Andel i 'Et blik på tværs' (af 26 godkendte planer) "
        "Andel af alle 29 kommuner"
    ) in html.unescape(text)
    # The fleet row: 2 of the 3 with an approved plan, 67 %, beside 92 % and 10 % of all 29.
    assert "Kommunens flåde 2 af 3 67 % 92 % 10 % (3 af 29)" in text
    assert "af de 3 kommuner, der har en politisk godkendt klimaplan" in text


def test_progress_counts_joint_initiatives_once(world, themes):
    progress = selectors.progress_by_sector_and_status(world.users["secretariat"])

    # A: initiative_a + joint; B: initiative_b + "Flere ladere"; D's old plan is superseded.
    assert progress.total == 4
    transport = next(r for r in progress.rows if r["sector"] == Sector.TRANSPORT)
    assert transport["total"] == 4
    assert progress.totals[Initiative.Status.IN_PROGRESS] == 4


def test_overview_lists_plans_due_for_revision_and_stale_municipalities(world):
    world.plan_a.adopted_on = timezone.localdate() - dt.timedelta(days=365 * 5 - 100)
    world.plan_a.save()
    world.plan_b.adopted_on = timezone.localdate() - dt.timedelta(days=365)
    world.plan_b.save()
    InitiativeFactory(plan=world.plan_b, created_at=days_ago(400))

    response = world.client("secretariat").get(reverse("actionplans:region-overview"))

    assert [p.municipality.name for p in response.context["revision_plans"]] == ["København"]
    assert response.context["stale"] == [{"name": "Frederiksberg", "code": 147, "stale": 1}]


@pytest.fixture
def scorecard_world(world):
    """København: 4 initiatives (2 in progress, 1 delayed, 1 completed), the world's updated today
    and one 10 days ago, one stale, one late task (plus a completed one and one on a completed initiative)."""
    plan = world.plan_a
    recent = InitiativeFactory(plan=plan, title="Nylig", last_update_at=days_ago(10))
    InitiativeFactory(
        plan=plan,
        title="Gammel",
        status=Initiative.Status.DELAYED,
        created_at=days_ago(400),
        last_update_at=days_ago(200),
    )
    done = InitiativeFactory(
        plan=plan, title="Færdig", status=Initiative.Status.COMPLETED, created_at=days_ago(400)
    )
    today = timezone.localdate()
    TaskFactory(initiative=recent, due_date=today - dt.timedelta(days=5))
    TaskFactory(initiative=recent, due_date=today - dt.timedelta(days=5), completed_on=today)
    TaskFactory(initiative=done, due_date=today - dt.timedelta(days=5))
    return world


def test_scorecard_values_on_a_known_fixture(scorecard_world):
    rows = {r["municipality"]: r for r in selectors.scorecard_rows(scorecard_world.users["member"])}

    a = rows["København"]
    assert a["plan_status"] == "Politisk vedtaget"
    assert a["revision_due"] == dt.date(2027, 6, 1)
    assert (a["total"], a["in_progress"], a["delayed"], a["completed"]) == (4, 2, 1, 1)
    assert a["recent_share"] == round(100 * 2 / 3)  # of the 3 not finished
    assert a["stale"] == 1
    assert a["late_tasks"] == 1
    assert a["last_update"] == scorecard_world.initiative_a.last_update_at
    b = rows["Frederiksberg"]
    assert (b["total"], b["stale"], b["late_tasks"]) == (1, 0, 0)


def test_scorecard_sorts_and_exports(scorecard_world):
    client = scorecard_world.client("coordinator_b")
    url = reverse("actionplans:region-scorecard")

    sorted_page = client.get(url, {"sort": "-stale"})
    assert sorted_page.context["table"].rows[0].record["municipality"] == "København"
    csv = client.get(url, {"_export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Kommune;Planens status")
    assert any(line.startswith("København;Politisk vedtaget") for line in lines)
    xlsx = client.get(url, {"_export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_peers_lists_other_municipalities_on_the_same_theme_with_coordinators(world, themes):
    peers = selectors.peers_for(world.initiative_a, world.users["coordinator_a"])

    assert [p.municipality.name for p in peers] == ["Frederiksberg"]
    assert sorted(i.title for i in peers[0].initiatives) == [
        "Flere ladere",
        "Ladestandere i Frederiksberg",
    ]
    assert [(c.user.name, c.user.email) for c in peers[0].coordinators] == [
        ("Bent Bøgh", "koord.b@example.dk")
    ]


def test_peers_include_participants_of_joint_initiatives(world, themes):
    other = InitiativeFactory(plan=world.plan_b, title="Grøn flåde")
    other.themes.add(themes["fleet"])

    peers = selectors.peers_for(other, world.users["secretariat"])

    # The joint initiative is led by A with C and D taking part: all three are peers of B's.
    assert [p.municipality.name for p in peers] == ["Ballerup", "Brøndby", "København"]


def test_peers_page_shows_contacts(world, themes):
    url = reverse("actionplans:initiative-peers", kwargs={"pk": world.initiative_a.pk})
    response = world.client("coordinator_b").get(url)

    content = response.content.decode()
    assert "Bent Bøgh" in content and "mailto:koord.b@example.dk" in content


def test_rollup_sums_on_a_known_fixture(world):
    world.plan_b.baseline_emissions = 50_000
    world.plan_b.reduction_target_2030 = 50
    world.plan_b.save()
    joint = InitiativeFactory(plan=world.plan_a, expected_reduction=500)
    joint.participants.add(world.municipality_b)
    c = MunicipalityFactory(code=151, name="Ballerup")
    PlanFactory(municipality=c, baseline_emissions=None, net_zero_year=None)
    MunicipalityFactory(code=153, name="Brøndby")  # no plan at all

    rollup = selectors.regional_rollup(world.users["member"])

    rows = {r.municipality.name: r for r in rollup.rows}
    assert rows["København"].implied_2030 == Decimal(30_000)
    assert rows["København"].initiative_reduction == Decimal(600)  # 100 + the joint 500
    assert rows["Frederiksberg"].initiative_reduction == Decimal(100)  # joint counted once
    assert rows["Ballerup"].implied_2030 is None and rows["Brøndby"].plan is None
    assert rollup.complete == 2
    assert rollup.baseline == Decimal(150_000)
    assert rollup.implied_2030 == Decimal(55_000)
    assert rollup.national_2030 == Decimal(45_000)
    assert rollup.gap_to_national == Decimal(10_000)
    assert rollup.initiative_reduction == Decimal(700)
    assert rows["København"].contribution_share == Decimal(100) * 70_000 / 95_000
    assert rollup.uncovered == Decimal(70_000 - 600 + 25_000 - 100)
    assert (rollup.net_zero_by_2050, rollup.net_zero_missing) == (2, 2)


def test_rollup_page_marks_missing_data(world):
    c = MunicipalityFactory(code=151, name="Ballerup")
    PlanFactory(municipality=c, baseline_emissions=None)

    response = world.client("secretariat").get(reverse("actionplans:region-rollup"))

    content = response.content.decode()
    assert "mangler" in content
    assert "Sådan er tallene regnet" in content


def test_norole_sees_the_regional_pages_empty(world, themes):
    response = world.client("norole").get(reverse("actionplans:region-overview"))

    assert all(row.count == 0 for row in response.context["coverage"])


def _grow(world, n: int) -> None:
    """n initiatives per municipality, with themes, participants and tasks."""
    theme = ThemeFactory(name="Vækst", slug="vaekst")
    for plan, other in ((world.plan_a, world.municipality_b), (world.plan_b, world.municipality_a)):
        for i in range(n):
            initiative = InitiativeFactory(
                plan=plan, status=Initiative.Status.DELAYED, last_update_at=days_ago(i * 20)
            )
            initiative.themes.add(theme)
            initiative.participants.add(other)
            TaskFactory(initiative=initiative, due_date=timezone.localdate() - dt.timedelta(days=i))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["region-overview", "region-scorecard", "region-rollup", "initiative-peers"]
)
def test_query_count_does_not_grow_with_data(world, name):
    FreshnessPolicy.objects.create()
    CoordinatorFactory(municipality=world.municipality_b)
    kwargs = {"pk": world.initiative_a.pk} if name == "initiative-peers" else {}
    url = reverse(f"actionplans:{name}", kwargs=kwargs)
    client = world.client("secretariat")
    _grow(world, 1)
    world.initiative_a.themes.add(*world.initiative_b.themes.all(), ThemeFactory(slug="vaekst"))
    small = _count(client, url)
    _grow(world, 9)
    assert _count(client, url) == small


def test_scorecard_rows_match_its_columns(scorecard_world):
    """The rows are written out in the template: they must stay in step with the columns."""
    response = scorecard_world.client("member").get(
        reverse("actionplans:region-scorecard"), {"sort": "-stale"}
    )
    html = response.content.decode()
    # The scorecard's own table (the chart's table of numbers comes before it).
    header, rows = table_cells(html[html.rindex("<table", 0, html.index("table--scorecard")) :])
    assert header[:4] == ["Kommune", "Planens status", "Revision senest", "Indsatser"]
    assert all(len(row) == len(header) for row in rows)
    first = dict(zip(header, rows[0], strict=True))
    assert first["Kommune"] == "København"
    assert first["Indsatser"] == "4"
    assert (first["Forsinket"], first["Ikke opdateret længe"]) == ("1", "1")
    assert first["Revision senest"] == "1. juni 2027"
    assert first["Milepæle over frist"] == "1"
