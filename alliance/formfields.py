"""The portal's form fields: number fields that read what the pages show, and guards against
input the database cannot take.

Every ModelForm uses `formfield` as its `formfield_callback`, and forms that declare a number
field use the classes here, so that "1.250,5" is accepted wherever "1.250,5" is shown.

Django's `ModelMultipleChoiceField` looks its choices up with an `__in` query; an integer beyond
64 bits in the POST makes SQLite's driver raise OverflowError, a server error instead of a form
error (found by tests/test_bad_input.py). Our `ModelMultipleChoiceField` refuses those values with
Django's own (translated) message for an invalid choice; every many-to-many field of a ModelForm
gets it through `formfield`, and the admin through `alliance.admin.GUARDED_CHOICES`."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .formatting import normalize_number

INT64 = 2**63


class DateInput(forms.DateInput):
    """The browser's date picker, which sends and reads ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _out_of_range(raw) -> bool:
    try:
        return not -INT64 <= int(str(raw).strip()) < INT64
    except ValueError:
        return False


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField | models.AutoField) and isinstance(
            value, list | tuple
        ):
            for raw in value:
                if _out_of_range(raw):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": raw},
                    )
        return super().clean(value)


# --- Numbers as the pages show them ---------------------------------------------------------


class _TypedNumber:
    """Reads what the site shows: "1.250,5" in Danish, "1,250.5" in English (alliance/formatting.py).
    A text box, not <input type=number>, because browsers refuse the thousands separator there."""

    input_mode = "decimal"

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_number(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": self.input_mode}


class DecimalField(_TypedNumber, forms.DecimalField):
    pass


class FloatField(_TypedNumber, forms.FloatField):
    pass


class IntegerField(_TypedNumber, forms.IntegerField):
    input_mode = "numeric"


NUMBER_FIELDS = {
    models.DecimalField: DecimalField,
    models.FloatField: FloatField,
    models.IntegerField: IntegerField,  # also the small, big and positive ones
}


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """The ModelForms' `formfield_callback`: numbers through the fields above, choices of many
    through the guarded field, web addresses assumed https (Django 6's default) when typed
    without a scheme."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    if not db_field.choices and not isinstance(db_field, models.AutoField):
        for model_class, form_class in NUMBER_FIELDS.items():
            if isinstance(db_field, model_class):
                kwargs.setdefault("form_class", form_class)
                break
    return db_field.formfield(**kwargs)
