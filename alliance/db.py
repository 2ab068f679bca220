"""Case-insensitive text matching and sorting that treat æ, ø, å (and é, ü, ...) like a, b, c.

PostgreSQL compares case-insensitively in Unicode, but SQLite's built-in LIKE and lower() only fold
ASCII: on the embedded default database `?q=ørestad` missed "Ørestad" and "KØBENHAVN" missed
"København". `unicode_sqlite` replaces both on every new SQLite connection, so `icontains`,
`iexact` and `Lower()` mean the same on both databases. `Lower` is also registered as a transform, so
that `order_by("title__lower")` (and a django-tables2 column's `order_by`) sorts "eBus" among the
e's instead of after "Ø".
"""

import re
from functools import lru_cache

from django.db import models
from django.db.models.functions import Lower


@lru_cache(maxsize=256)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    """SQL LIKE's `%` and `_` (with its escape character) as a case-insensitive regex."""
    parts, chars = [], iter(pattern)
    for char in chars:
        if char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _like(pattern, value, escape=None):
    # SQLite calls like(X, Y[, Z]) for "Y LIKE X [ESCAPE Z]"; NULL on either side is NULL.
    if pattern is None or value is None:
        return None
    return _like_pattern(str(pattern), escape).fullmatch(str(value)) is not None


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def unicode_sqlite(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: Unicode-aware LIKE, lower() and upper() for SQLite."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, _like, deterministic=True)
    raw.create_function("like", 3, _like, deterministic=True)
    raw.create_function("lower", 1, _lower, deterministic=True)
    raw.create_function("upper", 1, _upper, deterministic=True)


def register_lower_transform() -> None:
    models.CharField.register_lookup(Lower)
    models.TextField.register_lookup(Lower)
