"""Exported files read as Danish Excel reads them: a CSV file is opened with a double click only
if it starts with a UTF-8 byte-order mark and separates fields with `;`."""

import csv
import io

from openpyxl import load_workbook

BOM = "\ufeff".encode()


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def excel_csv(response) -> list[list[str]]:
    """The rows of a CSV export, after checking it is one Danish Excel opens as columns."""
    data = content(response)
    assert data.startswith(BOM), "no byte-order mark: Excel would read UTF-8 as Windows-1252"
    text = data.decode("utf-8-sig")
    assert ";" in text.splitlines()[0], "not semicolon-separated: one column in Danish Excel"
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def excel_csv_dicts(response) -> list[dict]:
    header, *rows = excel_csv(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(content(response))).active


def xlsx_dicts(response) -> list[dict]:
    header, *rows = xlsx_sheet(response).iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]
