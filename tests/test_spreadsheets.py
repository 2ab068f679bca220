"""The one reader of uploaded XLSX and CSV files bounds its work, not only the rows it keeps: a
small file that declares or hides a far-away row, unpacks to far more than it weighs, or holds a
field the csv module refuses, is refused with a Danish message instead of occupying a worker."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from alliance.spreadsheets import SpreadsheetError, read_csv, read_xlsx

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(*rows: list) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML rewritten by `change`, as a crafted file would be."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data.decode()).encode() if name == SHEET else data)
    return buffer.getvalue()


def far_row_sheet(row: int, *, declared: bool) -> bytes:
    """Header and two rows, the last one renumbered `row`; its declared size (the dimension)
    says so too, or is left out as some writers do."""

    def change(xml: str) -> str:
        xml = xml.replace('<row r="3">', f'<row r="{row}">')
        xml = xml.replace('r="A3"', f'r="A{row}"').replace('r="B3"', f'r="B{row}"')
        dimension = f'<dimension ref="A1:B{row}"/>' if declared else ""
        return re.sub(r"<dimension [^>]*/>", dimension, xml)

    return patched(workbook_bytes(["Titel", "Sektor"], ["A", "Energi"], ["B", "Energi"]), change)


def test_reader_returns_the_header_and_the_non_blank_rows_with_their_line_numbers():
    content = workbook_bytes(["Titel", "Sektor"], ["A", 2.0], [None, None], ["B", "Energi"])
    result = read_xlsx(content, max_rows=10)
    assert result.header[:2] == ["Titel", "Sektor"]
    assert [(line, cells[:2]) for line, cells in result.rows] == [
        (2, ["A", "2"]),
        (4, ["B", "Energi"]),
    ]


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
def test_a_tiny_sheet_with_a_far_away_row_is_refused_at_once(declared):
    content = far_row_sheet(3_000_000, declared=declared)
    assert len(content) < 10_000
    started = time.monotonic()
    with pytest.raises(SpreadsheetError) as refused:
        read_xlsx(content, max_rows=1000)
    # Walking the empty rows took about two seconds; stopping at the limit takes milliseconds.
    assert time.monotonic() - started < 1.0
    assert "Arket har mere end 1000 rækker under overskriften" in str(refused.value)


def test_the_walk_stops_at_the_limit_however_far_the_row_and_whatever_the_sheet_declares():
    """A row numbered two billion behind a declared size of three rows: a lying dimension neither
    hides the row (openpyxl alone would drop it silently) nor makes the reader walk to it (a
    quarter of an hour)."""

    def change(xml: str) -> str:
        return xml.replace('<row r="3">', '<row r="2000000000">').replace("A3", "A2000000000")

    content = patched(workbook_bytes(["Titel"], ["A"], ["B"]), change)
    with pytest.raises(SpreadsheetError, match="mere end 5 rækker"):
        read_xlsx(content, max_rows=5)


def test_rows_up_to_the_limit_are_read_blank_ones_counted():
    assert len(read_xlsx(far_row_sheet(6, declared=True), max_rows=5).rows) == 2
    with pytest.raises(SpreadsheetError):
        read_xlsx(far_row_sheet(7, declared=False), max_rows=5)


def test_a_sheet_declaring_too_many_columns_is_refused():
    def change(xml: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD3"/>', xml)

    content = patched(workbook_bytes(["Titel"], ["A"], ["B"]), change)
    with pytest.raises(SpreadsheetError, match="mere end 100 kolonner"):
        read_xlsx(content, max_rows=10)


def test_a_sheet_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    padding = "<!--" + " " * (21 * 1024 * 1024) + "-->"
    content = patched(
        workbook_bytes(["Titel"], ["A"]),
        lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"),
    )
    assert len(content) < 100_000
    with pytest.raises(SpreadsheetError, match="Arket fylder for meget udpakket"):
        read_xlsx(content, max_rows=10)


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"PK\x03\x04broken", workbook_bytes()[:-200]],
    ids=["text", "broken-zip", "truncated"],
)
def test_a_file_that_is_no_spreadsheet_gets_a_danish_message(content):
    with pytest.raises(SpreadsheetError, match="kunne ikke læses som et Excel-ark"):
        read_xlsx(content, max_rows=10)


def test_csv_lines_are_counted_blank_ones_included():
    content = b"a;b\n" + b"\n" * 20 + b"1;2\n"
    with pytest.raises(SpreadsheetError, match="mere end 10 linjer"):
        read_csv(content, max_rows=10)
    assert read_csv(content, max_rows=21).rows == [(22, ["1", "2"])]


def test_a_csv_field_the_csv_module_refuses_gets_a_danish_message():
    content = b'a;b\n1;"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(SpreadsheetError, match="kunne ikke læses som CSV"):
        read_csv(content, max_rows=10)
