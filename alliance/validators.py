"""Validators shared by the portal's models and forms."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1990  # the earliest baseline year of a DK2020 plan
LAST_YEAR = 2100


def plausible_date(value: datetime.date) -> None:
    """Dates and times the portal keeps lie between 1990 and 2100. A typo such as year 1 or 20266
    gets a clear message, and PostgreSQL never sees a time it cannot store (year 1 in UTC+1 is
    before year 1 in UTC: a server error, found by the bad-input tests)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Datoen skal ligge mellem år %(first)s og %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
