"""Imports: initiatives from an XLSX sheet, and what every import shares (the checked row, the
Danish number and choice parsing, the field-by-field changes). Emissions from a CSV file are read
in `emission_sheets.py`, indicator values by year in `indicator_sheets.py`.

An initiative sheet is the import template or the initiative list's XLSX export edited in Excel:
a row with an ID and a version updates that initiative (if nobody changed it since the export), a
row without one creates an initiative. Every row is validated by the initiative's model form.

Each import runs in two steps. Reading the file gives raw rows (plain strings, kept in the user's
session between the preview and the confirmation); `validate_*` turns raw rows into checked rows
with a Danish error per problem; `save_*` stores them all in one transaction, or nothing if any row
has an error. Validation runs again on confirmation, against the database as it is then.
"""

import contextlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance import policy, spreadsheets
from alliance.formatting import format_number
from alliance.versioning import display_value, save_with_version

from .forms import InitiativeSheetForm
from .models import Initiative, Plan, Sector, Theme

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 1000


# The file as a whole cannot be read (wrong type, too large, no header, too many rows).
ImportFileError = spreadsheets.SpreadsheetError


@dataclass
class CheckedRow:
    line: int  # the row number the user sees in their spreadsheet
    raw: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # parsed values as the preview shows them
    note: str = ""  # for emissions: "ny" or "opdateres"
    # For initiatives and indicator values: what saving would do, and to which fields.
    outcome: str = ""
    name: str = ""  # what the row is about, as the preview names it
    changes: list[dict] = field(default_factory=list)
    form: forms.ModelForm | None = None

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""


def has_errors(rows: list[CheckedRow]) -> bool:
    return any(row.errors for row in rows)


def parse_choice(value: str, choices) -> str | None:
    """Accept a choice by its code, its Danish label or its label in the user's language,
    case-insensitively: sheets arrive in Danish whatever language the portal is shown in."""
    wanted = value.strip().casefold()
    for code, label in choices:
        with translation.override("da"):
            danish = str(label).casefold()
        if wanted in (code.casefold(), danish, str(label).casefold()):
            return code
    return None


def parse_decimal(value: str) -> Decimal:
    """A number as Danish spreadsheets write it: decimal comma, optional thousands dots/spaces."""
    text = value.strip().replace(" ", "").replace("\xa0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def parse_whole_number(value: str) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


# --- Initiatives (XLSX) ------------------------------------------------------------------------

# The sheet's column headers are part of the documented file format, so they stay Danish in every
# language of the interface (a translated header would no longer match the template sheet). The
# initiative list's export (actionplans.tables.InitiativeTable) is read back too: its headers, in
# Danish or the user's language, are accepted as well.
INITIATIVE_COLUMNS = [
    ("title", "Titel"),
    ("description", "Beskrivelse"),
    ("sector", "Sektor"),
    ("themes", "Temaer"),
    ("status", "Status"),
    ("phase", "Fase"),
    ("percent_done", "Færdig (%)"),
    ("expected_reduction", "Forventet reduktion (ton CO2e/år)"),
    ("start_year", "Startår"),
    ("end_year", "Slutår"),
    ("responsible_unit", "Ansvarlig enhed"),
    ("contact_name", "Kontaktperson"),
    ("contact_email", "Kontaktpersonens e-mail"),
]
# An exported row's initiative and the version it was exported at; a row without an ID is new.
ROUND_TRIP_COLUMNS = [("id", "ID"), ("version", "Version")]
LIST_HEADERS = {"title": "Indsats", "expected_reduction": "Reduktion (ton CO2e/år)"}
INITIATIVE_REQUIRED = ("title", "sector")


class Outcome(models.TextChoices):
    """What saving a checked row would do, as the preview says it."""

    CREATED = "created", gettext_lazy("Ny")
    CHANGED = "changed", gettext_lazy("Ændret")
    UNCHANGED = "unchanged", gettext_lazy("Uændret")
    REFUSED = "refused", gettext_lazy("Afvist")


def _initiative_headers() -> dict[str, str]:
    """Each accepted header (casefolded) → its column key."""
    headers = {}
    for key, label in [*INITIATIVE_COLUMNS, *ROUND_TRIP_COLUMNS, *LIST_HEADERS.items()]:
        for name in (label, _(label)):  # the list export's headers are in the user's language
            headers[name.casefold()] = key
    return headers


def read_initiative_sheet(content: bytes) -> list[dict[str, str]]:
    """The first sheet's rows as {column key: text}, matched on the documented headers (or the
    list export's). Only the columns the sheet has are keys: a missing column changes nothing."""
    sheet = spreadsheets.read_xlsx(content, max_rows=MAX_IMPORT_ROWS)
    by_header = _initiative_headers()
    positions = {}
    for i, cell in enumerate(sheet.header):
        positions.setdefault(by_header.get(cell.casefold()), i)
    positions.pop(None, None)
    labels = dict(INITIATIVE_COLUMNS)
    missing = [labels[key] for key in INITIATIVE_REQUIRED if key not in positions]
    if missing:
        raise ImportFileError(
            _("Arket mangler kolonnerne: %(columns)s. Brug skabelonen.")
            % {"columns": ", ".join(missing)}
        )
    result = []
    for line, cells in sheet.rows:
        texts = {key: cells[i] if i < len(cells) else "" for key, i in positions.items()}
        if any(texts.values()):  # a row with text only in other columns is no initiative
            result.append({"line": str(line), **texts})
    if not result:
        raise ImportFileError(_("Arket indeholder ingen indsatser."))
    return result


def validate_initiative_rows(raw_rows: list[dict[str, str]], *, user) -> list[CheckedRow]:
    """Check every row with the initiative's model form and say in Danish what is wrong with it,
    and what saving it would do; nothing is saved here. A row with an ID updates that initiative
    if the user may edit it and it is still at the exported version. A municipality's list also
    holds the joint initiatives it takes part in, led by another: such a row, left as exported,
    is unchanged; edited, it is refused like any ID the user may not edit (as unknown)."""
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.slug.casefold()] = theme
        themes[theme.name.casefold()] = theme
    ids = [int(raw["id"]) for raw in raw_rows if raw.get("id", "").isdecimal()]
    current = Initiative.objects.in_current_plans().filter(pk__in=[i for i in ids if i < 2**31])
    readable = policy.visible(user, current).prefetch_related("themes")
    readable = {initiative.pk: initiative for initiative in readable}
    editable = set(policy.editable(user, current).values_list("pk", flat=True))
    seen: dict[str, int] = {}
    rows = []
    for raw in raw_rows:
        row = _check_initiative(raw, themes, readable, editable)
        if key := raw.get("id", "").strip():
            if key in seen:
                row.errors.append(
                    _("ID %(id)s står også i række %(line)s.") % {"id": key, "line": seen[key]}
                )
                row.outcome = Outcome.REFUSED
            seen.setdefault(key, row.line)
        rows.append(row)
    return rows


def _form_data(raw: dict[str, str], themes: dict[str, Theme], errors: dict[str, str]) -> dict:
    """The row's cells as the model form's data: labels made codes, theme names made ids, numbers
    read as Danish sheets write them. A number that cannot be read goes to the form as typed, so
    that the form says what is wrong with it."""
    data = {key: raw[key].strip() for key, _label in INITIATIVE_COLUMNS if key in raw}
    for key, choices, message in (
        ("sector", Sector.choices, _("Ukendt sektor »%(value)s«.")),
        ("status", Initiative.Status.choices, _("Ukendt status »%(value)s«.")),
        ("phase", Initiative.Phase.choices, _("Ukendt fase »%(value)s«.")),
    ):
        if data.get(key):
            code = parse_choice(data[key], choices)
            if code is None:
                errors[key] = message % {"value": data[key]}
            data[key] = code or ""
    if "themes" in data:
        theme_ids, unknown = [], []
        for name in filter(None, (part.strip() for part in data["themes"].split(";"))):
            theme = themes.get(name.casefold())
            if theme is None:
                unknown.append(_("Ukendt tema »%(value)s«.") % {"value": name})
            elif theme.pk not in theme_ids:
                theme_ids.append(theme.pk)
        if unknown:
            errors["themes"] = " ".join(unknown)
        data["themes"] = theme_ids
    for key, read in (
        ("percent_done", lambda text: parse_whole_number(text.rstrip("%"))),
        ("expected_reduction", parse_decimal),
        ("start_year", parse_whole_number),
        ("end_year", parse_whole_number),
    ):
        if data.get(key):
            with contextlib.suppress(ValueError, InvalidOperation):
                data[key] = read(data[key])
    return data


def _check_initiative(
    raw: dict[str, str], themes: dict[str, Theme], readable: dict[int, Initiative], editable: set
) -> CheckedRow:
    row = CheckedRow(line=int(raw.get("line", "0")), raw=raw)
    row.name = raw.get("title", "").strip()
    unreadable: dict[str, str] = {}  # column key → why its cell could not be read
    data = _form_data(raw, themes, unreadable)
    row.errors += unreadable.values()
    instance, stored = None, {}
    unknown = _("Ukendt ID »%(id)s«: ingen indsats, du kan redigere, har det ID.")
    key = raw.get("id", "").strip()
    if key:
        instance = readable.get(int(key)) if key.isdecimal() and len(key) < 10 else None
        if instance is None:
            row.errors.append(unknown % {"id": key})
        else:
            stored = _stored(instance)
            row.name = row.name or instance.title
            # A column the sheet leaves out stays as it is.
            data = {**stored, "themes": [theme.pk for theme in stored["themes"]], **data}
            data["lock_version"] = raw.get("version", "").strip()
            if instance.pk in editable and data["lock_version"] != str(instance.lock_version):
                row.errors.append(
                    _(
                        "Indsatsen er ændret i portalen, siden arket blev hentet. Hent listen "
                        "igen, og skriv dine ændringer ind i det nye ark."
                    )
                )
    else:  # a new initiative: what the template leaves empty gets the defaults of the page form
        data = {
            "status": Initiative.Status.NOT_STARTED,
            "phase": Initiative.Phase.PLANNING,
            "percent_done": 0,
            **{k: v for k, v in data.items() if v not in ("", None)},
        }
    row.form = InitiativeSheetForm(data=data, instance=instance)
    if not row.form.is_valid():
        for name, messages in row.form.errors.items():
            if name in unreadable:  # said once, in the sheet's words
                continue
            label = row.form.fields[name].label if name in row.form.fields else ""
            row.errors += [f"{label}: {message}" if label else message for message in messages]
    if row.errors:
        row.outcome = Outcome.REFUSED
    elif instance is None:
        row.outcome, row.changes = Outcome.CREATED, changed_fields(row.form, None)
    else:
        row.changes = changed_fields(row.form, stored)
        row.outcome = Outcome.CHANGED if row.changes else Outcome.UNCHANGED
    if instance is not None and instance.pk not in editable and row.outcome != Outcome.UNCHANGED:
        row.errors, row.changes, row.outcome = [unknown % {"id": key}], [], Outcome.REFUSED
    return row


def _stored(instance: Initiative) -> dict:
    """The initiative's values as its form shows them, read before the row's form changes it
    (a model form writes the row's values into its instance while it validates)."""
    return model_to_dict(instance, fields=InitiativeSheetForm.Meta.fields)


def _same(old, new) -> bool:
    if isinstance(new, models.QuerySet | list):
        return {obj.pk for obj in old or []} == {obj.pk for obj in new}
    if isinstance(old, str) or isinstance(new, str):
        return str(old or "").replace("\r\n", "\n") == str(new or "").replace("\r\n", "\n")
    return old == new


def _shown_value(field, value) -> str:
    return format_number(value) if isinstance(value, Decimal) else display_value(field, value)


def _empty(value) -> bool:
    return value in (None, "") or (isinstance(value, models.QuerySet | list) and not list(value))


def changed_fields(form: InitiativeSheetForm, stored: dict | None) -> list[dict]:
    """Field by field, what saving the row changes to the `stored` values (for a new initiative,
    `stored` is None: every field the row fills)."""
    changes = []
    for name in form.Meta.fields:
        field, new = form.fields[name], form.cleaned_data.get(name)
        if _empty(new) if stored is None else _same(stored.get(name), new):
            continue
        changes.append(
            {
                "label": field.label,
                "old": "" if stored is None else _shown_value(field, stored.get(name)),
                "new": _shown_value(field, new),
            }
        )
    return changes


def save_initiative_import(*, plan: Plan, rows: list[CheckedRow]) -> tuple[int, int]:
    """Create the new rows' initiatives in `plan` and save the changed rows' initiatives, all or
    nothing; returns (created, changed). Refuses rows with errors. An initiative saved by someone
    else since the rows were checked raises StaleEdit, and nothing is saved."""
    if has_errors(rows):
        raise ValueError("rows with errors cannot be imported")
    created = changed = 0
    with transaction.atomic():
        for row in rows:
            if row.outcome == Outcome.CREATED:
                initiative = row.form.save(commit=False)
                initiative.plan = plan
                initiative.save()
                created += 1
            elif row.outcome == Outcome.CHANGED:
                # A plain save through the version check, so the history records the change.
                initiative = row.form.save(commit=False)
                version = row.form.cleaned_data["lock_version"]
                save_with_version(instance=initiative, expected_version=version)
                changed += 1
            else:
                continue
            row.form.save_m2m()
    return created, changed


def initiative_template_workbook() -> bytes:
    """An empty sheet with the documented headers and one example row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indsatser"
    sheet.append([label for _key, label in INITIATIVE_COLUMNS])
    sheet.append(
        [
            "Ladestandere ved kommunale bygninger",
            "Opsætning af 40 ladepunkter ved rådhus og institutioner.",
            "Transport",
            "Elbiler og ladeinfrastruktur",
            "I gang",
            "Gennemførelse",
            25,
            "120,5",
            2024,
            2027,
            "Teknik- og Miljøforvaltningen",
            "Mette Jensen",
            "mette.jensen@kommune.dk",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
