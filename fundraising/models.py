"""Fundraising (journey 7): funding sources, their calls ("opslag"), the applications the
secretariat and the municipalities make to them, and the alliance's own financing.

An application moves idea -> in preparation -> submitted -> granted / rejected, and may be
withdrawn before a decision; the allowed moves are in `fundraising.services`. The applicant is the
partner row marked `is_lead`; a municipality "is in" an application when its organisation is a
partner (lead or not), which is what a coordinator's access rests on (fundraising/policies.py).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import Initiative, Theme
from alliance.validators import plausible_date
from alliance.versioning import Versioned
from governance.models import DevelopmentTrack
from municipalities.models import Organisation
from networks.models import Network

AMOUNT = {"max_digits": 14, "decimal_places": 0, "null": True, "blank": True}
NOT_NEGATIVE = [MinValueValidator(0)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class FundingSource(models.Model):
    """Who gives money: an EU programme, a national or regional fund, a foundation."""

    class Kind(models.TextChoices):
        EU = "eu", _("EU-program")
        NATIONAL = "national", _("National pulje")
        FOUNDATION = "foundation", _("Fond")
        REGIONAL = "regional", _("Regional pulje")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("organisation"),
        help_text=_("Den organisation, der står bag puljen, hvis den er registreret."),
    )
    website = models.URLField(_("hjemmeside"), blank=True)
    notes = models.TextField(_("noter"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finansieringskilde")
        verbose_name_plural = _("finansieringskilder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def open(self, today: date | None = None) -> "CallQuerySet":
        """Calls with a deadline (first or second stage) still to come, today included."""
        today = today or timezone.localdate()
        return self.filter(Q(deadline__gte=today) | Q(second_deadline__gte=today))

    def deadline_within(self, days: int, today: date | None = None) -> "CallQuerySet":
        """Calls with a deadline (either stage) from today to `days` days on."""
        today = today or timezone.localdate()
        last = today + timedelta(days=days)
        return self.filter(
            Q(deadline__gte=today, deadline__lte=last)
            | Q(second_deadline__gte=today, second_deadline__lte=last)
        )


class Call(Versioned):
    """A call for applications ("opslag") from a funding source. Some have two stages: an
    expression of interest by `deadline`, the full application by `second_deadline`."""

    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="calls", verbose_name=_("kilde")
    )
    title = models.CharField(_("titel"), max_length=250)
    deadline = models.DateField(_("ansøgningsfrist"), validators=[plausible_date])
    second_deadline = models.DateField(
        _("frist for 2. fase"),
        null=True,
        blank=True,
        help_text=_("Kun for opslag i to faser: fristen for den fulde ansøgning."),
        validators=[plausible_date],
    )
    amount_min = models.DecimalField(_("mindste beløb (kr.)"), validators=NOT_NEGATIVE, **AMOUNT)
    amount_max = models.DecimalField(_("største beløb (kr.)"), validators=NOT_NEGATIVE, **AMOUNT)
    cofinancing_rate = models.DecimalField(
        _("medfinansiering (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Den andel af budgettet, ansøgerne selv skal finansiere."),
    )
    eligible_kinds = models.JSONField(
        _("hvem kan søge"),
        default=list,
        blank=True,
        help_text=_("Typer af organisationer, der kan søge. Tom: ikke angivet."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="calls", verbose_name=_("temaer")
    )
    url = models.URLField(_("link til opslaget"), blank=True)
    notes = models.TextField(_("noter"), blank=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["eligible_kinds"])

    class Meta:
        verbose_name = _("opslag")
        verbose_name_plural = _("opslag")
        ordering = ["deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_min__gte=0),
                name="call_amount_min_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gte=0),
                name="call_amount_max_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=F("amount_min")),
                name="call_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_rate__isnull=True)
                | (Q(cofinancing_rate__gte=0) & Q(cofinancing_rate__lte=100)),
                name="call_cofinancing_percent",
            ),
            models.CheckConstraint(
                condition=Q(second_deadline__isnull=True) | Q(second_deadline__gte=F("deadline")),
                name="call_second_stage_after_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fundraising:call-detail", kwargs={"pk": self.pk})

    def next_deadline(self, today: date | None = None) -> date | None:
        """The first deadline still to come, or None when the call has closed."""
        today = today or timezone.localdate()
        coming = [d for d in (self.deadline, self.second_deadline) if d and d >= today]
        return min(coming) if coming else None

    def eligible_labels(self) -> list[str]:
        labels = dict(Organisation.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.eligible_kinds]

    def accepts(self, kind: str) -> bool:
        """Whether an organisation of `kind` may apply; a call that names no kinds is open."""
        return not self.eligible_kinds or kind in self.eligible_kinds


class ApplicationQuerySet(models.QuerySet):
    def with_municipality(self, municipality_ids) -> "ApplicationQuerySet":
        """Applications where one of these municipalities is the applicant or a partner."""
        partners = Partner.objects.filter(organisation__municipality__in=municipality_ids)
        return self.filter(pk__in=partners.values("application_id"))


class Application(Versioned):
    class State(models.TextChoices):
        IDEA = "idea", _("Idé")
        PREPARATION = "preparation", _("Under udarbejdelse")
        SUBMITTED = "submitted", _("Indsendt")
        GRANTED = "granted", _("Bevilget")
        REJECTED = "rejected", _("Afslag")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    title = models.CharField(_("titel"), max_length=250)
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("opslag"),
    )
    state = models.CharField(_("status"), max_length=20, choices=State, default=State.IDEA)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fundraising_applications",
        verbose_name=_("ansvarlig"),
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="funding_applications", verbose_name=_("indsatser")
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="funding_applications", verbose_name=_("netværk")
    )
    tracks = models.ManyToManyField(
        DevelopmentTrack,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("klimaudviklingsspor"),
    )
    amount_applied = models.DecimalField(_("ansøgt beløb (kr.)"), validators=NOT_NEGATIVE, **AMOUNT)
    amount_granted = models.DecimalField(
        _("bevilget beløb (kr.)"), validators=NOT_NEGATIVE, **AMOUNT
    )
    own_financing = models.DecimalField(
        _("egenfinansiering (kr.)"), validators=NOT_NEGATIVE, **AMOUNT
    )
    deadline = models.DateField(
        _("intern frist"),
        null=True,
        blank=True,
        help_text=_("Tom: opslagets næste frist gælder."),
        validators=[plausible_date],
    )
    submitted_on = models.DateField(
        _("indsendt"), null=True, blank=True, validators=[plausible_date]
    )
    decision_expected_on = models.DateField(
        _("svar forventet"), null=True, blank=True, validators=[plausible_date]
    )
    decided_on = models.DateField(_("afgjort"), null=True, blank=True, validators=[plausible_date])
    notes = models.TextField(_("noter"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_applied__isnull=True) | Q(amount_applied__gte=0),
                name="application_applied_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="application_granted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(own_financing__isnull=True) | Q(own_financing__gte=0),
                name="application_own_financing_not_negative",
            ),
            # A grant is recorded only on a granted application.
            models.CheckConstraint(
                condition=Q(state="granted") | Q(amount_granted__isnull=True),
                name="application_granted_only_when_granted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fundraising:application-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """Still being worked on: reminders are about open applications only."""
        return self.state in (self.State.IDEA, self.State.PREPARATION)

    def effective_deadline(self, today: date | None = None) -> date | None:
        """The application's own deadline, else its call's next one."""
        if self.deadline:
            return self.deadline
        return self.call.next_deadline(today) if self.call_id else None


class Partner(Versioned):
    """The applicant (`is_lead`) or a partner of an application, with its share of the budget.
    A partner is a registered organisation (a municipality, Region Hovedstaden, Gate 21, a
    knowledge institution) or, for a company not registered, just a name."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application_partnerships",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("navn (uregistreret partner)"),
        max_length=200,
        blank=True,
        help_text=_("Fx en virksomhed, der ikke er registreret som organisation."),
    )
    is_lead = models.BooleanField(_("ansøger"), default=False)
    share_amount = models.DecimalField(_("andel (kr.)"), validators=NOT_NEGATIVE, **AMOUNT)
    share_percent = models.DecimalField(
        _("andel (%)"), max_digits=5, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    notes = models.TextField(_("noter"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partnere")
        ordering = ["-is_lead", "organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(name=""))
                | (Q(organisation__isnull=True) & ~Q(name="")),
                name="partner_organisation_or_name",
            ),
            models.CheckConstraint(
                condition=Q(share_amount__isnull=True) | Q(share_amount__gte=0),
                name="partner_share_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | (Q(share_percent__gte=0) & Q(share_percent__lte=100)),
                name="partner_share_percent",
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_lead=True), name="partner_one_lead"
            ),
            models.UniqueConstraint(
                fields=["application", "organisation"], name="partner_organisation_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    def share_of(self, amount: Decimal | None, applied: Decimal | None) -> Decimal | None:
        """This partner's part of `amount` (the amount applied for or granted): the percent of
        it, or, given in kroner, the same proportion of it as of the amount applied for."""
        if amount is None:
            return None
        if self.share_percent is not None:
            return amount * self.share_percent / 100
        if self.share_amount is not None:
            if applied is None or amount == applied:
                return self.share_amount
            return self.share_amount * amount / applied if applied else None
        return None


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    return f"fundraising/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    """A file belonging to an application (the application itself, a budget, a letter of
    support). Served only through a permission-checked view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("fil"), upload_to=document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


# --- The alliance's own financing -----------------------------------------------------------------


def months_between(starts_on: date, ends_on: date) -> int:
    """Whole months from `starts_on` to `ends_on` inclusive (1 July to 31 December: 6)."""
    after = ends_on + timedelta(days=1)
    return (after.year - starts_on.year) * 12 + after.month - starts_on.month


class Contribution(models.Model):
    """What one partner contributes to the alliance in one contribution year (reference data:
    DOMAIN.md "Money"). Staff years and cash; an amount not in the sources stays empty. The last
    period may be shorter than a year, where the regional model ends (31 December 2027)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="alliance_contributions",
        verbose_name=_("partner"),
    )
    starts_on = models.DateField(_("fra"), validators=[plausible_date])
    ends_on = models.DateField(_("til"), validators=[plausible_date])
    staff_years = models.DecimalField(
        _("årsværk"), max_digits=6, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    amount = models.DecimalField(_("kontant (kr.)"), validators=NOT_NEGATIVE, **AMOUNT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bidrag til alliancen")
        verbose_name_plural = _("bidrag til alliancen")
        ordering = ["starts_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "starts_on"], name="contribution_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="contribution_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts_on:%Y}-{self.ends_on:%Y}"

    @property
    def months(self) -> int:
        return months_between(self.starts_on, self.ends_on)


class BudgetFigure(models.Model):
    """A figure of the national alliance's budget, for context (reference data). A figure may be
    part of another (`part_of`): the regions' 30 m, of which 5 m for development tracks."""

    slug = models.SlugField(unique=True)
    label = models.CharField(_("post"), max_length=200)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=0)
    is_maximum = models.BooleanField(_("op til"), default=False)
    part_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budgettal")
        verbose_name_plural = _("budgettal")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label

    @property
    def millions(self) -> Decimal:
        return self.amount / 1_000_000
