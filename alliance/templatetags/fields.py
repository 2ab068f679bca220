"""`{% select_options field %}`: a select's <option> elements, written in Python.

The same markup `includes/_field.html` wrote with a loop over `field.subwidgets`, which made a
bound widget and several template lookups per option: with the filter forms' selects of every
municipality, theme and network, that loop was most of a list page's filter form (issue 20)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

OPTION = '<option value="{}"{}>{}</option>\n    '


def flat_choices(choices):
    """Option groups flattened, as `subwidgets` yields them."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


@register.simple_tag
def select_options(field) -> SafeString:
    widget = field.field.widget
    chosen = widget.format_value(field.value())
    multiple = widget.allow_multiple_selected
    has_selected = False
    parts = []
    for value, label in flat_choices(widget.choices):
        value = "" if value is None else value
        # Django's ChoiceWidget.optgroups: a single select selects the first match only.
        selected = str(value) in chosen and (multiple or not has_selected)
        has_selected |= selected
        parts.append(format_html(OPTION, f"{value}", " selected" if selected else "", label))
    return mark_safe("".join(parts))
