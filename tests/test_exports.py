"""Every CSV/XLSX export and every calendar feed goes through one layer (alliance/exports.py): text a
user typed never becomes a live formula, numbers stay numbers, only CSV and XLSX are offered, and
every response is private."""

import csv
import datetime as dt
import io
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alliance.exports import SafeTableExport, Sheet, sheet_csv, sheet_xlsx
from fundraising.models import Contribution
from tests.factories import AgendaItemFactory
from tests.spreadsheet_files import excel_csv, excel_csv_dicts, xlsx_dicts, xlsx_sheet

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


def csv_cells(response) -> list[str]:
    return [cell for row in excel_csv(response) for cell in row]


def xlsx_cells(response) -> list:
    return [cell for row in xlsx_sheet(response).iter_rows() for cell in row]


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

    initiatives = machine_csv_cells(client.get(national, {"format": "csv"}))
    assert "'" + LINK in initiatives and LINK not in initiatives
    response = client.get(national, {"format": "csv", "table": "indicator_values"})
    assert "-3.5" in machine_csv_cells(response)
    assert "private" in response["Cache-Control"]


def machine_csv_cells(response) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]


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

    exported = SafeTableExport("csv", table).export().removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    assert rows[1:] == [["'" + text, "-5"], ["Cykelstier", "2,5"]]

    sheet = load_workbook(io.BytesIO(SafeTableExport("xlsx", table).export())).active
    (text_cell, number_cell), (plain, _) = sheet.iter_rows(min_row=2)
    assert (text_cell.value, text_cell.data_type, text_cell.quotePrefix) == (text, "s", True)
    assert (number_cell.value, number_cell.data_type) == (-5, "n")
    assert not plain.quotePrefix


# --- Files as Danish Excel opens them --------------------------------------------------------------


@pytest.fixture
def excel_world(world):
    """An initiative with a decimal reduction, last updated late in the evening, Danish time: in
    UTC it is still the day before."""
    world.initiative_a.title = "Grøn omstilling af Ærø-færgen"
    world.initiative_a.expected_reduction = Decimal("1250.5")
    world.initiative_a.last_update_at = dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)
    world.initiative_a.save()
    return world


def test_csv_opens_in_danish_excel_with_semicolons_decimal_commas_and_local_dates(excel_world):
    client = excel_world.client("secretariat")
    response = client.get(reverse("actionplans:initiative-list"), {"_export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {row["Indsats"]: row for row in excel_csv_dicts(response)}  # checks BOM and ";"
    row = rows["Grøn omstilling af Ærø-færgen"]
    assert row["Reduktion (ton CO2e/år)"] == "1250,5"
    assert row["Senest opdateret"] == "2026-12-05"  # 00:30 in Copenhagen
    assert row["Færdig (%)"] == str(excel_world.initiative_a.percent_done)


def test_xlsx_has_date_and_number_cells_a_frozen_header_and_an_autofilter(excel_world):
    client = excel_world.client("secretariat")
    response = client.get(reverse("actionplans:initiative-list"), {"_export": "xlsx"})

    sheet = xlsx_sheet(response)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}3"
    assert all(cell.font.bold for cell in sheet[1])
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("Grøn"))
    reduction = row[header.index("Reduktion (ton CO2e/år)")]
    assert (reduction.value, reduction.data_type) == (1250.5, "n")
    assert reduction.number_format == "#,##0.0"  # "1.250,5" in Danish Excel
    updated = row[header.index("Senest opdateret")]
    assert updated.is_date and updated.value == dt.datetime(2026, 12, 5)
    assert updated.number_format == "dd-mm-yyyy"
    widths = {sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert min(widths) >= 8 and max(widths) <= 60


def test_timestamps_are_local_time_in_csv_and_xlsx():
    stamp = dt.datetime(2026, 12, 5, 11, 43, tzinfo=dt.UTC)
    sheet = Sheet(title="Log", header=["Tid", "Beløb"], rows=[[stamp, Decimal("-1250.50")]])

    lines = sheet_csv(sheet).removeprefix("\ufeff").splitlines()
    assert lines == ["Tid;Beløb", "2026-12-05 12:43;-1250,5"]
    cells = load_workbook(io.BytesIO(sheet_xlsx(sheet))).active[2]
    assert cells[0].value == dt.datetime(2026, 12, 5, 12, 43)
    assert cells[0].number_format == "dd-mm-yyyy hh:mm"
    assert (cells[1].value, cells[1].number_format) == (-1250.5, "#,##0.0")


@pytest.mark.parametrize(("name", "param", "setup"), TABLE_EXPORTS, ids=IDS)
def test_every_table_export_is_for_danish_excel(world, name, param, setup):
    client = world.client("secretariat")
    header, *_rows = excel_csv(client.get(reverse(name), {param: "csv"}))
    sheet = xlsx_sheet(client.get(reverse(name), {param: "xlsx"}))
    assert [cell.value for cell in sheet[1]] == header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert not [c for row in sheet.iter_rows() for c in row if str(c.value).endswith("+00:00")]


def test_scorecard_exports_dates_as_dates(world):
    client = world.client("member")
    url = reverse("actionplans:region-scorecard")
    rows = xlsx_dicts(client.get(url, {"_export": "xlsx"}))
    updated = [row["Seneste opdatering"] for row in rows if row["Seneste opdatering"]]
    assert updated and all(isinstance(value, dt.datetime) for value in updated)
    assert not [row for row in rows if "—" in row.values()]
