"""Reporting rounds and the annual status report.

A round (`ReportingRound`) asks every municipality to bring its initiatives and indicators up to
date for a year and to mark itself as reported (`MunicipalityReport`). Closing the round freezes a
snapshot of every municipality's data as it stood; the status report (`StatusReport`, the subject
of the generated PDFs) is built from that snapshot only, so later edits never change it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.models import Job
from alliance.validators import plausible_date
from alliance.versioning import Versioned
from municipalities.models import Municipality


class ReportingRound(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Lukket")

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    deadline = models.DateField(_("frist"), validators=[plausible_date])
    state = models.CharField(_("status"), max_length=8, choices=State, default=State.OPEN)
    opened_at = models.DateTimeField(_("åbnet"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every municipality's data as it stood when the round closed (see reports.snapshot).
    snapshot = models.JSONField(_("øjebliksbillede"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", snapshot__isnull=True)
                | Q(state="closed", snapshot__isnull=False, closed_at__isnull=False),
                name="round_closed_has_snapshot",
            )
        ]

    def __str__(self) -> str:
        return _("Rapporteringsrunde %(year)s") % {"year": self.year}

    def save(self, *args, **kwargs):
        # A closed round's snapshot is what its report was built from: it never changes.
        stored = (
            type(self).objects.filter(pk=self.pk).values("state", "snapshot").first()
            if self.pk
            else None
        )
        if (
            stored
            and stored["state"] == self.State.CLOSED
            and (self.state != self.State.CLOSED or self.snapshot != stored["snapshot"])
        ):
            raise ValidationError(_("En lukket rapporteringsrunde kan ikke ændres."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:round-detail", kwargs={"year": self.year})

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class MunicipalityReport(models.Model):
    """A municipality has reported in a round: its data is up to date for the year."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="round_reports"
    )
    reported_at = models.DateTimeField(_("rapporteret"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunens indrapportering")
        verbose_name_plural = _("kommunernes indrapporteringer")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="one_report_per_municipality_and_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.round.year}"


class StatusReport(Versioned):
    """The status report of a closed round: the secretariat's narrative; the rest comes from the
    round's snapshot and the alliance's own records. Its PDFs are GeneratedDocuments."""

    round = models.OneToOneField(ReportingRound, on_delete=models.PROTECT, related_name="report")
    introduction = models.TextField(_("indledning"), blank=True)
    highlights = models.TextField(_("året i korte træk"), blank=True)
    outlook = models.TextField(_("det næste år"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["-round__year"]

    def __str__(self) -> str:
        return _("Statusrapport %(year)s") % {"year": self.round.year}

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", kwargs={"year": self.round.year})


class ReportBuild(models.Model):
    """The data one status-report job renders, fixed when the job starts, so that every section
    task (in whichever worker) lays out exactly the same facts."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="report_build")
    data = models.JSONField()
    sections = models.JSONField()  # section keys, in document order
    assembled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"build of job {self.job_id}"


def section_upload_to(instance: "ReportSection", filename: str) -> str:
    return f"report-sections/{instance.build.job_id}/{filename}"


class ReportSection(models.Model):
    """One section of a status report, laid out by its own task: its PDF (without page numbers),
    its page count and the page of each heading anchor. Unique per build and key, so a task that
    runs twice stores one result."""

    build = models.ForeignKey(ReportBuild, on_delete=models.CASCADE, related_name="rendered")
    key = models.CharField(max_length=40)
    file = models.FileField(upload_to=section_upload_to)
    page_count = models.PositiveIntegerField()
    anchors = models.JSONField(default=dict)  # anchor id -> page index within the section

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["build", "key"], name="one_render_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.key} of job {self.build.job_id}"
