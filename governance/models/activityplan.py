"""The annual activity plan ("aktivitetsplan"): its budget frame and planned activities."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.versioning import Versioned
from municipalities.models import Organisation

from .tracks import DevelopmentTrack

# --- The annual activity plan ("aktivitetsplan") ---------------------------------------------------

NOT_NEGATIVE = [MinValueValidator(0)]


class ActivityPlan(Versioned):
    """The alliance's plan for one year: drafted by the project group within the budget frame,
    discussed with the administrative steering group and approved by the political steering group.
    The PDF versions and their approval are GeneratedDocuments of kind "activity-plan"
    (`governance.services.activityplan`)."""

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2023), MaxValueValidator(2100)]
    )
    introduction = models.TextField(_("indledning"), blank=True)
    priorities = models.TextField(_("årets prioriteringer"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kopieret fra"),
    )
    # When the plan, its frame or its activities last changed: a PDF made before is out of date.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Aktivitetsplan %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("governance:activityplan-detail", kwargs={"year": self.year})


class FrameLine(models.Model):
    """One financing partner's share of the plan's budget frame, in staff years and kroner."""

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="frame_lines")
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    staff_years = models.DecimalField(
        _("årsværk"), max_digits=6, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )
    dkk = models.DecimalField(
        _("kroner"), max_digits=12, decimal_places=0, default=0, validators=NOT_NEGATIVE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("linje i budgetrammen")
        verbose_name_plural = _("budgetramme")
        ordering = ["plan", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "partner"], name="frame_line_partner_once"),
            models.CheckConstraint(
                condition=Q(staff_years__gte=0) & Q(dkk__gte=0), name="frame_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.staff_years} / {self.dkk}"


class PlannedActivity(Versioned):
    """One activity of the plan: what, why, under which network or work topic, when in the year
    (quarters) and at what cost in staff years and kroner."""

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=1)
    title = models.CharField(_("titel"), max_length=250)
    purpose = models.TextField(_("formål"), blank=True)
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("netværk"),
    )
    work_topic = models.ForeignKey(
        "actionplans.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "work_topic"},
        verbose_name=_("arbejdsemne"),
    )
    initiatives = models.ManyToManyField(
        "actionplans.Initiative", blank=True, related_name="+", verbose_name=_("indsatser")
    )
    tracks = models.ManyToManyField(
        DevelopmentTrack, blank=True, related_name="+", verbose_name=_("klimaudviklingsspor")
    )
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    q1 = models.BooleanField(_("1. kvartal"), default=False)
    q2 = models.BooleanField(_("2. kvartal"), default=False)
    q3 = models.BooleanField(_("3. kvartal"), default=False)
    q4 = models.BooleanField(_("4. kvartal"), default=False)
    staff_years = models.DecimalField(
        _("årsværk"), max_digits=6, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )
    dkk = models.DecimalField(
        _("kroner"), max_digits=12, decimal_places=0, default=0, validators=NOT_NEGATIVE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet i aktivitetsplanen")
        verbose_name_plural = _("aktiviteter i aktivitetsplanen")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_years__gte=0) & Q(dkk__gte=0), name="activity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(q1=True) | Q(q2=True) | Q(q3=True) | Q(q4=True),
                name="activity_in_a_quarter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quarters(self) -> list[int]:
        return [n for n in (1, 2, 3, 4) if getattr(self, f"q{n}")]

    @property
    def quarters_label(self) -> str:
        return ", ".join(str(_("K%(n)d") % {"n": n}) for n in self.quarters)
