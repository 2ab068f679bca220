"""The bodies of the alliance (regional and national), their seats, roles and members."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
from municipalities.models import Organisation


class Body(models.Model):
    class Level(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")

    name = models.CharField(_("navn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnavn i adresser"), unique=True)
    level = models.CharField(_("niveau"), max_length=10, choices=Level)
    mandate = models.TextField(_("opgaver og kompetence"), blank=True)
    decision_rule = models.CharField(_("beslutningsregel"), max_length=200, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("møder om året"),
        null=True,
        blank=True,
        help_text=_("Tomt, hvis kilderne ikke siger det."),
    )
    meeting_frequency_note = models.CharField(_("om mødefrekvensen"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        ordering = ["level", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body-detail", kwargs={"slug": self.slug})


class BodyRelation(models.Model):
    """How one body relates to another: the edges of the governance tree."""

    class Kind(models.TextChoices):
        REPORTS_TO = "reports_to", _("refererer til")
        PREPARES_FOR = "prepares_for", _("forbereder sager for")
        FOLLOWS = "follows", _("følger")

    source = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("relation mellem organer")
        verbose_name_plural = _("relationer mellem organer")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="body_relation_unique"
            ),
            models.CheckConstraint(condition=~Q(source=F("target")), name="body_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Role(models.TextChoices):
    CHAIR = "chair", _("Formand")
    CO_CHAIR = "co_chair", _("Medformand")
    VICE_CHAIR = "vice_chair", _("Næstformand")
    MEMBER = "member", _("Medlem")
    OBSERVER = "observer", _("Observatør")
    DEPUTY = "deputy", _("Suppleant")
    SPARRING = "sparring", _("Sparringspartner")


# Who of a body's members reads its closed agenda items: those who take part in its decisions,
# not observers and sparring partners.
CLOSED_ITEM_ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY)


class Seat(models.Model):
    """A composition rule: who appoints how many members in which role (as the sources say)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    description = models.CharField(_("beskrivelse"), max_length=300)
    role = models.CharField(_("rolle"), max_length=12, choices=Role, default=Role.MEMBER)
    count = models.PositiveSmallIntegerField(_("antal"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("udpeget af")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("plads")
        verbose_name_plural = _("sammensætning")
        ordering = ["body", "order"]
        constraints = [
            models.UniqueConstraint(fields=["body", "description"], name="seat_unique_description")
        ]

    def __str__(self) -> str:
        return self.description


class MembershipQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on) | Q(start__isnull=True)).filter(
            Q(end__gte=on) | Q(end__isnull=True)
        )


class Membership(models.Model):
    """A person's seat in a body for a period. Members change; the rows stay as history."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Portalbrugeren, hvis personen har adgang til portalen."),
    )
    person_name = models.CharField(_("navn"), max_length=200)
    position = models.CharField(_("stilling"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=12, choices=Role, default=Role.MEMBER)
    deputy_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("suppleant for")
    )
    appointed_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("udpeget af")
    )
    start = models.DateField(_("fra"), null=True, blank=True, validators=[plausible_date])
    end = models.DateField(_("til"), null=True, blank=True, validators=[plausible_date])

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["body", "role", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name}, {self.get_role_display()} ({self.body})"
