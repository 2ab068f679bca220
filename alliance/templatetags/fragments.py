"""`{% cachedfragment "name" vary… %}…{% endcachedfragment %}`: a part of a page cached by
alliance/fragments.py (keyed on the data version, the language, the viewer's scope and the vary
values; living only until the data would change with the clock). Give the querysets the fragment
shows to the template unevaluated, so that a cached fragment costs no query."""

from django import template

from alliance.fragments import cached_html

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        return cached_html(
            context["request"], name, lambda: self.nodelist.render(context), vary=vary
        )


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
