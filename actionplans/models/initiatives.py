"""Initiatives ("indsatser"), their tasks (milestones) and progress updates, and how fresh they are."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.digest import reminder_window_start
from alliance.requestcache import once_per_request
from alliance.validators import plausible_date
from alliance.versioning import Versioned
from municipalities.models import Municipality

from .plans import Plan, Sector, Theme, current_plan_condition


class FreshnessPolicy(models.Model):
    """How old an initiative's last update may get before it is due, late or stale. One row, edited
    by the secretariat; the defaults are 30, 60 and 180 days."""

    due_after_days = models.PositiveSmallIntegerField(_("skal opdateres efter (dage)"), default=30)
    late_after_days = models.PositiveSmallIntegerField(_("forsinket efter (dage)"), default=60)
    stale_after_days = models.PositiveSmallIntegerField(_("forældet efter (dage)"), default=180)
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("højst én påmindelse pr. person pr. (dage)"), default=3
    )

    class Meta:
        verbose_name = _("opdateringsregler")
        verbose_name_plural = _("opdateringsregler")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_after_days__lt=F("late_after_days"))
                & Q(late_after_days__lt=F("stale_after_days")),
                name="freshness_thresholds_increase",
            )
        ]

    def __str__(self) -> str:
        return f"{self.due_after_days}/{self.late_after_days}/{self.stale_after_days}"

    @classmethod
    def current(cls) -> "FreshnessPolicy":
        """The rules in force, read once per request (the selector, the filter and the view of one
        page all ask)."""
        return once_per_request(
            "freshness-policy", lambda: cls.objects.order_by("pk").first() or cls()
        )

    def reminder_window_start(self, now: datetime) -> datetime:
        """Since when a reminder already sent stops another one: the start (local midnight) of
        the last `reminder_interval_days` calendar days, today included (alliance.digest)."""
        first_day = reminder_window_start(timezone.localdate(now), self.reminder_interval_days)
        return timezone.make_aware(datetime.combine(first_day, time.min))


class Freshness(models.TextChoices):
    """How recent an initiative's last update is (see `InitiativeQuerySet.with_freshness`).

    Its words are its own and never a status's (`Initiative.Status`): "Forsinket" is a status a
    coordinator sets, so a badge beside the status must not say it too (tested)."""

    NO_UPDATE = "none", _("Ingen opdatering endnu")
    ON_TIME = "on_time", _("Opdateret")
    DUE = "due", _("Skal opdateres")
    LATE = "late", _("Snart forældet")
    STALE = "stale", _("Forældet")


# What most needs an update first (`InitiativeQuerySet.needing_update_first`); the rest after.
NEEDS_UPDATE_ORDER = {
    Freshness.STALE: 0,
    Freshness.NO_UPDATE: 1,
    Freshness.LATE: 2,
    Freshness.DUE: 3,
}


class InitiativeQuerySet(models.QuerySet):
    def for_municipality(self, municipality: Municipality) -> "InitiativeQuerySet":
        """The initiatives a municipality carries or takes part in (joint initiatives)."""
        return self.filter(
            Q(plan__municipality=municipality) | Q(participants=municipality)
        ).distinct()

    def in_current_plans(self) -> "InitiativeQuerySet":
        return self.filter(current_plan_condition("plan"))

    def active(self) -> "InitiativeQuerySet":
        """Not completed or cancelled: still something to report on."""
        return self.exclude(status__in=Initiative.FINISHED)

    @staticmethod
    def updated_within_condition(days: int, now=None) -> Q:
        """Active and updated within the last `days` days. A condition, so that the dashboard's
        aggregates count exactly what the list's filter shows."""
        since = (now or timezone.now()) - timedelta(days=days)
        return ~Q(status__in=Initiative.FINISHED) & Q(last_update_at__gte=since)

    def with_freshness(
        self, policy: FreshnessPolicy | None = None, now=None
    ) -> "InitiativeQuerySet":
        """Annotate `freshness`: how old the last update (`Initiative.last_update_at`) is; and,
        unselected, `freshness_rank` for `needing_update_first`, from the same conditions.

        An initiative without any update has no last update: it is NO_UPDATE, whatever its age or
        status (never "Opdateret"). Completed and cancelled initiatives with an update are on time:
        there is nothing left to report."""
        policy = policy or FreshnessPolicy.current()
        now = now or timezone.now()
        conditions = [
            (Q(last_update_at__isnull=True), Freshness.NO_UPDATE),
            (Q(status__in=Initiative.FINISHED), Freshness.ON_TIME),
            (
                Q(last_update_at__lte=now - timedelta(days=policy.stale_after_days)),
                Freshness.STALE,
            ),
            (
                Q(last_update_at__lte=now - timedelta(days=policy.late_after_days)),
                Freshness.LATE,
            ),
            (Q(last_update_at__lte=now - timedelta(days=policy.due_after_days)), Freshness.DUE),
        ]

        def case(value, default, field):
            whens = [When(condition, then=Value(value(f))) for condition, f in conditions]
            return Case(*whens, default=Value(default), output_field=field)

        # The rank is a Case of its own rather than one over `freshness`: ordered by a Case over
        # the annotation, Django writes the annotation's Case out once per When (25 Whens to
        # build and compile a query, against 5).
        return self.annotate(
            freshness=case(lambda f: f, Freshness.ON_TIME, models.CharField())
        ).alias(
            freshness_rank=case(
                lambda f: NEEDS_UPDATE_ORDER.get(f, len(NEEDS_UPDATE_ORDER)),
                len(NEEDS_UPDATE_ORDER),
                models.IntegerField(),
            )
        )

    @staticmethod
    def overdue_condition(policy: FreshnessPolicy, now) -> Q:
        """Active and not updated within the stale period: stale, or never updated and older than
        that period (a new initiative gets as long for its first update as for any other).
        A condition, so that aggregates can count it too (`selectors.scorecard_rows`)."""
        stale_before = now - timedelta(days=policy.stale_after_days)
        return ~Q(status__in=Initiative.FINISHED) & (
            Q(last_update_at__lte=stale_before)
            | Q(last_update_at__isnull=True, created_at__lte=stale_before)
        )

    def overdue(self, policy: FreshnessPolicy | None = None, now=None) -> "InitiativeQuerySet":
        """What the reminders ask for and the region's stale counts count, annotated with
        `freshness` (stale, or no update yet)."""
        policy = policy or FreshnessPolicy.current()
        now = now or timezone.now()
        return self.with_freshness(policy, now).filter(self.overdue_condition(policy, now))

    def needing_update_first(self) -> "InitiativeQuerySet":
        """Oldest news first (after `with_freshness`): the coordinator's list starts with what
        most needs an update."""
        return self.order_by(
            "freshness_rank", F("last_update_at").asc(nulls_first=True), "title__lower"
        )

    def refresh_last_update(self) -> int:
        """Set each initiative's `last_update_at` from its progress updates (None without any):
        for writers other than `post_progress_update`, which keeps it as it posts."""
        newest = ProgressUpdate.objects.filter(initiative=OuterRef("pk")).order_by("-created_at")
        return self.update(last_update_at=Subquery(newest.values("created_at")[:1]))


class Initiative(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("I gang")
        DELAYED = "delayed", _("Forsinket")
        COMPLETED = "completed", _("Gennemført")
        ON_HOLD = "on_hold", _("Sat i bero")
        CANCELLED = "cancelled", _("Opgivet")

    # Statuses with nothing left to report on: no reminders, no freshness to keep up.
    FINISHED = (Status.COMPLETED, Status.CANCELLED)

    class Phase(models.TextChoices):
        IDEA = "idea", _("Idé")
        PLANNING = "planning", _("Planlægning")
        IMPLEMENTATION = "implementation", _("Gennemførelse")
        OPERATION = "operation", _("Drift")
        EVALUATION = "evaluation", _("Evaluering")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="initiatives")
    participants = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="joint_initiatives",
        verbose_name=_("deltagende kommuner"),
        help_text=_("For fælles indsatser: de kommuner, der deltager ud over den ledende kommune."),
    )
    title = models.CharField(_("titel"), max_length=250)
    description = models.TextField(_("beskrivelse"), blank=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="initiatives", verbose_name=_("temaer")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase, default=Phase.PLANNING)
    percent_done = models.PositiveSmallIntegerField(
        _("færdig (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    expected_reduction = models.DecimalField(
        _("forventet reduktion (ton CO2e/år)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    start_year = models.PositiveSmallIntegerField(
        _("startår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("slutår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    responsible_unit = models.CharField(_("ansvarlig enhed"), max_length=200, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    # The one definition of an initiative's "last update": when its newest progress update was
    # posted (that update's created_at); None when it has none, shown as "Ingen opdatering endnu".
    # Kept on the row so freshness is one indexed comparison: `post_progress_update` sets it, every
    # other writer of updates calls `InitiativeQuerySet.refresh_last_update`.
    last_update_at = models.DateTimeField(
        _("seneste opdatering"), null=True, blank=True, editable=False
    )

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        ordering = ["plan__municipality__name", "title"]
        indexes = [models.Index(fields=["status", "last_update_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="initiative_percent_max_100"
            ),
            models.CheckConstraint(
                condition=Q(expected_reduction__isnull=True) | Q(expected_reduction__gte=0),
                name="initiative_reduction_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="initiative_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplans:initiative-detail", kwargs={"pk": self.pk})

    @property
    def municipality(self) -> Municipality:
        """The lead municipality: the one whose plan carries the initiative."""
        return self.plan.municipality

    @property
    def last_update_on(self) -> date | None:
        """The day of the last update where the reader is (a UTC timestamp's own date can be the
        day before)."""
        return timezone.localdate(self.last_update_at) if self.last_update_at else None

    @property
    def freshness_label(self) -> str:
        """The words for `freshness`, annotated by `InitiativeQuerySet.with_freshness`."""
        return Freshness(self.freshness).label


class TaskQuerySet(models.QuerySet):
    def late(self, today: date | None = None) -> "TaskQuerySet":
        return self.filter(completed_on__isnull=True, due_date__lt=today or timezone.localdate())


class Task(models.Model):
    """A milestone on an initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("titel"), max_length=250)
    due_date = models.DateField(_("frist"), validators=[plausible_date])
    completed_on = models.DateField(
        _("afsluttet"), null=True, blank=True, validators=[plausible_date]
    )
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.completed_on is None and self.due_date < timezone.localdate()


class ProgressUpdate(models.Model):
    """A status report on an initiative by the municipality's coordinator or the secretariat."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("dato"), default=timezone.localdate, validators=[plausible_date])
    status = models.CharField(_("status"), max_length=20, choices=Initiative.Status)
    percent_done = models.PositiveSmallIntegerField(
        _("færdig (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("bemærkning"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("forfatter"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusopdatering")
        verbose_name_plural = _("statusopdateringer")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="update_percent_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_status_display()} ({self.date})"
