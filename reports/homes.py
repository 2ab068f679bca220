"""The secretariat's home page (`/`, through alliance.homes): the region's dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from alliance import policy
from alliance.fragments import cached_html
from alliance.homes import register_home

from .dashboard import dashboard
from .models import ReportingRound


@register_home
def secretariat_dashboard(request: HttpRequest) -> HttpResponse | None:
    if not policy.can(request.user, "read_dashboard", ReportingRound):
        return None
    # Its figures change with the data and the clock (fragments: the freshness of initiatives,
    # the next meeting's start, the date); the query string picks the map's measure.
    body = cached_html(
        request,
        "dashboard",
        lambda: render_to_string(
            "reports/_dashboard.html", dashboard(request.user), request=request
        ),
        vary=(request.get_full_path(),),
    )
    return render(request, "reports/dashboard.html", {"body": body})
