"""`{{ value|number }}`: the portal's one way to show an amount (alliance/formatting.py)."""

from django import template

from alliance.formatting import MAX_DECIMALS, format_number

register = template.Library()


@register.filter
def number(value, max_decimals=MAX_DECIMALS) -> str:
    """The value with its own decimals (at most two), thousands grouped; "" for None, so that
    `|default:"–"` shows the dash."""
    return format_number(value, int(max_decimals))
