from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles

# Main navigation: (label, URL name, the view names it is active on, by prefix).
ROLE_HOLDER_ITEMS = [
    (_("Kommuner"), "municipalities:list", ("municipalities:",)),
    (
        _("Indsatser"),
        "actionplans:initiative-list",
        (
            "actionplans:initiative",
            "actionplans:plan",
            "actionplans:task",
            "actionplans:update",
            "actionplans:progress",
            "actionplans:emissions",
            "actionplans:national",
        ),
    ),
    (
        _("Overblik"),
        "actionplans:region-overview",
        (
            "actionplans:region",
            "actionplans:reminder",
            "actionplans:freshness",
            "actionplans:theme",
        ),
    ),
    (_("Netværk"), "networks:network-list", ("networks:",)),
    (_("Organer"), "governance:body-list", ("governance:body",)),
]
MEMBER_ITEMS = [(_("Mine organer"), "governance:mine", ("governance:mine",))]


def navigation(request) -> dict:
    """The main navigation for the user's roles: only places they may enter and that have content."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if roles.has_role(user):
        items += ROLE_HOLDER_ITEMS
    if roles.body_ids(user):
        items += MEMBER_ITEMS
    match = request.resolver_match
    current = match.view_name if match else ""
    return {
        "nav_items": [
            {"label": label, "url": reverse(name), "active": current.startswith(prefixes)}
            for label, name, prefixes in items
        ],
        "user_roles": roles.role_names(user),
    }
