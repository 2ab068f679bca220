"""Matching calls and initiatives: the open calls that fit an initiative, and the initiatives
across the 29 municipalities that fit a call, so the secretariat can bring municipalities
together for a joint application.

A call fits an initiative when they share a theme and the call accepts municipalities as
applicants (or names no kinds of applicant). Both directions run a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from actionplans.models import Initiative, Theme
from actionplans.panels import register_initiative_panel
from alliance import policy
from municipalities.models import Municipality, Organisation
from municipalities.panels import Panel

from .models import Call

APPLICANT_KIND = Organisation.Kind.MUNICIPALITY  # initiatives are carried by municipalities


def calls_for_initiative(user, initiative: Initiative) -> list[Call]:
    """The open calls, soonest deadline first, that share a theme with the initiative."""
    today = timezone.localdate()
    theme_ids = [theme.pk for theme in initiative.themes.all()]
    if not theme_ids:
        return []
    matching = Call.themes.through.objects.filter(theme_id__in=theme_ids).values("call_id")
    calls = (
        policy.visible(user, Call.objects.open(today))
        .filter(pk__in=matching)
        .select_related("source")
        .prefetch_related(Prefetch("themes", Theme.objects.order_by("name")))
    )
    fitting = [call for call in calls if call.accepts(APPLICANT_KIND)]
    return sorted(fitting, key=lambda call: (call.next_deadline(today), call.title))


@dataclass
class MunicipalityMatch:
    municipality: Municipality
    initiatives: list[Initiative]


def initiatives_for_call(user, call: Call) -> list[MunicipalityMatch]:
    """Initiatives in current plans sharing a theme with the call, grouped by lead municipality
    (alphabetically). Empty when the call does not accept municipalities."""
    if not call.accepts(APPLICANT_KIND):
        return []
    theme_ids = [theme.pk for theme in call.themes.all()]
    if not theme_ids:
        return []
    tagged = Initiative.themes.through.objects.filter(theme_id__in=theme_ids).values(
        "initiative_id"
    )
    initiatives = (
        policy.visible(user, Initiative.objects.in_current_plans())
        .filter(pk__in=tagged)
        .select_related("plan__municipality")
        .prefetch_related(Prefetch("themes", Theme.objects.filter(pk__in=theme_ids)))
        .order_by("plan__municipality__name", "title__lower")
    )
    groups: dict[int, MunicipalityMatch] = defaultdict(lambda: None)
    result = []
    for initiative in initiatives:
        municipality = initiative.plan.municipality
        if groups[municipality.pk] is None:
            groups[municipality.pk] = MunicipalityMatch(municipality, [])
            result.append(groups[municipality.pk])
        groups[municipality.pk].initiatives.append(initiative)
    return result


@register_initiative_panel(order=50)
def funding_panel(request: HttpRequest, initiative: Initiative) -> Panel | None:
    """The open calls that fit the initiative, on its page."""
    if not policy.visible(request.user, Call).exists():
        return None
    return Panel(
        "fundraising/_initiative_panel.html",
        {"calls": calls_for_initiative(request.user, initiative), "initiative": initiative},
    )
