from alliance import roles
from alliance.policy import Policy, RoleHolderReadsPolicy, register

from .models import (
    CapfAssessment,
    EmissionRecord,
    FreshnessPolicy,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Reminder,
    Task,
    Theme,
)


class MunicipalityDataPolicy(RoleHolderReadsPolicy):
    """Everyone with a role reads every municipality's plan data; the secretariat edits all of it,
    a coordinator only their own municipality's. `municipality_path` leads from the object to the
    (lead) municipality whose coordinator may edit it."""

    municipality_path = "municipality"

    def editable_scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        ids = roles.coordinated_municipality_ids(user)
        return qs.filter(**{f"{self.municipality_path}__in": ids}) if ids else qs.none()


@register(Plan)
class PlanPolicy(MunicipalityDataPolicy):
    pass


@register(Initiative)
class InitiativePolicy(MunicipalityDataPolicy):
    """The lead municipality's coordinator edits a joint initiative; participants read it."""

    municipality_path = "plan__municipality"


@register(CapfAssessment)
class CapfPolicy(MunicipalityDataPolicy):
    municipality_path = "plan__municipality"


@register(Task, ProgressUpdate)
class InitiativePartPolicy(MunicipalityDataPolicy):
    municipality_path = "initiative__plan__municipality"


@register(Indicator, EmissionRecord)
class MunicipalityPartPolicy(MunicipalityDataPolicy):
    pass


@register(IndicatorGoal, IndicatorValue)
class IndicatorPartPolicy(MunicipalityDataPolicy):
    municipality_path = "indicator__municipality"


@register(Theme)
class ThemePolicy(RoleHolderReadsPolicy):
    """The vocabulary is read by all with a role and edited by the secretariat."""


@register(FreshnessPolicy)
class FreshnessRulesPolicy(Policy):
    pass


@register(Reminder)
class ReminderPolicy(Policy):
    """A coordinator sees the reminders they were sent; the secretariat sees all."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(recipient=user) if user.is_authenticated else qs.none()
