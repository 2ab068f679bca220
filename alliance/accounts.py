"""Accounts on top of django-allauth: who must use a second factor, how long a session lives, and
the rules of the login itself (nobody signs up; the secretariat invites, people/).

Both middlewares read only the session and the user, which every logged-in request loads anyway,
so they add no query to a page (the session is written at most once a minute to renew it)."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.core import context
from allauth.mfa.signals import authenticator_added
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

LOGIN_AT = "alliance_login_at"
SEEN_AT = "alliance_seen_at"
# Renew the session's expiry at most this often: a write on every request would be a query on
# every page.
RENEW_EVERY_SECONDS = 60

# What a secretariat or staff account without a second factor may still open: the enrolment
# itself, logging out and the language switch.
ENROLMENT_URLS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


def requires_second_factor(user) -> bool:
    """The secretariat sees everything, closed agenda items included; staff reach the Django
    admin. Both must log in with a second factor; everyone else may."""
    return bool(
        user.is_authenticated and (user.is_secretariat or user.is_staff or user.is_superuser)
    )


def log_in_with_second_factor(client, user) -> None:
    """For the test client (tests, `bench_probe`): force_login with the records a real login
    leaves, the password and, for those who must have one, the second factor."""
    client.force_login(user)
    session = client.session
    records = [{"method": "password", "at": time.time()}]
    if requires_second_factor(user):
        records.append({"method": "mfa", "type": "totp", "at": time.time()})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[AUTHENTICATION_METHODS_SESSION_KEY + "_user"] = str(user.pk)
    session.save()


def used_second_factor(request: HttpRequest) -> bool:
    """Whether this session was opened (or its account enrolled) with a second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def authenticated_recently(request: HttpRequest) -> bool:
    """Whether the last login step (password, code, provider) was within the reauthentication
    timeout: a fresh login counts as having just typed the password."""
    records = get_authentication_records(request, request.user)
    return bool(records) and (
        time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are made by the secretariat's invitations only."""
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """django-axes is the login throttle (alliance/throttling.py): a locked account or address
        gets its lockout page, before allauth counts a failure of its own."""
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Enrolling right after the login needs no second typing of the password (allauth counts
        only an explicit reauthentication); later, a sensitive change asks again."""
        request = context.request
        if (
            request is not None
            and request.user.is_authenticated
            and authenticated_recently(request)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class RequireSecondFactorMiddleware:
    """Sends a secretariat or staff session without a second factor to the enrolment, for every
    page the Django admin included, until it has one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not requires_second_factor(request.user) or used_second_factor(request):
            return None
        if request.resolver_match.url_name in ENROLMENT_URLS:
            return None
        messages.warning(
            request,
            _(
                "Sekretariatet og supportbrugere skal logge ind med totrinsbekræftelse. "
                "Opsæt en godkendelsesapp for at fortsætte."
            ),
        )
        return redirect("mfa_activate_totp")


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
    its login whatever the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        session = request.session
        login_at = session.get(LOGIN_AT)
        if login_at is not None:
            now = time.time()
            idle = now - session.get(SEEN_AT, login_at)
            if (
                idle > settings.SESSION_IDLE_MINUTES * 60
                or now - login_at > settings.SESSION_MAX_HOURS * 3600
            ):
                logout(request)
                messages.info(request, _("Du er blevet logget ud. Log ind igen for at fortsætte."))
            elif idle > RENEW_EVERY_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


def log_in_with_new_password(request: HttpRequest, user) -> None:
    """Log in someone who has just set their password (an accepted invitation) as a password login
    would: through allauth, so the session lists its login method like any other."""
    get_adapter(request).login(request, user)
    record_authentication(request, user, "password")


@receiver(user_logged_in)
def start_session_clock(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()


@receiver(authenticator_added)
def count_enrolment_as_second_factor(sender, request: HttpRequest, user, authenticator, **kwargs):
    """Enrolling proves the device with a code from it: the session has a second factor now."""
    record_authentication(request, user, "mfa", type=authenticator.type, enrolled=True)
