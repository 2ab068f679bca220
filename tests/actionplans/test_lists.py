"""The lists of initiatives, plans, tasks and updates, their filters and exports, and the national
monitoring export."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Initiative, Sector
from networks.models import Network
from tests.factories import (
    IndicatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
    ProgressUpdateFactory,
    TaskFactory,
    ThemeFactory,
)
from tests.html import table_cells
from tests.spreadsheet_files import BOM, excel_csv_dicts, xlsx_dicts

INITIATIVES = reverse("actionplans:initiative-list")


csv_rows = excel_csv_dicts
xlsx_rows = xlsx_dicts


def machine_csv_rows(response) -> list[dict]:
    """The national export's documented machine CSV: commas, no byte-order mark."""
    assert not response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def titles_on_page(response) -> set[str]:
    return {row.record.title for row in response.context["table"].page.object_list}


@pytest.fixture
def many_a(world):
    """30 more initiatives in A's plan: more than one page (25 a page)."""
    return InitiativeFactory.create_batch(30, plan=world.plan_a, title="Grøn indsats")


def test_filter_by_municipality_shows_only_its_initiatives(world):
    response = world.client("member").get(INITIATIVES, {"municipality": world.municipality_a.pk})
    assert response.status_code == 200
    assert titles_on_page(response) == {"Ladestandere i København"}


def test_csv_export_holds_every_filtered_row_of_every_page(world, many_a):
    response = world.client("coordinator_b").get(
        INITIATIVES, {"municipality": world.municipality_a.pk, "_export": "csv"}
    )
    rows = csv_rows(response)
    assert len(rows) == 31  # 30 + the world's own, though a page shows 25
    assert {row["Kommune"] for row in rows} == {"København"}
    assert "Ladestandere i Frederiksberg" not in {row["Indsats"] for row in rows}
    assert rows[0]["Sektor"] == "Transport"  # labels, not codes


def test_xlsx_export_holds_exactly_the_filtered_rows(world, many_a):
    response = world.client("secretariat").get(
        INITIATIVES, {"municipality": world.municipality_b.pk, "_export": "xlsx"}
    )
    rows = xlsx_rows(response)
    assert [row["Indsats"] for row in rows] == ["Ladestandere i Frederiksberg"]
    assert rows[0]["Færdig (%)"] == 20


def test_export_follows_every_filter(world):
    InitiativeFactory(plan=world.plan_a, title="Biogas", sector=Sector.ENERGY)
    response = world.client("secretariat").get(
        INITIATIVES, {"sector": Sector.ENERGY, "q": "bio", "_export": "csv"}
    )
    assert [row["Indsats"] for row in csv_rows(response)] == ["Biogas"]


def test_account_without_role_sees_and_exports_nothing(world):
    client = world.client("norole")
    assert titles_on_page(client.get(INITIATIVES)) == set()
    assert csv_rows(client.get(INITIATIVES, {"_export": "csv"})) == []


def test_joint_initiative_appears_once(world):
    other = MunicipalityFactory()
    themes = ThemeFactory.create_batch(2)
    joint = world.initiative_b
    joint.participants.set([world.municipality_a, other])
    joint.themes.set(themes)
    network = Network.objects.create(name="Transportnetværket", slug="transport")
    network.initiatives.add(joint)
    client = world.client("secretariat")
    for params in (
        {},
        {"municipality": world.municipality_a.pk},
        {"theme": themes[0].pk},
        {"network": network.pk},
    ):
        rows = csv_rows(client.get(INITIATIVES, {**params, "_export": "csv"}))
        titles = [row["Indsats"] for row in rows]
        assert titles.count(joint.title) == 1, params
    rows = csv_rows(client.get(INITIATIVES, {"network": network.pk, "_export": "csv"}))
    assert [row["Indsats"] for row in rows] == [joint.title]


def test_year_filter_keeps_initiatives_active_that_year(world):
    InitiativeFactory(plan=world.plan_a, title="Tidligt", start_year=2020, end_year=2022)
    InitiativeFactory(plan=world.plan_a, title="Løbende", start_year=2021, end_year=None)
    response = world.client("secretariat").get(INITIATIVES, {"year": 2022})
    assert titles_on_page(response) == {"Tidligt", "Løbende"}


def test_freshness_filter(world):
    old = timezone.now() - dt.timedelta(days=400)
    InitiativeFactory(plan=world.plan_a, title="Glemt", created_at=old, last_update_at=old)
    response = world.client("secretariat").get(INITIATIVES, {"freshness": "stale"})
    assert titles_on_page(response) == {"Glemt"}
    assert "Forældet" in response.content.decode()


def test_superseded_plans_initiatives_are_not_listed(world):
    newer = PlanFactory(municipality=world.municipality_a, version=2, supersedes=world.plan_a)
    InitiativeFactory(plan=newer, title="Ny plan")
    response = world.client("secretariat").get(
        INITIATIVES, {"municipality": world.municipality_a.pk}
    )
    assert titles_on_page(response) == {"Ny plan"}


def test_bad_filter_value_gives_a_danish_message_not_an_error(world):
    response = world.client("secretariat").get(INITIATIVES, {"year": "to tusind"})
    assert response.status_code == 200
    assert "Skriv et årstal, fx 2030." in response.content.decode()


def _initiative_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INITIATIVES, {"sort": "freshness"})
    assert response.status_code == 200
    return len(queries)


def _add_initiatives(world, count: int) -> None:
    themes = ThemeFactory.create_batch(2)
    for _ in range(count):
        initiative = InitiativeFactory(plan=PlanFactory())
        initiative.themes.set(themes)
        initiative.participants.add(world.municipality_a)


def test_initiative_list_query_count_does_not_grow_with_data(world):
    client = world.client("coordinator_a")
    _add_initiatives(world, 2)
    small = _initiative_list_queries(client)
    _add_initiatives(world, 28)
    assert _initiative_list_queries(client) == small


@pytest.mark.parametrize("name", ["plan-list", "task-list", "update-list"])
def test_other_lists_query_count_does_not_grow_with_data(world, name):
    client = world.client("secretariat")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"actionplans:{name}")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(30):
        initiative = InitiativeFactory(plan=PlanFactory())
        TaskFactory(initiative=initiative)
        ProgressUpdateFactory(initiative=initiative, author=world.users["coordinator_a"])
    assert count() == small


def test_plan_list_filters_revision_due_soon(world):
    today = timezone.localdate()
    for plan in (world.plan_a, world.plan_b):
        plan.adopted_on = today - dt.timedelta(days=365)
        plan.save()
    soon = PlanFactory(adopted_on=today - dt.timedelta(days=5 * 365 - 30))
    client = world.client("member")
    response = client.get(reverse("actionplans:plan-list"), {"revision_soon": "on"})
    assert [row.record for row in response.context["table"].page.object_list] == [soon]
    rows = csv_rows(client.get(reverse("actionplans:plan-list"), {"_export": "csv"}))
    assert len(rows) == 3


def test_task_list_filters_late_tasks(world):
    late = TaskFactory(
        initiative=world.initiative_b, title="For sent", due_date=dt.date(2020, 1, 1)
    )
    response = world.client("coordinator_a").get(reverse("actionplans:task-list"), {"late": "on"})
    assert [row.record for row in response.context["table"].page.object_list] == [late]


def test_task_list_filters_due_within_days(world):
    TaskFactory(initiative=world.initiative_a, title="Snart", due_date=timezone.localdate())
    response = world.client("secretariat").get(
        reverse("actionplans:task-list"),
        {"due_within": 7, "municipality": world.municipality_a.pk, "_export": "csv"},
    )
    assert [row["Milepæl"] for row in csv_rows(response)] == ["Snart"]


def test_update_list_newest_first_and_filtered_by_author(world):
    author = world.users["coordinator_a"]
    ProgressUpdateFactory(initiative=world.initiative_a, author=author, date=dt.date(2025, 1, 1))
    ProgressUpdateFactory(initiative=world.initiative_a, author=author, date=dt.date(2025, 3, 1))
    url = reverse("actionplans:update-list")
    response = world.client("secretariat").get(
        url, {"author": author.pk, "date_from": "2024-12-01", "_export": "csv"}
    )
    assert [row["Dato"] for row in csv_rows(response)] == ["2025-03-01", "2025-01-01"]


# --- The national monitoring export --------------------------------------------------------------

NATIONAL = reverse("actionplans:national-export")


def test_national_export_json_shape(world):
    IndicatorFactory(municipality=world.municipality_a).values.create(year=2024, value=12.5)
    world.initiative_b.participants.add(world.municipality_a)
    response = world.client("coordinator_b").get(NATIONAL, {"format": "json"})
    data = json.loads(response.content)
    assert data["format_version"] == 1
    by_title = {row["title"]: row for row in data["initiatives"]}
    assert set(by_title) == {"Ladestandere i København", "Ladestandere i Frederiksberg"}
    assert by_title["Ladestandere i Frederiksberg"]["participant_codes"] == [101]
    assert by_title["Ladestandere i København"]["sector"] == "transport"
    assert data["indicator_values"] == [
        {
            "indicator_id": data["indicator_values"][0]["indicator_id"],
            "municipality_code": 101,
            "initiative_id": None,
            "indicator_name": data["indicator_values"][0]["indicator_name"],
            "unit": "stk.",
            "direction": "increase",
            "year": 2024,
            "value": 12.5,
        }
    ]


def test_national_export_csv_tables(world):
    world.indicator_a.values.create(year=2023, value=3)
    client = world.client("member")
    initiatives = machine_csv_rows(client.get(NATIONAL, {"format": "csv"}))
    assert {row["municipality_code"] for row in initiatives} == {"101", "147"}
    values = machine_csv_rows(client.get(NATIONAL, {"format": "csv", "table": "indicator_values"}))
    assert [(v["municipality_code"], v["initiative_id"], v["value"]) for v in values] == [
        ("101", str(world.initiative_a.pk), "3.0")
    ]


def test_national_export_leaves_out_superseded_plans_and_unknown_formats(world):
    PlanFactory(municipality=world.municipality_a, version=2, supersedes=world.plan_a)
    client = world.client("secretariat")
    data = json.loads(client.get(NATIONAL, {"format": "json"}).content)
    assert [row["municipality_code"] for row in data["initiatives"]] == [147]
    assert client.get(NATIONAL, {"format": "pdf"}).status_code == 400


def test_national_export_without_role_is_empty(world):
    data = json.loads(world.client("norole").get(NATIONAL, {"format": "json"}).content)
    assert data["initiatives"] == [] and data["indicator_values"] == []
    assert Initiative.objects.count() == 2


def test_initiative_rows_match_the_columns_and_the_export(world):
    """The rows are written out in the template: they must stay in step with the columns, and
    show what the export holds (empty cells as a dash)."""
    theme = ThemeFactory(name="Ladeinfrastruktur")
    world.initiative_a.themes.add(theme)
    client = world.client("member")
    # The lower-priority columns are hidden until shown (alliance.tables.choose_columns) ...
    header, rows = table_cells(client.get(INITIATIVES).content.decode())
    assert "Fase" not in header and "Temaer" not in header
    assert all(len(cells) == len(header) for cells in rows)
    # ... and shown when the reader chooses them.
    every_column = {"kolonnevalg": "1", "kolonner": ["themes", "phase", "percent_done"]}
    header, rows = table_cells(client.get(INITIATIVES, every_column).content.decode())
    exported = {r["Indsats"]: r for r in csv_rows(client.get(INITIATIVES, {"_export": "csv"}))}
    assert len(rows) == len(exported)
    for cells in rows:
        assert len(cells) == len(header)
        shown = dict(zip(header, cells, strict=True))
        row = exported[shown["Indsats"]]
        for column in ("Kommune", "Sektor", "Status", "Fase", "Færdig (%)", "Opdatering"):
            assert shown[column] == row[column]
        assert shown["Temaer"] == (row["Temaer"] or "—")
        assert shown["Senest opdateret"] == (row["Senest opdateret"] or "—")
    themes = {dict(zip(header, cells, strict=True))["Temaer"] for cells in rows}
    assert "—" in themes  # an initiative without themes
    assert any(t.startswith("Ladeinfrastruktur; ") for t in themes)  # several, in name order
