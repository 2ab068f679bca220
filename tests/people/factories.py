import datetime as dt

from django.utils import timezone

from people.models import Invitation, token_hash

from ..factories import UserFactory


def invite(user, *, token: str, days: int = 7) -> Invitation:
    """An open invitation of `user` whose link carries `token` (the e-mail is not needed)."""
    now = timezone.now()
    return Invitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )


def open_invitation(world) -> str:
    """The token of an open invitation of a newly invited person (no password yet)."""
    if not hasattr(world, "invitation_token"):
        user = UserFactory(email="inviteret@example.dk", name="Ida Inviteret")
        user.set_unusable_password()
        user.save()
        world.invitation_token = "invitation-token-for-the-url-table"
        invite(user, token=world.invitation_token)
    return world.invitation_token
