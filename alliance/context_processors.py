from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles


def navigation(request) -> dict:
    """The main navigation for the user's roles: only places they may enter and that have content."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if roles.has_role(user):
        items.append((_("Kommuner"), reverse("municipalities:list"), "municipalities"))
        items.append((_("Organer"), reverse("governance:body-list"), "governance"))
    if roles.body_ids(user):
        items.append((_("Mine organer"), reverse("governance:mine"), "governance-mine"))
    match = request.resolver_match
    current = "governance-mine" if match and match.view_name == "governance:mine" else ""
    current = current or (match.namespace if match else "")
    return {
        "nav_items": [
            {"label": label, "url": url, "active": key == current} for label, url, key in items
        ],
        "user_roles": roles.role_names(user),
    }
