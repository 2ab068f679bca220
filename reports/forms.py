import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance import formfields
from alliance.versioning import VersionedForm
from governance.models import Meeting

from .models import ReportingRound, StatusReport


class RoundForm(forms.ModelForm):
    class Meta:
        model = ReportingRound
        formfield_callback = formfields.formfield
        fields = ["year", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "year": _("Året, statusrapporten handler om."),
            "deadline": _("Hvornår kommunerne senest skal have meldt deres data opdateret."),
        }

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Fristen kan ikke ligge i fortiden."))
        return deadline

    def clean_year(self):
        year = self.cleaned_data["year"]
        if ReportingRound.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("Der findes allerede en rapporteringsrunde for %(year)s.") % {"year": year}
            )
        return year


def default_round_values() -> dict:
    today = timezone.localdate()
    return {"year": today.year, "deadline": today + dt.timedelta(days=30)}


class NarrativeForm(VersionedForm):
    class Meta:
        model = StatusReport
        formfield_callback = formfields.formfield
        fields = ["introduction", "highlights", "outlook"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class SubmitForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Møde"),
        queryset=Meeting.objects.none(),
        help_text=_("Statusrapporten sættes som beslutningspunkt sidst på mødets dagsorden."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
