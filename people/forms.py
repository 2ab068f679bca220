from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from alliance.versioning import VersionedForm
from governance.models import Body
from municipalities.models import Municipality

from .models import PrivacyNotice


class InvitationForm(forms.Form):
    ROLES = [
        ("coordinator", _("Klimakoordinator for en kommune")),
        ("member", _("Medlem af et organ")),
    ]

    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLES, widget=forms.RadioSelect)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        help_text=_("For en klimakoordinator."),
    )
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("For et medlem."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Skriv personens navn."))
        return name

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == "coordinator" and not data.get("municipality"):
            self.add_error("municipality", _("Vælg den kommune, personen er koordinator for."))
        if role == "member" and not data.get("body"):
            self.add_error("body", _("Vælg det organ, personen er medlem af."))
        return data


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Efterfølger"),
        queryset=get_user_model().objects.none(),
        help_text=_("Inviter efterfølgeren først, hvis personen ikke har en konto endnu."),
    )
    deactivate = forms.BooleanField(
        label=_("Luk den fratrådtes konto"), required=False, initial=True
    )

    def __init__(self, *args, predecessor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            get_user_model().objects.filter(is_active=True).exclude(pk=predecessor.pk)
        )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg er klar over, at personens navn, e-mail og telefon slettes for altid"),
        error_messages={"required": _("Bekræft sletningen ved at sætte kryds.")},
    )


class PrivacyNoticeForm(VersionedForm):
    class Meta:
        model = PrivacyNotice
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 30})}
