"""The thematic networks and their history, the seven VIP climate projects (launched by KKR
Hovedstaden in 2019, evaluated in autumn 2023; the sources give no period per project)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
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
    focus_themes = models.ManyToManyField(
        "actionplans.Theme",
        blank=True,
        related_name="networks",
        verbose_name=_("arbejdsemner og temaer"),
        help_text=_("De temaer og arbejdsemner, netværket tager op."),
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = pgettext_lazy("plural", "netværk")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network-detail", kwargs={"slug": self.slug})


class NetworkMember(models.Model):
    """An organisation (a municipality or Region Hovedstaden) in a network, with its contact."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"), blank=True)
    is_lead = models.BooleanField(
        _("tovholder"), default=False, help_text=_("Kommunen er tovholder for netværket.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("netværksmedlem")
        verbose_name_plural = _("netværksmedlemmer")
        ordering = ["network", "-is_lead", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="network_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} i {self.network}"


class WorkPlan(models.Model):
    """A network's short work plan for one year."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="work_plans")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2023), MaxValueValidator(2100)]
    )
    text = models.TextField(_("arbejdsplan"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arbejdsplan")
        verbose_name_plural = _("arbejdsplaner")
        ordering = ["network", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="work_plan_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.year}"


class ActivityQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "ActivityQuerySet":
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None) -> "ActivityQuerySet":
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Activity(models.Model):
    """A network activity: a meeting, webinar, workshop, conference or site visit."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Netværksmøde")
        WEBINAR = "webinar", _("Webinar")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Konference")
        SITE_VISIT = "site_visit", _("Ekskursion")

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("netværk"),
        help_text=_("Tomt for aktiviteter på tværs af netværkene."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_at = models.DateTimeField(_("starter"), validators=[plausible_date])
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True, validators=[plausible_date])
    location = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("link til onlinedeltagelse"), blank=True)
    organiser = models.CharField(_("arrangør"), max_length=200, blank=True)
    audience = models.CharField(_("målgruppe"), max_length=300, blank=True)
    external_speakers = models.TextField(
        _("oplægsholdere udefra"), blank=True, help_text=_("Organisationernes navne, én pr. linje.")
    )
    materials = models.TextField(
        _("materialer"), blank=True, help_text=_("Links til oplæg og materialer, ét pr. linje.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:activity-detail", kwargs={"pk": self.pk})


class Attendance(models.Model):
    """How many took part in an activity from one organisation."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    participants = models.PositiveIntegerField(
        _("deltagere"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "organisation"], name="attendance_unique"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="attendance_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.participants}"


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
    results = models.TextField(_("resultater"), blank=True)
    tools = models.TextField(
        _("værktøjer"), blank=True, help_text=_("Værktøjer, projektet udviklede.")
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("VIP-klimaprojekt")
        verbose_name_plural = _("VIP-klimaprojekter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:vip-detail", kwargs={"slug": self.slug})

    @property
    def tool_lines(self) -> list[str]:
        """The tools the project produced, one a line in `tools`."""
        return [line.strip() for line in self.tools.splitlines() if line.strip()]


def resource_upload_to(instance: "KnowledgeResource", filename: str) -> str:
    return f"library/{timezone.now():%Y}/{filename}"


class KnowledgeResource(models.Model):
    """An item of the public knowledge library: a tool, guide, tender kit, analysis, presentation
    or case example, with where it came from. Public pages show only `is_public` items."""

    class Kind(models.TextChoices):
        TOOL = "tool", _("Værktøj")
        GUIDE = "guide", _("Vejledning")
        TENDER_KIT = "tender_kit", _("Udbudsmateriale")
        ANALYSIS = "analysis", _("Analyse")
        PRESENTATION = "presentation", _("Præsentation")
        CASE = "case", _("Case")

    class Source(models.TextChoices):
        VIP_PROJECT = "vip_project", _("VIP-klimaprojekt")
        TRACK = "track", _("Klimaudviklingsspor")
        ACTIVITY = "activity", _("Netværksaktivitet")
        MUNICIPALITY = "municipality", _("Kommune")
        OTHER = "other", _("Andet")

    title = models.CharField(_("titel"), max_length=250)
    slug = models.SlugField(_("kortnavn i adresser"), max_length=80, unique=True)
    summary = models.TextField(_("resumé"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    themes = models.ManyToManyField(
        "actionplans.Theme", blank=True, related_name="resources", verbose_name=_("temaer")
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("netværk"),
    )
    source = models.CharField(_("kilde"), max_length=20, choices=Source)
    vip_project = models.ForeignKey(
        VipProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("VIP-klimaprojekt"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("aktivitet"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("kommune"),
    )
    source_note = models.CharField(
        _("om kilden"),
        max_length=300,
        blank=True,
        help_text=_("Fx klimaudviklingssporets navn, eller hvor oplysningen stammer fra."),
    )
    year = models.PositiveSmallIntegerField(
        _("år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    file = models.FileField(_("fil"), upload_to=resource_upload_to, blank=True)
    url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Vises i det offentlige bibliotek uden login.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressourcer")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:resource-detail", kwargs={"slug": self.slug})
