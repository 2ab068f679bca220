"""Forms of the activity plan: starting a year's plan, its narrative, its budget frame (one row per
financing partner), its activities, and choosing the meeting that is to approve it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Initiative, Theme
from alliance import formfields
from alliance.versioning import VersionedForm
from municipalities.models import Organisation
from networks.models import Network

from ..models import ActivityPlan, DevelopmentTrack, PlannedActivity
from ..services.activityplan import FrameDefault, approving_meetings

NEGATIVE_STAFF_YEARS = _("Årsværk kan ikke være negative.")
NEGATIVE_DKK = _("Beløbet kan ikke være negativt.")
STAFF_YEARS_ERRORS = {
    "invalid": _("Skriv årsværk som et tal, fx 1,5."),
    "max_digits": _("Tallet er for stort."),
    "max_decimal_places": _("Skriv årsværk med højst to decimaler."),
    "max_whole_digits": _("Tallet er for stort."),
    "min_value": NEGATIVE_STAFF_YEARS,
}
DKK_ERRORS = {
    "invalid": _("Skriv beløbet som et helt antal kroner."),
    "max_digits": _("Beløbet er for stort."),
    "max_decimal_places": _("Skriv beløbet som et helt antal kroner."),
    "max_whole_digits": _("Beløbet er for stort."),
    "min_value": NEGATIVE_DKK,
}


def staff_years_field(**kwargs) -> formfields.DecimalField:
    return formfields.DecimalField(
        label=_("Årsværk"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        localize=True,
        error_messages={
            "required": _("Skriv antal årsværk (0, hvis ingen)."),
            **STAFF_YEARS_ERRORS,
        },
        **kwargs,
    )


def dkk_field(**kwargs) -> formfields.DecimalField:
    return formfields.DecimalField(
        label=_("Kroner"),
        max_digits=12,
        decimal_places=0,
        min_value=0,
        localize=True,
        error_messages={"required": _("Skriv beløbet i kroner (0, hvis intet)."), **DKK_ERRORS},
        **kwargs,
    )


class PlanCreateForm(forms.Form):
    START_EMPTY, START_COPY = "empty", "copy"

    year = formfields.IntegerField(
        label=_("År"),
        min_value=2023,
        max_value=2100,
        error_messages={
            "required": _("Skriv planens år."),
            "invalid": _("Skriv året med fire cifre, fx 2027."),
            "min_value": _("Alliancens periode begynder i 2023."),
            "max_value": _("Skriv et år før 2100."),
        },
    )
    start = forms.ChoiceField(
        label=_("Start med"),
        widget=forms.RadioSelect,
        choices=[
            (START_EMPTY, _("En tom plan med budgetrammen fra alliancens bidrag")),
            (START_COPY, _("En kopi af sidste års plan (ramme, tekst og aktiviteter)")),
        ],
        initial=START_EMPTY,
        error_messages={"required": _("Vælg, hvordan planen skal begynde.")},
    )


class PlanForm(VersionedForm):
    class Meta:
        model = ActivityPlan
        formfield_callback = formfields.formfield
        fields = ["introduction", "priorities"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "priorities": forms.Textarea(attrs={"rows": 8}),
        }


class FrameLineForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.order_by("name"),
        error_messages={"invalid_choice": _("Vælg en partner fra listen.")},
    )
    staff_years = staff_years_field()
    dkk = dkk_field()
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class BaseFrameFormSet(forms.BaseFormSet):
    """The plan's budget frame, one form per financing partner."""

    @staticmethod
    def initial_for(plan: ActivityPlan) -> list[dict]:
        return [
            {
                "partner": line.partner,
                "staff_years": line.staff_years,
                "dkk": line.dkk,
                "note": line.note,
            }
            for line in plan.frame_lines.select_related("partner")
        ]

    def lines(self) -> list[FrameDefault]:
        """The lines kept (filled in and not marked for deletion), after is_valid()."""
        return [
            FrameDefault(
                f.cleaned_data["partner"],
                f.cleaned_data["staff_years"],
                f.cleaned_data["dkk"],
                f.cleaned_data["note"],
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):
                continue
            partner = form.cleaned_data.get("partner")
            if partner is not None and partner.pk in seen:
                form.add_error("partner", _("Partneren står allerede i rammen."))
            if partner is not None:
                seen.add(partner.pk)


FrameFormSet = forms.formset_factory(
    FrameLineForm,
    formset=BaseFrameFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


class QuarterField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Kvartaler"),
            coerce=int,
            choices=[(n, _("%(n)d. kvartal") % {"n": n}) for n in (1, 2, 3, 4)],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Vælg mindst ét kvartal."),
                "invalid_choice": _(
                    "Kvartalet %(value)s ligger ikke i planens år; vælg mellem 1. og 4. kvartal."
                ),
            },
            **kwargs,
        )


class ActivityForm(VersionedForm):
    quarters = QuarterField(help_text=_("Hvornår i planens år aktiviteten foregår."))
    staff_years = staff_years_field()
    dkk = dkk_field()

    class Meta:
        model = PlannedActivity
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "purpose",
            "network",
            "work_topic",
            "initiatives",
            "tracks",
            "responsible",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "initiatives": forms.SelectMultiple(attrs={"size": 8}),
            "tracks": forms.CheckboxSelectMultiple,
        }
        error_messages = {"title": {"required": _("Skriv aktivitetens titel.")}}

    field_order = [
        "title",
        "purpose",
        "network",
        "work_topic",
        "initiatives",
        "tracks",
        "responsible",
        "quarters",
        "staff_years",
        "dkk",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.order_by("name")
        self.fields["work_topic"].queryset = Theme.objects.filter(kind=Theme.Kind.WORK_TOPIC)
        self.fields["work_topic"].help_text = _("Et af de arbejdsemner, alliancen prioriterer.")
        initiatives = self.fields["initiatives"]
        initiatives.queryset = Initiative.objects.select_related("plan__municipality").order_by(
            "plan__municipality__name", "title"
        )
        initiatives.label_from_instance = lambda i: f"{i.municipality.name}: {i.title}"
        initiatives.help_text = _("Hold Ctrl (Cmd på Mac) nede for at vælge flere.")
        self.fields["tracks"].queryset = DevelopmentTrack.objects.order_by("title__lower")
        for name in ("network", "work_topic", "initiatives", "tracks"):
            self.fields[name].error_messages["invalid_choice"] = _("Vælg fra listen.")
            self.fields[name].error_messages["invalid_pk_value"] = _("Vælg fra listen.")
        if self.instance.pk:
            self.fields["quarters"].initial = self.instance.quarters
            self.fields["staff_years"].initial = self.instance.staff_years
            self.fields["dkk"].initial = self.instance.dkk

    def save(self, commit=True):
        activity = super().save(commit=False)
        quarters = set(self.cleaned_data["quarters"])
        for n in (1, 2, 3, 4):
            setattr(activity, f"q{n}", n in quarters)
        activity.staff_years = self.cleaned_data["staff_years"]
        activity.dkk = self.cleaned_data["dkk"]
        if commit:
            activity.save()
            self.save_m2m()
        return activity


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Møde i Politisk styregruppe"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Vælg et møde."),
            "invalid_choice": _("Vælg et af de kommende møder på listen."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = approving_meetings()
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.title}, {timezone.localtime(m.starts_at):%d.%m.%Y %H.%M}"
        )
