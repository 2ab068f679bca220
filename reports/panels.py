"""The open reporting round on the municipality page: for the municipality's coordinators and
the secretariat, what to bring up to date and the button to mark the municipality as reported."""

from django.http import HttpRequest

from alliance import policy
from municipalities.models import Municipality
from municipalities.panels import Panel, register_panel

from .models import MunicipalityReport, ReportingRound
from .services import to_update


@register_panel(order=5)
def round_panel(request: HttpRequest, municipality: Municipality) -> Panel | None:
    user = request.user
    if not policy.can_edit(user, municipality):
        return None
    reporting_round = (
        policy.visible(user, ReportingRound)
        .filter(state=ReportingRound.State.OPEN)
        .order_by("-year")
        .first()
    )
    if reporting_round is None:
        return None
    report = (
        policy.visible(user, MunicipalityReport)
        .filter(round=reporting_round, municipality=municipality)
        .select_related("reported_by")
        .first()
    )
    return Panel(
        "reports/_round_panel.html",
        {
            "round": reporting_round,
            "municipality": municipality,
            "report": report,
            **to_update(reporting_round=reporting_round, municipality=municipality),
        },
    )
