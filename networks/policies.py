from alliance import roles
from alliance.policy import RoleHolderReadsPolicy, register

from .models import (
    Activity,
    Attendance,
    KnowledgeResource,
    Network,
    NetworkMember,
    VipProject,
    WorkPlan,
)


@register(Network, NetworkMember, WorkPlan, VipProject, Activity, Attendance)
class NetworkPolicy(RoleHolderReadsPolicy):
    """Everyone with a role reads the networks, their members and activities; the secretariat
    registers and edits them."""


@register(KnowledgeResource)
class LibraryPolicy(RoleHolderReadsPolicy):
    """The library is public: anyone, logged in or not, sees the public items; role holders also
    see the items kept internal; the secretariat edits."""

    def scope(self, user, qs):
        return qs if roles.has_role(user) else qs.filter(is_public=True)

    def can_view(self, user, obj):
        return obj.is_public or roles.has_role(user)
