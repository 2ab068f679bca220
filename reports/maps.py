"""The region map's measure of the open reporting round (municipalities/maps.py): which
municipalities have reported, the figure the dashboard counts."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance import policy
from municipalities import maps
from municipalities.maps import MapData, MapValue, Measure
from municipalities.models import Municipality

from .dashboard import open_round
from .models import MunicipalityReport, ReportingRound


def round_status(user, reporting_round: ReportingRound) -> MapData:
    waiting, reported = maps.ordered_classes(
        [("waiting", _("Ikke meldt endnu")), ("reported", _("Meldt rapporteret"))]
    )
    values = {
        code: MapValue(waiting.label, waiting.key)
        for code in policy.visible(user, Municipality).values_list("code", flat=True)
    }
    reports = MunicipalityReport.objects.filter(round=reporting_round)
    for code, at in reports.values_list("municipality__code", "reported_at"):
        if code in values:
            day = date_format(timezone.localtime(at).date())
            values[code] = MapValue(_("Meldt rapporteret %(date)s") % {"date": day}, reported.key)
    return MapData(
        _("Rapporteringsrunde %(year)s") % {"year": reporting_round.year},
        [waiting, reported],
        values,
        note=_("Fristen er %(date)s.") % {"date": date_format(reporting_round.deadline)},
    )


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
