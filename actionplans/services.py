"""Workflows on plans and initiatives that span models or guard against lost updates."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    CapfAssessment,
    Indicator,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Task,
)


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
        locked.last_update_at = update.created_at  # the newest update: see Initiative
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


def save_plan(*, plan: Plan, expected_version: int, capf: dict[str, tuple[str, str]]) -> Plan:
    """Save a plan read at `expected_version` together with its four CAPF assessments
    (`capf` maps element to (state, note)); a stale save changes nothing (StaleEdit)."""
    with transaction.atomic():
        save_with_version(instance=plan, expected_version=expected_version)
        stored = {a.element: a for a in plan.capf_assessments.all()}
        for element, (state, note) in capf.items():
            assessment = stored.get(element) or CapfAssessment(plan=plan, element=element)
            if assessment.pk is None or (assessment.state, assessment.note) != (state, note):
                assessment.state, assessment.note = state, note
                assessment.save()
    return plan


def revise_plan(*, plan: Plan) -> Plan:
    """Start the next version of a current plan: a copy of its fields and CAPF assessments,
    status "under revision", superseding it. The earlier version's fields, targets and CAPF
    assessments stay readable as they were. The initiatives carry on under the new version (the
    work continues while the plan is revised); each initiative's history records the move."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if Plan.objects.filter(supersedes=locked).exists():
            raise ValueError(_("Planen er allerede erstattet af en nyere version."))
        revision = Plan.objects.create(
            municipality=locked.municipality,
            version=locked.version + 1,
            title=locked.title,
            status=Plan.Status.UNDER_REVISION,
            adopted_on=locked.adopted_on,
            capf_approved_on=locked.capf_approved_on,
            supersedes=locked,
            reduction_target_2030=locked.reduction_target_2030,
            net_zero_year=locked.net_zero_year,
            baseline_year=locked.baseline_year,
            baseline_emissions=locked.baseline_emissions,
            document_url=locked.document_url,
        )
        for assessment in locked.capf_assessments.all():
            CapfAssessment.objects.create(
                plan=revision,
                element=assessment.element,
                state=assessment.state,
                note=assessment.note,
            )
        for initiative in locked.initiatives.select_for_update():
            initiative.plan = revision
            initiative.lock_version += 1  # an open edit form now refers to the old plan
            initiative.save()
    return revision


def save_initiative(
    *,
    initiative: Initiative,
    expected_version: int | None,
    themes: Iterable[models.Model],
    participants: Iterable[models.Model],
    networks: Iterable[models.Model],
) -> Initiative:
    """Create (expected_version None) or save a versioned initiative with its themes, networks
    and participating municipalities. The lead municipality is never its own participant."""
    with transaction.atomic():
        if expected_version is None:
            initiative.save()
        else:
            save_with_version(instance=initiative, expected_version=expected_version)
        lead_id = initiative.plan.municipality_id
        initiative.themes.set(themes)
        initiative.participants.set([m for m in participants if m.pk != lead_id])
        initiative.networks.set(networks)
    return initiative


def set_task_done(*, task: Task, done: bool) -> Task:
    """Mark a milestone done today, or reopen it."""
    completed_on = timezone.localdate() if done else None
    if (task.completed_on is None) == done:
        task.completed_on = completed_on
        task.save()
    return task
