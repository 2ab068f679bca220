"""Forms of the governance app. Each lists its fields; a development track's state is never a field
of the edit form: it changes only through `TrackStateForm` and `services.change_track_state`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliance import formfields
from alliance.validators import plausible_date
from alliance.versioning import VersionedForm
from municipalities.models import Organisation
from networks.models import KnowledgeResource

from ..models import Body, DevelopmentTrack
from ..services.tracks import PARTICIPANT_KINDS, allowed_next_states


class TrackForm(VersionedForm):
    class Meta:
        model = DevelopmentTrack
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "problem",
            "ambition",
            "development_element",
            "participants",
            "knowledge_partner",
            "budget",
            "evaluation",
            "knowledge_resources",
            "other_products",
        ]
        widgets = {
            "participants": forms.CheckboxSelectMultiple,
            "knowledge_resources": forms.CheckboxSelectMultiple,
            "problem": forms.Textarea(attrs={"rows": 4}),
            "ambition": forms.Textarea(attrs={"rows": 4}),
            "development_element": forms.Textarea(attrs={"rows": 4}),
            "evaluation": forms.Textarea(attrs={"rows": 4}),
            "other_products": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Skriv sporets titel.")},
            "budget": {"invalid": _("Skriv budgettet som et helt antal kroner.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Organisation.objects.filter(
            kind__in=PARTICIPANT_KINDS
        ).order_by("kind", "name")
        self.fields["participants"].help_text = _(
            "Mindst tre kommuner eller regioner, før sporet kan foreslås."
        )
        # The library's resources that come from a track (and those already attached here).
        from_tracks = Q(source=KnowledgeResource.Source.TRACK)
        if self.instance.pk:
            from_tracks |= Q(development_tracks=self.instance)
        self.fields["knowledge_resources"].queryset = (
            KnowledgeResource.objects.filter(from_tracks).distinct().order_by("title__lower")
        )
        self.fields["knowledge_resources"].help_text = _(
            "Ressourcer i biblioteket med kilden “Klimaudviklingsspor”. Opret først ressourcen i "
            "biblioteket; så kan den vælges her."
        )

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("Budgettet kan ikke være negativt."))
        return budget


class TrackStateForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Ny status"), error_messages={"required": _("Vælg den nye status.")}
    )
    decided_by = forms.ModelChoiceField(
        queryset=Body.objects.all(),
        required=False,
        label=_("Besluttet af"),
        help_text=_("Ved godkendelse: det organ, der traf beslutningen."),
    )
    decided_on = forms.DateField(
        required=False,
        label=_("Besluttet den"),
        validators=[plausible_date],
        help_text=_("Ved godkendelse: datoen for beslutningen."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som åååå-mm-dd.")},
    )

    def __init__(self, *args, track: DevelopmentTrack, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(DevelopmentTrack.State.choices)
        self.fields["to"].choices = [(s, labels[s]) for s in allowed_next_states(track)]
        self.fields["to"].error_messages["invalid_choice"] = _(
            "Sporet kan ikke få den valgte status."
        )
