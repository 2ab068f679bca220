"""A coordinator's home page (`/`, through alliance.homes): their municipality's page itself.

Rendered at `/` rather than redirected to, which saves the coordinator a round trip on every visit
to the portal's front page. The secretariat's dashboard comes first (reports' home), so a
secretariat member who also coordinates keeps it; a coordinator of several municipalities is sent
to the list by alliance's home."""

from django.http import HttpRequest, HttpResponse

from alliance import roles
from alliance.homes import register_home

from .views import municipality_page


@register_home
def coordinator_municipality(request: HttpRequest) -> HttpResponse | None:
    coordinated = roles.coordinated_municipality_ids(request.user)
    if roles.is_secretariat(request.user) or len(coordinated) != 1:
        return None
    return municipality_page(request, pk=next(iter(coordinated)))
