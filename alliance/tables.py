"""The base table and the columns shared by the apps' tables (django-tables2)."""

import django_tables2 as tables
from django.utils import timezone

from .formatting import format_number

NUMBER_CELL = "text-align-right"  # the class of a number's cell, also in rows written by hand
TABLE_ATTRS = {"class": "table table--compact"}
# ISO dates in both the page and the files; kept on one line in the page.
DATE = {"format": "Y-m-d", "attrs": {"td": {"class": "cell-nowrap"}}}
EMPTY = "—"  # what django-tables2 shows in an empty cell


class IsoDateColumn(tables.DateColumn):
    """A date (or the date of a timestamp) as YYYY-MM-DD on the page; files get the date itself,
    which alliance/exports.py writes as a date cell (XLSX) or YYYY-MM-DD (CSV)."""

    def value(self, value):
        if value is None or value == EMPTY:
            return None
        # A timestamp's date where the reader is, as on the page.
        return timezone.localdate(value) if hasattr(value, "date") else value


class PortalTable(tables.Table):
    """Empty cells show a dash on the page but stay empty in exported files, so that spreadsheet
    sums and filters work."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns):
            yield [None if cell == EMPTY else cell for cell in row]


class NumberColumn(tables.Column):
    """A number: right-aligned with its header, so digits line up, and shown by the portal's one
    rule (alliance/formatting.py). Exported files get the plain number, for spreadsheet sums."""

    def __init__(self, *args, **kwargs):
        right = {"class": NUMBER_CELL}
        kwargs["attrs"] = {"th": right, "td": right, **kwargs.get("attrs", {})}
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_number(value)

    def value(self, value):
        return value
