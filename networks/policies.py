from alliance.policy import RoleHolderReadsPolicy, register

from .models import Network, VipProject


@register(Network, VipProject)
class NetworkPolicy(RoleHolderReadsPolicy):
    pass
