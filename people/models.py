"""People as the portal's records see them: invitations, handovers between coordinators, and the
privacy notice (privatlivspolitik) the secretariat keeps."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.versioning import Versioned


def token_hash(token: str) -> str:
    """Only the hash of an invitation's token is stored: a database copy opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None) -> "InvitationQuerySet":
        """Not used, not revoked and not expired: a link that still opens the account."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A one-time link, sent by e-mail, with which an invited person sets their password.

    The person is an ordinary User from the moment they are invited (active, with an unusable
    password), so an OpenID Connect sign-in on the same e-mail address finds them too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    accepted_at = models.DateTimeField(_("taget imod"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class Handover(models.Model):
    """The record of one handover: who handed what over to whom. The rows that moved carry this
    handover's number as their history's change reason."""

    predecessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_given",
        verbose_name=_("fra"),
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        verbose_name=_("til"),
    )
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(_("overdraget"), default=timezone.now)
    # What moved, by kind: {"coordinator": ["København"], "initiative": [12, 14], ...} (ids and
    # municipality names, never a person's name: the person's name lives on the user row only).
    moved = models.JSONField(_("overdraget"), default=dict, blank=True)  # {}: nothing to hand over

    class Meta:
        verbose_name = _("overdragelse")
        verbose_name_plural = _("overdragelser")
        ordering = ["-handed_over_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="handover_to_someone_else"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.handed_over_at:%Y-%m-%d}"

    @property
    def change_reason(self) -> str:
        return f"Overdragelse #{self.pk}"


class PrivacyNotice(Versioned):
    """The privacy notice (privatlivspolitik) shown on the public privacy page. One row; the
    secretariat edits it, and the history keeps every earlier text."""

    text = models.TextField(
        _("tekst"),
        help_text=_(
            "Tomme linjer skiller afsnit. En linje, der begynder med ## er en overskrift. Et "
            "afsnit, der begynder med !! er en note, som kun sekretariatet ser."
        ),
    )
    updated_at = models.DateTimeField(_("opdateret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("privatlivspolitik")
        verbose_name_plural = _("privatlivspolitikker")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.updated_at:%Y-%m-%d})"


def account_state(user, *, pending: bool) -> str:
    """How a person's account stands, in a word for the secretariat's lists (`pending`: whether
    they have an invitation link that still works)."""
    if not user.is_active:
        return "closed"
    if pending:
        return "invited"
    return "active" if user.has_usable_password() else "no_password"
