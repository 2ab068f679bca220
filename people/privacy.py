"""The register of personal data (GDPR article 30, in code): every model field that holds data
about a person, and what the portal does with it. The secretariat's export of one person's data,
their erasure and the retention job all read this register, so a field missing from it would be
missed by all three; tests/people/test_register.py fails when a model gains a field that looks
personal (a name, an e-mail address, a phone number, a person as free text, a link to a user)
without an entry here or in NOT_PERSONAL.

How a row is found to be about a person: a link to their user row, or one of their identifiers
(name, e-mail address, phone numbers) in one of the row's personal text fields. The history rows
(django-simple-history) of every model listed are covered with it, and every history row a person
made (its `history_user`) is theirs too."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

# Personal data, by model: the fields that hold it. A link to the user (a ForeignKey) makes the row
# the person's; a text field may name them.
PERSONAL: dict[str, tuple[str, ...]] = {
    "alliance.User": ("name", "email"),
    "alliance.Job": ("requested_by",),
    "alliance.GeneratedDocument": ("generated_by",),
    "municipalities.Coordinator": ("user", "title", "phone"),
    "actionplans.Initiative": ("contact_name", "contact_email"),
    "actionplans.Task": ("responsible",),
    "actionplans.ProgressUpdate": ("author",),
    # The body of a sent reminder greets its recipient by name.
    "actionplans.Reminder": ("recipient", "email", "body"),
    # A sent digest: to whom, and its text, which greets them by name.
    "alliance.Digest": ("email", "recipient", "body"),
    "alliance.DigestPreference": ("user",),
    "networks.NetworkMember": ("contact_name", "contact_email"),
    "networks.Activity": ("created_by", "organiser"),
    "governance.Membership": ("user", "person_name", "position"),
    "governance.AgendaItem": ("responsible",),
    "governance.AgendaAttachment": ("uploaded_by",),
    # The snapshot of a pack lists the people responsible for its items and follow-ups.
    "governance.MeetingPack": ("published_by", "snapshot"),
    "governance.FollowUp": ("responsible", "responsible_user"),
    "governance.PlannedActivity": ("responsible",),
    "fundraising.Application": ("responsible",),
    "fundraising.ApplicationDocument": ("uploaded_by",),
    "reports.ReportingRound": ("opened_by", "closed_by"),
    "reports.MunicipalityReport": ("reported_by",),
    "people.Invitation": ("user", "invited_by"),
    "opendata.ApiToken": ("created_by",),
    "opendata.DataPackage": ("published_by",),
    "people.Handover": ("predecessor", "successor", "handed_over_by"),
    # Others' tables: who changed what in the Django admin; login attempts (django-axes), whose
    # username is the e-mail address typed.
    "admin.LogEntry": ("user", "object_repr", "change_message"),
    "axes.AccessAttempt": ("username", "post_data"),
    "axes.AccessLog": ("username",),
    "axes.AccessFailureLog": ("username",),
    # django-allauth: addresses it knows for a login, the second factors (the secrets are no
    # personal text, but the rows are the person's), the link to an OpenID Connect account with the
    # claims its provider sent (name, e-mail), and each logged-in browser with its address
    # (`ip`, a network address not searched as text) and user agent.
    "account.EmailAddress": ("user", "email"),
    "mfa.Authenticator": ("user",),
    "socialaccount.SocialAccount": ("user", "extra_data"),
    "usersessions.UserSession": ("user", "user_agent"),
}

# Fields whose names look personal but which hold the names of organisations, places or things.
NOT_PERSONAL: dict[str, tuple[str, ...]] = {
    "municipalities.Organisation": ("name", "short_name"),
    "municipalities.Municipality": ("name", "official_name"),
    "actionplans.Theme": ("name",),
    # The municipal unit (forvaltning) responsible, not a person.
    "actionplans.Initiative": ("responsible_unit",),
    "actionplans.Indicator": ("name",),
    # The organisation or system that holds an API key (opendata), not a person.
    "opendata.ApiToken": ("holder",),
    "networks.Network": ("name",),
    "networks.VipProject": ("name",),
    # Organisations, one per line (its help text says so).
    "networks.Activity": ("external_speakers",),
    "governance.Body": ("name",),
    "governance.AgendaAttachment": ("original_name",),
    "fundraising.FundingSource": ("name",),
    "fundraising.Partner": ("name",),
}

# What a register test calls "looks personal": text fields named like these, and links to users.
LOOKS_PERSONAL = re.compile(
    r"name|mail|phone|contact|person|responsible|author|speaker|organiser|by$", re.IGNORECASE
)

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
ERASED = "[slettet]"


def user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def is_user_link(field) -> bool:
    target = field.remote_field.model if field.is_relation and field.remote_field else None
    if isinstance(target, str):  # not resolved yet (a model being defined)
        return target == settings.AUTH_USER_MODEL
    return target is not None and target._meta.label == settings.AUTH_USER_MODEL


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    links: tuple[str, ...]  # ForeignKeys to the user
    texts: tuple[str, ...]  # text fields that may name the person
    jsons: tuple[str, ...]  # JSON fields that may name the person (searched in Python, below)

    @property
    def history(self) -> type[models.Model] | None:
        manager = getattr(self.model, "history", None)
        return manager.model if manager is not None else None


def entries() -> list[Entry]:
    found = []
    for label, names in PERSONAL.items():
        model = apps.get_model(label)
        fields = [model._meta.get_field(name) for name in names]
        found.append(
            Entry(
                model=model,
                links=tuple(f.name for f in fields if is_user_link(f)),
                texts=tuple(
                    f.name
                    for f in fields
                    if not is_user_link(f) and not isinstance(f, models.JSONField)
                ),
                jsons=tuple(f.name for f in fields if isinstance(f, models.JSONField)),
            )
        )
    return found


def history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__name__.startswith("Historical")]


@dataclass(frozen=True)
class Identity:
    """What identifies a person in free text: their name, e-mail address and phone numbers."""

    names: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]

    def all(self) -> tuple[str, ...]:
        # Longest first, so an e-mail address is replaced before a name inside it.
        return tuple(sorted({*self.names, *self.emails, *self.phones}, key=len, reverse=True))


def identity_of(user) -> Identity:
    """The person's identifiers, as they appear anywhere in the portal (the phone numbers and
    names of their coordinator and membership rows too, history included). Very short values (an
    initial) would match other people's text and are left out."""
    coordinator = apps.get_model("municipalities.Coordinator")
    membership = apps.get_model("governance.Membership")
    phones = set(coordinator.history.filter(user=user).values_list("phone", flat=True))
    names = {user.name, *membership.history.filter(user=user).values_list("person_name", flat=True)}
    return Identity(
        names=tuple(n.strip() for n in names if len(n.strip()) >= 3),
        emails=(user.email,),
        phones=tuple(p.strip() for p in phones if len(p.strip()) >= 6),
    )


def _mentions(texts: tuple[str, ...], identity: Identity) -> Q:
    condition = Q(pk__in=[])
    for name in texts:
        for value in identity.all():
            condition |= Q(**{f"{name}__icontains": value})
    return condition


def _json_mentions(model, jsons: tuple[str, ...], identity: Identity) -> Q:
    """JSON is stored with non-ASCII letters escaped (Ærø as \\u00c6r\\u00f8), so the database
    cannot search it for a Danish name: the rows are read and searched here (meeting packs, a few
    hundred)."""
    if not jsons:
        return Q(pk__in=[])
    values = [v.lower() for v in identity.all()]
    hits = [
        row.pk
        for row in model._default_manager.only("pk", *jsons)
        if any(
            v in json.dumps(getattr(row, name), ensure_ascii=False).lower()
            for name in jsons
            for v in values
        )
    ]
    return Q(pk__in=hits)


def _about(entry: Entry, model, user, identity: Identity) -> Q:
    condition = _mentions(entry.texts, identity) | _json_mentions(model, entry.jsons, identity)
    for name in entry.links:
        condition |= Q(**{name: user})
    if model is user_model():
        condition |= Q(pk=user.pk)
    return condition


# --- Export ---------------------------------------------------------------------------------------


def export_person(*, user) -> bytes:
    """A ZIP of JSON files: every row the register finds about the person, one file per model,
    history rows included, and the register itself so the reader knows what each file is."""
    identity = identity_of(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in person_rows(user=user, identity=identity).items():
            data = serializers.serialize("json", rows, indent=2, ensure_ascii=False)
            archive.writestr(f"{label}.json", data)
        register = {label: list(names) for label, names in PERSONAL.items()}
        archive.writestr("register.json", json.dumps(register, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def person_rows(*, user, identity: Identity | None = None) -> dict[str, list[models.Model]]:
    """The rows about the person, by model label (history models as "<label>.history")."""
    identity = identity or identity_of(user)
    found: dict[str, list[models.Model]] = {}
    covered_history = set()
    for entry in entries():
        rows = list(entry.model._default_manager.filter(_about(entry, entry.model, user, identity)))
        if entry.model is user_model():
            # Never the password hash: it is no use to the person and a risk in a file.
            for row in rows:
                row.password = ""
        if rows:
            found[entry.model._meta.label] = rows
        if entry.history:
            covered_history.add(entry.history)
            condition = _about(entry, entry.history, user, identity) | Q(history_user=user)
            rows = list(entry.history.objects.filter(condition))
            if rows:
                found[f"{entry.model._meta.label}.history"] = rows
    for history in history_models():
        if history not in covered_history:
            rows = list(history.objects.filter(history_user=user))
            if rows:
                found[f"{history.instance_type._meta.label}.history"] = rows
    return found


# --- Erasure --------------------------------------------------------------------------------------


def pseudonym(user) -> tuple[str, str]:
    return f"Slettet person {user.pk}", f"slettet-{user.pk}@slettet.invalid"


def _replace(value, replacements: list[tuple[re.Pattern, str]]):
    if isinstance(value, str):
        for pattern, new in replacements:
            value = pattern.sub(new, value)
        return value
    if value is None:
        return None
    # JSON: replace inside the serialised text, then read it back.
    text = json.dumps(value, ensure_ascii=False)
    return json.loads(_replace(text, replacements))


def _replacements(user, identity: Identity) -> list[tuple[re.Pattern, str]]:
    name, email = pseudonym(user)
    new = {
        **dict.fromkeys(identity.names, name),
        **dict.fromkeys(identity.emails, email),
        **dict.fromkeys(identity.phones, ERASED),
    }
    return [(re.compile(re.escape(old), re.IGNORECASE), new[old]) for old in identity.all()]


def _scrub(model, texts: tuple[str, ...], condition: Q, replacements) -> int:
    """Replace the person's identifiers in the text fields of the matching rows, with a queryset
    update: no save() hooks, and no new history row that would copy the old values again."""
    changed = 0
    for row in model._default_manager.filter(condition).only("pk", *texts):
        values = {name: _replace(getattr(row, name), replacements) for name in texts}
        changed += model._default_manager.filter(pk=row.pk).update(**values)
    return changed


@transaction.atomic
def erase_person(*, user) -> None:
    """Pseudonymise the person everywhere: their user row becomes "Slettet person <id>" with an
    address that cannot receive mail, and their name, e-mail address and phone numbers are
    replaced in every personal text field the register names, history rows, reminder logs and
    change reasons included. The organisation's records stay whole: rows keep their links to the
    (now anonymous) user row. Their sessions, login attempts and open invitations go."""
    identity = identity_of(user)
    replacements = _replacements(user, identity)
    for entry in entries():
        for model in filter(None, (entry.model, entry.history)):
            if entry.texts:
                _scrub(model, entry.texts, _mentions(entry.texts, identity), replacements)
            if entry.jsons:
                found = _json_mentions(model, entry.jsons, identity)
                _scrub(model, entry.jsons, found, replacements)
    for history in history_models():
        reason = ("history_change_reason",)
        _scrub(history, reason, _mentions(reason, identity), replacements)
    _forget_logins(user=user, emails=identity.emails)
    name, email = pseudonym(user)
    user.name, user.email = name, email
    user.is_active = user.is_staff = user.is_superuser = user.is_secretariat = False
    user.feed_key = ""
    user.set_unusable_password()
    user.save()
    user.coordinatorships.update(is_active=False)
    user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def end_sessions(*, user) -> int:
    """Log the person out everywhere: delete every session that belongs to them."""
    mine = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    return Session.objects.filter(pk__in=mine).delete()[0]


def _forget_logins(*, user, emails: tuple[str, ...]) -> None:
    """An erased person logs in no more: their sessions, second factors, linked OpenID Connect
    accounts, login addresses and login attempts go."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    end_sessions(user=user)
    for model in (UserSession, Authenticator, SocialAccount, EmailAddress):
        model.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        for email in emails:
            model.objects.filter(username__iexact=email).delete()
