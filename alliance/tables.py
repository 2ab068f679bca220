"""Table columns shared by the apps' tables (django-tables2)."""

import django_tables2 as tables

from .formatting import format_number

NUMBER_CELL = "text-align-right"  # the class of a number's cell, also in rows written by hand


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
