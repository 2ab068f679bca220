"""The thematic networks and their history, the seven VIP climate projects (2019-2023)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipalities.models import Organisation


class Network(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    started_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    # Networks build on the plans (actionplans <- networks), so the link is declared here.
    initiatives = models.ManyToManyField(
        "actionplans.Initiative",
        blank=True,
        related_name="networks",
        verbose_name=_("tilknyttede indsatser"),
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = pgettext_lazy("plural", "netværk")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VipProject(models.Model):
    name = models.CharField(_("navn"), max_length=150, unique=True)
    slug = models.SlugField(unique=True)
    start_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("slutår"), null=True, blank=True)
    leads = models.ManyToManyField(
        Organisation, related_name="led_vip_projects", blank=True, verbose_name=_("tovholdere")
    )
    participants = models.ManyToManyField(
        Organisation, related_name="vip_projects", blank=True, verbose_name=_("deltagere")
    )
    participants_note = models.CharField(
        _("om deltagerne"),
        max_length=300,
        blank=True,
        help_text=_("Fx når kilderne ikke nævner deltagerne."),
    )
    continued_by = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continues",
        verbose_name=_("videreføres i"),
    )
    summary = models.TextField(_("hvad projektet gjorde"), blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("VIP-klimaprojekt")
        verbose_name_plural = _("VIP-klimaprojekter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
