"""Guards for Django's form fields against input the database cannot take.

`ModelMultipleChoiceField` (every many-to-many field of a ModelForm) looks its choices up with an
`__in` query; an integer beyond 64 bits in the POST makes SQLite's driver raise OverflowError, a
server error instead of a form error (found by tests/test_bad_input.py). `guard_choice_ids` is
installed once, in AllianceConfig.ready, so every such field of every form refuses those values
with Django's own (translated) message for an invalid choice."""

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelMultipleChoiceField

INT64 = 2**63


def _out_of_range(raw) -> bool:
    try:
        return not -INT64 <= int(str(raw).strip()) < INT64
    except ValueError:
        return False


def guard_choice_ids() -> None:
    original = ModelMultipleChoiceField._check_values
    if getattr(original, "guarded", False):
        return

    def _check_values(self, value):
        field = (
            self.queryset.model._meta.get_field(self.to_field_name or "pk")
            if (self.to_field_name)
            else self.queryset.model._meta.pk
        )
        if isinstance(field, models.IntegerField | models.AutoField):
            for raw in value if isinstance(value, list | tuple | set | frozenset) else ():
                if _out_of_range(raw):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": raw},
                    )
        return original(self, value)

    _check_values.guarded = True
    ModelMultipleChoiceField._check_values = _check_values
