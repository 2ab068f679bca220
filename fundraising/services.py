"""Workflows of fundraising: an application's life, partners' shares, and saving calls.

Every save of an edited record goes through `alliance.versioning.save_with_version`, so a stale
form is refused (StaleEdit) instead of overwriting someone else's change.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.formatting import format_number
from alliance.versioning import save_with_version
from municipalities.models import Organisation

from .models import Application, Call, Partner

State = Application.State


# Where an application may go from each state. Granted, rejected and withdrawn are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.IDEA: (State.PREPARATION, State.WITHDRAWN),
    State.PREPARATION: (State.SUBMITTED, State.IDEA, State.WITHDRAWN),
    State.SUBMITTED: (State.GRANTED, State.REJECTED, State.WITHDRAWN),
    State.GRANTED: (),
    State.REJECTED: (),
    State.WITHDRAWN: (),
}


class ApplicationRuleError(Exception):
    """A change the rules do not allow; the message is Danish and meant for the user."""


def allowed_next_states(application: Application) -> tuple[str, ...]:
    return TRANSITIONS[application.state]


def check_shares(*, amount_applied: Decimal | None, partners: Iterable[Partner]) -> None:
    """Partners' shares may not add up to more than the whole: at most 100 % and at most the
    amount applied for. Raises ApplicationRuleError saying which."""
    partners = list(partners)
    percent = sum((p.share_percent for p in partners if p.share_percent is not None), Decimal(0))
    if percent > 100:
        raise ApplicationRuleError(
            _("Partnernes andele er tilsammen %(sum)s %%; de må højst være 100 %%.")
            % {"sum": format_number(percent)}
        )
    kroner = sum((p.share_amount for p in partners if p.share_amount is not None), Decimal(0))
    if amount_applied is not None and kroner > amount_applied:
        raise ApplicationRuleError(
            _(
                "Partnernes andele er tilsammen %(sum)s kr., mere end det ansøgte beløb "
                "(%(applied)s kr.)."
            )
            % {
                "sum": format_number(kroner),
                "applied": format_number(amount_applied),
            }
        )


def _set_relations(application: Application, relations: dict[str, Iterable[models.Model]]) -> None:
    for name in ("initiatives", "networks", "tracks"):
        if name in relations:
            getattr(application, name).set(relations[name])


def create_application(
    *,
    application: Application,
    applicant: Organisation | None,
    applicant_name: str = "",
    by,
    **relations,
) -> Application:
    """Register a new application (in the idea stage unless given otherwise) with its applicant
    as the lead partner, and its initiatives, networks and tracks."""
    with transaction.atomic():
        application._history_user = by
        application.save()
        if applicant is not None or applicant_name:
            Partner.objects.create(
                application=application,
                organisation=applicant,
                name="" if applicant is not None else applicant_name,
                is_lead=True,
            )
        _set_relations(application, relations)
    return application


def save_application(
    *, application: Application, expected_version: int, by, **relations
) -> Application:
    """Save an application's fields (never its state: see `change_application_state`) and its
    links, if nobody saved it since the form was read. The amount applied for may not drop below
    the partners' shares."""
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        application.state = current.state
        check_shares(amount_applied=application.amount_applied, partners=current.partners.all())
        application._history_user = by
        save_with_version(instance=application, expected_version=expected_version)
        _set_relations(application, relations)
    return application


def change_application_state(
    *,
    application: Application,
    to: str,
    by,
    on: dt.date | None = None,
    amount_granted: Decimal | None = None,
) -> Application:
    """Move an application along the pipeline (TRANSITIONS). Submitting records the date it was
    sent; a decision records its date, and a grant its amount. Raises ApplicationRuleError
    (nothing saved) for a move the pipeline does not allow."""
    today = timezone.localdate()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if to not in TRANSITIONS.get(application.state, ()):
            raise ApplicationRuleError(
                _("En ansøgning med status “%(from)s” kan ikke få status “%(to)s”.")
                % {
                    "from": application.get_state_display(),
                    "to": dict(State.choices).get(to, to),
                }
            )
        if on is not None and on > today:
            raise ApplicationRuleError(_("Datoen kan ikke ligge i fremtiden."))
        if to == State.SUBMITTED:
            application.submitted_on = on or today
        if to in (State.GRANTED, State.REJECTED):
            application.decided_on = on or today
        if to == State.GRANTED:
            if amount_granted is None:
                raise ApplicationRuleError(_("Skriv det bevilgede beløb."))
            if amount_granted < 0:
                raise ApplicationRuleError(_("Beløbet kan ikke være negativt."))
            application.amount_granted = amount_granted
        application.state = to
        application.lock_version += 1  # an open edit form is now out of date
        application._history_user = by
        application.save()
    return application


def save_partner(*, partner: Partner, expected_version: int | None, by) -> Partner:
    """Create (expected_version None) or save a partner row, keeping all shares of the
    application within the whole (ApplicationRuleError otherwise, nothing saved)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=partner.application_id)
        others = (
            application.partners.exclude(pk=partner.pk)
            if partner.pk
            else application.partners.all()
        )
        check_shares(amount_applied=application.amount_applied, partners=[*others, partner])
        partner._history_user = by
        if expected_version is None:
            partner.save()
        else:
            save_with_version(instance=partner, expected_version=expected_version)
    return partner


def save_call(
    *, call: Call, themes: Iterable[models.Model], expected_version: int | None, by
) -> Call:
    """Create (expected_version None) or save a call with its themes."""
    with transaction.atomic():
        call._history_user = by
        if expected_version is None:
            call.save()
        else:
            save_with_version(instance=call, expected_version=expected_version)
        call.themes.set(themes)
    return call
