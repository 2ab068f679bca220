"""The history shown on a plan's and an initiative's page (alliance/history.py reads the records).

An initiative's page shows its own changes and those of its milestones, progress updates,
indicators and indicator values, merged newest first."""

from alliance.history import merged

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


def for_plan(plan: Plan, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The plan's changes and those of its CAPF assessments."""
    return merged(
        [
            (Plan, plan.history.all(), ""),
            (CapfAssessment, CapfAssessment.history.filter(plan_id=plan.pk), "element"),
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
        (Task, Task.history.filter(initiative_id=initiative.pk), "title"),
        (ProgressUpdate, ProgressUpdate.history.filter(initiative_id=initiative.pk), "date"),
        (Indicator, Indicator.history.filter(id__in=indicator_ids), "name"),
        (IndicatorGoal, IndicatorGoal.history.filter(indicator_id__in=indicator_ids), "year"),
        (IndicatorValue, IndicatorValue.history.filter(indicator_id__in=indicator_ids), "year"),
    ]
    return merged(sources, limit)
