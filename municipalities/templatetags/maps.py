"""`{% region_map %}`: the map of the 29 municipalities (municipalities/maps.py) in one line.

    {% load maps %}
    {% region_map %}                                 the user picks the measure (?kort=<key>)
    {% region_map groups="themes" %}                 only the measures of those groups (comma list)
    {% region_map measure="netvaerk-x" choose=False %}  one measure, no form

It reads the measures the apps registered, through the reader's policy, and caches the map as a
fragment (alliance/fragments.py) varied by the measure: never stale, a hit costs no query."""

from django import template
from django.template.loader import render_to_string

from alliance import policy
from alliance.fragments import cached_html

from .. import maps
from ..models import Municipality

register = template.Library()
PARAMETER = "kort"


@register.simple_tag(takes_context=True)
def region_map(context, *, measure: str = "", groups: str = "", choose: bool = True) -> str:
    request = context["request"]
    asked = measure or request.GET.get(PARAMETER, "")[:100]
    wanted = [g.strip() for g in groups.split(",")] if groups else None

    def render() -> str:
        measures = maps.measures_for(request.user, groups=wanted)
        if not measures:
            return ""
        chosen = next((m for m in measures if m.key == asked), measures[0])
        names = dict(policy.visible(request.user, Municipality).values_list("code", "name"))
        region_map = maps.build_map(chosen.compute(), names=names, uid=PARAMETER)
        if choose:
            maps.with_choices(region_map, measures, chosen.key)
        return render_to_string(
            "municipalities/_map.html",
            {"map": region_map, "choose": choose, "parameter": PARAMETER},
        )

    return cached_html(request, "region-map", render, vary=(asked, groups, choose))
