"""Organisations in and around the alliance, the 29 municipalities and their climate coordinators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region")
        ASSOCIATION = "association", _("Kommunal eller regional sammenslutning")
        SECRETARIAT = "secretariat", _("Sekretariat / klynge")
        FOUNDATION = "foundation", _("Fond")
        THINK_TANK = "think_tank", _("Tænketank")
        # C40 Cities is a network of cities' mayors, not a think tank (seeds/004).
        CITY_NETWORK = "city_network", _("Bynetværk")
        EU_OFFICE = "eu_office", _("EU-kontor")
        CONSULTANCY = "consultancy", _("Rådgiver")
        UTILITY = "utility", _("Forsyning / affaldsselskab")
        COMPANY = "company", _("Virksomhed")
        KNOWLEDGE = "knowledge", _("Videninstitution")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("kort navn"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    website = models.URLField(_("hjemmeside"), blank=True)
    source = models.CharField(
        _("kilde"), max_length=200, blank=True, help_text=_("Hvor oplysningen stammer fra.")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def with_coordinators(self) -> "MunicipalityQuerySet":
        active = Coordinator.objects.filter(is_active=True).select_related("user")
        return self.prefetch_related(
            models.Prefetch("coordinators", active, to_attr="active_coordinators")
        )


class Municipality(models.Model):
    code = models.PositiveSmallIntegerField(
        _("kommunekode"),
        unique=True,
        help_text=_("Den officielle kommunekode, fx 101 for København."),
    )
    name = models.CharField(_("navn"), max_length=100, unique=True)
    official_name = models.CharField(
        _("officielt navn"), max_length=150, help_text=_("Fx Bornholms Regionskommune.")
    )
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="municipality"
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=101) & Q(code__lte=860), name="municipality_code_range"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipalities:detail", kwargs={"code": self.code})


class Coordinator(models.Model):
    """A municipal climate coordinator: the user may edit this municipality's data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinatorships"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="coordinators"
    )
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    since = models.DateField(
        _("koordinator siden"), default=timezone.localdate, validators=[plausible_date]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klimakoordinator")
        verbose_name_plural = _("klimakoordinatorer")
        ordering = ["municipality__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="coordinator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"
