"""The secretariat's home page (`/`, through alliance.homes): the region's dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alliance import policy
from alliance.homes import register_home

from .dashboard import dashboard
from .models import ReportingRound


@register_home
def secretariat_dashboard(request: HttpRequest) -> HttpResponse | None:
    if not policy.can(request.user, "read_dashboard", ReportingRound):
        return None
    return render(request, "reports/dashboard.html", dashboard(request.user))
