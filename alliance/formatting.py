"""How the portal shows and reads numbers, in the active language (Danish "1.250,5", English
"1,250.5").

One display rule for every amount (t CO2e, kroner, staff years, indicator values): the value with
the decimals it has, at most two, trailing zeros dropped, thousands grouped. So 1250.5 t reads
"1.250,5" on the initiative, in the list and in the PDF alike, and 4770.0 reads "4.770". Pages
use the `number` template filter (alliance/templatetags/numbers.py), tables `NumberColumn`.

Input accepts what the pages show: `normalize_number` turns "1.250,5" (or "1,250.5" in English)
into "1250.5" before the form field parses it.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import get_format
from django.utils.translation import get_language

MAX_DECIMALS = 2


def format_number(value, max_decimals: int = MAX_DECIMALS) -> str:
    """`value` rounded to at most `max_decimals`, trailing zeros dropped, thousands grouped;
    "" for None or something that is not a number."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    number = number.normalize() if number else Decimal(0)
    # Python groups by three with "," and marks decimals with "."; the language's own marks
    # replace them (Django's number_format gives the same text in twice the time: a page
    # of charts and tables shows hundreds of numbers).
    language = get_language()  # once: reading it is most of get_format's time
    decimal = get_format("DECIMAL_SEPARATOR", language)
    thousands = get_format("THOUSAND_SEPARATOR", language)
    return f"{number:,f}".translate({ord(","): thousands, ord("."): decimal})


def normalize_number(text: str) -> str:
    """Typed number text as Python reads it: the language's thousands separators (and spaces)
    removed, its decimal separator made a point. A dot in Danish is a thousands separator only
    where it groups three digits ("1.250"); "12.5" stays a decimal, as people also type it."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    decimal, thousands = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    whole, sep, fraction = text.partition(decimal)
    if re.fullmatch(rf"[-+]?\d{{1,3}}({re.escape(thousands)}\d{{3}})+", whole):
        whole = whole.replace(thousands, "")
    return f"{whole}.{fraction}" if sep else whole
