"""A member's home page (`/`, through alliance.homes): the bodies they sit on and the next
meeting's pack, the page of `governance:mine` itself.

Rendered at `/` rather than redirected to, like a coordinator's municipality: one round trip
fewer on every visit. It answers only for a member who is neither in the secretariat nor a
coordinator, whose homes come first (alliance's home sends a coordinator of several
municipalities to the list)."""

from django.http import HttpRequest, HttpResponse

from alliance import roles
from alliance.homes import register_home

from .views.bodies import my_bodies


@register_home
def member_bodies(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if roles.is_secretariat(user) or roles.coordinated_municipality_ids(user):
        return None
    if not roles.body_ids(user):
        return None
    return my_bodies(request)
