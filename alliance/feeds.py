"""Secret addresses of a user's calendar feeds (iCalendar).

Calendar apps subscribe to an address and fetch it on their own; they cannot log in. A feed
address therefore carries a token that stands for the user: the user's id and their current feed
key, signed with the site's SECRET_KEY (django.core.signing, its own salt). Whoever has the address
reads that feed with that user's rights, and nothing else: the token opens no session and no other
page. Renewing the key (`renew_feed_key`) makes every earlier address of the user stop working.

One token serves all of a user's feeds (activities now; meetings and funding deadlines later): a
feed's URL pattern takes a `token` argument, its view is `login_not_required`, calls
`user_from_feed_token` and answers 404 when that gives None.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

SALT = "alliance.feeds"
# "." separates the parts, so the token is safe in a path and reads as user.key.signature.
_signer = signing.Signer(salt=SALT, sep=".")


def feed_token(user) -> str:
    return _signer.sign(f"{user.pk}.{user.feed_key}")


def feed_url(user, name: str) -> str:
    """The path of the feed named `name` (a URL name taking `token`) for `user`."""
    return reverse(name, kwargs={"token": feed_token(user)})


def user_from_feed_token(token: str):
    """The active user the token stands for, or None for a forged, malformed or renewed token."""
    try:
        value = _signer.unsign(token)
    except signing.BadSignature:
        return None
    pk, _, key = value.partition(".")
    if not pk.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(user.feed_key, key):
        return None
    return user


def renew_feed_key(*, user) -> str:
    """Give `user` a new feed key: their earlier feed addresses stop working. Returns the key."""
    user.feed_key = secrets.token_urlsafe(18)
    user.save(update_fields=["feed_key"])
    return user.feed_key
