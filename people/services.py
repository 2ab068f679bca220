"""Workflows about people: invitations (a one-time link that sets a password), deactivation and
the handover of a coordinator's responsibilities to a successor."""

from __future__ import annotations

import datetime as dt
import secrets

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans.models import Initiative, Task
from alliance.feeds import renew_feed_key
from alliance.versioning import Versioned, save_with_version
from fundraising.models import Application
from governance.models import Body, FollowUp, Membership
from municipalities.models import Coordinator, Municipality
from networks.models import NetworkMember

from .models import Handover, Invitation, PrivacyNotice, token_hash
from .privacy import end_sessions


class InvitationError(Exception):
    """An invitation link that cannot be used: unknown, used, revoked or expired."""


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("people:invitation-accept", kwargs={"token": token})


@transaction.atomic
def invite_person(
    *,
    email: str,
    name: str,
    by,
    municipality: Municipality | None = None,
    body: Body | None = None,
) -> Invitation:
    """Give a person a role (coordinator of `municipality` or member of `body`) and e-mail them a
    link with which they set their password. Someone the portal already knows keeps their account;
    a new person gets one, active and with an unusable password, so that signing in through their
    municipality's own login (OpenID Connect, matched on e-mail) reaches the same account."""
    email = get_user_model().objects.normalize_email(email).lower()
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        user = get_user_model().objects.create_user(email, None, name=name)
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    if municipality is not None:
        coordinator, _created = Coordinator.objects.get_or_create(
            user=user, municipality=municipality
        )
        if not coordinator.is_active:
            coordinator.is_active = True
            coordinator._history_user = by
            coordinator.save()
    if body is not None and not user.memberships.current().filter(body=body).exists():
        membership = Membership(
            body=body, user=user, person_name=user.name, start=timezone.localdate()
        )
        membership._history_user = by
        membership.save()
    return send_invitation(user=user, by=by)


@transaction.atomic
def send_invitation(*, user, by) -> Invitation:
    """A new one-time link for `user`, e-mailed to them. Any earlier link stops working."""
    now = timezone.now()
    user.invitations.pending(now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    with translation.override("da"):
        context = {
            "user": user,
            "link": invitation_link(token),
            "expires_at": invitation.expires_at,
            "site_url": settings.SITE_URL,
        }
        subject = _("Invitation til Klimaalliancens portal")
        message = EmailMultiAlternatives(
            subject, render_to_string("emails/invitation.txt", context), to=[user.email]
        )
        message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    # The link goes out only if the invitation row is stored.
    transaction.on_commit(message.send)
    return invitation


def pending_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.pending()
        .select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )


@transaction.atomic
def accept_invitation(*, token: str, password: str):
    """Set the invited person's password and use up the link. Returns the user."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_pending() or not invitation.user.is_active:
        raise InvitationError(
            _("Linket virker ikke længere. Bed sekretariatet om en ny invitation.")
        )
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def accept_invitation_by_sign_in(*, user) -> int:
    """A first sign-in with the municipality's account (OpenID Connect) takes up the invitation
    as choosing a password would: its link stops working. Returns how many were pending."""
    return user.invitations.pending().update(accepted_at=timezone.now())


@transaction.atomic
def reset_second_factor(*, user, by) -> int:
    """The way back after a lost phone: the person's authenticator app and recovery codes go, and
    their sessions end; their next login asks them to enrol again (the secretariat must). The
    Django admin's log keeps who reset whose. Returns how many authenticators were removed."""
    removed = Authenticator.objects.filter(user=user).delete()[0]
    end_sessions(user=user)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=f"Second factor reset ({removed} authenticators removed)",
        single_object=True,
    )
    return removed


@transaction.atomic
def deactivate_person(*, user) -> None:
    """The person can no longer log in: their sessions end, their open invitations die and their
    calendar feeds stop working. Their records and roles stay as history."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.invitations.pending().update(revoked_at=timezone.now())
    renew_feed_key(user=user)
    end_sessions(user=user)


# --- Handover -------------------------------------------------------------------------------------


def _move(obj: models.Model, *, by, reason: str, **values) -> None:
    """Save `obj` with new values as part of a handover: the history row says who and why, and a
    form opened on it before the handover is refused as stale instead of undoing the move."""
    for name, value in values.items():
        setattr(obj, name, value)
    if isinstance(obj, Versioned):
        obj.lock_version += 1
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


@transaction.atomic
def hand_over(*, predecessor, successor, by, deactivate: bool = True) -> Handover:
    """Hand everything a leaving person is responsible for over to `successor` in one step: their
    coordinator roles, the initiatives and network memberships where they are the contact person,
    the tasks and open follow-ups they are responsible for, and the funding applications still in
    play. Their calendar feeds are revoked and, if `deactivate`, their account is closed. Reminders
    follow the data, so from now on they go to the successor."""
    if predecessor.pk == successor.pk:
        raise ValueError("A person cannot hand over to themselves")
    handover = Handover.objects.create(
        predecessor=predecessor, successor=successor, handed_over_by=by
    )
    reason = handover.change_reason
    moved: dict[str, list] = {}
    for coordinator in predecessor.coordinatorships.filter(is_active=True).select_related(
        "municipality"
    ):
        taking_over, _created = Coordinator.objects.get_or_create(
            user=successor,
            municipality=coordinator.municipality,
            defaults={"title": coordinator.title, "is_active": False},
        )
        _move(taking_over, by=by, reason=reason, is_active=True, since=timezone.localdate())
        _move(coordinator, by=by, reason=reason, is_active=False)
        moved.setdefault("coordinator", []).append(coordinator.municipality.name)
    contact = Q(contact_email__iexact=predecessor.email) | Q(
        contact_email="", contact_name__iexact=predecessor.name
    )
    for model, key in ((Initiative, "initiative"), (NetworkMember, "network_member")):
        for obj in model.objects.filter(contact):
            _move(
                obj,
                by=by,
                reason=reason,
                contact_name=successor.name,
                contact_email=successor.email,
            )
            moved.setdefault(key, []).append(obj.pk)
    open_tasks = Task.objects.filter(
        responsible__iexact=predecessor.name, completed_on__isnull=True
    )
    for task in open_tasks:
        _move(task, by=by, reason=reason, responsible=successor.name)
        moved.setdefault("task", []).append(task.pk)
    for follow_up in FollowUp.objects.filter(
        responsible_user=predecessor, state=FollowUp.State.OPEN
    ):
        # The successor has not been reminded yet: the next reminder run tells them.
        _move(
            follow_up,
            by=by,
            reason=reason,
            responsible_user=successor,
            responsible=successor.name,
            last_reminded_on=None,
        )
        moved.setdefault("follow_up", []).append(follow_up.pk)
    closed = (Application.State.REJECTED, Application.State.WITHDRAWN)
    for application in Application.objects.filter(responsible=predecessor).exclude(
        state__in=closed
    ):
        _move(application, by=by, reason=reason, responsible=successor)
        moved.setdefault("application", []).append(application.pk)
    renew_feed_key(user=predecessor)
    if deactivate:
        deactivate_person(user=predecessor)
    handover.moved = moved
    handover.save(update_fields=["moved"])
    return handover


def save_privacy_notice(*, text: str, expected_version: int | None, by) -> PrivacyNotice:
    """Store the privacy notice's new text: the first save creates the one row, later saves are
    refused as stale if someone saved in between (StaleEdit)."""
    notice = PrivacyNotice.objects.order_by("pk").first()
    if notice is None:
        notice = PrivacyNotice(text=text)
        notice._history_user = by
        notice.save()
        return notice
    notice.text = text
    notice.updated_at = timezone.now()
    notice._history_user = by
    return save_with_version(instance=notice, expected_version=expected_version or 0)
