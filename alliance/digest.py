"""The daily digest: at most one reminder e-mail per person per day, gathering what each app has
due for them (late milestones and stale initiatives, follow-ups, reporting-round deadlines,
funding deadlines).

Each app registers a digest source (`register_digest_source`, from its AppConfig.ready) whose
`collect(now)` returns today's due items. A source keeps its own cadence and fallback: it returns
only what its rules say is due now (nothing twice within its interval; to the secretariat when no
one else may get it), and each item carries `record`, which writes the app's reminder log for the
item once the digest holding it is sent. The digest only groups the items by address, leaves out
the optional sources as the person's `DigestPreference` says (daily, weekly or off), and sends one
e-mail (HTML and plain text, in the person's language) with a link to the form that settles each
item, and an unsubscribe link for the optional part that works without login. The row of the
digest, the reminder log and the e-mail go together: if sending fails, all are rolled back and
tomorrow's run tries again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import Digest, DigestPreference, User

WEEK = dt.timedelta(days=7)
UNSUBSCRIBE_SALT = "alliance.digest.unsubscribe"


def reminder_window_start(today: dt.date, days: int) -> dt.date:
    """The first of the last `days` calendar days, today included: a reminder sent on or after
    it holds the next one back. Counted in calendar days, not hours: the daily run starts a few
    seconds later or earlier each morning, and a reminder sent at 07:00:05 must not block the
    run at 07:00:01 `days` days on. Every source's cadence is counted this way."""
    return today - dt.timedelta(days=days - 1)


@dataclass
class DigestItem:
    """One thing a person should act on. `text` may be lazy: it is rendered in the reader's
    language. `url` is the path of the form that settles the item."""

    email: str
    recipient: User | None  # None: the secretariat, as the fallback
    text: str | Promise
    url: str
    due: dt.date | None = None
    record: Callable[[Digest], None] = field(default=lambda digest: None, repr=False)
    source: DigestSource | None = None


@dataclass(frozen=True)
class DigestSource:
    key: str
    heading: str | Promise
    collect: Callable[[dt.datetime], Iterable[DigestItem]]
    optional: bool = False  # the person may get it weekly or not at all


_sources: dict[str, DigestSource] = {}


def register_digest_source(
    *,
    key: str,
    heading: str | Promise,
    collect: Callable[[dt.datetime], Iterable[DigestItem]],
    optional: bool = False,
) -> None:
    _sources[key] = DigestSource(key, heading, collect, optional)


def sources() -> list[DigestSource]:
    return list(_sources.values())


# --- Preferences and the unsubscribe token ----------------------------------------------------


def preference_for(user: User | None) -> DigestPreference:
    if user is None:
        return DigestPreference()
    return DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str) -> User | None:
    """The active user of a valid token, or None for a forged or malformed one."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None


def unsubscribe(*, user: User) -> DigestPreference:
    """No more optional reminders; what is mandatory still comes."""
    preference, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"optional": DigestPreference.Frequency.OFF}
    )
    return preference


def _optional_due(preference: DigestPreference, *, email: str, today: dt.date) -> bool:
    if preference.optional == DigestPreference.Frequency.OFF:
        return False
    if preference.optional == DigestPreference.Frequency.WEEKLY:
        return not Digest.objects.filter(
            email=email, with_optional=True, sent_on__gt=today - WEEK
        ).exists()
    return True


# --- Sending ---------------------------------------------------------------------------------


def collect(now: dt.datetime) -> dict[str, list[DigestItem]]:
    """Every source's due items, by address, in the sources' order."""
    by_email: dict[str, list[DigestItem]] = defaultdict(list)
    for source in _sources.values():
        for item in source.collect(now):
            item.source = source
            by_email[item.email.lower()].append(item)
    return by_email


def send_digests(*, now: dt.datetime | None = None) -> list[Digest]:
    """Send today's digests (the daily beat task); an address that had one today gets none."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_email = collect(now)
    done = set(Digest.objects.filter(sent_on=today).values_list("email", flat=True))
    sent = []
    for email, items in by_email.items():
        if email in done:
            continue
        recipient = next((item.recipient for item in items if item.recipient), None)
        preference = preference_for(recipient)
        if not _optional_due(preference, email=email, today=today):
            items = [item for item in items if not item.source.optional]
        if items:
            digest = _send(email=email, recipient=recipient, items=items, now=now, pref=preference)
            if digest:
                sent.append(digest)
    return sent


def _sections(items: list[DigestItem]) -> list[tuple[DigestSource, list[DigestItem]]]:
    grouped: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        grouped[item.source.key].append(item)
    return [(source, grouped[source.key]) for source in _sources.values() if source.key in grouped]


def _send(
    *,
    email: str,
    recipient: User | None,
    items: list[DigestItem],
    now: dt.datetime,
    pref: DigestPreference,
) -> Digest | None:
    with translation.override(pref.language):
        context = {
            "recipient": recipient,
            "sections": _sections(items),
            "site_url": settings.SITE_URL,
            "settings_url": settings.SITE_URL + reverse("digest-preference-update"),
            "unsubscribe_url": (
                settings.SITE_URL
                + reverse("digest-unsubscribe", args=[unsubscribe_token(recipient)])
                if recipient
                else ""
            ),
            "has_optional": any(item.source.optional for item in items),
        }
        subject = _("Dine påmindelser fra Klimaalliancen: %(count)d punkter") % {
            "count": len(items)
        }
        body = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                email=email,
                recipient=recipient,
                sent_on=timezone.localdate(now),
                sent_at=now,
                with_optional=context["has_optional"],
                subject=subject[:200],
                body=body,
            )
            for item in items:
                item.record(digest)
            message = EmailMultiAlternatives(subject, body, to=[email])
            message.attach_alternative(html, "text/html")
            if recipient:
                message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            message.send()
    except IntegrityError:  # a second run sent this address's digest in the meantime
        return None
    return digest
