"""A municipality's indicator values by year as a spreadsheet: exported for people (through
alliance/exports.py) and, edited in Excel, imported back (read by alliance/spreadsheets.py).

One row per indicator and year. Rows are matched on the indicator's ID and the year: a row for a
year with a stored value updates it, a row for a new year adds one; an indicator without values
gets one row with the year left empty, to fill in. The Version column is the value's last-changed
stamp at the export (its newest history record: every save through the model writes one), so a
row whose value was changed, added or deleted in the portal since is refused instead of
overwriting it unseen. Every row is validated by the value's model form; the import previews
every row (new, changed field by field, unchanged or refused) and saves all rows or none.
"""

import contextlib
from decimal import InvalidOperation

from django.db import transaction
from django.db.models import Max, Prefetch
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from alliance import policy, spreadsheets
from alliance.exports import Sheet
from alliance.versioning import StaleEdit
from municipalities.models import Municipality

from .importers import (
    MAX_IMPORT_ROWS,
    CheckedRow,
    ImportFileError,
    Outcome,
    changed_fields,
    has_errors,
    parse_decimal,
    parse_whole_number,
)
from .models import Indicator, IndicatorValue
from .vocabulary_forms import IndicatorValueSheetForm

# The headers are the file format: Danish in every language of the interface, like the
# initiative template's. Indikator, Enhed and Indsats are there to read by; the import skips them.
COLUMNS = [
    ("indicator_id", "Indikator-ID"),
    ("indicator", "Indikator"),
    ("unit", "Enhed"),
    ("initiative", "Indsats"),
    ("year", "År"),
    ("value", "Værdi"),
    ("note", "Note"),
    ("version", "Version"),
]
READ = ("indicator_id", "year", "value", "note", "version")
REQUIRED = ("indicator_id", "year", "value")


def _stamps(value_ids) -> dict[int, int]:
    """Each value's last-changed stamp: the id of its newest history record (0 without any)."""
    records = IndicatorValue.history.filter(id__in=list(value_ids))
    return {r["id"]: r["stamp"] for r in records.values("id").annotate(stamp=Max("history_id"))}


def values_sheet(*, user, municipality: Municipality) -> Sheet:
    """The municipality's indicators the user sees, with their values by year."""
    indicators = (
        policy.visible(user, Indicator)
        .filter(municipality=municipality)
        .select_related("initiative")
        .prefetch_related(Prefetch("values", IndicatorValue.objects.order_by("year")))
        .order_by("name", "pk")
    )
    indicators = list(indicators)
    stamps = _stamps(v.pk for i in indicators for v in i.values.all())
    rows = []
    for indicator in indicators:
        about = indicator.initiative.title if indicator.initiative else ""
        first = [indicator.pk, indicator.name, indicator.unit, about]
        for value in indicator.values.all():
            rows.append([*first, value.year, value.value, value.note, stamps.get(value.pk, 0)])
        if not indicator.values.all():
            rows.append([*first, None, None, "", None])
    header = [label for _key, label in COLUMNS]
    return Sheet(title=_("Indikatorværdier"), header=header, rows=rows)


def read_values_sheet(content: bytes) -> list[dict[str, str]]:
    """The first sheet's rows as {column key: text}; rows with no year, value or note (an
    indicator's empty row, left unfilled) are skipped."""
    sheet = spreadsheets.read_xlsx(content, max_rows=MAX_IMPORT_ROWS)
    by_header = {label.casefold(): key for key, label in COLUMNS if key in READ}
    positions = {}
    for i, cell in enumerate(sheet.header):
        positions.setdefault(by_header.get(cell.casefold()), i)
    positions.pop(None, None)
    labels = dict(COLUMNS)
    missing = [labels[key] for key in REQUIRED if key not in positions]
    if missing:
        raise ImportFileError(
            _("Arket mangler kolonnerne: %(columns)s. Hent arket fra indikatorsiden.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for line, cells in sheet.rows:
        texts = {key: cells[i] if i < len(cells) else "" for key, i in positions.items()}
        if any(texts.get(key) for key in ("year", "value", "note")):
            rows.append({"line": str(line), **texts})
    if not rows:
        raise ImportFileError(_("Arket indeholder ingen værdier."))
    return rows


def validate_value_rows(
    raw_rows: list[dict[str, str]], *, user, municipality: Municipality
) -> list[CheckedRow]:
    """Check every row and say what saving it would do; nothing is saved here. An indicator ID
    the user may not edit in this municipality is unknown."""
    ids = [int(r["indicator_id"]) for r in raw_rows if r.get("indicator_id", "").isdecimal()]
    editable = policy.editable(user, Indicator).filter(municipality=municipality)
    indicators = {i.pk: i for i in editable.filter(pk__in=[i for i in ids if i < 2**31])}
    stored = {
        (v.indicator_id, v.year): v for v in IndicatorValue.objects.filter(indicator__in=indicators)
    }
    stamps = _stamps(v.pk for v in stored.values())
    seen: dict[tuple, int] = {}
    checked = []
    for raw in raw_rows:
        row = CheckedRow(line=int(raw.get("line", "0")), raw=raw)
        key = raw.get("indicator_id", "").strip()
        indicator = indicators.get(int(key)) if key.isdecimal() and len(key) < 10 else None
        if indicator is None:
            row.errors.append(
                _("Ukendt indikator-ID »%(id)s«: ingen indikator, du kan redigere, har det ID.")
                % {"id": key}
            )
        data = {name: raw.get(name, "").strip() for name in ("year", "value", "note")}
        for name, read in (("year", parse_whole_number), ("value", parse_decimal)):
            with contextlib.suppress(ValueError, InvalidOperation):
                data[name] = read(data[name]) if data[name] else ""
        year = data["year"] if isinstance(data["year"], int) else None
        value = stored.get((indicator.pk, year)) if indicator and year else None
        row.name = f"{indicator.name if indicator else key} ({raw.get('year', '')})"
        if indicator and year:
            _check_version(
                row, value, stamps, year, seen.setdefault((indicator.pk, year), row.line)
            )
        row.form = IndicatorValueSheetForm(
            data=data, instance=value or IndicatorValue(indicator=indicator)
        )
        before = model_to_dict(value, fields=IndicatorValueSheetForm.Meta.fields) if value else None
        _outcome(row, before)
        checked.append(row)
    return checked


def _check_version(row, value, stamps, year, first_line) -> None:
    if first_line != row.line:
        row.errors.append(
            _("Indikatoren og året står allerede i række %(line)s.") % {"line": first_line}
        )
    version = row.raw.get("version", "").strip()
    if value is not None and not version:
        row.errors.append(
            _("Der er allerede en værdi for %(year)s. Ret den i dens egen række.") % {"year": year}
        )
    elif value is not None and version != str(stamps.get(value.pk, 0)):
        row.errors.append(
            _(
                "Værdien for %(year)s er ændret i portalen, siden arket blev hentet. Hent arket "
                "igen, og skriv dine ændringer ind i det nye ark."
            )
            % {"year": year}
        )
    elif value is None and version:
        row.errors.append(
            _(
                "Der er ingen værdi for %(year)s at rette: den er slettet i portalen, siden arket "
                "blev hentet, eller året er rettet i arket. Skriv et nyt år i en ny række uden "
                "version."
            )
            % {"year": year}
        )
    if value is not None:
        row.values["stamp"] = stamps.get(value.pk, 0)


def _outcome(row: CheckedRow, before: dict | None) -> None:
    if not row.form.is_valid():
        for name, messages in row.form.errors.items():
            label = row.form.fields[name].label if name in row.form.fields else ""
            row.errors += [f"{label}: {message}" if label else message for message in messages]
    if row.errors:
        row.outcome = Outcome.REFUSED
    elif before is None:
        row.outcome, row.changes = Outcome.CREATED, changed_fields(row.form, None)
    else:
        row.changes = changed_fields(row.form, before)
        row.outcome = Outcome.CHANGED if row.changes else Outcome.UNCHANGED


def save_value_import(*, rows: list[CheckedRow]) -> tuple[int, int]:
    """Add the new values and save the changed ones, all or nothing; returns (created, changed).
    A value saved by someone else since the rows were checked raises StaleEdit."""
    if has_errors(rows):
        raise ValueError("rows with errors cannot be imported")
    changed = [row for row in rows if row.outcome == Outcome.CHANGED]
    created = [row for row in rows if row.outcome == Outcome.CREATED]
    with transaction.atomic():
        locked = IndicatorValue.objects.select_for_update().filter(
            pk__in=[row.form.instance.pk for row in changed]
        )
        current = {value.pk: value for value in locked}
        stamps = _stamps(current)
        for row in changed:
            if stamps.get(row.form.instance.pk, 0) != row.values["stamp"]:
                raise StaleEdit(current[row.form.instance.pk])
        for row in [*changed, *created]:
            row.form.save()  # through the model: the history records the change
    return len(created), len(changed)
