"""The climate development tracks ("klimaudviklingsspor")."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
from alliance.versioning import Versioned
from municipalities.models import Organisation

from .bodies import Body


class DevelopmentTrack(Versioned):
    """A climate development track ("klimaudviklingsspor"): a cross-cutting development, test or
    demonstration project carried by several municipalities or regions, prioritised and approved
    by a national body (the Forretningsudvalg). The rules of the national agreement that are rules
    are enforced in `governance.services.tracks` (at least three participants to be proposed; approval
    records the body and the date of the decision)."""

    class State(models.TextChoices):
        IDEA = "idea", _("Idé")
        PROPOSED = "proposed", _("Foreslået")
        QUALIFIED = "qualified", _("Kvalificeret")
        APPROVED = "approved", _("Godkendt")
        RUNNING = "running", _("I gang")
        EVALUATED = "evaluated", _("Evalueret")
        # Own context: "Afsluttet" of a task is "Completed"; a track is "Closed".
        CLOSED = "closed", pgettext_lazy("track state", "Afsluttet")

    MIN_PARTICIPANTS = 3

    title = models.CharField(_("titel"), max_length=250)
    problem = models.TextField(_("problem"), blank=True)
    ambition = models.TextField(_("ambition"), blank=True)
    development_element = models.TextField(
        _("udviklings-, test- eller demonstrationselement"), blank=True
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="development_tracks",
        verbose_name=_("deltagende kommuner og regioner"),
    )
    knowledge_partner = models.CharField(_("videnspartner"), max_length=200, blank=True)
    budget = models.DecimalField(
        _("budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    state = models.CharField(_("status"), max_length=12, choices=State, default=State.IDEA)
    decided_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_tracks",
        verbose_name=_("godkendt af"),
    )
    decided_on = models.DateField(
        _("godkendt den"), null=True, blank=True, validators=[plausible_date]
    )
    evaluation = models.TextField(
        _("evaluering"), blank=True, help_text=_("Skal være skrevet, før sporet kan afsluttes.")
    )
    # The knowledge products are library resources. Governance sits above networks, so the link is
    # declared here; the library knows nothing of tracks.
    knowledge_resources = models.ManyToManyField(
        "networks.KnowledgeResource",
        blank=True,
        related_name="development_tracks",
        verbose_name=_("vidensprodukter i biblioteket"),
    )
    other_products = models.TextField(
        _("andre vidensprodukter"),
        blank=True,
        help_text=_("Produkter, der ikke er i biblioteket, ét pr. linje."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klimaudviklingsspor")
        verbose_name_plural = _("klimaudviklingsspor")
        ordering = ["title"]
        constraints = [
            # Approval is a decision: from "approved" on, the body and the date are recorded.
            models.CheckConstraint(
                condition=Q(state__in=["idea", "proposed", "qualified"])
                | (Q(decided_by__isnull=False) & Q(decided_on__isnull=False)),
                name="track_approval_is_recorded",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="track_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:track-detail", kwargs={"pk": self.pk})
