"""Forms of the account pages."""

from django import forms

from .models import DigestPreference


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["optional", "language"]
        widgets = {"optional": forms.RadioSelect, "language": forms.RadioSelect}
