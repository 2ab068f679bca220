"""Who changed what and when, read from django-simple-history's records, for an object's page.

An initiative's page shows its own changes and those of its milestones, progress updates,
indicators and indicator values, merged newest first."""

from collections import defaultdict
from itertools import pairwise

from django.db import models
from django.utils.text import capfirst

from alliance.formatting import format_number

from .models import (
    CapfAssessment,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Task,
)

HISTORY_LIMIT = 25
# Amounts as everywhere else ("1.250,5"); whole numbers (years, percent) stay as they are.
AMOUNT_FIELDS = (models.DecimalField, models.FloatField)
HIDDEN_FIELDS = {"lock_version", "last_update_at", "created_at", "last_reminded_on"}


def _shown(value, amount: bool):
    return format_number(value) if amount and value is not None else value


def _changes(model: type[models.Model], newer, older) -> list[dict]:
    changes = []
    for change in newer.diff_against(older).changes:
        if change.field in HIDDEN_FIELDS:
            continue
        field = model._meta.get_field(change.field)
        choices = dict(field.flatchoices)
        amount = isinstance(field, AMOUNT_FIELDS)
        changes.append(
            {
                "label": capfirst(field.verbose_name),
                "old": _shown(choices.get(change.old, change.old), amount),
                "new": _shown(choices.get(change.new, change.new), amount),
            }
        )
    return changes


# The field that names a part on the initiative's or plan's page (no extra queries).
SUBJECT_FIELD = {
    Task: "title",
    ProgressUpdate: "date",
    Indicator: "name",
    IndicatorGoal: "year",
    IndicatorValue: "year",
    CapfAssessment: "element",
}


def _subject(model: type[models.Model], record, subject: str = "") -> str:
    # Models of other apps name their field in `subject` (see entries()).
    name = SUBJECT_FIELD.get(model, subject)
    field = model._meta.get_field(name)
    value = getattr(record, name)
    value = dict(field.flatchoices).get(value, value)
    return f"{capfirst(model._meta.verbose_name)}: {value}"


def entries(model: type[models.Model], records, subject: str = "") -> list[dict]:
    """History entries of one or more objects of `model`, each diffed against the object's own
    previous record. `records` is a historical queryset, newest first."""
    by_object = defaultdict(list)
    for record in records.select_related("history_user"):
        by_object[record.id].append(record)
    result = []
    for chain in by_object.values():
        for newer, older in pairwise([*chain, None]):
            result.append(
                {
                    "record": newer,
                    "subject": _subject(model, newer, subject) if subject else "",
                    "created": newer.history_type == "+",
                    "deleted": newer.history_type == "-",
                    "changes": _changes(model, newer, older) if older is not None else [],
                }
            )
    return result


def merged(sources, limit: int) -> list[dict]:
    result = []
    for model, records, subject in sources:
        # Enough records per source to fill the page with the newest changes.
        result += entries(model, records.order_by("-history_date")[: limit * 2], subject)
    result.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return result[:limit]


def for_plan(plan: Plan, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The plan's changes and those of its CAPF assessments."""
    return merged(
        [
            (Plan, plan.history.all(), ""),
            (CapfAssessment, CapfAssessment.history.filter(plan_id=plan.pk), "subject"),
        ],
        limit,
    )


def for_initiative(initiative: Initiative, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The initiative's own changes and those of everything reported under it."""
    indicator_ids = list(
        Indicator.objects.filter(initiative=initiative).values_list("pk", flat=True)
    )
    sources = [
        (Initiative, initiative.history.all(), ""),
        (Task, Task.history.filter(initiative_id=initiative.pk), "subject"),
        (ProgressUpdate, ProgressUpdate.history.filter(initiative_id=initiative.pk), "subject"),
        (Indicator, Indicator.history.filter(id__in=indicator_ids), "subject"),
        (IndicatorGoal, IndicatorGoal.history.filter(indicator_id__in=indicator_ids), "subject"),
        (IndicatorValue, IndicatorValue.history.filter(indicator_id__in=indicator_ids), "subject"),
    ]
    return merged(sources, limit)
