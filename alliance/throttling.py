"""Login throttling: django-axes locks an account after AXES_FAILURE_LIMIT failed logins from one
address, and this handler also locks an address after AXES_ADDRESS_FAILURE_LIMIT failed logins
across all accounts, so one address cannot try a common password against every account.

axes compares every lockout parameter with the one AXES_FAILURE_LIMIT; an address needs a higher
limit of its own, because a town hall's staff share one address behind its firewall."""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class AccountAndAddressHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        """Checked before a login is tried: a locked address tries no password."""
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """After a failure is recorded: axes answers with its lockout page when the request is
        marked locked, as it does itself for the account."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def address_locked(request) -> bool:
    return address_failures(request.axes_ip_address) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def address_failures(ip_address: str | None) -> int:
    """Failed logins from `ip_address` within the cool-off time, whatever the account."""
    if not ip_address:
        return 0
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def login_name(request, credentials: dict | None) -> str | None:
    """The address typed at login, whichever way it reaches axes: allauth authenticates with
    `email=...` (credentials), its form posts the field `login`."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if name is None and request is not None:
        name = request.POST.get("login")
    return name
