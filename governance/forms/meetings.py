"""Forms for meetings, agenda items, attachments, decisions, follow-ups and memberships."""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from alliance import formfields
from alliance.models import User
from alliance.versioning import VersionedForm
from municipalities.models import Organisation
from networks.library import MAX_UPLOAD_BYTES, check_upload

from .. import links
from ..models import AgendaItem, FollowUp, Meeting, Membership

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        formfield_callback = formfields.formfield
        fields = ["title", "starts_at", "ends_at", "location", "online_url", "invitation"]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "invitation": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Skriv mødets titel.")},
            "starts_at": {
                "required": _("Skriv, hvornår mødet begynder."),
                "invalid": _("Skriv tidspunktet som dato og klokkeslæt."),
            },
            "ends_at": {"invalid": _("Skriv tidspunktet som dato og klokkeslæt.")},
            "online_url": {"invalid": _("Skriv en hel adresse, der begynder med https://.")},
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mødet skal slutte, efter det begynder."))
        return data


class ItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "kind",
            "case_text",
            "recommendation",
            "responsible",
            "minutes_allotted",
            "is_closed",
        ]
        widgets = {
            "case_text": forms.Textarea(attrs={"rows": 8}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Skriv punktets overskrift.")},
            "minutes_allotted": {
                "invalid": _("Skriv tiden som et helt antal minutter."),
                "min_value": _("Tiden skal være mindst 1 minut."),
                "max_value": _("Tiden kan højst være 600 minutter."),
            },
        }


class LinkForm(forms.Form):
    address = forms.CharField(
        label=_("Adresse på portalobjektet"),
        required=False,
        max_length=500,
        help_text=_(
            "Kopiér adressen fra browseren, fx på en indsats, en klimaplan, et "
            "klimaudviklingsspor, en ansøgning eller et dannet dokument. Tomt felt fjerner linket."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_address(self):
        address = self.cleaned_data["address"].strip()
        if not address:
            return None
        return links.object_from_address(address, user=self.user)


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=250,
        required=False,
        help_text=_("Tomt felt: filnavnet bruges."),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "PDF-filer flettes ind i mødepakken. Word, Excel, PowerPoint og OpenDocument nævnes i "
            "pakken og hentes i portalen. Højst %(max)d MB."
        )
        % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
        error_messages={
            "required": _("Vælg en fil."),
            "empty": _("Filen er tom."),
            "invalid": _("Filen kunne ikke læses. Prøv igen."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        if upload.name.lower().endswith((".png", ".jpg", ".jpeg", ".gif")):
            raise ValidationError(_("Billeder kan ikke bruges som bilag; gem billedet som PDF."))
        self.content = upload.read()
        self.page_count = None
        if upload.name.lower().endswith(".pdf"):
            try:
                reader = PdfReader(io.BytesIO(self.content))
                if reader.is_encrypted:
                    raise ValidationError(
                        _("PDF-filen er beskyttet med adgangskode og kan ikke flettes ind.")
                    )
                self.page_count = len(reader.pages)
            except (PdfReadError, ValueError, KeyError, TypeError) as exc:
                raise ValidationError(_("PDF-filen er beskadiget og kan ikke læses.")) from exc
            if self.page_count == 0:
                raise ValidationError(_("PDF-filen har ingen sider."))
        return upload

    def upload(self) -> dict:
        """The checked file as the attachment services take it."""
        return {
            "title": self.cleaned_data["title"],
            "name": self.cleaned_data["file"].name,
            "content": self.content,
            "page_count": self.page_count,
        }


class DecisionForm(VersionedForm):
    class Meta:
        model = AgendaItem
        formfield_callback = formfields.formfield
        fields = ["outcome", "decision_text", "minutes"]
        widgets = {
            "decision_text": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a decision item has an outcome; the others keep their minutes alone.
        if self.instance.kind != AgendaItem.Kind.DECISION:
            self.fields.pop("outcome")
            self.fields.pop("decision_text")

    def clean(self):
        data = super().clean()
        if data.get("decision_text", "").strip() and not data.get("outcome"):
            self.add_error("outcome", _("Vælg afgørelsen, når der er skrevet en beslutning."))
        return data


class FollowUpForm(VersionedForm):
    class Meta:
        model = FollowUp
        formfield_callback = formfields.formfield
        fields = ["description", "responsible", "responsible_user", "due", "state"]
        widgets = {"due": DATE}
        error_messages = {
            "description": {"required": _("Skriv, hvad der skal følges op på.")},
            "responsible": {"required": _("Skriv, hvem der følger op.")},
            "due": {
                "required": _("Skriv en frist."),
                "invalid": _("Skriv fristen som en dato."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = User.objects.filter(is_active=True)
        self.fields["responsible_user"].required = False

    def clean_due(self):
        due = self.cleaned_data["due"]
        if self.instance.pk is None and due < timezone.localdate():
            raise ValidationError(_("Fristen for en ny opfølgning kan ikke ligge i fortiden."))
        return due


class MoveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Flyt til mødet"),
        queryset=Meeting.objects.none(),
        error_messages={
            "required": _("Vælg det møde, punktet skal flyttes til."),
            "invalid_choice": _("Vælg et af organets kommende møder."),
        },
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(body_id=item.meeting.body_id)
            .exclude(pk=item.meeting_id)
            .exclude(state=Meeting.State.MINUTES_APPROVED)
            .order_by("starts_at")
        )


class ReuseForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        error_messages={
            "required": _("Vælg det punkt, der skal genbruges."),
            "invalid_choice": _("Vælg det punkt, der skal genbruges."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = candidates


class AttendanceForm(forms.Form):
    present = formfields.ModelMultipleChoiceField(
        label=_("Til stede"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        formfield_callback = formfields.formfield
        fields = [
            "person_name",
            "position",
            "role",
            "deputy_for",
            "appointed_by",
            "user",
            "start",
            "end",
        ]
        widgets = {"start": DATE, "end": DATE}
        error_messages = {
            "person_name": {"required": _("Skriv medlemmets navn.")},
            "start": {"invalid": _("Skriv datoen som en dato.")},
            "end": {"invalid": _("Skriv datoen som en dato.")},
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy_for"].queryset = Membership.objects.filter(body=body).exclude(
            pk=self.instance.pk
        )
        self.fields["appointed_by"].queryset = Organisation.objects.order_by("name")
        self.fields["user"].queryset = User.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatoen kan ikke ligge før startdatoen."))
        if data.get("role") == "deputy" and not data.get("deputy_for"):
            self.add_error("deputy_for", _("Vælg, hvem suppleanten er suppleant for."))
        return data
