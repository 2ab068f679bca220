"""Bounded filters and pagination for every list of the portal.

A list's filters are GET parameters, so anyone can type any value into the address. Every number
and date filter of every FilterSet is one of the classes below: the value is checked by the filter
form before it reaches a query, so `?year=99999` gets the form's Danish message instead of a server
error (Python's dates end at year 9999, and a year lookup builds dates from the value), and the
list says the filter was not used. tests/test_list_filters.py checks that no FilterSet uses an
unbounded one; tests/test_bad_input_get.py drives them all with generated values.
"""

import django_filters
from django import forms
from django.core import paginator
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .validators import FIRST_YEAR, LAST_YEAR, plausible_date

# The same words as the year fields of the forms (FIRST_YEAR and LAST_YEAR).
YEAR_MESSAGES = {
    "min_value": _("Året skal ligge mellem 1990 og 2100."),
    "max_value": _("Året skal ligge mellem 1990 og 2100."),
    "invalid": _("Skriv et årstal, fx 2030."),
}
MAX_PER_PAGE = 100


class BoundedNumberFilter(django_filters.NumberFilter):
    """A whole number between min_value and max_value, which every use must give (Django's own
    Danish messages say what is wrong)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int, max_value: int, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class YearFilter(BoundedNumberFilter):
    """A year the portal keeps data for (the range of alliance.validators.plausible_date)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", YEAR_MESSAGES)
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class BoundedDateFilter(django_filters.DateFilter):
    """A date between 1990 and 2100: year 1 parses, but PostgreSQL cannot compare it across time
    zones, and no list holds anything that old."""

    def __init__(self, *args, **kwargs):
        kwargs["validators"] = [plausible_date, *kwargs.get("validators", ())]
        super().__init__(*args, **kwargs)


class Paginator(paginator.Paginator):
    """django-tables2 takes the page size from the address (`?per_page=`): a size below 1 is a
    server error (no page 1 exists) and a million renders every row at once, so it is held
    between 1 and MAX_PER_PAGE."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


class SharedChoices(BaseChoiceIterator):
    """The choices of several select fields that offer the same rows, read once when the first
    of them is rendered (and not at all when the form is not, as on a cached list body)."""

    def __init__(self, choices):
        self.choices = choices
        self.read = None

    def __iter__(self):
        if self.read is None:
            self.read = list(self.choices)
        return iter(self.read)


def share_choices(form: forms.Form, *names: str) -> None:
    """Let the fields `names` show one reading of the first one's choices; each still validates
    against its own queryset."""
    shared = SharedChoices(form.fields[names[0]].widget.choices)
    for name in names:
        form.fields[name].widget.choices = shared
