"""Forms of the account pages, and how every app binds a form to a request."""

from django import forms
from django.http import HttpRequest

from .models import DigestPreference


def posted(request: HttpRequest):
    """The POST data to bind a form to, even when empty (an empty POST must show the errors),
    or None on a GET (an unbound form shows none)."""
    return request.POST if request.method == "POST" else None


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["optional", "language"]
        widgets = {"optional": forms.RadioSelect, "language": forms.RadioSelect}
