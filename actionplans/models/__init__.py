"""DK2020 climate action plans, their initiatives ("indsatser"), tasks, progress and indicators.

Vocabulary follows action-plan monitoring tools (Kausal Watch): an initiative has a status and an
implementation phase, tasks with due dates, progress updates, indicators with goals; freshness says
how long since the municipality last reported on it.

The models live by concern in `plans`, `initiatives`, `indicators` and `reminders` (the reminder
log); import them from here.
"""

from .indicators import (  # noqa: F401
    EmissionRecord,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
)
from .initiatives import (  # noqa: F401
    Freshness,
    FreshnessPolicy,
    Initiative,
    InitiativeQuerySet,
    ProgressUpdate,
    Task,
    TaskQuerySet,
)
from .plans import (  # noqa: F401
    NET_ZERO_LATEST,
    REVISION_INTERVAL_YEARS,
    CapfAssessment,
    CapfElement,
    Plan,
    PlanQuerySet,
    Sector,
    Theme,
    current_plan_condition,
)
from .reminders import (  # noqa: F401
    Reminder,
)
