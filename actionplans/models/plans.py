"""DK2020 climate action plans: the plan and its versions, the CAPF assessment, themes and sectors."""

from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
from alliance.versioning import Versioned
from municipalities.models import Municipality

NET_ZERO_LATEST = 2050
REVISION_INTERVAL_YEARS = 5


def current_plan_condition(plan: str = "pk") -> Exists:
    """The one rule of which plans are current: no later version supersedes them. `plan` is the
    path from the filtered model to a plan ("pk" on plans, "plan" on initiatives,
    "initiative__plan" on tasks).

    NOT EXISTS rather than `superseded_by__isnull=True`: Django writes that as a LEFT JOIN on the
    plans with IS NULL on the joined plan's key, which PostgreSQL cannot turn into an anti-join,
    so it guesses a single current plan and plans every query over the initiatives for one plan
    (nested loops and sorts of the region's 4,350 initiatives: 12 ms against 3 ms)."""
    return ~Exists(Plan.objects.filter(supersedes=OuterRef(plan)))


class PlanQuerySet(models.QuerySet):
    def current(self) -> "PlanQuerySet":
        return self.filter(current_plan_condition())

    def approved(self) -> "PlanQuerySet":
        """Politically approved plans ("politisk godkendt"), current or since revised: a
        municipality with one has an approved plan, the base of "Et blik på tværs"."""
        return self.filter(Q(status=Plan.Status.ADOPTED) | Q(adopted_on__isnull=False))

    def revision_due_within(self, days: int, today: date | None = None) -> "PlanQuerySet":
        """Current plans whose five-year revision falls within `days` (or is overdue)."""
        today = today or timezone.localdate()
        latest_adoption = (
            today + timedelta(days=days) - timedelta(days=365 * REVISION_INTERVAL_YEARS + 1)
        )
        return self.current().filter(adopted_on__isnull=False, adopted_on__lte=latest_adoption)


class Plan(Versioned):
    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("Under udarbejdelse")
        SUBMITTED = "submitted", _("Indsendt til vurdering")
        CAPF_APPROVED = "capf_approved", _("Godkendt efter CAPF")
        ADOPTED = "adopted", _("Politisk vedtaget")
        UNDER_REVISION = "under_revision", _("Under revision")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.IN_PREPARATION
    )
    adopted_on = models.DateField(
        _("politisk vedtaget"), null=True, blank=True, validators=[plausible_date]
    )
    capf_approved_on = models.DateField(
        _("godkendt efter CAPF"), null=True, blank=True, validators=[plausible_date]
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("erstatter"),
    )
    reduction_target_2030 = models.DecimalField(
        _("reduktionsmål 2030 (% ift. 1990)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    net_zero_year = models.PositiveSmallIntegerField(
        _("år for nettonul"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2020), MaxValueValidator(NET_ZERO_LATEST)],
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("basisår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    baseline_emissions = models.DecimalField(
        _("udledning i basisåret (ton CO2e)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    document_url = models.URLField(_("link til planen"), blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klimaplan")
        verbose_name_plural = _("klimaplaner")
        ordering = ["municipality__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version"], name="plan_unique_version"),
            models.CheckConstraint(
                condition=Q(net_zero_year__isnull=True) | Q(net_zero_year__lte=NET_ZERO_LATEST),
                name="plan_net_zero_by_2050",
            ),
            models.CheckConstraint(
                condition=Q(reduction_target_2030__isnull=True)
                | (Q(reduction_target_2030__gte=0) & Q(reduction_target_2030__lte=100)),
                name="plan_reduction_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", kwargs={"pk": self.pk})

    @property
    def revision_due(self) -> date | None:
        """Plans are evaluated and revised at least every fifth year after adoption."""
        if not self.adopted_on:
            return None
        try:
            return self.adopted_on.replace(year=self.adopted_on.year + REVISION_INTERVAL_YEARS)
        except ValueError:  # 29 February
            return self.adopted_on.replace(
                year=self.adopted_on.year + REVISION_INTERVAL_YEARS, day=28
            )


class CapfElement(models.TextChoices):
    """C40's Climate Action Planning Framework: the four elements a DK2020 plan must pass."""

    GOVERNANCE = "governance", _("Styring og samarbejde")
    ADAPTATION = "adaptation", _("Klimatilpasning")
    EMISSIONS_NEUTRAL = "emissions_neutral", _("Udledningsneutral")
    INCLUSION = "inclusion", _("Social inklusion og merværdier")


class CapfAssessment(models.Model):
    class State(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Ikke vurderet")
        IN_PROGRESS = "in_progress", _("Under vurdering")
        MET = "met", _("Opfyldt")
        NOT_MET = "not_met", _("Ikke opfyldt")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="capf_assessments")
    element = models.CharField(_("CAPF-element"), max_length=20, choices=CapfElement)
    state = models.CharField(
        _("vurdering"), max_length=20, choices=State, default=State.NOT_ASSESSED
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("CAPF-vurdering")
        verbose_name_plural = _("CAPF-vurderinger")
        ordering = ["plan", "element"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "element"], name="capf_one_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.get_state_display()}"


class Theme(models.Model):
    """The controlled vocabulary of themes: the "blik på tværs" themes and the work topics."""

    class Kind(models.TextChoices):
        CROSS_VIEW = "cross_view", _("Blik på tværs")
        WORK_TOPIC = "work_topic", _("Arbejdsemne")

    name = models.CharField(_("navn"), max_length=150, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    reference_share = models.PositiveSmallIntegerField(
        _("andel i planerne (Ea Energianalyse, %)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Andelen af de godkendte klimaplaner, Ea Energianalyse gennemgik i 'Et blik på tværs' "
            "(26 planer), der indeholder temaet."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["kind", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    ENERGY = "energy", _("Energi")
    TRANSPORT = "transport", _("Transport")
    CONSUMPTION = "consumption", _("Forbrug og affald")
    AGRICULTURE = "agriculture", _("Landbrug og arealanvendelse")
    ADAPTATION = "adaptation", _("Klimatilpasning")
    ORGANISATION = "organisation", _("Organisation")
