"""Every CSV/XLSX export and every calendar feed goes through one layer (alliance/exports.py): text a
user typed never becomes a live formula, numbers stay numbers, only CSV and XLSX are offered, and
every response is private."""

import csv
import datetime as dt
import io

import django_tables2 as tables
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alliance.exports import SafeTableExport
from fundraising.models import Contribution
from tests.factories import AgendaItemFactory

FORMULA = "=1+1"
LINK = '=HYPERLINK("https://example.com","klik")'


def _initiative(world):
    world.initiative_a.title = FORMULA
    world.initiative_a.save()


def _plan(world):
    world.plan_a.title = FORMULA
    world.plan_a.save()


def _task(world):
    task = world.initiative_a.tasks.get()
    task.title = FORMULA
    task.save()


def _update(world):
    update = world.initiative_a.updates.get()
    update.note = FORMULA
    update.save()


def _municipality(world):
    world.municipality_a.name = FORMULA
    world.municipality_a.save()


def _call(world):
    world.call.title = FORMULA
    world.call.save()


def _application(world):
    world.application_a.title = FORMULA
    world.application_a.save()


def _contribution(world):
    Contribution.objects.create(
        organisation=world.municipality_a.organisation,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
        amount=250_000,
        note=FORMULA,
    )


def _decision(world):
    AgendaItemFactory(meeting=world.meeting_x, title=FORMULA, outcome="approved")


# (URL name, the parameter that picks the format, what puts "=1+1" in a cell it exports)
TABLE_EXPORTS = [
    ("actionplans:initiative-list", "_export", _initiative),
    ("actionplans:plan-list", "_export", _plan),
    ("actionplans:task-list", "_export", _task),
    ("actionplans:update-list", "_export", _update),
    ("actionplans:region-scorecard", "_export", _municipality),
    ("fundraising:call-list", "_export", _call),
    ("fundraising:application-list", "_export", _application),
    ("fundraising:finance-export", "format", _contribution),
    ("governance:decision-log", "_export", _decision),
]
IDS = [name for name, _param, _setup in TABLE_EXPORTS]


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_cells(response) -> list[str]:
    rows = csv.reader(io.StringIO(content(response).decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize(("name", "param", "setup"), TABLE_EXPORTS, ids=IDS)
def test_text_that_looks_like_a_formula_is_no_formula_in_csv_or_xlsx(world, name, param, setup):
    setup(world)
    client = world.client("secretariat")

    response = client.get(reverse(name), {param: "csv"})
    assert response.status_code == 200
    cells = csv_cells(response)
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]

    response = client.get(reverse(name), {param: "xlsx"})
    assert response.status_code == 200
    cells = xlsx_cells(response)
    typed = [cell for cell in cells if cell.value == FORMULA]
    assert typed and all(cell.data_type == "s" and cell.quotePrefix for cell in typed)
    assert not [cell for cell in cells if cell.data_type == "f"]


@pytest.mark.parametrize(("name", "param", "setup"), TABLE_EXPORTS, ids=IDS)
def test_exports_are_private(world, name, param, setup):
    client = world.client("secretariat")
    for export_format in ("csv", "xlsx"):
        response = client.get(reverse(name), {param: export_format})
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(("name", "param", "setup"), TABLE_EXPORTS, ids=IDS)
@pytest.mark.parametrize("export_format", ["json", "yaml", "latex", "ods", "tsv", "xls", ""])
def test_formats_no_page_offers_are_refused(world, name, param, setup, export_format):
    response = world.client("secretariat").get(reverse(name), {param: export_format})
    assert response.status_code == 400
    assert "Ukendt eksportformat. Brug csv eller xlsx." in response.content.decode()
    assert not response.has_header("Content-Disposition")


def test_national_csv_export_neutralises_text_and_keeps_negative_numbers(world):
    world.initiative_a.title = LINK
    world.initiative_a.save()
    world.indicator_a.values.create(year=2024, value=-3.5)
    client = world.client("member")
    national = reverse("actionplans:national-export")

    initiatives = csv_cells(client.get(national, {"format": "csv"}))
    assert "'" + LINK in initiatives and LINK not in initiatives
    response = client.get(national, {"format": "csv", "table": "indicator_values"})
    assert "-3.5" in csv_cells(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name",
    ["fundraising:call-feed", "networks:activity-feed", "governance:meeting-ics"],
)
def test_calendar_feeds_are_private(world, name):
    response = world.client("member").get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]


class NumbersTable(tables.Table):
    text = tables.Column()
    number = tables.Column()


@pytest.mark.parametrize("text", [FORMULA, "+1", "-1", "@SUM(A1)", "\tx", "\rx", LINK], ids=repr)
def test_every_risky_start_is_neutralised_and_numbers_stay_numbers(text):
    table = NumbersTable([{"text": text, "number": -5}, {"text": "Cykelstier", "number": 2.5}])

    rows = list(csv.reader(io.StringIO(SafeTableExport("csv", table).export())))
    assert rows[1:] == [["'" + text, "-5"], ["Cykelstier", "2.5"]]

    sheet = load_workbook(io.BytesIO(SafeTableExport("xlsx", table).export())).active
    (text_cell, number_cell), (plain, _) = sheet.iter_rows(min_row=2)
    assert (text_cell.value, text_cell.data_type, text_cell.quotePrefix) == (text, "s", True)
    assert (number_cell.value, number_cell.data_type) == (-5, "n")
    assert not plain.quotePrefix
