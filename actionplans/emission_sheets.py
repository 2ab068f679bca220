"""Emissions from a CSV file: each municipality's accounts by year and sector, previewed row by
row ("ny" or "opdateres") and saved all or nothing (the two steps of `importers.py`)."""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import spreadsheets
from municipalities.models import Municipality

from .importers import (
    MAX_IMPORT_ROWS,
    CheckedRow,
    ImportFileError,
    has_errors,
    parse_choice,
    parse_decimal,
    parse_whole_number,
)
from .models import EmissionRecord, Sector

MAX_EMISSION_ROWS = 10 * MAX_IMPORT_ROWS  # 29 municipalities x 6 sectors x many years
FIRST_EMISSION_YEAR = 1990

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
            year = parse_whole_number(raw.get("year", ""))
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
        sector = parse_choice(raw.get("sector", ""), Sector.choices)
        if sector is None:
            row.errors.append(_("Ukendt sektor »%(value)s«.") % {"value": raw.get("sector", "")})
        try:
            tonnes = parse_decimal(raw.get("tonnes", "")).quantize(Decimal("0.1"))
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
