"""The region map's measures of the networks (municipalities/maps.py): which municipalities are
members of a network, and which lead it. Shown on each network's page and picked on the region's."""

from django.utils.translation import gettext as _

from alliance import policy
from municipalities import maps
from municipalities.maps import MapData, Measure
from municipalities.models import Municipality

from .models import Network, NetworkMember


def network_membership(user, network: Network) -> MapData:
    members = dict(
        NetworkMember.objects.filter(
            network=network, organisation__municipality__isnull=False
        ).values_list("organisation__municipality__code", "is_lead")
    )
    return maps.membership_data(
        _("Medlemmer af %(name)s") % {"name": network.name},
        members,
        policy.visible(user, Municipality).values_list("code", flat=True),
        lead_label=_("Tovholder"),
    )


def measure_key(network: Network) -> str:
    return f"netvaerk-{network.slug}"


@maps.register_measures(30)
def network_measures(user) -> list[Measure]:
    return [
        Measure(
            measure_key(network),
            network.name,
            lambda network=network: network_membership(user, network),
            group="networks",
            group_label=_("Netværk"),
        )
        for network in policy.visible(user, Network).order_by("name")
    ]
