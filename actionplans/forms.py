"""Forms for plans, initiatives, milestones and progress updates.

Every form lists its fields explicitly: the plan, the lead municipality and the author come from
the URL and the logged-in user, never from the POST, so extra fields cannot move an object to
another municipality. Versioned forms carry `lock_version` as a hidden field (optimistic locking).
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alliance import formfields
from alliance.formfields import DateInput
from alliance.validators import plausible_date
from alliance.versioning import VersionedForm
from municipalities.models import Municipality

from .models import CapfAssessment, CapfElement, Indicator, Initiative, Plan, Task, Theme

PERCENT_MESSAGES = {
    "min_value": _("Procent skal være mellem 0 og 100."),
    "max_value": _("Procent skal være mellem 0 og 100."),
    "invalid": _("Skriv et helt tal mellem 0 og 100."),
}


class PlanForm(VersionedForm):
    """The plan's fields and, for each of the four CAPF elements, its state and a note."""

    document_url = forms.URLField(
        label=capfirst(Plan._meta.get_field("document_url").verbose_name),
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("Skriv en gyldig webadresse, fx https://kommune.dk/plan.pdf.")
        },
    )

    class Meta:
        model = Plan
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "status",
            "adopted_on",
            "capf_approved_on",
            "reduction_target_2030",
            "net_zero_year",
            "baseline_year",
            "baseline_emissions",
            "document_url",
        ]
        widgets = {"adopted_on": DateInput(), "capf_approved_on": DateInput()}
        error_messages = {
            "reduction_target_2030": {
                "min_value": _("Reduktionsmålet skal være mellem 0 og 100 procent."),
                "max_value": _("Reduktionsmålet skal være mellem 0 og 100 procent."),
            },
            "net_zero_year": {
                "max_value": _("Nettonul skal nås senest i 2050."),
                "min_value": _("Året for nettonul skal ligge efter 2020."),
            },
            "baseline_emissions": {"min_value": _("Udledningen kan ikke være negativ.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = (
            {a.element: a for a in self.instance.capf_assessments.all()} if self.instance.pk else {}
        )
        for element in CapfElement:
            assessment = stored.get(element.value)
            self.fields[f"capf_{element.value}_state"] = forms.ChoiceField(
                label=_("Vurdering"),
                choices=CapfAssessment.State.choices,
                initial=assessment.state if assessment else CapfAssessment.State.NOT_ASSESSED,
            )
            self.fields[f"capf_{element.value}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=assessment.note if assessment else "",
            )

    def capf_groups(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(element label, state field, note field) per CAPF element, for the template."""
        return [
            (element.label, self[f"capf_{element.value}_state"], self[f"capf_{element.value}_note"])
            for element in CapfElement
        ]

    def capf_values(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            element.value: (data[f"capf_{element.value}_state"], data[f"capf_{element.value}_note"])
            for element in CapfElement
        }

    def clean(self):
        data = super().clean()
        adopted, approved = data.get("adopted_on"), data.get("capf_approved_on")
        if data.get("status") == Plan.Status.ADOPTED and not adopted:
            self.add_error(
                "adopted_on", _("En politisk vedtaget plan skal have en vedtagelsesdato.")
            )
        if adopted and adopted > timezone.localdate():
            self.add_error("adopted_on", _("Vedtagelsesdatoen kan ikke ligge i fremtiden."))
        if approved and approved > timezone.localdate():
            self.add_error("capf_approved_on", _("Godkendelsesdatoen kan ikke ligge i fremtiden."))
        return data


class NewPlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        formfield_callback = formfields.formfield
        fields = ["title", "status", "adopted_on", "reduction_target_2030", "net_zero_year"]
        widgets = {"adopted_on": DateInput()}
        error_messages = PlanForm.Meta.error_messages


def network_model():
    """networks sits above actionplans in the layers: reach its model through the relation."""
    return Initiative._meta.get_field("networks").related_model


class InitiativeSheetForm(VersionedForm):
    """An initiative's own fields: what a row of the import sheet carries (actionplans.importers
    validates every row with it), and the base of the page's form."""

    class Meta:
        model = Initiative
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "description",
            "sector",
            "themes",
            "status",
            "phase",
            "percent_done",
            "expected_reduction",
            "start_year",
            "end_year",
            "responsible_unit",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "percent_done": PERCENT_MESSAGES,
            "expected_reduction": {
                "min_value": _("Den forventede reduktion kan ikke være negativ."),
                "invalid": _("Skriv et tal, fx 1200 eller 1200,5."),
            },
            "start_year": {
                "min_value": _("Skriv et år mellem 2000 og 2100."),
                "max_value": _("Skriv et år mellem 2000 og 2100."),
            },
            "end_year": {
                "min_value": _("Skriv et år mellem 2000 og 2100."),
                "max_value": _("Skriv et år mellem 2000 og 2100."),
            },
            "contact_email": {"invalid": _("Skriv en gyldig e-mailadresse.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("kind", "order", "name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Slutåret kan ikke ligge før startåret."))
        return data


class InitiativeForm(InitiativeSheetForm):
    """The initiative's page form: its own fields, the participating municipalities of a joint
    initiative and the networks it belongs to."""

    networks = formfields.ModelMultipleChoiceField(
        label=_("Netværk"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De af alliancens netværk, indsatsen hører til."),
    )

    class Meta(InitiativeSheetForm.Meta):
        fields = [*InitiativeSheetForm.Meta.fields, "participants"]
        widgets = {
            **InitiativeSheetForm.Meta.widgets,
            "participants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, lead: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Municipality.objects.exclude(pk=lead.pk).order_by(
            "name"
        )
        self.fields["networks"].queryset = network_model()._default_manager.order_by("name")
        if self.instance.pk:
            self.fields["networks"].initial = list(self.instance.networks.all())


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        formfield_callback = formfields.formfield
        fields = ["title", "due_date", "responsible"]
        widgets = {"due_date": DateInput()}
        error_messages = {"due_date": {"invalid": _("Skriv en gyldig dato.")}}


class ProgressUpdateForm(forms.Form):
    """One short form: status, percent, note, date, and a new value per indicator."""

    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    percent_done = formfields.IntegerField(
        label=_("Færdig (%)"), min_value=0, max_value=100, error_messages=PERCENT_MESSAGES
    )
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad er sket siden sidst? Hvad er det næste skridt?"),
    )
    date = forms.DateField(
        label=_("Dato"),
        widget=DateInput(),
        validators=[plausible_date],
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )

    def __init__(self, *args, initiative: Initiative, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = initiative.status
        self.fields["percent_done"].initial = initiative.percent_done
        self.fields["date"].initial = timezone.localdate()
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = formfields.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=14,
                decimal_places=2,
                localize=True,
                help_text=_("Ny værdi for indikatoren i opdateringens år."),
                error_messages={"invalid": _("Skriv et tal, fx 42 eller 42,5.")},
            )

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{indicator.pk}"] for indicator in self.indicators]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        return date

    def indicator_values(self) -> dict[Indicator, Decimal]:
        return {
            indicator: value
            for indicator in self.indicators
            if (value := self.cleaned_data.get(f"indicator_{indicator.pk}")) is not None
        }
