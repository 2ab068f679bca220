"""The one layer every export and feed response goes through: the list exports, the scorecard,
the finances, the decision log, the national export and the iCalendar feeds.

Files for people open in Danish Excel with a double click:
- CSV: a UTF-8 byte-order mark (without it Excel reads UTF-8 as Windows-1252: "Ã†" for "Æ"),
  semicolons between fields (the list separator of Danish Windows; a comma is the decimal mark
  there), decimal commas, and times in local time (Europe/Copenhagen) as `2026-12-05 12:43`.
- XLSX: real date, time and number cells shown in Danish formats (`05-12-2026`, `1.250,5`), the
  header frozen and bold, an autofilter, and columns as wide as their contents (within bounds).
The national export keeps its documented machine format (docs/national-export.md): `csv_text`.

- Only CSV and XLSX are offered; any other `_export` (json, ods, latex, ...) is refused with a
  400 rather than answered with a file of a format no page offers.
- Text a user typed never becomes a live formula in a spreadsheet (CSV injection, OWASP): in CSV a
  text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
  quote; in XLSX such text is stored as a string, with Excel's "quote prefix" so that editing the
  cell keeps it text. Numbers are no text: a negative number stays a number.
- Every response is private: it holds what this user may see, so no shared cache may keep it.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tables2.export import ExportMixin, TableExport

from .downloads import content_disposition

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
# Number formats are stored locale-free in the file; Danish Excel shows `#,##0.0` as "1.250,5".
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60


def neutralise(value):
    """A text cell as CSV can carry it without a spreadsheet reading it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def download_response(
    content: str | bytes, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    """A file made for this user: an attachment (or shown inline, as a calendar feed is), never
    kept by a shared cache and always fetched anew."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, attachment=not inline)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def unknown_format_response() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("Ukendt eksportformat. Brug csv eller xlsx."))


def csv_text(rows: Iterable[dict], fieldnames: list[str]) -> str:
    """Rows as machine CSV (comma-separated, decimal points, `\\n` line ends, no byte-order
    mark), text cells neutralised: the national export's documented format, not for people."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return buffer.getvalue()


# --- Files for people ----------------------------------------------------------------------------


@dataclass
class Sheet:
    """What an export holds: a title (the XLSX sheet's name), the header and rows of typed values
    (text, int, Decimal, float, date, datetime or None)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]


def _local(value: dt.datetime) -> dt.datetime:
    """A timestamp as the wall-clock time in Copenhagen, without a zone (spreadsheets have none)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _plain_decimal(value: Decimal | float) -> str:
    """A number without exponent or trailing zeros, as "1250.5" ("1E+3" would not be read)."""
    number = Decimal(str(value)).normalize()
    return format(number, "f")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, dt.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return _plain_decimal(value).replace(".", ",")
    return neutralise(str(value))


def sheet_csv(sheet: Sheet) -> str:
    """The sheet as CSV for Danish Excel: byte-order mark, `;`, decimal commas, local times."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(str(label)) for label in sheet.header])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _number_format(value: Decimal | float) -> str:
    """Grouped thousands, and the decimals the value has (at most two, as on the pages)."""
    decimals = max(0, -Decimal(str(value)).normalize().as_tuple().exponent)
    decimals = min(decimals, 2)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _write_cell(cell, value) -> int:
    """Put a typed value in an openpyxl cell; returns the width it shows at."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        value = _("Ja") if value else _("Nej")
    if isinstance(value, dt.datetime):
        cell.value, cell.number_format = _local(value), DATETIME_FORMAT
        return len("05-12-2026 12:43")
    if isinstance(value, dt.date):
        cell.value, cell.number_format = value, DATE_FORMAT
        return len("05-12-2026")
    if isinstance(value, int):
        cell.value = value
        return len(str(value))
    if isinstance(value, Decimal | float):
        cell.value, cell.number_format = value, _number_format(value)
        return len(_plain_decimal(value)) + len(_plain_decimal(value)) // 4
    text = str(value)
    cell.value = text
    # openpyxl takes text starting with "=" for a formula: keep every risky text a string.
    if text.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)


def _sheet_title(title: str) -> str:
    return re.sub(r"[][:*?/\\]", "", title)[:31] or "Data"


def sheet_xlsx(sheet: Sheet) -> bytes:
    """The sheet as an Excel workbook: typed cells, header frozen and filterable, sized columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = _sheet_title(str(sheet.title))
    widths = []
    for column, label in enumerate(sheet.header, start=1):
        cell = ws.cell(row=1, column=column)
        widths.append(_write_cell(cell, str(label)))
        cell.font = Font(bold=True)
    last_row = 1
    for last_row, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            shown = _write_cell(ws.cell(row=last_row, column=column), value)
            widths[column - 1] = max(widths[column - 1], shown)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )
    ws.freeze_panes = "A2"
    if widths:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{last_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_response(sheet: Sheet, export_format: str | None, filename: str) -> HttpResponse:
    """The sheet as a CSV or XLSX download (`filename` without its extension), or a 400 for a
    format we do not offer."""
    if export_format not in CONTENT_TYPES:
        return unknown_format_response()
    content = sheet_csv(sheet) if export_format == "csv" else sheet_xlsx(sheet)
    return download_response(
        content, content_type=CONTENT_TYPES[export_format], filename=f"{filename}.{export_format}"
    )


def table_sheet(table, exclude_columns=()) -> Sheet:
    """A django-tables2 table as a sheet: its exported columns (hidden ones too) and values."""
    header, *rows = table.as_values(exclude_columns=exclude_columns)
    model = getattr(getattr(table._meta, "model", None), "_meta", None)
    title = capfirst(model.verbose_name_plural) if model else _("Data")
    return Sheet(title=title, header=header, rows=rows)


class SafeTableExport(TableExport):
    """django-tables2's export of a table, in the formats we offer, written by this layer."""

    FORMATS = CONTENT_TYPES

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        if not self.is_valid_format(export_format):
            raise TypeError(f"Export format {export_format!r} is not offered.")
        self.format = export_format
        self.sheet = table_sheet(table, exclude_columns or ())

    @classmethod
    def is_valid_format(cls, export_format) -> bool:
        return export_format in cls.FORMATS

    def export(self) -> str | bytes:
        return sheet_csv(self.sheet) if self.format == "csv" else sheet_xlsx(self.sheet)

    def response(self, filename=None):
        return download_response(self.export(), content_type=self.content_type(), filename=filename)


def table_export_response(table, export_format: str | None, filename: str) -> HttpResponse:
    """The table as a file (`filename` without its extension), or a 400 for a format we do not
    offer. For function views; class views use `SafeExportMixin`."""
    return sheet_response(table_sheet(table), export_format, filename)


class SafeExportMixin(ExportMixin):
    """django-tables2's ExportMixin through this layer: CSV and XLSX only, text kept text, the
    response private, and a 400 for any other `_export`."""

    export_class = SafeTableExport
    export_formats = tuple(SafeTableExport.FORMATS)

    def render_to_response(self, context, **kwargs):
        export_format = self.request.GET.get(self.export_trigger_param)
        if export_format is not None and not self.export_class.is_valid_format(export_format):
            return unknown_format_response()
        return super().render_to_response(context, **kwargs)
