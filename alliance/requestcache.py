"""Values looked up once per request.

Some lookups are asked for by several independent parts of one page (the freshness rules by the
selector, the filter and the view; the language switch in the header and in the mobile menu).
Passing the value down through every layer would couple them, so they share it here instead: a
context variable holds one dict per request, set up and dropped by `RequestCacheMiddleware`.
Outside a request (a Celery task, a management command, a test calling a selector) nothing is
kept and every call looks the value up afresh, so a long-running process never serves an old one.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_values: ContextVar[dict | None] = ContextVar("request_values", default=None)


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time in this request, its result after that."""
    values = _values.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _values.set({})
        try:
            return self.get_response(request)
        finally:
            _values.reset(token)
