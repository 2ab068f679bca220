"""Demo data for reporting: an open round for the current year in which some municipalities
have reported (the coordinators' demo accounts from municipalities.demo)."""

import datetime as dt

from django.utils import timezone

from municipalities.models import Coordinator, Municipality

from .models import MunicipalityReport, ReportingRound

REPORTED_SHARE = 3  # every third municipality has reported


def seed(*, rng, scale: int) -> list[str]:
    today = timezone.localdate()
    if ReportingRound.objects.filter(year=today.year).exists():
        return [f"Rapporteringsrunde {today.year} findes allerede"]
    reporting_round = ReportingRound.objects.create(
        year=today.year, deadline=today + dt.timedelta(days=21), opened_at=timezone.now()
    )
    coordinators = {c.municipality_id: c.user for c in Coordinator.objects.filter(is_active=True)}
    municipalities = list(Municipality.objects.order_by("name"))
    reported = [
        m for n, m in enumerate(municipalities) if n % REPORTED_SHARE == 1 and m.code != 101
    ]
    for municipality in reported:
        MunicipalityReport.objects.create(
            round=reporting_round,
            municipality=municipality,
            reported_by=coordinators.get(municipality.pk),
            reported_at=timezone.now() - dt.timedelta(days=rng.randint(0, 10)),
        )
    return [
        f"Rapporteringsrunde {today.year}: åben, {len(reported)} af {len(municipalities)} "
        "kommuner rapporteret (demo)"
    ]
