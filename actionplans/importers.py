"""Imports: initiatives from an XLSX sheet, emissions from a CSV file.

Each import runs in two steps. Reading the file gives raw rows (plain strings, kept in the user's
session between the preview and the confirmation); `validate_*` turns raw rows into checked rows
with a Danish error per problem; `save_*` stores them all in one transaction, or nothing if any row
has an error. Validation runs again on confirmation, against the database as it is then.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance import spreadsheets
from municipalities.models import Municipality

from .models import EmissionRecord, Initiative, Plan, Sector, Theme

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 1000
MAX_EMISSION_ROWS = 10 * MAX_IMPORT_ROWS  # 29 municipalities x 6 sectors x many years
FIRST_EMISSION_YEAR = 1990


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


def has_errors(rows: list[CheckedRow]) -> bool:
    return any(row.errors for row in rows)


def _choice(value: str, choices) -> str | None:
    """Accept a choice by its code, its Danish label or its label in the user's language,
    case-insensitively: sheets arrive in Danish whatever language the portal is shown in."""
    wanted = value.strip().casefold()
    for code, label in choices:
        with translation.override("da"):
            danish = str(label).casefold()
        if wanted in (code.casefold(), danish, str(label).casefold()):
            return code
    return None


def _decimal(value: str) -> Decimal:
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


def _whole_number(value: str) -> int:
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


# --- Initiatives (XLSX) ------------------------------------------------------------------------

# The sheet's column headers are part of the documented file format, so they stay Danish in every
# language of the interface (a translated header would no longer match the template sheet).
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
INITIATIVE_REQUIRED = ("title", "sector")


def read_initiative_sheet(content: bytes) -> list[dict[str, str]]:
    """The first sheet's rows as {column key: text}, matched on the documented headers."""
    sheet = spreadsheets.read_xlsx(content, max_rows=MAX_IMPORT_ROWS)
    header = [cell.casefold() for cell in sheet.header]
    by_header = {label.casefold(): key for key, label in INITIATIVE_COLUMNS}
    positions = {by_header[h]: i for i, h in enumerate(header) if h in by_header}
    missing = [label for key, label in INITIATIVE_COLUMNS if key in INITIATIVE_REQUIRED]
    missing = [m for m in missing if by_header[m.casefold()] not in positions]
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


def _year(raw: str, label: str, errors: list[str]) -> int | None:
    if not raw:
        return None
    try:
        year = _whole_number(raw)
    except ValueError:
        errors.append(
            _("%(column)s skal være et årstal, ikke »%(value)s«.") % {"column": label, "value": raw}
        )
        return None
    if not 2000 <= year <= 2100:
        errors.append(_("%(column)s skal ligge mellem 2000 og 2100.") % {"column": label})
        return None
    return year


def validate_initiative_rows(raw_rows: list[dict[str, str]]) -> list[CheckedRow]:
    """Check every row and say in Danish what is wrong with it; nothing is saved here."""
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.slug.casefold()] = theme
        themes[theme.name.casefold()] = theme
    return [_check_initiative(raw, themes) for raw in raw_rows]


def _check_initiative(raw: dict[str, str], themes: dict[str, Theme]) -> CheckedRow:
    # Every documented column is optional but two, so a sheet may leave any other out: the row
    # gets them all, empty, and nothing downstream (the preview) depends on the sheet's shape.
    line = raw.get("line", "0")
    raw = {"line": line, **{key: raw.get(key, "") for key, _label in INITIATIVE_COLUMNS}}
    row = CheckedRow(line=int(line), raw=raw)
    errors, values = row.errors, row.values
    get = lambda key: raw.get(key, "").strip()  # noqa: E731

    values["title"] = get("title")
    if not values["title"]:
        errors.append(_("Titel mangler."))
    elif len(values["title"]) > 250:
        errors.append(_("Titlen må højst være 250 tegn."))
    values["description"] = get("description")

    values["sector"] = _choice(get("sector"), Sector.choices)
    if not get("sector"):
        errors.append(_("Sektor mangler."))
    elif values["sector"] is None:
        errors.append(_("Ukendt sektor »%(value)s«.") % {"value": get("sector")})

    values["theme_ids"] = []
    for name in filter(None, (part.strip() for part in get("themes").split(";"))):
        theme = themes.get(name.casefold())
        if theme is None:
            errors.append(_("Ukendt tema »%(value)s«.") % {"value": name})
        elif theme.pk not in values["theme_ids"]:
            values["theme_ids"].append(theme.pk)

    for key, choices, default, message in (
        (
            "status",
            Initiative.Status.choices,
            Initiative.Status.NOT_STARTED,
            _("Ukendt status »%(value)s«."),
        ),
        (
            "phase",
            Initiative.Phase.choices,
            Initiative.Phase.PLANNING,
            _("Ukendt fase »%(value)s«."),
        ),
    ):
        values[key] = _choice(get(key), choices) if get(key) else default
        if values[key] is None:
            errors.append(message % {"value": get(key)})

    values["percent_done"] = 0
    if get("percent_done"):
        try:
            values["percent_done"] = _whole_number(get("percent_done").rstrip("%"))
        except ValueError:
            errors.append(
                _("Færdig (%%) skal være et helt tal, ikke »%(value)s«.")
                % {"value": get("percent_done")}
            )
        else:
            if not 0 <= values["percent_done"] <= 100:
                errors.append(_("Færdig (%) skal ligge mellem 0 og 100."))

    values["expected_reduction"] = None
    if get("expected_reduction"):
        try:
            reduction = _decimal(get("expected_reduction")).quantize(Decimal("0.1"))
        except (ValueError, InvalidOperation):
            errors.append(
                _("Forventet reduktion skal være et tal, ikke »%(value)s«.")
                % {"value": get("expected_reduction")}
            )
        else:
            if reduction < 0 or reduction >= 10**11:
                errors.append(_("Forventet reduktion skal være et positivt tal."))
            values["expected_reduction"] = str(reduction)

    values["start_year"] = _year(get("start_year"), _("Startår"), errors)
    values["end_year"] = _year(get("end_year"), _("Slutår"), errors)
    if values["start_year"] and values["end_year"] and values["end_year"] < values["start_year"]:
        errors.append(_("Slutår ligger før startår."))

    _show_parsed(row, themes)
    for key, limit in (("responsible_unit", 200), ("contact_name", 200)):
        values[key] = get(key)[:limit]
    values["contact_email"] = get("contact_email")
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors.append(
                _("Ugyldig e-mailadresse »%(value)s«.") % {"value": values["contact_email"]}
            )
    return row


def _show_parsed(row: CheckedRow, themes: dict[str, Theme]) -> None:
    """The preview shows what was understood (the label of a sector given by its code, ...)."""
    values = row.values
    by_pk = {theme.pk: theme.name for theme in themes.values()}
    row.shown = {
        "sector": str(Sector(values["sector"]).label) if values["sector"] else "",
        "themes": "; ".join(by_pk[pk] for pk in values["theme_ids"]),
        "status": str(Initiative.Status(values["status"]).label) if values["status"] else "",
        "phase": str(Initiative.Phase(values["phase"]).label) if values["phase"] else "",
    }


def save_initiative_import(*, plan: Plan, rows: list[CheckedRow]) -> list[Initiative]:
    """Create one initiative per row in `plan`, all or nothing. Refuses rows with errors."""
    if has_errors(rows):
        raise ValueError("rows with errors cannot be imported")
    created = []
    with transaction.atomic():
        for row in rows:
            values = dict(row.values)
            theme_ids = values.pop("theme_ids")
            initiative = Initiative.objects.create(plan=plan, **values)
            initiative.themes.set(theme_ids)
            created.append(initiative)
    return created


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


# --- Emissions (CSV) ---------------------------------------------------------------------------

EMISSION_HEADERS = {
    "municipality_code": ("kommunekode", "kode", "municipality_code"),
    "year": ("år", "aar", "year"),
    "sector": ("sektor", "sector"),
    "tonnes": ("ton co2e", "ton_co2e", "tonnes_co2e", "tonnes", "udledning"),
}


def read_emission_csv(content: bytes) -> list[dict[str, str]]:
    """The file's rows as {column key: text}; the delimiter is `;` or `,`, read off the header."""
    table = spreadsheets.read_csv(content, max_rows=MAX_EMISSION_ROWS)
    header = [re.sub(r"\s+", " ", cell.casefold()) for cell in table.header]
    positions = {}
    for key, names in EMISSION_HEADERS.items():
        found = [i for i, h in enumerate(header) if h in names]
        if found:
            positions[key] = found[0]
    missing = [names[0] for key, names in EMISSION_HEADERS.items() if key not in positions]
    if missing:
        raise ImportFileError(
            _("Filen mangler kolonnerne: %(columns)s. Første linje skal være overskrifterne.")
            % {"columns": ", ".join(missing)}
        )
    rows = [
        {
            "line": str(line),
            **{key: cells[i] if i < len(cells) else "" for key, i in positions.items()},
        }
        for line, cells in table.rows
    ]
    if not rows:
        raise ImportFileError(_("Filen indeholder ingen rækker med udledninger."))
    return rows


def validate_emission_rows(raw_rows: list[dict[str, str]]) -> list[CheckedRow]:
    """Check every row; mark rows that replace a stored value ("opdateres") or add one ("ny")."""
    municipalities = {str(m.code): m for m in Municipality.objects.all()}
    stored = {
        (r.municipality_id, r.year, r.sector): r.tonnes
        for r in EmissionRecord.objects.filter(
            municipality__code__in=[
                c for c in (r.get("municipality_code") for r in raw_rows) if c.isdigit()
            ]
        )
    }
    this_year = timezone.localdate().year
    seen: dict[tuple, int] = {}
    checked = []
    for raw in raw_rows:
        row = CheckedRow(line=int(raw["line"]), raw=raw)
        code = raw.get("municipality_code", "").lstrip("0") or raw.get("municipality_code", "")
        municipality = municipalities.get(code)
        if municipality is None:
            row.errors.append(
                _("Ukendt kommunekode »%(value)s«.") % {"value": raw.get("municipality_code", "")}
            )
        try:
            year = _whole_number(raw.get("year", ""))
        except ValueError:
            year = None
            row.errors.append(
                _("Året »%(value)s« er ikke et årstal.") % {"value": raw.get("year", "")}
            )
        else:
            if not FIRST_EMISSION_YEAR <= year <= this_year:
                row.errors.append(
                    _("Året %(year)s ligger uden for %(first)s–%(last)s.")
                    % {"year": year, "first": FIRST_EMISSION_YEAR, "last": this_year}
                )
        sector = _choice(raw.get("sector", ""), Sector.choices)
        if sector is None:
            row.errors.append(_("Ukendt sektor »%(value)s«.") % {"value": raw.get("sector", "")})
        try:
            tonnes = _decimal(raw.get("tonnes", "")).quantize(Decimal("0.1"))
            if abs(tonnes) >= 10**13:
                raise ValueError
        except (ValueError, InvalidOperation):
            tonnes = None
            row.errors.append(
                _("Udledningen »%(value)s« er ikke et tal.") % {"value": raw.get("tonnes", "")}
            )
        if municipality and year and sector:
            key = (municipality.pk, year, sector)
            if key in seen:
                row.errors.append(
                    _("Kommune, år og sektor står allerede i linje %(line)s.") % {"line": seen[key]}
                )
            else:
                seen[key] = row.line
            row.note = "opdateres" if key in stored else "ny"
            row.values = {
                "municipality_id": municipality.pk,
                "municipality_name": municipality.name,
                "year": year,
                "sector": sector,
                "sector_label": str(Sector(sector).label),
                "tonnes": str(tonnes) if tonnes is not None else "",
                "previous": str(stored[key]) if key in stored else "",
            }
        checked.append(row)
    return checked


def save_emission_import(*, rows: list[CheckedRow]) -> tuple[int, int]:
    """Store every row, updating a stored value for the same municipality, year and sector.
    All or nothing; refuses rows with errors. Returns (created, updated)."""
    if has_errors(rows):
        raise ValueError("rows with errors cannot be imported")
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            v = row.values
            # update_or_create saves through the model, so the history records the change.
            _record, was_created = EmissionRecord.objects.update_or_create(
                municipality_id=v["municipality_id"],
                year=v["year"],
                sector=v["sector"],
                defaults={"tonnes": Decimal(v["tonnes"])},
            )
            created, updated = created + was_created, updated + (not was_created)
    return created, updated
