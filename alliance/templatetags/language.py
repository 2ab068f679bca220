from django import template
from django.utils.translation import get_language

from alliance.requestcache import once_per_request

register = template.Library()


@register.simple_tag(takes_context=True)
def language_form(context) -> str:
    """The language switch, rendered once a request: the header and the mobile menu show the same
    form (same page, same CSRF token, same language), so the second is the first one's HTML."""

    def render() -> str:
        form = context.template.engine.get_template("includes/_language_form.html")
        return form.render(context)

    return once_per_request(f"language-form:{get_language()}", render)
