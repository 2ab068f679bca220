"""Who changed what and when, read from django-simple-history's records, for an object's page:
each record diffed against the object's previous one, with field labels and choice labels as
the reader knows them. An app lists the sources of one page (its object and the parts shown
under it) and `merged` puts them in one list, newest first."""

from collections import defaultdict
from itertools import pairwise

from django.db import models
from django.utils.text import capfirst

from .formatting import format_number

# Amounts as everywhere else ("1.250,5"); whole numbers (years, percent) stay as they are.
AMOUNT_FIELDS = (models.DecimalField, models.FloatField)
# Bookkeeping the reader never typed: shown, they would make every save look like a change.
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


def _subject(model: type[models.Model], record, name: str) -> str:
    field = model._meta.get_field(name)
    value = getattr(record, name)
    value = dict(field.flatchoices).get(value, value)
    return f"{capfirst(model._meta.verbose_name)}: {value}"


def entries(model: type[models.Model], records, subject: str = "") -> list[dict]:
    """History entries of one or more objects of `model`, each diffed against the object's own
    previous record. `records` is a historical queryset, newest first. `subject` names the field
    that tells a part apart on its parent's page (no extra queries); empty for the page's own
    object."""
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
    """The newest `limit` entries of several (model, historical queryset, subject field) sources."""
    result = []
    for model, records, subject in sources:
        # Enough records per source to fill the page with the newest changes.
        result += entries(model, records.order_by("-history_date")[: limit * 2], subject)
    result.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return result[:limit]
