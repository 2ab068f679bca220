"""Who sees and changes what in fundraising.

Sources, calls and the alliance's financing are read by everyone with a role (finding money is
everybody's business); the secretariat registers and edits them. Applications are not: the
secretariat sees and edits all of them; a coordinator sees only the applications their
municipality is in (as applicant or partner) and changes nothing on them but their own
municipality's partner row (its share and notes). Everyone else, members included, sees none:
an application outside a user's scope is a 404, like any object they may not see.
"""

from alliance import roles
from alliance.policy import Policy, RoleHolderReadsPolicy, register

from .models import (
    Application,
    ApplicationDocument,
    BudgetFigure,
    Call,
    Contribution,
    FundingSource,
    Partner,
)


@register(FundingSource, Call, Contribution, BudgetFigure)
class FundingPolicy(RoleHolderReadsPolicy):
    """Sources, calls and the alliance's own financing: read by all with a role."""


@register(Application)
class ApplicationPolicy(Policy):
    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        ids = roles.coordinated_municipality_ids(user)
        return qs.with_municipality(ids) if ids else qs.none()

    def can_list(self, user) -> bool:
        """Whether the user's role includes applications at all (the secretariat, coordinators),
        even while none of theirs exists yet."""
        return roles.is_secretariat(user) or bool(roles.coordinated_municipality_ids(user))

    def can_move(self, user) -> bool:
        """The secretariat moves an application through the pipeline's states."""
        return roles.is_secretariat(user)


class ApplicationPartPolicy(Policy):
    """Parts of an application are seen with the application."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        ids = roles.coordinated_municipality_ids(user)
        if not ids:
            return qs.none()
        applications = Application.objects.with_municipality(ids)
        return qs.filter(application__in=applications.values("pk"))


@register(Partner)
class PartnerPolicy(ApplicationPartPolicy):
    """A coordinator edits their own municipality's partner row, never another partner's."""

    def editable_scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        ids = roles.coordinated_municipality_ids(user)
        return qs.filter(organisation__municipality__in=ids) if ids else qs.none()

    def can_edit_terms(self, user) -> bool:
        """The secretariat edits the whole row (organisation, role, terms); a coordinator who
        may edit it changes only their share and notes."""
        return roles.is_secretariat(user)

    def can_delete(self, user) -> bool:
        """Removing a partner from an application is the secretariat's."""
        return roles.is_secretariat(user)


@register(ApplicationDocument)
class DocumentPolicy(ApplicationPartPolicy):
    pass
