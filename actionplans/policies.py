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

    def can_export(self, user) -> bool:
        """The national export holds the initiatives the user sees: everyone with a role."""
        return roles.has_role(user)


@register(CapfAssessment)
class CapfPolicy(MunicipalityDataPolicy):
    municipality_path = "plan__municipality"


@register(Task, ProgressUpdate)
class InitiativePartPolicy(MunicipalityDataPolicy):
    municipality_path = "initiative__plan__municipality"


@register(Indicator)
class MunicipalityPartPolicy(MunicipalityDataPolicy):
    pass


@register(EmissionRecord)
class EmissionPolicy(MunicipalityDataPolicy):
    """The emission accounts come from the national statistics, imported by the secretariat."""

    def can_import(self, user) -> bool:
        return roles.is_secretariat(user)


@register(IndicatorGoal, IndicatorValue)
class IndicatorPartPolicy(MunicipalityDataPolicy):
    municipality_path = "indicator__municipality"


@register(Theme)
class ThemePolicy(RoleHolderReadsPolicy):
    """The vocabulary is read by all with a role; the secretariat adds and edits themes."""


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

    def can_see_all(self, user) -> bool:
        """Whether the user sees every municipality's reminders (and so filters them by one)."""
        return roles.is_secretariat(user)
