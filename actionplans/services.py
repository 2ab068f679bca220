"""Workflows on plans and initiatives that span models or guard against lost updates."""

import datetime as dt
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, IndicatorValue, Initiative, ProgressUpdate


class StaleEdit(Exception):
    """Someone else saved the object after this user opened the form."""

    def __init__(self, current: models.Model):
        super().__init__(_("Nogen har gemt ændringer, siden du åbnede formularen."))
        self.current = current


def save_with_version(*, instance: models.Model, expected_version: int) -> models.Model:
    """Save `instance` (a Versioned model) only if nobody saved it since the form was read at
    `expected_version`; otherwise raise StaleEdit carrying the newer row. A plain save() (not an
    update()) so the history records who changed what."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if current.lock_version != expected_version:
            raise StaleEdit(current)
        instance.lock_version = expected_version + 1
        instance.save()
    return instance


def post_progress_update(
    *,
    initiative: Initiative,
    by,
    status: str,
    percent_done: int,
    note: str = "",
    date: dt.date | None = None,
    indicator_values: dict[Indicator, Decimal] | None = None,
) -> ProgressUpdate:
    """Record a progress update, carry its status and percent onto the initiative, and store the
    new indicator values (one value per indicator and year: a later report for the same year
    replaces the earlier value). All or nothing."""
    date = date or timezone.localdate()
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            initiative=initiative,
            date=date,
            status=status,
            percent_done=percent_done,
            note=note,
            author=by,
        )
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        locked.status, locked.percent_done = status, percent_done
        locked.last_update_at = timezone.now()
        locked.lock_version += 1  # an open edit form of the initiative is now out of date
        locked.save()
        for indicator, value in (indicator_values or {}).items():
            stored = IndicatorValue.objects.filter(indicator=indicator, year=date.year).first()
            if stored is None:
                IndicatorValue.objects.create(indicator=indicator, year=date.year, value=value)
            elif stored.value != value:
                stored.value = value
                stored.save()
    initiative.refresh_from_db()
    return update
