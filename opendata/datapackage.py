"""The yearly data package: the public data as a Frictionless Data Package
(https://specs.frictionlessdata.io/data-package/), a ZIP of `datapackage.json` and one CSV per
table, each described by a Table Schema. Read through the public audience only: a package holds
exactly what the public pages show, emissions and indicator values up to its year."""

import io
import json
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from actionplans.models import IndicatorValue
from alliance.exports import csv_text

from . import selectors

# Table name → (description, [(field, Table Schema type, description)], primary key)
TABLES: dict[str, tuple[str, list[tuple[str, str, str]], list[str]]] = {
    "municipalities": (
        "The 29 municipalities and their current plan's status",
        [
            ("code", "integer", "Official municipality code"),
            ("name", "string", "Short name"),
            ("official_name", "string", "Official name"),
            ("is_public", "boolean", "The secretariat has made its data public"),
            ("plan_status", "string", "Status code of the current DK2020 plan (empty: none)"),
        ],
        ["code"],
    ),
    "plans": (
        "Current plans whose dates and targets are public",
        [
            ("municipality_code", "integer", "Municipality code"),
            ("version", "integer", "The plan's version"),
            ("title", "string", "Title"),
            ("status", "string", "Status code"),
            ("adopted_on", "date", "Politically adopted"),
            ("capf_approved_on", "date", "Approved under C40's CAPF"),
            ("reduction_target_2030_percent", "number", "2030 target, % reduction against 1990"),
            ("net_zero_year", "integer", "Year of net zero"),
            ("baseline_year", "integer", "Baseline year"),
            ("baseline_emissions_t_co2e", "number", "Emissions in the baseline year, t CO2e"),
        ],
        ["municipality_code"],
    ),
    "initiatives": (
        "Initiatives in the current plans, where public",
        [
            ("id", "integer", "The portal's id of the initiative (stable)"),
            ("municipality_code", "integer", "Lead municipality's code"),
            ("title", "string", "Title"),
            ("sector", "string", "Sector code"),
            ("themes", "string", "Theme slugs, separated by ;"),
            ("status", "string", "Status code"),
            ("phase", "string", "Phase code"),
            ("percent_done", "integer", "Share done, %"),
            ("expected_reduction_t_co2e", "number", "Expected reduction, t CO2e per year"),
            ("start_year", "integer", "Start year"),
            ("end_year", "integer", "End year"),
            ("participant_codes", "string", "Participating municipalities' codes, separated by ;"),
            ("responsible_unit", "string", "Responsible unit in the municipality"),
        ],
        ["id"],
    ),
    "emissions": (
        "Emission accounts by municipality, year and sector, where public",
        [
            ("municipality_code", "integer", "Municipality code"),
            ("year", "integer", "Year"),
            ("sector", "string", "Sector code"),
            ("tonnes_co2e", "number", "Emissions, t CO2e"),
        ],
        ["municipality_code", "year", "sector"],
    ),
    "indicator_values": (
        "Yearly values of indicators, where public",
        [
            ("indicator_id", "integer", "The portal's id of the indicator"),
            ("municipality_code", "integer", "Municipality code"),
            ("initiative_id", "integer", "The initiative it measures (empty: municipality-wide)"),
            ("indicator_name", "string", "Name"),
            ("unit", "string", "Unit"),
            ("direction", "string", "increase or decrease"),
            ("year", "integer", "Year"),
            ("value", "number", "Value"),
        ],
        ["indicator_id", "year"],
    ),
}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return ";".join(map(str, value))
    return value


def rows(year: int) -> dict[str, Iterable[dict]]:
    audience = selectors.public_audience()
    municipality_rows = selectors.municipality_rows(audience)
    initiatives = (
        selectors.initiatives(audience)
        .select_related("plan__municipality")
        .prefetch_related("themes", "participants")
        .order_by("plan__municipality__code", "pk")
    )
    values = (
        IndicatorValue.objects.filter(indicator__in=selectors.indicators(audience), year__lte=year)
        .select_related("indicator__municipality")
        .order_by("indicator__municipality__code", "indicator_id", "year")
    )
    return {
        "municipalities": (
            {
                "code": r.municipality.code,
                "name": r.municipality.name,
                "official_name": r.municipality.official_name,
                "is_public": "true" if r.is_public else "false",
                "plan_status": r.plan.status if r.plan else "",
            }
            for r in sorted(municipality_rows, key=lambda r: r.municipality.code)
        ),
        "plans": (
            {
                "municipality_code": p.municipality.code,
                "version": p.version,
                "title": p.title,
                "status": p.status,
                "adopted_on": p.adopted_on,
                "capf_approved_on": p.capf_approved_on,
                "reduction_target_2030_percent": p.reduction_target_2030,
                "net_zero_year": p.net_zero_year,
                "baseline_year": p.baseline_year,
                "baseline_emissions_t_co2e": p.baseline_emissions,
            }
            for p in selectors.plans(audience)
            .select_related("municipality")
            .order_by("municipality__code")
        ),
        "initiatives": (
            {
                "id": i.pk,
                "municipality_code": i.plan.municipality.code,
                "title": i.title,
                "sector": i.sector,
                "themes": [t.slug for t in i.themes.all()],
                "status": i.status,
                "phase": i.phase,
                "percent_done": i.percent_done,
                "expected_reduction_t_co2e": i.expected_reduction,
                "start_year": i.start_year,
                "end_year": i.end_year,
                "participant_codes": sorted(m.code for m in i.participants.all()),
                "responsible_unit": i.responsible_unit,
            }
            for i in initiatives
        ),
        "emissions": (
            {
                "municipality_code": e.municipality.code,
                "year": e.year,
                "sector": e.sector,
                "tonnes_co2e": e.tonnes,
            }
            for e in selectors.emissions(audience)
            .filter(year__lte=year)
            .select_related("municipality")
            .order_by("municipality__code", "year", "sector")
        ),
        "indicator_values": (
            {
                "indicator_id": v.indicator_id,
                "municipality_code": v.indicator.municipality.code,
                "initiative_id": v.indicator.initiative_id,
                "indicator_name": v.indicator.name,
                "unit": v.indicator.unit,
                "direction": v.indicator.direction,
                "year": v.year,
                "value": v.value,
            }
            for v in values
        ),
    }


def descriptor(*, year: int, version: int) -> dict:
    site = settings.SITE_URL.rstrip("/")
    return {
        "profile": "tabular-data-package",
        "name": f"klimaalliancen-hovedstaden-{year}",
        "id": f"{site}/offentlig/data/{year}/v{version}/",
        "title": f"Klimaalliancen i Hovedstadsregionen: åbne data {year}, version {version}",
        "description": (
            "The DK2020 climate action plans, initiatives, emission accounts and indicators of "
            "the 29 municipalities of the Capital Region of Denmark, as far as the alliance's "
            "secretariat has made them public. Codes are documented in docs/national-export.md."
        ),
        "version": f"{year}.{version}",
        "created": timezone.now().isoformat(timespec="seconds"),
        "homepage": f"{site}/offentlig/",
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": field, "type": kind, "description": text}
                        for field, kind, text in fields
                    ],
                    "primaryKey": key,
                    "missingValues": [""],
                },
            }
            for name, (description, fields, key) in TABLES.items()
        ],
    }


def build_zip(*, year: int, version: int) -> bytes:
    buffer = io.BytesIO()
    tables = rows(year)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        meta = descriptor(year=year, version=version)
        archive.writestr("datapackage.json", json.dumps(meta, ensure_ascii=False, indent=2))
        for name, (_description, fields, _key) in TABLES.items():
            flat = ({k: _plain(v) for k, v in row.items()} for row in tables[name])
            archive.writestr(f"{name}.csv", csv_text(flat, [f[0] for f in fields]))
    return buffer.getvalue()
