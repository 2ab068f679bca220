from django import forms
from django.utils.translation import gettext_lazy as _

from alliance import formfields

from .models import ApiToken, Publication


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = [
            "is_public",
            "show_plan",
            "show_emissions",
            "show_initiatives",
            "show_indicators",
            "show_networks",
            "show_notes",
            "show_contacts",
        ]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Adgange"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Offentlige data kræver ingen nøgle."),
    )

    class Meta:
        model = ApiToken
        fields = ["holder", "purpose", "scopes"]


class DataPackageForm(forms.Form):
    year = formfields.IntegerField(label=_("År"), min_value=2023, max_value=2100)
