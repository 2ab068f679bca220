"""The reminder log: what was sent to whom, the memory of every reminder cadence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .initiatives import Initiative, Task


class Reminder(models.Model):
    """A reminder e-mail that was sent: to whom, when, and about what."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reminders"
    )
    email = models.EmailField(_("sendt til"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="reminders")
    tasks = models.ManyToManyField(Task, blank=True, related_name="reminders")
    # What a reminder from an app above this one was about, as a key that app chooses (e.g.
    # "fundraising.call:12:7:2026-05-01"): the log is shared, and the key is how such a reminder
    # is sent once. Empty for the freshness reminders, which are keyed by recipient and date.
    topic = models.CharField(_("emne-nøgle"), max_length=120, blank=True, db_index=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.sent_at:%Y-%m-%d}"
