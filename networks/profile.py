"""The networks a municipality takes part in, as a section of its climate profile PDF."""

from municipalities.models import Municipality
from municipalities.panels import Panel, register_profile_section

from .models import NetworkMember


@register_profile_section(order=30)
def networks_profile_section(municipality: Municipality) -> Panel:
    memberships = (
        NetworkMember.objects.filter(organisation__municipality=municipality)
        .select_related("network")
        .order_by("network__name")
    )
    return Panel("networks/_profile_networks.html", {"memberships": list(memberships)})
