"""The municipality page's section on what of it is public (the secretariat's view)."""

from django.http import HttpRequest

from alliance import policy
from municipalities.models import Municipality
from municipalities.panels import Panel, register_panel

from .models import FieldGroup, Publication
from .services import publication_for


@register_panel(order=90)
def publication_panel(request: HttpRequest, municipality: Municipality) -> Panel | None:
    if not policy.can(request.user, "manage", Publication):
        return None
    publication = publication_for(municipality)
    shown = [label for value, label in FieldGroup.choices if value in publication.groups]
    return Panel(
        "opendata/_publication_panel.html",
        {"municipality": municipality, "publication": publication, "shown": shown},
    )
