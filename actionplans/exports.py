"""The export for the national monitoring system: every municipality's initiatives in the current
plans, and indicator values, in the shape documented in docs/national-export.md.

Codes, not labels: sectors, statuses and phases are exported as their stable codes (`energy`,
`in_progress`, ...) so the receiving system does not depend on the interface language. Contact
persons are left out on purpose: the national system counts initiatives, not people.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from alliance import policy
from alliance.exports import csv_text

from .models import IndicatorValue, Initiative, current_plan_condition

FORMAT_VERSION = 1

INITIATIVE_FIELDS = [
    "initiative_id",
    "municipality_code",
    "municipality_name",
    "plan_id",
    "plan_version",
    "title",
    "sector",
    "themes",
    "status",
    "phase",
    "percent_done",
    "expected_reduction_t_co2e",
    "start_year",
    "end_year",
    "participant_codes",
    "responsible_unit",
    "last_update_at",
]

INDICATOR_VALUE_FIELDS = [
    "indicator_id",
    "municipality_code",
    "initiative_id",
    "indicator_name",
    "unit",
    "direction",
    "year",
    "value",
]

TABLES = {"initiatives": INITIATIVE_FIELDS, "indicator_values": INDICATOR_VALUE_FIELDS}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _scoped(user, qs: QuerySet) -> QuerySet:
    """The rows the user sees; `user` None reads them all (the API's national-export token, which
    the secretariat issued for exactly this export: opendata/api.py)."""
    return qs if user is None else policy.visible(user, qs)


def export_initiatives(user) -> Iterator[dict]:
    initiatives: QuerySet = (
        _scoped(user, Initiative.objects.in_current_plans())
        .select_related("plan__municipality")
        .prefetch_related("themes", "participants")
        .order_by("plan__municipality__code", "pk")
    )
    for initiative in initiatives:
        municipality = initiative.plan.municipality
        yield {
            "initiative_id": initiative.pk,
            "municipality_code": municipality.code,
            "municipality_name": municipality.name,
            "plan_id": initiative.plan_id,
            "plan_version": initiative.plan.version,
            "title": initiative.title,
            "sector": initiative.sector,
            "themes": [theme.slug for theme in initiative.themes.all()],
            "status": initiative.status,
            "phase": initiative.phase,
            "percent_done": initiative.percent_done,
            "expected_reduction_t_co2e": _number(initiative.expected_reduction),
            "start_year": initiative.start_year,
            "end_year": initiative.end_year,
            "participant_codes": sorted(m.code for m in initiative.participants.all()),
            "responsible_unit": initiative.responsible_unit,
            "last_update_at": initiative.last_update_at.isoformat()
            if initiative.last_update_at
            else None,
        }


def export_indicator_values(user) -> Iterator[dict]:
    """Values of municipality-wide indicators and of indicators on initiatives in current plans."""
    current = Q(indicator__initiative__isnull=True) | Q(
        current_plan_condition("indicator__initiative__plan")
    )
    values = (
        _scoped(user, IndicatorValue.objects.filter(current))
        .select_related("indicator__municipality")
        .order_by("indicator__municipality__code", "indicator_id", "year")
    )
    for value in values:
        indicator = value.indicator
        yield {
            "indicator_id": indicator.pk,
            "municipality_code": indicator.municipality.code,
            "initiative_id": indicator.initiative_id,
            "indicator_name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "year": value.year,
            "value": _number(value.value),
        }


def national_export_data(user) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "initiatives": list(export_initiatives(user)),
        "indicator_values": list(export_indicator_values(user)),
    }


def national_export_csv(user, table: str) -> str:
    """One table as CSV (comma-separated, UTF-8); lists are joined with `;`."""
    rows = export_initiatives(user) if table == "initiatives" else export_indicator_values(user)
    flat = (
        {
            key: ";".join(map(str, value)) if isinstance(value, list) else value
            for key, value in row.items()
        }
        for row in rows
    )
    return csv_text(flat, TABLES[table])
