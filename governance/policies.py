from alliance import roles
from alliance.policy import Policy, RoleHolderReadsPolicy, register

from .models import Body, BodyRelation, DevelopmentTrack, Meeting, Membership, Seat


@register(Body, BodyRelation, Seat, Membership, DevelopmentTrack)
class BodyPolicy(RoleHolderReadsPolicy):
    """The bodies, their composition and members are open to everyone with a role."""


@register(Meeting)
class MeetingPolicy(Policy):
    """Meetings are seen by the body's members and the secretariat."""

    def scope(self, user, qs):
        if roles.is_secretariat(user):
            return qs
        return qs.filter(body_id__in=roles.body_ids(user))
