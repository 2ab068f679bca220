from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles
from .requestcache import once_per_request

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
    (
        _("Organer"),
        "governance:body-list",
        (
            "governance:body",
            "governance:membership",
            "governance:track",
            "governance:activityplan",
        ),
    ),
]
MEMBER_ITEMS = [(_("Mine organer"), "governance:mine", ("governance:mine",))]
# Meetings, agendas, packs and decisions: for the secretariat and the bodies' members.
MEETING_ITEMS = [
    (
        _("Møder"),
        "governance:meeting-list",
        (
            "governance:meeting",
            "governance:item",
            "governance:pack",
            "governance:minutes",
            "governance:attendance",
            "governance:attachment",
            "governance:follow-up",
            "governance:decision",
        ),
    )
]
# Fundraising: the secretariat and coordinators (their municipality's applications). Calls and the
# alliance's finances are reached from there and from the calls' pages.
FUNDRAISING_ITEMS = [(_("Fundraising"), "fundraising:application-list", ("fundraising:",))]
# Reporting rounds and the status report: the secretariat's (coordinators meet the open round on
# their municipality page).
REPORT_ITEMS = [(_("Rapportering"), "reports:round-list", ("reports:round", "reports:report"))]
# Accounts, invitations, handovers and personal data: the secretariat's.
PEOPLE_ITEMS = [(_("Personer"), "people:person-list", ("people:person", "people:handover"))]
# The public knowledge library: for everyone, logged in or not.
# The public pages of the plans and the open data (opendata/): for everyone too.
PUBLIC_ITEMS = [
    (_("Bibliotek"), "networks:resource-list", ("networks:resource",)),
    (_("Åbne data"), "opendata:region", ("opendata:region", "opendata:municipality", "api-v1:")),
]


def navigation(request) -> dict:
    """The main navigation for the user's roles: only places they may enter and that have content.
    Once a request: a page whose body is a fragment rendered with the request runs the context
    processors twice."""
    return once_per_request("navigation", lambda: _navigation(request))


def _navigation(request) -> dict:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    items = []
    if authenticated and roles.has_role(user):
        items += ROLE_HOLDER_ITEMS
    if authenticated and (roles.is_secretariat(user) or roles.coordinated_municipality_ids(user)):
        items += FUNDRAISING_ITEMS
    if authenticated and roles.is_secretariat(user):
        items += REPORT_ITEMS + PEOPLE_ITEMS
    if authenticated and roles.body_ids(user):
        items += MEMBER_ITEMS
    if authenticated and (roles.is_secretariat(user) or roles.body_ids(user)):
        items += MEETING_ITEMS
    items += PUBLIC_ITEMS
    match = request.resolver_match
    current = match.view_name if match else ""
    if current.startswith("networks:resource"):
        # The library is its own place, not part of "Netværk".
        items = [item if item[1] == "networks:resource-list" else (*item[:2], ()) for item in items]
    context = {
        "nav_items": [
            {
                "label": label,
                "url": reverse(name),
                "active": bool(prefixes) and current.startswith(prefixes),
            }
            for label, name, prefixes in items
        ]
    }
    if authenticated:
        context["user_roles"] = roles.role_names(user)
    # The footer links the accessibility statement (webtilgængelighedsloven) where it is published.
    context["accessibility_statement_url"] = settings.ACCESSIBILITY_STATEMENT_URL
    return context
