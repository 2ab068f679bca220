"""What the public sees: the secretariat's decision per municipality and field group, the tokens
that open the rest of the API, and the versioned data packages.

A municipality not made public shows only what the sources already publish: its name, code and
plan status. Made public, each field group below is shown or kept internal on its own; the
initiatives' notes and contact persons stay internal unless the secretariat says otherwise.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality


class FieldGroup(models.TextChoices):
    PLAN = "plan", _("Planens datoer, mål og basisudledning")
    EMISSIONS = "emissions", _("Udledninger")
    INITIATIVES = "initiatives", _("Indsatser (titel, status, sektor, temaer, forventet reduktion)")
    INDICATORS = "indicators", _("Indikatorer")
    NETWORKS = "networks", _("Netværk")
    NOTES = "notes", _("Indsatsernes statusopdateringer og bemærkninger")
    CONTACTS = "contacts", _("Indsatsernes kontaktpersoner")


# What a municipality shows when it is made public, until the secretariat changes it.
DEFAULT_GROUPS = (
    FieldGroup.PLAN,
    FieldGroup.EMISSIONS,
    FieldGroup.INITIATIVES,
    FieldGroup.INDICATORS,
    FieldGroup.NETWORKS,
)


class PublicationQuerySet(models.QuerySet):
    def groups_by_municipality(self) -> dict[int, frozenset[str]]:
        """Municipality id → the field groups it shows the public (empty when not public)."""
        return {
            p.municipality_id: p.groups
            for p in self.filter(is_public=True).only("municipality_id", "is_public", *GROUP_FIELDS)
        }


GROUP_FIELDS = [f"show_{group.value}" for group in FieldGroup]


class Publication(models.Model):
    """The secretariat's decision on what of one municipality the public may see."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="publication"
    )
    is_public = models.BooleanField(
        _("offentliggjort"),
        default=False,
        help_text=_(
            "Uden offentliggørelse viser de offentlige sider og API'et kun kommunens navn, kode "
            "og planstatus."
        ),
    )
    show_plan = models.BooleanField(FieldGroup.PLAN.label, default=True)
    show_emissions = models.BooleanField(FieldGroup.EMISSIONS.label, default=True)
    show_initiatives = models.BooleanField(FieldGroup.INITIATIVES.label, default=True)
    show_indicators = models.BooleanField(FieldGroup.INDICATORS.label, default=True)
    show_networks = models.BooleanField(FieldGroup.NETWORKS.label, default=True)
    show_notes = models.BooleanField(FieldGroup.NOTES.label, default=False)
    show_contacts = models.BooleanField(FieldGroup.CONTACTS.label, default=False)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offentliggørelse")
        verbose_name_plural = _("offentliggørelser")
        ordering = ["municipality__name"]

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def groups(self) -> frozenset[str]:
        """The field groups the public sees: none until the municipality is made public."""
        if not self.is_public:
            return frozenset()
        return frozenset(g.value for g in FieldGroup if getattr(self, f"show_{g.value}"))


class ApiToken(models.Model):
    """A key to the API's restricted part, issued by the secretariat to an organisation (the
    national monitoring system, say). Only a hash is stored: the key is shown once, on issue."""

    class Scope(models.TextChoices):
        NATIONAL_EXPORT = "national_export", _("National overvågningseksport")
        UNPUBLISHED = "unpublished", _("Data, der ikke er offentliggjort (uden kontaktpersoner)")

    PREFIX = "ka_"

    holder = models.CharField(
        _("modtager"),
        max_length=200,
        help_text=_("Organisationen eller systemet, der får nøglen (fx CONCITO)."),
    )
    purpose = models.CharField(_("formål"), max_length=300, blank=True)
    scopes = models.JSONField(_("adgange"), default=list)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so the secretariat can tell keys apart without the key.
    key_hint = models.CharField(_("nøglens begyndelse"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("udstedt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("udstedt af"),
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.holder} ({self.key_hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        # The key is 32 random bytes: a plain SHA-256 is enough (no dictionary to guess from).
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return ApiToken.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [str(label) for value, label in self.Scope.choices if value in self.scopes]


class DataPackage(models.Model):
    """A frozen, citable release of the public data for a year: a Frictionless Data Package (a
    ZIP of datapackage.json and CSV files with table schemas). A new release of the same year is a
    new version; a published version never changes."""

    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to="opendata/", editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(editable=False)
    published_at = models.DateTimeField(_("udgivet"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("udgivet af"),
    )

    class Meta:
        verbose_name = _("datapakke")
        verbose_name_plural = _("datapakker")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="datapackage_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    @property
    def filename(self) -> str:
        return f"klimaalliancen-hovedstaden-{self.year}-v{self.version}.zip"
