from alliance import roles
from alliance.policy import RoleHolderReadsPolicy, register

from .models import Coordinator, Municipality, Organisation


@register(Municipality)
class MunicipalityPolicy(RoleHolderReadsPolicy):
    """Everyone with a role reads every municipality (learning across borders is the point);
    a coordinator changes only the municipalities they coordinate."""

    def editable_scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(pk__in=roles.coordinated_municipality_ids(user))

    def can_edit(self, user, obj):
        return roles.is_secretariat(user) or obj.pk in roles.coordinated_municipality_ids(user)

    def can_generate_all_profiles(self, user):
        return roles.is_secretariat(user)


@register(Organisation)
class OrganisationPolicy(RoleHolderReadsPolicy):
    pass


@register(Coordinator)
class CoordinatorPolicy(RoleHolderReadsPolicy):
    """Who coordinates where is shown to everyone with a role; the secretariat appoints."""
