"""Who a user is in the portal. Roles are read fresh on every request, so revoking one (ending a
membership, deactivating a coordinator) takes effect on the next request without a new login."""

from django.utils import timezone


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def coordinated_municipality_ids(user) -> frozenset[int]:
    """The municipalities this user coordinates now (usually one, rarely several)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_coordinated_ids"):
        user._coordinated_ids = frozenset(
            user.coordinatorships.filter(is_active=True).values_list("municipality_id", flat=True)
        )
    return user._coordinated_ids


def body_roles(user) -> frozenset[tuple[int, str]]:
    """(body, role) of each membership this user holds today, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_body_roles"):
        user._body_roles = frozenset(
            user.memberships.current(timezone.localdate()).values_list("body_id", "role")
        )
    return user._body_roles


def body_ids(user) -> frozenset[int]:
    """The bodies this user is a member of today (any role: chair, member, observer, ...)."""
    return frozenset(body for body, _role in body_roles(user))


def has_role(user) -> bool:
    """Any role at all: a logged-in account without one sees nothing but its own account."""
    return is_secretariat(user) or bool(coordinated_municipality_ids(user)) or bool(body_ids(user))


def role_names(user) -> list[str]:
    names = []
    if is_secretariat(user):
        names.append("secretariat")
    if coordinated_municipality_ids(user):
        names.append("coordinator")
    if body_ids(user):
        names.append("member")
    return names
