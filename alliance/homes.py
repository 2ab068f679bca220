"""Home pages that apps above alliance offer for a role.

`/` belongs to alliance, but what a role should see first lives higher up: the secretariat's home
is the region's dashboard, which reads every app and so lives in reports, the top layer. Rather
than import it, the home view asks this registry: each app registers a function in its
AppConfig.ready() that answers the request with a page, or None when the user is not its role's.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HomeFunction = Callable[[HttpRequest], HttpResponse | None]
_homes: list[HomeFunction] = []


def register_home(func: HomeFunction) -> HomeFunction:
    _homes.append(func)
    return func


def home_page(request: HttpRequest) -> HttpResponse | None:
    """The first registered home that answers for this user, or None."""
    for func in _homes:
        if (response := func(request)) is not None:
            return response
    return None
