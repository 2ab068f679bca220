"""The one layer every export and feed response goes through: the list exports, the scorecard,
the finances, the decision log, the national export and the iCalendar feeds.

- Only CSV and XLSX are offered; any other `_export` (json, ods, latex, ...) is refused with a
  400 rather than answered with a file of a format no page offers.
- Text a user typed never becomes a live formula in a spreadsheet (CSV injection, OWASP): in CSV a
  text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
  quote; in XLSX such text is stored as a string, with Excel's "quote prefix" so that editing the
  cell keeps it text. Numbers are no text: a negative number stays a number.
- Every response is private: it holds what this user may see, so no shared cache may keep it.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_tables2.export import ExportMixin, TableExport
from tablib.formats._xlsx import XLSXFormat  # tablib's writer, extended below

from .downloads import content_disposition

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
    """Rows as CSV (comma-separated, `\\n` line ends), text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return buffer.getvalue()


class _TextStaysTextXLSX(XLSXFormat):
    """tablib's XLSX writer, but a text cell openpyxl took for a formula (it starts with `=`)
    is stored as the text it is, and every risky text gets Excel's quote prefix."""

    @classmethod
    def dset_sheet(cls, dataset, ws, **kwargs):
        super().dset_sheet(dataset, ws, **kwargs)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


class SafeTableExport(TableExport):
    """django-tables2's export of a table, in the formats we offer, with text kept text."""

    FORMATS = {key: TableExport.FORMATS[key] for key in (TableExport.CSV, TableExport.XLSX)}

    @classmethod
    def is_valid_format(cls, export_format) -> bool:
        return export_format in cls.FORMATS

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        if self.format == self.CSV:  # XLSX keeps the text as it is, typed as text
            for index, row in enumerate(dataset):
                dataset[index] = tuple(neutralise(value) for value in row)
        return dataset

    def export(self):
        if self.format == self.XLSX:
            return _TextStaysTextXLSX.export_set(self.dataset)
        return super().export()

    def response(self, filename=None):
        return download_response(self.export(), content_type=self.content_type(), filename=filename)


def table_export_response(table, export_format: str | None, filename: str) -> HttpResponse:
    """The table as a file (`filename` without its extension), or a 400 for a format we do not
    offer. For function views; class views use `SafeExportMixin`."""
    if not SafeTableExport.is_valid_format(export_format):
        return unknown_format_response()
    return SafeTableExport(export_format, table).response(f"{filename}.{export_format}")


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
