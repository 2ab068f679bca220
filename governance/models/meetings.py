"""Meetings: the agenda and its items, attachments, packs, follow-ups and attendance."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
from alliance.versioning import Versioned

from .bodies import Body, Membership


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(Versioned):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        PREPARING = "preparing", _("Mødepakke under forberedelse")
        PUBLISHED = "published", _("Mødepakke udgivet")
        HELD = "held", _("Afholdt")
        MINUTES_APPROVED = "minutes_approved", _("Referat godkendt")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"), validators=[plausible_date])
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True, validators=[plausible_date])
    location = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("link til onlinemøde"), blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State, default=State.PLANNED)
    invitation = models.TextField(
        _("indkaldelse"), blank=True, help_text=_("Teksten til medlemmerne på forsiden af pakken.")
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        """Members see the agenda from the moment the first pack is published."""
        return self.state in {self.State.PUBLISHED, self.State.HELD, self.State.MINUTES_APPROVED}

    @property
    def is_open_for_agenda(self) -> bool:
        """Items can be added, moved here or changed until the minutes are approved."""
        return self.state != self.State.MINUTES_APPROVED


class AgendaItem(Versioned):
    """A numbered item on a meeting's agenda. The recommendation ("indstilling") is what the
    secretariat proposes; the outcome and decision text are what the body decided."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("Orientering")
        DISCUSSION = "discussion", _("Drøftelse")
        DECISION = "decision", _("Beslutning")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Godkendt")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Godkendt med ændringer")
        REJECTED = "rejected", _("Afvist")
        POSTPONED = "postponed", _("Udsat")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("overskrift"), max_length=250)
    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.ORIENTATION)
    case_text = models.TextField(_("sagsfremstilling"), blank=True)
    recommendation = models.TextField(
        _("indstilling"), blank=True, help_text=_("Hvad sekretariatet indstiller, at organet gør.")
    )
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(
        _("tid (minutter)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    is_closed = models.BooleanField(
        _("lukket punkt"),
        default=False,
        help_text=_(
            "Et lukket punkt ses kun af sekretariatet og organets medlemmer med stemmeret "
            "(ikke observatører og sparringspartnere). Det står kun med nummer i mødepakken."
        ),
    )
    # The portal object the item is about (a plan, an initiative, a track, an application, a
    # document awaiting approval); its live key figures appear on the item and in the pack.
    linked_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked_object = GenericForeignKey("linked_type", "linked_id")
    outcome = models.CharField(_("afgørelse"), max_length=24, choices=Outcome, blank=True)
    decision_text = models.TextField(_("beslutning"), blank=True)
    minutes = models.TextField(_("referat af punktet"), blank=True)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        # Positions are renumbered 1..n by the services after every move.
        ordering = ["meeting", "position", "pk"]
        constraints = [
            # Only a decision item carries an outcome.
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind="decision"), name="agenda_outcome_needs_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:item-detail", kwargs={"pk": self.pk})


def attachment_upload_to(instance: "AgendaAttachment", filename: str) -> str:
    return f"meetings/{instance.item.meeting_id}/{uuid.uuid4().hex[:12]}-{filename}"


class AgendaAttachment(models.Model):
    """A file attached to an agenda item. PDFs are merged into the meeting pack; other office
    files are listed in the pack and downloaded from the portal."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=1)
    title = models.CharField(_("titel"), max_length=250)
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=250)
    is_pdf = models.BooleanField(default=False, editable=False)
    page_count = models.PositiveIntegerField(_("sider"), null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingPack(models.Model):
    """One built meeting pack: the PDF and the snapshot of what it contains. Publishing gives it
    the next version number; members see only published versions, and each stays downloadable."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    document = models.OneToOneField(
        "alliance.GeneratedDocument", on_delete=models.PROTECT, related_name="meeting_pack"
    )
    snapshot = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    published_at = models.DateTimeField(_("udgivet"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(_("ændringer"), default=list, blank=True)

    class Meta:
        verbose_name = _("mødepakke")
        verbose_name_plural = _("mødepakker")
        ordering = ["meeting", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="meeting_pack_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(version__isnull=True, published_at__isnull=True)
                | Q(version__isnull=False, published_at__isnull=False),
                name="meeting_pack_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version or '-'}"


class FollowUpQuerySet(models.QuerySet):
    def open_due_within(self, days: int, today: date | None = None) -> "FollowUpQuerySet":
        """Open follow-ups due within `days` days, overdue ones included."""
        last = (today or timezone.localdate()) + timedelta(days=days)
        return self.filter(state=FollowUp.State.OPEN, due__lte=last)


class FollowUp(Versioned):
    """A follow-up action from a decision. Open ones appear under "Opfølgning" in the next
    meeting's pack of the same body until they are done."""

    class State(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("hvad"), max_length=300)
    responsible = models.CharField(_("hvem"), max_length=200)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("portalbruger, der påmindes"),
    )
    due = models.DateField(_("frist"), validators=[plausible_date])
    state = models.CharField(_("status"), max_length=6, choices=State, default=State.OPEN)
    done_at = models.DateField(_("udført den"), null=True, blank=True, validators=[plausible_date])
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description


class Attendance(models.Model):
    """Who was at a meeting: the attendance part of the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("til stede"), default=True)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_unique_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.person_name}: {self.meeting}"
