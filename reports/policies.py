from alliance import roles
from alliance.policy import Policy, RoleHolderReadsPolicy, register

from .models import MunicipalityReport, ReportBuild, ReportingRound, ReportSection, StatusReport


@register(ReportingRound)
class RoundPolicy(RoleHolderReadsPolicy):
    """That a round is open, and its deadline, is news for everyone with a role; its completion
    across the region is the secretariat's, and only the secretariat changes it."""

    def can_manage(self, user) -> bool:
        """The round pages (completion across the region, reminders, closing) are the
        secretariat's."""
        return roles.is_secretariat(user)

    def can_read_dashboard(self, user) -> bool:
        """The region's dashboard (every municipality's completion and freshness, the funding
        pipeline) is the secretariat's home."""
        return roles.is_secretariat(user)


@register(MunicipalityReport)
class MunicipalityReportPolicy(Policy):
    """A municipality's report is its coordinators' and the secretariat's business."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(municipality_id__in=roles.coordinated_municipality_ids(user))

    editable_scope = scope


@register(StatusReport)
class StatusReportPolicy(RoleHolderReadsPolicy):
    """Approved versions of the report's PDF are read by everyone with a role (through the
    document policy); the report page with its drafts and the narrative are the secretariat's."""

    def can_manage(self, user) -> bool:
        return roles.is_secretariat(user)


@register(ReportBuild, ReportSection)
class BuildPolicy(Policy):
    """Internal to the report pipeline: the secretariat only."""
