"""Indicators with goals and yearly values, and the municipalities emission accounts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality

from .initiatives import Initiative
from .plans import Sector


class Indicator(models.Model):
    """A measure with a unit and a desired direction, for an initiative or a whole municipality."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Skal stige")
        DECREASE = "decrease", _("Skal falde")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indicators"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=50)
    direction = models.CharField(_("ønsket retning"), max_length=10, choices=Direction)
    description = models.TextField(_("beskrivelse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorGoal(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("mål"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikatormål")
        verbose_name_plural = _("indikatormål")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="goal_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikatorværdi")
        verbose_name_plural = _("indikatorværdier")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="value_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class EmissionRecord(models.Model):
    """A municipality's greenhouse-gas emissions for one sector and year (the shape of the Danish
    energy and CO2 accounts: municipality code, year, sector, tonnes CO2e)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="emissions"
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector)
    tonnes = models.DecimalField(_("ton CO2e"), max_digits=14, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("udledning")
        verbose_name_plural = _("udledninger")
        ordering = ["municipality__name", "year", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sector"], name="emission_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} {self.get_sector_display()}: {self.tonnes}"
