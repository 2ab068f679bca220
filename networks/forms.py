"""Forms of the networks app. Each lists its fields; the network and the activity always come from
the URL, never from the POST."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actionplans.models import Theme
from actionplans.vocabulary_forms import danish_slug
from alliance import formfields
from municipalities.models import Municipality, Organisation

from .library import ALLOWED_TYPES, MAX_UPLOAD_BYTES, check_upload
from .models import (
    Activity,
    Attendance,
    KnowledgeResource,
    Network,
    NetworkMember,
    VipProject,
    WorkPlan,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
RESERVED_SLUGS = {"ny"}


def member_organisations():
    """Networks and activities are for the municipalities and the region."""
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION]
    ).order_by("name")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        formfield_callback = formfields.formfield
        fields = [
            "network",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "organiser",
            "audience",
            "external_speakers",
            "materials",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "external_speakers": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Skriv aktivitetens titel.")},
            "kind": {"required": _("Vælg aktivitetens type.")},
            "starts_at": {
                "required": _("Angiv hvornår aktiviteten starter."),
                "invalid": _("Angiv dato og klokkeslæt, fx 2026-03-12 13:00."),
            },
            "ends_at": {"invalid": _("Angiv dato og klokkeslæt, fx 2026-03-12 16:00.")},
            "online_url": {"invalid": _("Skriv en gyldig webadresse, der begynder med https://.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].empty_label = _("På tværs af netværkene")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Aktiviteten skal slutte efter, den starter."))
        if (
            not cleaned.get("location")
            and not cleaned.get("online_url")
            and "online_url" not in self.errors
        ):
            self.add_error("location", _("Angiv et sted eller et link til onlinedeltagelse."))
        return cleaned


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        formfield_callback = formfields.formfield
        fields = ["organisation", "participants"]
        error_messages = {
            "organisation": {"required": _("Vælg organisationen.")},
            "participants": {
                "required": _("Skriv antallet af deltagere."),
                "min_value": _("Antallet af deltagere skal være mindst 1."),
                "max_value": _("Antallet af deltagere kan højst være 10.000."),
                "invalid": _("Skriv antallet af deltagere som et helt tal."),
            },
        }

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["organisation"].queryset = member_organisations()
        self.fields["participants"].widget.attrs["min"] = 1

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if self.activity.attendance.filter(organisation=organisation).exists():
            raise forms.ValidationError(
                _("Fremmødet fra %(name)s er allerede registreret for denne aktivitet."),
                params={"name": organisation.name},
            )
        return organisation

    def save(self, commit=True):
        self.instance.activity = self.activity
        return super().save(commit)


class MemberForm(forms.ModelForm):
    class Meta:
        model = NetworkMember
        formfield_callback = formfields.formfield
        fields = ["organisation", "contact_name", "contact_email", "is_lead"]
        error_messages = {
            "organisation": {"required": _("Vælg organisationen.")},
            "contact_email": {"invalid": _("Skriv en gyldig e-mailadresse.")},
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["organisation"].queryset = member_organisations().exclude(
            network_memberships__network=network
        )

    def save(self, commit=True):
        self.instance.network = self.network
        return super().save(commit)


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        formfield_callback = formfields.formfield
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        error_messages = {"text": {"required": _("Skriv arbejdsplanen.")}}


# --- The library ----------------------------------------------------------------------------


class ResourceForm(forms.ModelForm):
    class Meta:
        model = KnowledgeResource
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "summary",
            "kind",
            "themes",
            "network",
            "year",
            "source",
            "vip_project",
            "municipality",
            "source_note",
            "file",
            "url",
            "is_public",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}),
        }
        error_messages = {
            "year": {
                "min_value": _("Året skal være mellem 2000 og 2100."),
                "max_value": _("Året skal være mellem 2000 og 2100."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("order", "name")
        self.fields["network"].queryset = Network.objects.order_by("name")
        self.fields["vip_project"].queryset = VipProject.objects.order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["file"].help_text = gettext(
            "PDF, Word, Excel, PowerPoint, OpenDocument eller billede (PNG, JPEG, GIF), højst "
            "%(max)s MB."
        ) % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.initial.get("file"):
            check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or "file" in self.errors
        if not has_file and not cleaned.get("url") and "url" not in self.errors:
            raise ValidationError(gettext("Angiv enten en fil eller et link."), code="file_or_link")
        return cleaned

    def save(self, commit=True):
        resource = super().save(commit=False)
        if not resource.slug:
            resource.slug = unique_slug(resource.title)
        if commit:
            resource.save()
            self.save_m2m()
        return resource


def unique_slug(title: str) -> str:
    base = danish_slug(title)[:70]
    if base in RESERVED_SLUGS or base == "tema":
        base = f"{base}-ressource"
    slug, number = base, 2
    while KnowledgeResource.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
