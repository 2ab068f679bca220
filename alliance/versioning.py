"""Optimistic locking, shared by every app: a versioned row carries `lock_version`, its edit form
carries the version it was read at, and a save against a newer version is refused (StaleEdit)
with the newer row, so the page can show what changed instead of overwriting it silently."""

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Versioned(models.Model):
    """A row saved through `save_with_version` (or a service that checks the version itself)."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """Someone else saved the object after this user opened the form."""

    def __init__(self, current: models.Model):
        super().__init__(_("Nogen har gemt ændringer, siden du åbnede formularen."))
        self.current = current


def save_with_version(*, instance: models.Model, expected_version: int) -> models.Model:
    """Save `instance` (a Versioned model) only if nobody saved it since the form was read at
    `expected_version`; otherwise raise StaleEdit carrying the newer row. A plain save() (not an
    update()) so the history records who changed what."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if current.lock_version != expected_version:
            raise StaleEdit(current)
        instance.lock_version = expected_version + 1
        instance.save()
    return instance


# A missing or mangled hidden version is a form that cannot be checked: the user reopens it. (Any
# other number is simply not the stored version: the save is refused as stale.)
VERSION_MESSAGES = {
    key: gettext_lazy("Formularen kunne ikke læses. Åbn den igen, og prøv en gang til.")
    for key in ("required", "invalid")
}


class VersionedForm(forms.ModelForm):
    """A model form of a Versioned row. Editing an existing row requires the version the form was
    read at (the model's lock_version is not editable, so a plain ModelForm would leave it out);
    a form that creates a row has no version to carry and no such field."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, error_messages=VERSION_MESSAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        else:
            del self.fields["lock_version"]


def display_value(field: forms.Field, value) -> str:
    """A field's value as a reader would say it: choice labels, names of related objects."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(obj) for obj in value or []) or "–"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value or "–"))
    if value in (None, ""):
        return "–"
    return str(value)


def conflicts(typed: forms.ModelForm, current: forms.ModelForm) -> list[dict]:
    """The fields where what this user typed differs from the newer stored values: shown beside
    the form after a refused stale save, so nothing typed is lost silently."""
    rows = []
    for name, field in current.fields.items():
        if name == "lock_version" or name not in typed.cleaned_data:
            continue
        stored = current[name].initial
        if field.has_changed(stored, typed[name].data):
            rows.append(
                {
                    "label": field.label,
                    "stored": display_value(field, stored),
                    "typed": display_value(field, typed.cleaned_data[name]),
                }
            )
    return rows
