"""Cached fragments of pages (list bodies, panels, the region's aggregates): never stale and never
shared across permissions.

An entry's key carries
- the data version: a counter bumped by every write to the portal's tables. The database
  connection itself reports the writes (an execute wrapper sees every INSERT, UPDATE and DELETE,
  so saves, deletes, many-to-many changes, `update()`, `bulk_create` and raw SQL alike); no model
  or service has to remember to invalidate. The counter lives where every web process sees it:
  in Redis when `REDIS_URL` is set (the cache backend itself), else in the database
  (`DataVersion`). It is bumped after the commit, so a reader that took the version before reading
  the rows never stores old rows under a new version; a per-process counter bumped at once also
  covers reads inside the writing transaction (and tests, whose transactions never commit);
- the language;
- the viewer: one entry per person (rules finer than roles, such as an observer's view of closed
  agenda items, decide rows and buttons), so two people never share an entry;
- what the fragment varies on (the query string of a list, a municipality, ...).

A form's CSRF token belongs to the visitor's session, not to the person: an entry keeps a
placeholder, and each response carries the token of its own request.

What changes with the clock (an initiative turning due, late or stale, an activity starting, the
date) is not a write: each app registers a clock (`register_clock`) that tells the next moment
its data changes by time alone, and an entry that depends on the clock lives only until the
earliest of those moments (and never past midnight).
"""

import hashlib
import itertools
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from . import roles

logger = logging.getLogger(__name__)

# Tables whose writes no fragment shows: sessions, login throttling, the admin's log, the version
# row itself and the job rows (their progress is written many times a second during a build).
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "alliance_dataversion",
        "alliance_job",
    }
)
VERSION_KEY = "fragments:data-version"
HORIZON_KEY = "fragments:horizon"
LONGEST = 24 * 3600  # an entry that depends on nothing but data: a day at most

# A login's own write (Django's update_last_login): nothing a fragment shows.
_LAST_LOGIN = re.compile(
    r'^\s*UPDATE\s+"?alliance_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I
)
# INSERT OR IGNORE is SQLite's many-to-many add (PostgreSQL's is INSERT ... ON CONFLICT).
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)',
    re.IGNORECASE,
)
_local = itertools.count(1)
_local_version = 0
PROCESS = uuid.uuid4().hex[:12]  # entries of a transaction's own writes are this process's alone
_lock = threading.Lock()

Clock = Callable[[datetime], datetime | None]
_clocks: list[Clock] = []


def register_clock(func: Clock) -> Clock:
    """`func(now)` returns the next moment after `now` at which its app's data would show
    differently without any write (or None)."""
    _clocks.append(func)
    return func


# --- The data version -------------------------------------------------------------------------


def _shared_in_cache() -> bool:
    return bool(settings.REDIS_URL)


# Redis down: pages render uncached and saves still succeed (bin/faults, `redis`). A bump that
# could not reach Redis is made up, past every version used before, at the next contact.
CACHE_DOWN = (RedisError, OSError)
_missed_bump = False


def _bump_shared(alias: str = "default") -> None:
    global _missed_bump
    if _shared_in_cache():
        try:
            cache.incr(VERSION_KEY)
            _missed_bump = False
        except ValueError:  # evicted: start past every version used before (a clock value)
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
            _missed_bump = False
        except CACHE_DOWN:
            _missed_bump = True
            logger.warning("The data version could not be bumped: the cache is unreachable")
        return
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("UPDATE alliance_dataversion SET counter = counter + 1 WHERE id = 1")
            if cursor.rowcount == 0:  # the row was flushed away (a test database, a reset)
                cursor.execute(
                    "INSERT INTO alliance_dataversion (id, counter) VALUES (1, %s)",
                    [time.time_ns()],  # past every version used before
                )
    except DatabaseError:
        # Only while the table does not exist yet (migrating an empty database) or two processes
        # both insert the first row: nothing is cached from a database without the table.
        pass


def _bump_local() -> None:
    global _local_version
    with _lock:
        _local_version = next(_local)


def bump(alias: str = "default") -> None:
    """Mark the data as changed: at once for this process, after the commit for every process."""
    _bump_local()
    connection = connections[alias]
    if not connection.in_atomic_block:
        _bump_shared(alias)
    elif not any(func is _after_commit for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_after_commit, using=alias)


def _after_commit() -> None:
    _bump_local()
    _bump_shared()


def _uncommitted_writes(alias: str = "default") -> bool:
    connection = connections[alias]
    return connection.in_atomic_block and any(
        func is _after_commit for _, func, _ in connection.run_on_commit
    )


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper installed on every database connection (alliance.apps)."""
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and match.group(1).lower() not in IGNORED_TABLES and not _LAST_LOGIN.match(sql):
        bump(context["connection"].alias)
    return result


def install(connection, **kwargs) -> None:
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def data_version(request=None) -> str:
    """The version entries are keyed on, read once per request."""
    global _missed_bump
    if request is not None and hasattr(request, "_data_version"):
        return request._data_version
    if _shared_in_cache():
        if _missed_bump:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
            _missed_bump = False
        shared = cache.get(VERSION_KEY)
        if shared is None:
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            shared = cache.get(VERSION_KEY, 0)
    else:
        from .models import DataVersion

        shared = DataVersion.current()
    # Inside a transaction that wrote, the rows read are not committed: such entries carry this
    # process and its own write counter, so no other process (nor a later version) ever reads them.
    version = f"{shared}.{PROCESS}.{_local_version}" if _uncommitted_writes() else str(shared)
    if request is not None:
        request._data_version = version
    return version


# --- Keys ---------------------------------------------------------------------------------------


def viewer_scope(user) -> str:
    """Whose entry it is: one per person. A fragment may depend on rules finer than the roles
    (an observer and a voting member of one body read different agenda items; a person may be
    responsible for a follow-up), so two people never share an entry: a hit is the same person
    coming back, which is what a busy list page sees. The roles stay in the key for reading."""
    if user is None or not user.is_authenticated:
        return "anon"
    parts = [
        f"u{user.pk}",
        "s" if roles.is_secretariat(user) else "",
        "t" if user.is_staff else "",
        "c" + ",".join(map(str, sorted(roles.coordinated_municipality_ids(user)))),
        "b" + ",".join(map(str, sorted(roles.body_ids(user)))),
    ]
    return "/".join(parts)


def fragment_key(request, name: str, vary: Iterable = ()) -> str:
    varied = hashlib.sha256("\x1f".join(map(str, vary)).encode()).hexdigest()[:24]
    scope = hashlib.sha256(viewer_scope(request.user).encode()).hexdigest()[:16]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"fragment:{name}:{data_version(request)}:{language}:{scope}:{varied}"


# --- The clock ----------------------------------------------------------------------------------


def horizon(request=None, *, now: datetime | None = None) -> datetime:
    """The earliest moment at which any registered clock says the data shows differently, and
    never later than the next local midnight. Computed once per data version."""
    now = now or timezone.now()
    key = f"{HORIZON_KEY}:{data_version(request)}"
    stored = cache.get(key)
    if stored is not None and stored > now:
        return stored
    local_now = timezone.localtime(now)
    midnight = (local_now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [midnight, *(m for clock in _clocks if (m := clock(now)) is not None)]
    earliest = min(m for m in moments if m > now) if any(m > now for m in moments) else midnight
    cache.set(key, earliest, timeout=max(1, int((earliest - now).total_seconds())))
    return earliest


# Django's {% csrf_token %}: the hidden field. Its value is masked anew on every request.
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = "\x00csrf\x00"


def _keep(html: str) -> str:
    return _CSRF_FIELD.sub(rf"\g<1>{_CSRF_PLACEHOLDER}\g<2>", html)


def _serve(request, html: str) -> SafeString:
    if _CSRF_PLACEHOLDER in html:
        html = html.replace(_CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # rendered by our own templates


def cached_html(
    request,
    name: str,
    render: Callable[[], str],
    *,
    vary: Iterable = (),
    clock: bool = True,
    now: datetime | None = None,
) -> SafeString:
    """The fragment's HTML from the cache, or rendered by `render()` and stored. An entry keeps
    the moment it expires, so it is never served past it even if the cache keeps it longer."""
    if not settings.FRAGMENT_CACHE:
        return mark_safe(str(render()))  # rendered by our own templates
    now = now or timezone.now()
    try:
        key = fragment_key(request, name, vary)
        entry = cache.get(key)
    except CACHE_DOWN:
        return mark_safe(str(render()))  # the cache is unreachable: rendered, not kept
    if entry is not None and entry[0] > now:
        return _serve(request, entry[1])
    html = str(render())
    try:
        expires = horizon(request, now=now) if clock else now + timedelta(seconds=LONGEST)
        expires = min(expires, now + timedelta(seconds=LONGEST))
        timeout = int((expires - now).total_seconds())
        if timeout > 0:
            cache.set(key, (expires, _keep(html)), timeout=timeout)
    except CACHE_DOWN:
        pass  # not kept; the next request renders it again
    return mark_safe(html)  # rendered by our own templates
