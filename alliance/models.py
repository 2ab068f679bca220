"""Site-wide models: users, background jobs and generated documents."""

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address.

    Roles are not stored here but derived from relations (coordinator of a municipality, member of a
    body), except the secretariat flag; see `alliance.roles`.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    is_secretariat = models.BooleanField(
        _("sekretariat"),
        default=False,
        help_text=_("Medarbejder i projektgruppen (Gate 21 og Region Hovedstaden)."),
    )
    is_staff = models.BooleanField(
        _("supportadgang"), default=False, help_text=_("Må logge ind i Django-administrationen.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)
    # Part of the user's secret calendar-feed addresses; renewing it revokes them (alliance/feeds.py).
    feed_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class JobQuerySet(models.QuerySet):
    def for_subject(self, obj: models.Model) -> "JobQuerySet":
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)

    def of_kind(self, kind: str) -> "JobQuerySet":
        return self.filter(kind=kind)

    def active(self) -> "JobQuerySet":
        """Jobs not finished yet: queued or running."""
        return self.filter(state__in=JOB_ACTIVE_STATES)


class Job(models.Model):
    """One background job. This row, not the broker, is the truth about the job's state."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=50)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    progress_text = models.CharField(_("fremdrift"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    error = models.TextField(_("fejl"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "enqueued_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def document(self) -> "GeneratedDocument | None":
        return GeneratedDocument.objects.filter(job=self).first()


class DocumentQuerySet(models.QuerySet):
    def for_subject(self, obj: models.Model) -> "DocumentQuerySet":
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)

    def update(self, **kwargs):
        # Approved documents are frozen; a bulk update must not slip past the model guard. The one
        # change allowed is retiring an approved version when a newer one is approved.
        retiring = kwargs == {"state": GeneratedDocument.State.SUPERSEDED}
        if not retiring and self.filter(state=GeneratedDocument.State.APPROVED).exists():
            raise ValidationError(_("Et godkendt dokument kan ikke ændres."))
        return super().update(**kwargs)


def document_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return f"documents/{instance.kind}/{instance.subject_id}/{filename}"


class GeneratedDocument(models.Model):
    """A PDF produced by a job. Once approved, its bytes and checksum never change."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indstillet")
        APPROVED = "approved", _("Godkendt")
        SUPERSEDED = "superseded", _("Erstattet")

    kind = models.CharField(_("type"), max_length=50)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titel"), max_length=300)
    state = models.CharField(_("status"), max_length=12, choices=State, default=State.DRAFT)
    file = models.FileField(_("fil"), upload_to=document_upload_to)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"))
    page_count = models.PositiveIntegerField(_("sider"))
    # One job makes at most one document: a re-run of the same job cannot create a second.
    job = models.OneToOneField(Job, on_delete=models.SET_NULL, null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("dannet"), default=timezone.now)
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["-generated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "version"],
                name="document_unique_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=Q(state="approved"),
                name="document_one_approved_version",
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(approved_at__isnull=False),
                name="document_approved_has_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    FROZEN_FIELDS = (
        "kind",
        "subject_type_id",
        "subject_id",
        "version",
        "title",
        "file",
        "sha256",
        "size",
        "page_count",
        "approved_at",
    )

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS, "state").first()
            )
            if stored and stored["state"] == self.State.APPROVED:
                changed = [f for f in self.FROZEN_FIELDS if str(getattr(self, f)) != str(stored[f])]
                if changed or self.state not in {self.State.APPROVED, self.State.SUPERSEDED}:
                    raise ValidationError(_("Et godkendt dokument kan ikke ændres."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise ValidationError(_("Et godkendt dokument kan ikke slettes."))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def extension(self) -> str:
        """ "pdf", or "zip" for a job that bundles several PDFs (the municipalities' fact sheets)."""
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else "pdf"

    def verify_checksum(self) -> bool:
        with self.file.open("rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest() == self.sha256


JOB_ACTIVE_STATES = (Job.State.QUEUED, Job.State.RUNNING)


class DigestPreference(models.Model):
    """How often a person gets the optional part of the daily digest (alliance.digest), and in
    which language. Without a row: daily, in Danish."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Dagligt")
        WEEKLY = "weekly", _("Ugentligt")
        OFF = "off", _("Aldrig")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    optional = models.CharField(
        _("valgfrie påmindelser"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
        help_text=_(
            "Påmindelserne kommer samlet i én e-mail om dagen. Det obligatoriske kommer altid; "
            "her vælger du, hvor ofte det valgfrie kommer med."
        ),
    )
    language = models.CharField(
        _("sprog i e-mailen"), max_length=5, choices=settings.LANGUAGES, default="da"
    )

    def __str__(self) -> str:
        return f"{self.user}: {self.optional}"


class Digest(models.Model):
    """One digest e-mail sent: at most one per address and day (the unique constraint)."""

    email = models.EmailField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    with_optional = models.BooleanField(default=False)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "sent_on"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.sent_on}"


class DataVersion(models.Model):
    """The version of the portal's data that cached fragments are keyed on (alliance/fragments.py),
    for an installation without Redis: one row, bumped after every committed write."""

    counter = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.counter)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("counter", flat=True).first() or 0
