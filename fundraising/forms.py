"""Forms of fundraising. Each lists its fields: an application's state changes only through
`StateForm` and `services.change_application_state`; a coordinator's partner form has only the
share and the notes, so it cannot move the row to another organisation or application."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Initiative, Theme
from alliance import formfields
from alliance.formfields import DateInput
from alliance.validators import plausible_date
from alliance.versioning import VersionedForm
from governance.models import DevelopmentTrack
from municipalities.models import Organisation
from networks.library import ALLOWED_TYPES, MAX_UPLOAD_BYTES, check_upload
from networks.models import Network

from .models import Application, ApplicationDocument, Call, FundingSource, Partner

AMOUNT_MESSAGES = {
    "min_value": _("Beløbet kan ikke være negativt."),
    "invalid": _("Skriv beløbet i hele kroner, fx 250000."),
    "max_decimal_places": _("Skriv beløbet i hele kroner, fx 250000."),
    "max_digits": _("Beløbet er for stort."),
    "max_whole_digits": _("Beløbet er for stort."),
}
PERCENT_MESSAGES = {
    "min_value": _("Procent skal være mellem 0 og 100."),
    "max_value": _("Procent skal være mellem 0 og 100."),
    "invalid": _("Skriv et tal mellem 0 og 100."),
    "max_decimal_places": _("Skriv procent med højst én decimal."),
    "max_digits": _("Procent skal være mellem 0 og 100."),
    "max_whole_digits": _("Procent skal være mellem 0 og 100."),
}
DATE_MESSAGES = {"invalid": _("Skriv datoen som åååå-mm-dd.")}
URL_MESSAGES = {"invalid": _("Skriv en gyldig webadresse, fx https://eksempel.dk/opslag.")}


class InitiativeChoiceField(formfields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.plan.municipality.name}: {obj.title}"


class SourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        formfield_callback = formfields.formfield
        fields = ["name", "kind", "organisation", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": _("Skriv kildens navn."),
                "unique": _("Der findes allerede en kilde med det navn."),
            },
            "kind": {"required": _("Vælg kildens type.")},
            "website": URL_MESSAGES,
        }


class CallForm(VersionedForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Hvem kan søge"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Typer af organisationer, der kan søge. Intet valgt: ikke angivet."),
    )

    class Meta:
        model = Call
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "source",
            "deadline",
            "second_deadline",
            "amount_min",
            "amount_max",
            "cofinancing_rate",
            "eligible_kinds",
            "themes",
            "url",
            "notes",
        ]
        widgets = {
            "deadline": DateInput(),
            "second_deadline": DateInput(),
            "themes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Skriv opslagets titel.")},
            "source": {"required": _("Vælg kilden.")},
            "deadline": {"required": _("Skriv ansøgningsfristen."), **DATE_MESSAGES},
            "second_deadline": DATE_MESSAGES,
            "amount_min": AMOUNT_MESSAGES,
            "amount_max": AMOUNT_MESSAGES,
            "cofinancing_rate": PERCENT_MESSAGES,
            "url": URL_MESSAGES,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].empty_label = _("Vælg en kilde")
        self.fields["themes"].queryset = Theme.objects.order_by("kind", "order", "name")

    def clean(self):
        data = super().clean()
        deadline, second = data.get("deadline"), data.get("second_deadline")
        # A call registered now is one to apply to: its deadline cannot have passed already.
        # (An existing call keeps its past deadline when edited.)
        if not self.instance.pk and deadline and deadline < timezone.localdate():
            self.add_error("deadline", _("Fristen for et nyt opslag kan ikke ligge i fortiden."))
        if deadline and second and second < deadline:
            self.add_error("second_deadline", _("Fristen for 2. fase skal ligge efter 1. fase."))
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and high < low:
            self.add_error("amount_max", _("Det største beløb skal være mindst det mindste."))
        return data


class ApplicationForm(VersionedForm):
    initiatives = InitiativeChoiceField(
        label=_("Indsatser"), queryset=Initiative.objects.none(), required=False
    )

    class Meta:
        model = Application
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "call",
            "description",
            "responsible",
            "amount_applied",
            "own_financing",
            "deadline",
            "decision_expected_on",
            "initiatives",
            "networks",
            "tracks",
            "notes",
        ]
        widgets = {
            "deadline": DateInput(),
            "decision_expected_on": DateInput(),
            "networks": forms.CheckboxSelectMultiple,
            "tracks": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Skriv ansøgningens titel.")},
            "amount_applied": AMOUNT_MESSAGES,
            "own_financing": AMOUNT_MESSAGES,
            "deadline": DATE_MESSAGES,
            "decision_expected_on": DATE_MESSAGES,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.select_related("source").order_by(
            "-deadline", "title"
        )
        self.fields["call"].empty_label = _("Intet opslag endnu")
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_secretariat=True) | Q(coordinatorships__is_active=True))
            .distinct()
            .order_by("name")
        )
        self.fields["initiatives"].queryset = (
            Initiative.objects.in_current_plans()
            .select_related("plan__municipality")
            .order_by("plan__municipality__name", "title__lower")
        )
        self.fields["initiatives"].widget.attrs["size"] = 8
        self.fields["networks"].queryset = Network.objects.order_by("name")
        self.fields["tracks"].queryset = DevelopmentTrack.objects.order_by("title__lower")

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("initiatives", "networks", "tracks")}


class NewApplicationForm(ApplicationForm):
    applicant = forms.ModelChoiceField(
        label=_("Ansøger"),
        queryset=Organisation.objects.order_by("kind", "name"),
        required=False,
        help_text=_("Den organisation, der søger. Den bliver ansøgningens første partner."),
    )
    applicant_name = forms.CharField(
        label=_("Ansøger, der ikke er registreret"),
        max_length=200,
        required=False,
        help_text=_("Fx en virksomhed. Kun hvis ansøgeren ikke findes i listen ovenfor."),
    )
    field_order = ["title", "call", "applicant", "applicant_name"]

    def clean(self):
        data = super().clean()
        if data.get("applicant") and data.get("applicant_name", "").strip():
            self.add_error(
                "applicant_name", _("Vælg en organisation eller skriv et navn, ikke begge.")
            )
        return data


class StateForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Ny status"), error_messages={"required": _("Vælg den nye status.")}
    )
    on = forms.DateField(
        label=_("Dato"),
        required=False,
        validators=[plausible_date],
        help_text=_("Hvornår ansøgningen blev indsendt eller afgjort. Tom: i dag."),
        widget=DateInput(),
        error_messages=DATE_MESSAGES,
    )
    amount_granted = formfields.DecimalField(
        label=_("Bevilget beløb (kr.)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("Ved bevilling."),
        error_messages=AMOUNT_MESSAGES,
    )

    def __init__(self, *args, allowed: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Application.State.choices)
        self.fields["to"].choices = [(state, labels[state]) for state in allowed]
        self.fields["to"].error_messages["invalid_choice"] = _(
            "Ansøgningen kan ikke få den valgte status."
        )

    def clean(self):
        data = super().clean()
        granting = data.get("to") == Application.State.GRANTED
        if granting and data.get("amount_granted") is None and "amount_granted" not in self.errors:
            self.add_error("amount_granted", _("Skriv det bevilgede beløb."))
        on = data.get("on")
        if on and on > timezone.localdate():
            self.add_error("on", _("Datoen kan ikke ligge i fremtiden."))
        return data


class ShareForm(VersionedForm):
    """What a coordinator may change on their municipality's partner row."""

    class Meta:
        model = Partner
        formfield_callback = formfields.formfield
        fields = ["share_amount", "share_percent", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"share_amount": AMOUNT_MESSAGES, "share_percent": PERCENT_MESSAGES}


class PartnerForm(ShareForm):
    """The secretariat's form: also who the partner is."""

    class Meta(ShareForm.Meta):
        fields = ["organisation", "name", "is_lead", "share_amount", "share_percent", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("kind", "name")
        self.fields["organisation"].empty_label = _("Ikke registreret (skriv navnet)")

    def clean(self):
        data = super().clean()
        organisation, name = data.get("organisation"), data.get("name", "").strip()
        if organisation and name:
            self.add_error("name", _("Vælg en organisation eller skriv et navn, ikke begge."))
        elif not organisation and not name:
            self.add_error("organisation", _("Vælg en organisation, eller skriv partnerens navn."))
        application = self.instance.application
        if (
            organisation
            and application.partners.filter(organisation=organisation)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("organisation", _("Organisationen er allerede partner."))
        if (
            data.get("is_lead")
            and application.partners.filter(is_lead=True).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("is_lead", _("Ansøgningen har allerede en ansøger."))
        return data


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ApplicationDocument
        formfield_callback = formfields.formfield
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)})}
        error_messages = {
            "title": {"required": _("Skriv dokumentets titel.")},
            "file": {"required": _("Vælg en fil.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument eller billede, højst %(max)s MB."
        ) % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload
