"""The region map's measure of the open reporting round (municipalities/maps.py): which
municipalities have reported, the figure the dashboard counts."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance import policy
from municipalities import maps
from municipalities.maps import MapData, MapValue, Measure
from municipalities.models import Municipality

from .dashboard import open_round
from .models import MunicipalityReport, ReportingRound


def round_status_data(
    year: int, reported: dict[int, dt.datetime | None], *, deadline: dt.date | None = None
) -> MapData:
    """Which municipalities have reported in the round (by code: when, or None). Also drawn from
    a closed round's snapshot in the status report."""
    waiting, done = maps.ordered_classes(
        [("waiting", _("Ikke meldt endnu")), ("reported", _("Meldt rapporteret"))]
    )
    values = {}
    for code, at in reported.items():
        if at is None:
            values[code] = MapValue(waiting.label, waiting.key)
        else:
            day = date_format(timezone.localtime(at).date())
            values[code] = MapValue(_("Meldt rapporteret %(date)s") % {"date": day}, done.key)
    return MapData(
        _("Rapporteringsrunde %(year)s") % {"year": year},
        [waiting, done],
        values,
        note=_("Fristen er %(date)s.") % {"date": date_format(deadline)} if deadline else "",
    )


def round_status(user, reporting_round: ReportingRound) -> MapData:
    reported: dict[int, dt.datetime | None] = dict.fromkeys(
        policy.visible(user, Municipality).values_list("code", flat=True)
    )
    reports = MunicipalityReport.objects.filter(round=reporting_round)
    for code, at in reports.values_list("municipality__code", "reported_at"):
        if code in reported:
            reported[code] = at
    return round_status_data(reporting_round.year, reported, deadline=reporting_round.deadline)


@maps.register_measures(20)
def round_measures(user) -> list[Measure]:
    reporting_round = open_round(user)
    if reporting_round is None:
        return []
    return [
        Measure(
            "runde",
            _("Rapporteringsrunde %(year)s") % {"year": reporting_round.year},
            lambda: round_status(user, reporting_round),
        )
    ]
