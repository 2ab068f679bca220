"""The base table and the columns shared by the apps' tables (django-tables2)."""

from collections.abc import Callable

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone

from .formatting import format_number

NUMBER_CELL = "text-align-right"  # the class of a number's cell, also in rows written by hand
TABLE_ATTRS = {"class": "table table--compact"}
# ISO dates in both the page and the files; kept on one line in the page.
DATE = {"format": "Y-m-d", "attrs": {"td": {"class": "cell-nowrap"}}}
EMPTY = "—"  # what django-tables2 shows in an empty cell


def url_maker(view_name: str, kwarg: str = "pk") -> Callable[[object], str]:
    """The URL of `view_name` for any value of its one argument, reversed once: a page of rows
    builds each row's link from the same prefix instead of a reverse() per row (hundreds of them
    on the region's coverage table)."""
    marker = "2147483647"
    before, after = reverse(view_name, kwargs={kwarg: marker}).split(marker)
    return lambda value: f"{before}{value}{after}"


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
    sums and filters work.

    `optional_columns` are the table's lower-priority columns: hidden on the page until the reader
    chooses to show them (see `choose_columns`), so that the table fits a 1366 px screen. Exports
    always hold every column."""

    optional_columns: tuple[str, ...] = ()

    @property
    def shown_names(self) -> set[str]:
        """The columns on the page, for tables whose rows a template writes out."""
        return {column.name for column in self.columns}

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


COLUMNS_PARAM = "kolonner"  # the columns chosen in the list's column form (GET, works without JS)
COLUMNS_CHOSEN_PARAM = "kolonnevalg"  # present when the form was sent, even with none ticked


def remembered_columns(request, table_class: type[PortalTable]) -> list[str]:
    """The optional columns the reader chose for this kind of table: a choice sent by the column
    form is remembered in the session, per table, for the reader's next visit. Read (and saved)
    before the list body, which is a cached fragment keyed on this choice."""
    key = f"table-columns:{table_class.__name__}"
    if COLUMNS_CHOSEN_PARAM in request.GET:
        request.session[key] = [
            name
            for name in request.GET.getlist(COLUMNS_PARAM)
            if name in table_class.optional_columns
        ]
    return request.session.get(key, [])


def choose_columns(request, table: PortalTable) -> list[dict]:
    """Show the optional columns the reader chose (`remembered_columns`), and hide the others.
    Returns the form's options (name, label, shown)."""
    optional = [name for name in table.optional_columns if name in table.columns.columns]
    if not optional:
        return []
    shown = [name for name in remembered_columns(request, type(table)) if name in optional]
    for name in optional:
        if name not in shown:
            table.columns.hide(name)
    return [
        {"name": name, "label": table.columns[name].header, "shown": name in shown}
        for name in optional
    ]
