"""Demo funding sources, calls and applications. Every name is invented and marked (demo): the
sources name no real programme or fund."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from actionplans.models import Initiative, Theme
from alliance.management.commands.seed_demo import DEMO_DOMAIN
from alliance.models import User
from municipalities.models import Municipality, Organisation

from .models import Application, Call, FundingSource, Partner

SOURCES = [
    ("Grøn Omstillingspulje (demo)", FundingSource.Kind.NATIONAL, None),
    ("Fonden for Lokale Klimaløsninger (demo)", FundingSource.Kind.FOUNDATION, None),
    ("EU-klimaprogram Nord (demo)", FundingSource.Kind.EU, None),
    ("Regional udviklingspulje (demo)", FundingSource.Kind.REGIONAL, "Region Hovedstaden"),
]
CALLS = [
    # (title, source index, days to deadline, days to a second stage, min, max, co-financing %)
    ("Opslag om fælles ladeinfrastruktur (demo)", 0, 12, None, 500_000, 3_000_000, 50),
    ("Opslag om energirenovering af boliger (demo)", 1, 28, None, 250_000, 2_000_000, None),
    ("Opslag om cirkulære indkøb (demo)", 2, 45, 160, 1_000_000, 15_000_000, 40),
    ("Opslag om grønne pendlervaner (demo)", 3, 90, None, 100_000, 1_000_000, 25),
    ("Opslag om klimatilpasning, første runde (demo)", 0, -40, None, 200_000, 2_000_000, 50),
]
APPLICATIONS = [
    # (title, call index, state, applied, granted, partners)
    (
        "Fælles ladestandere i vestegnen (demo)",
        0,
        Application.State.PREPARATION,
        2_400_000,
        None,
        3,
    ),
    ("Energitjek for parcelhuse (demo)", 1, Application.State.IDEA, None, None, 2),
    ("Cirkulære møbler i kommunerne (demo)", 2, Application.State.SUBMITTED, 9_000_000, None, 4),
    ("Cykelpendling i Nordsjælland (demo)", 3, Application.State.PREPARATION, 800_000, None, 2),
    (
        "Skybrudssikring af boligområder (demo)",
        4,
        Application.State.GRANTED,
        1_800_000,
        1_500_000,
        3,
    ),
    ("Regnvandsbede ved skoler (demo)", 4, Application.State.REJECTED, 900_000, None, 2),
    ("Delebiler i landsbyerne (demo)", None, Application.State.WITHDRAWN, 300_000, None, 1),
]


def seed(*, rng: random.Random, scale: int) -> list[str]:
    if FundingSource.objects.filter(name__endswith="(demo)").exists():
        # Left behind by an earlier run (its users deleted): never mixed with a second set.
        return ["Der findes allerede demokilder; ingen demodata for fundraising oprettet"]
    today = timezone.localdate()
    themes = list(Theme.objects.order_by("pk"))
    sources = []
    for name, kind, organisation in SOURCES:
        sources.append(
            FundingSource.objects.create(
                name=name,
                kind=kind,
                organisation=Organisation.objects.filter(name=organisation).first(),
                notes="Opfundet kilde til demonstration.",
            )
        )
    calls = []
    for title, source, days, second, low, high, rate in CALLS:
        call = Call.objects.create(
            title=title,
            source=sources[source],
            deadline=today + timedelta(days=days),
            second_deadline=today + timedelta(days=second) if second else None,
            amount_min=low,
            amount_max=high,
            cofinancing_rate=rate,
            eligible_kinds=["municipality", "region"] if source != 1 else [],
            notes="Opfundet opslag til demonstration.",
        )
        call.themes.set(rng.sample(themes, min(2, len(themes))))
        calls.append(call)
    secretariat = User.objects.filter(email=f"sekretariat@{DEMO_DOMAIN}").first()
    municipalities = list(Municipality.objects.select_related("organisation").order_by("code"))
    copenhagen = municipalities[0] if municipalities else None
    count = 0
    for index, (title, call, state, applied, granted, partners) in enumerate(APPLICATIONS):
        chosen = rng.sample(municipalities, min(partners, len(municipalities)))
        if index < 3 and copenhagen and copenhagen not in chosen:
            chosen[0] = copenhagen  # the demo coordinator (København) has applications to see
        submitted = state in (
            Application.State.SUBMITTED,
            Application.State.GRANTED,
            Application.State.REJECTED,
        )
        application = Application.objects.create(
            title=title,
            call=calls[call] if call is not None else None,
            state=state,
            responsible=secretariat,
            amount_applied=applied,
            amount_granted=granted,
            own_financing=Decimal(applied) / 4 if applied else None,
            submitted_on=today - timedelta(days=60 + 30 * index) if submitted else None,
            decided_on=today - timedelta(days=10) if state in ("granted", "rejected") else None,
            notes="Opfundet ansøgning til demonstration.",
        )
        share = Decimal(100) / len(chosen) if chosen else None
        for position, municipality in enumerate(chosen):
            Partner.objects.create(
                application=application,
                organisation=municipality.organisation,
                is_lead=position == 0,
                share_percent=share.quantize(Decimal("0.1"), rounding="ROUND_DOWN"),
            )
        initiatives = Initiative.objects.in_current_plans().filter(plan__municipality__in=chosen)[
            :2
        ]
        application.initiatives.set(initiatives)
        count += 1
    return [f"{len(sources)} finansieringskilder, {len(calls)} opslag og {count} ansøgninger"]
