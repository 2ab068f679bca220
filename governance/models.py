"""The bodies of the alliance (regional and national), their composition and members, and meetings."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from alliance.validators import plausible_date
from alliance.versioning import Versioned
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


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(Versioned):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        PREPARING = "preparing", _("Mødepakke under forberedelse")
        PUBLISHED = "published", _("Mødepakke udgivet")
        HELD = "held", _("Afholdt")
        MINUTES_APPROVED = "minutes_approved", _("Referat godkendt")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"), validators=[plausible_date])
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True, validators=[plausible_date])
    location = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("link til onlinemøde"), blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State, default=State.PLANNED)
    invitation = models.TextField(
        _("indkaldelse"), blank=True, help_text=_("Teksten til medlemmerne på forsiden af pakken.")
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        """Members see the agenda from the moment the first pack is published."""
        return self.state in {self.State.PUBLISHED, self.State.HELD, self.State.MINUTES_APPROVED}

    @property
    def is_open_for_agenda(self) -> bool:
        """Items can be added, moved here or changed until the minutes are approved."""
        return self.state != self.State.MINUTES_APPROVED


class AgendaItem(Versioned):
    """A numbered item on a meeting's agenda. The recommendation ("indstilling") is what the
    secretariat proposes; the outcome and decision text are what the body decided."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("Orientering")
        DISCUSSION = "discussion", _("Drøftelse")
        DECISION = "decision", _("Beslutning")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Godkendt")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Godkendt med ændringer")
        REJECTED = "rejected", _("Afvist")
        POSTPONED = "postponed", _("Udsat")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("overskrift"), max_length=250)
    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.ORIENTATION)
    case_text = models.TextField(_("sagsfremstilling"), blank=True)
    recommendation = models.TextField(
        _("indstilling"), blank=True, help_text=_("Hvad sekretariatet indstiller, at organet gør.")
    )
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(
        _("tid (minutter)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    is_closed = models.BooleanField(
        _("lukket punkt"),
        default=False,
        help_text=_(
            "Et lukket punkt ses kun af sekretariatet og organets medlemmer med stemmeret "
            "(ikke observatører og sparringspartnere). Det står kun med nummer i mødepakken."
        ),
    )
    # The portal object the item is about (a plan, an initiative, a track, an application, a
    # document awaiting approval); its live key figures appear on the item and in the pack.
    linked_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked_object = GenericForeignKey("linked_type", "linked_id")
    outcome = models.CharField(_("afgørelse"), max_length=24, choices=Outcome, blank=True)
    decision_text = models.TextField(_("beslutning"), blank=True)
    minutes = models.TextField(_("referat af punktet"), blank=True)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        # Positions are renumbered 1..n by the services after every move.
        ordering = ["meeting", "position", "pk"]
        constraints = [
            # Only a decision item carries an outcome.
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind="decision"), name="agenda_outcome_needs_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:item-detail", kwargs={"pk": self.pk})


def attachment_upload_to(instance: "AgendaAttachment", filename: str) -> str:
    return f"meetings/{instance.item.meeting_id}/{uuid.uuid4().hex[:12]}-{filename}"


class AgendaAttachment(models.Model):
    """A file attached to an agenda item. PDFs are merged into the meeting pack; other office
    files are listed in the pack and downloaded from the portal."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=1)
    title = models.CharField(_("titel"), max_length=250)
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=250)
    is_pdf = models.BooleanField(default=False, editable=False)
    page_count = models.PositiveIntegerField(_("sider"), null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingPack(models.Model):
    """One built meeting pack: the PDF and the snapshot of what it contains. Publishing gives it
    the next version number; members see only published versions, and each stays downloadable."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    document = models.OneToOneField(
        "alliance.GeneratedDocument", on_delete=models.PROTECT, related_name="meeting_pack"
    )
    snapshot = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    published_at = models.DateTimeField(_("udgivet"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(_("ændringer"), default=list, blank=True)

    class Meta:
        verbose_name = _("mødepakke")
        verbose_name_plural = _("mødepakker")
        ordering = ["meeting", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="meeting_pack_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(version__isnull=True, published_at__isnull=True)
                | Q(version__isnull=False, published_at__isnull=False),
                name="meeting_pack_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version or '-'}"


class FollowUpQuerySet(models.QuerySet):
    def open_due_within(self, days: int, today: date | None = None) -> "FollowUpQuerySet":
        """Open follow-ups due within `days` days, overdue ones included."""
        last = (today or timezone.localdate()) + timedelta(days=days)
        return self.filter(state=FollowUp.State.OPEN, due__lte=last)


class FollowUp(Versioned):
    """A follow-up action from a decision. Open ones appear under "Opfølgning" in the next
    meeting's pack of the same body until they are done."""

    class State(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("hvad"), max_length=300)
    responsible = models.CharField(_("hvem"), max_length=200)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("portalbruger, der påmindes"),
    )
    due = models.DateField(_("frist"), validators=[plausible_date])
    state = models.CharField(_("status"), max_length=6, choices=State, default=State.OPEN)
    done_at = models.DateField(_("udført den"), null=True, blank=True, validators=[plausible_date])
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description


class Attendance(models.Model):
    """Who was at a meeting: the attendance part of the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("til stede"), default=True)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_unique_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.person_name}: {self.meeting}"


class DevelopmentTrack(Versioned):
    """A climate development track ("klimaudviklingsspor"): a cross-cutting development, test or
    demonstration project carried by several municipalities or regions, prioritised and approved
    by a national body (the Forretningsudvalg). The rules of the national agreement that are rules
    are enforced in `governance.services` (at least three participants to be proposed; approval
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


# --- The annual activity plan ("aktivitetsplan") ---------------------------------------------------

NOT_NEGATIVE = [MinValueValidator(0)]


class ActivityPlan(Versioned):
    """The alliance's plan for one year: drafted by the project group within the budget frame,
    discussed with the administrative steering group and approved by the political steering group.
    The PDF versions and their approval are GeneratedDocuments of kind "activity-plan"
    (`governance.activityplan`)."""

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
