"""Who may manage people and their data: the secretariat only (the default Policy). Invitations,
handovers and the privacy notice have no other readers; the public privacy page reads the notice
without a policy because it is published to everyone."""

from alliance.policy import Policy, register

from .models import Handover, Invitation, PrivacyNotice


@register(Invitation, Handover, PrivacyNotice)
class PeoplePolicy(Policy):
    """Accounts and personal data are the secretariat's to manage."""

    def can_manage(self, user) -> bool:
        return self.can_create(user)
