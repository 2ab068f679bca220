from alliance.policy import RoleHolderReadsPolicy, register

from .models import Activity, Attendance, Network, NetworkMember, VipProject, WorkPlan


@register(Network, NetworkMember, WorkPlan, VipProject, Activity, Attendance)
class NetworkPolicy(RoleHolderReadsPolicy):
    """Everyone with a role reads the networks, their members and activities; the secretariat
    registers and edits them."""
