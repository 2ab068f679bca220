"""Demo plans, initiatives, tasks, updates, indicators and emissions for the 29 municipalities.

Everything here is invented and marked where a user sees it: plan, initiative and indicator titles
end "(demo)", their descriptions start "Demodata:", people are demo names. No emission figures are
written: an emission record has no text to carry a demo mark, and invented tonnes for a real
municipality would read as its accounts. The figures only need the right order of magnitude, so that
every page (the regional overview, the scorecard, freshness, peers) has something real to show.
All randomness comes from `rng`, and the database is read in a fixed order, so a seed gives the
same data every time; dates are relative to today so freshness and revision stay spread out.
"""

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone

from alliance.management.commands.seed_demo import DEMO_DOMAIN
from municipalities.demo import FIRST_NAMES, LAST_NAMES
from municipalities.models import Coordinator, Municipality

from .models import (
    REVISION_INTERVAL_YEARS,
    CapfAssessment,
    CapfElement,
    Freshness,
    Indicator,
    IndicatorGoal,
    IndicatorValue,
    Initiative,
    Plan,
    ProgressUpdate,
    Sector,
    Task,
    Theme,
)

# Rough relative size of each municipality (about inhabitants / 50 000), only to scale the demo
# emissions and reductions to a plausible order of magnitude. Demo figures, not a source.
DEMO_SIZE = {
    101: 13.0, 147: 2.0, 151: 1.0, 153: 0.7, 155: 0.3, 157: 1.5, 159: 1.4, 161: 0.5, 163: 0.6,
    165: 0.6, 167: 1.1, 169: 1.1, 173: 1.1, 175: 0.8, 183: 0.5, 185: 0.9, 187: 0.3, 190: 0.8,
    201: 0.5, 210: 0.8, 217: 1.3, 219: 1.0, 223: 0.5, 230: 1.1, 240: 0.9, 250: 0.9, 260: 0.6,
    270: 0.8, 400: 0.8,
}  # fmt: skip

# Title templates per theme slug; "{kommune}" is the municipality's name. A template may carry its
# own sector where it differs from the theme's.
THEMES: dict[str, tuple[str, list[str | tuple[str, str]]]] = {
    "ladeinfrastruktur": (
        Sector.TRANSPORT,
        [
            "Udrulning af offentlige ladestandere i {kommune}",
            "Ladeinfrastruktur ved kommunale arbejdspladser",
            "Ladestandere ved idrætsanlæg og kommunale institutioner",
            "Lynladere ved indfaldsveje og pendlerparkering",
            "Ladepladser i parkeringsnormen for nye lokalplaner",
            "Ladeløsninger i etageboligområder sammen med boligforeninger",
            "Kortlægning af behovet for ladepunkter i {kommune}",
        ],
    ),
    "elbiler": (
        Sector.TRANSPORT,
        [
            "Kampagne for elbiler til borgere i {kommune}",
            "Prøv en elbil: udlån til borgere og foreninger",
            "Elbiler i hjemmeplejen",
            "Billigere beboerlicens for elbiler i {kommune}",
            "Elvarebiler til lokale håndværkere",
            "Elektrificering af taxakørsel og flextrafik",
        ],
    ),
    "kommunal-flaade": (
        Sector.TRANSPORT,
        [
            "Fossilfri kommunal bilflåde inden 2030",
            ("Krav om nulemission i kommunens udbud af kørsel", Sector.ORGANISATION),
            "Elektrificering af kommunens servicekøretøjer",
            "Udskiftning af kommunens varebiler til el",
            "Grønne krav til entreprenørers køretøjer",
            "Fælles bilordning og elcykler for kommunens medarbejdere",
        ],
    ),
    "groenne-indkoeb": (
        Sector.CONSUMPTION,
        [
            ("Grøn indkøbspolitik for {kommune}", Sector.ORGANISATION),
            "Klimakrav i udbud af bygge- og anlægsarbejder",
            "Cirkulære møbelindkøb i kommunen",
            ("CO2-beregning af kommunens indkøb", Sector.ORGANISATION),
            "Klimavenlig mad i kommunens køkkener",
            "Totalomkostninger og livscyklus som kriterier i udbud",
        ],
    ),
    "madspild": (
        Sector.CONSUMPTION,
        [
            "Indsamling af madaffald fra alle husstande i {kommune}",
            "Mindre madspild i kommunale institutioner",
            "Madaffald fra erhverv til biogas",
            "Kampagne mod madspild i hjemmet",
            "Mindre madspild i skolernes madordninger",
            "Samarbejde med detailhandlen om overskudsmad",
        ],
    ),
    "transportvaner": (
        Sector.TRANSPORT,
        [
            "Nye cykelstier og bedre cykelparkering i {kommune}",
            "Supercykelsti gennem {kommune}",
            "Kampagne for cykling til skole og arbejde",
            "Bedre forbindelser til kollektiv trafik og stationer",
            "Mobilitetsplan for {kommune}",
            "Samkørsel og pendlerordninger",
            "Færre korte bilture i bymidten",
        ],
    ),
    "samkoersel-erhverv": (
        Sector.TRANSPORT,
        [
            "Samkørselsaftale med en udbyder for borgere i {kommune}",
            "Grønne transportplaner for virksomheder i {kommune}",
            "Samkørselskampagne for kommunens medarbejdere",
            "Netværk for grøn erhvervstransport",
            "Samkørselspladser ved motorvejsramper",
            "Rådgivning om elvarebiler til lokale virksomheder",
        ],
    ),
    "energibesparelser": (
        Sector.ENERGY,
        [
            "Energirenovering af kommunale bygninger",
            "LED-belysning i kommunale bygninger og gadelys",
            "Energirådgivning til boligejere i {kommune}",
            "Energistyring og bedre bygningsdrift",
            "Energibesparelser i almene boliger",
            "Solceller på kommunale tage",
            "Udfasning af oliefyr i {kommune}",
        ],
    ),
    "arealanvendelse": (
        Sector.AGRICULTURE,
        [
            "Udtagning af lavbundsjorde i {kommune}",
            ("Planlægning af arealer til solcelleparker", Sector.ENERGY),
            "Skovrejsning og mere natur i {kommune}",
            ("Screening af mulige placeringer for vindmøller", Sector.ENERGY),
            "Klimavenlig drift af kommunens jorde",
            "Dialog med lodsejere om ekstensivering af landbrugsjord",
        ],
    ),
    "forbrugsaftryk": (
        Sector.CONSUMPTION,
        [
            "Kortlægning af forbrugsbaserede udledninger i {kommune} (scope 3)",
            "Genbrugsbutikker og reparationscaféer",
            "Deleøkonomi: bibliotek for ting",
            "Borgerkampagne om klimavenligt forbrug",
            "Cirkulært byggeri og genbrug af byggematerialer",
            "Grønne arrangementer og events i kommunen",
        ],
    ),
    "tung-transport": (
        Sector.TRANSPORT,
        [
            "Fossilfri bygge- og anlægspladser",
            "Eldrevne arbejdsmaskiner i vej og park",
            "Grønne krav til renovationskørsel",
            "Elbusser på de kommunale buslinjer i {kommune}",
            "Samordnet varelevering i bymidten",
            "Ladeinfrastruktur for tung transport",
        ],
    ),
    "energieffektivisering": (
        Sector.ENERGY,
        [
            "Digital energiovervågning i kommunale bygninger",
            "Energieffektivisering af etageboliger",
            "Benchmarking af energiforbruget i skoler og institutioner",
            "Varmepumper i kommunale bygninger",
            "Energieffektivisering i små og mellemstore virksomheder",
            "Lavere returtemperatur i fjernvarmen",
        ],
    ),
    "ressourcer-biooekonomi": (
        Sector.AGRICULTURE,
        [
            "Biogas fra husdyrgødning og restprodukter",
            "Kompostering og jordforbedring",
            "Haveaffald til biomasse",
            "Bæredygtig bioøkonomi i landbruget",
            ("Genanvendelse af plast og tekstiler", Sector.CONSUMPTION),
            ("Cirkulær ressourceplan for {kommune}", Sector.CONSUMPTION),
        ],
    ),
    "kollektiv-varme": (
        Sector.ENERGY,
        [
            "Udbygning af fjernvarmen i {kommune}",
            "Kollektive varmeløsninger i landsbyer",
            "Termonet i boligområder uden for fjernvarmenettet",
            "Store varmepumper i den kollektive varmeforsyning",
            "Udfasning af naturgas til opvarmning",
            "Overskudsvarme fra datacentre og industri",
        ],
    ),
    "klimatilpasning": (
        Sector.ADAPTATION,
        [
            "Kystbeskyttelse og stormflodssikring",
            "Skybrudssikring af byområder i {kommune}",
            "Lokal afledning af regnvand (LAR)",
            "Naturbaserede løsninger i vandoplandet",
            "Klimatilpasning af veje og kloak",
            "Grønne tage og regnbede på kommunale ejendomme",
        ],
    ),
    "synligt-bidrag": (
        Sector.ORGANISATION,
        [
            "Årligt klimaregnskab for {kommune}",
            "Klimaråd med borgere og erhvervsliv",
            "Kommunens klimabidrag synliggjort på hjemmesiden",
            "Klimabudget i kommunens økonomistyring",
            "Klimaambassadører blandt medarbejderne",
            "Årlig opfølgning på klimaplanen i byrådet",
        ],
    ),
}
# Themes that often go together in one initiative (the second is added when the municipality's
# plan has it too).
RELATED = {
    "ladeinfrastruktur": ["elbiler"],
    "elbiler": ["ladeinfrastruktur"],
    "kommunal-flaade": ["groenne-indkoeb", "tung-transport"],
    "groenne-indkoeb": ["forbrugsaftryk", "kommunal-flaade"],
    "madspild": ["ressourcer-biooekonomi"],
    "transportvaner": ["samkoersel-erhverv"],
    "samkoersel-erhverv": ["transportvaner"],
    "energibesparelser": ["energieffektivisering"],
    "arealanvendelse": ["klimatilpasning"],
    "forbrugsaftryk": ["groenne-indkoeb", "ressourcer-biooekonomi"],
    "tung-transport": ["kommunal-flaade"],
    "energieffektivisering": ["energibesparelser"],
    "ressourcer-biooekonomi": ["madspild"],
    "kollektiv-varme": ["energieffektivisering"],
    "klimatilpasning": ["arealanvendelse"],
    "synligt-bidrag": [],
}
# Joint initiatives: carried by one municipality with 2-5 others.
JOINT_TITLES = {
    "ladeinfrastruktur": "Fælles udbud af offentlige ladestandere",
    "kommunal-flaade": "Fælles indkøb af elbiler til de kommunale flåder",
    "groenne-indkoeb": "Fælles klimakrav i udbud på tværs af kommuner",
    "tung-transport": "Fælles krav om fossilfri arbejdsmaskiner",
    "klimatilpasning": "Fælles klimatilpasning af vandoplandet",
    "kollektiv-varme": "Fælles strategisk varmeplanlægning",
    "energibesparelser": "Fælles energirådgivning til boligejere",
    "madspild": "Fælles anlæg til behandling af madaffald",
    "transportvaner": "Fælles supercykelsti på tværs af kommunegrænser",
    "arealanvendelse": "Fælles planlægning af vedvarende energi på land",
}
JOINT_SHARE = 0.05
NETWORK_SHARE = 0.08
NETWORK_BY_SECTOR = {
    Sector.TRANSPORT: "transport",
    Sector.ENERGY: "energi",
    Sector.CONSUMPTION: "forbrug",
}
UNITS = {
    Sector.ENERGY: ["Byg og Ejendom", "Teknik og Miljø, Energi", "Klimasekretariatet"],
    Sector.TRANSPORT: ["Vej og Trafik", "Teknik og Miljø, Mobilitet", "Indkøb og Flåde"],
    Sector.CONSUMPTION: ["Affald og Genbrug", "Indkøb og Udbud", "Klimasekretariatet"],
    Sector.AGRICULTURE: ["Natur og Landbrug", "Plan og Byg"],
    Sector.ADAPTATION: ["Natur og Vand", "Vej og Park"],
    Sector.ORGANISATION: ["Borgmesterens afdeling", "Klimasekretariatet", "Økonomi og Styring"],
}
# Demo tonnes CO2e/year an initiative of this sector may save in a municipality of size 1.
REDUCTION_RANGE = {
    Sector.ENERGY: (150, 4000),
    Sector.TRANSPORT: (80, 2500),
    Sector.CONSUMPTION: (40, 1200),
    Sector.AGRICULTURE: (100, 3000),
}

STATUS_WEIGHTS = {
    Initiative.Status.IN_PROGRESS: 45,
    Initiative.Status.NOT_STARTED: 15,
    Initiative.Status.COMPLETED: 15,
    Initiative.Status.DELAYED: 12,
    Initiative.Status.ON_HOLD: 8,
    Initiative.Status.CANCELLED: 5,
}
# How long ago an open initiative was last reported on, by the freshness it should show with the
# default thresholds (30/60/180 days).
FRESHNESS_WEIGHTS = {
    Freshness.ON_TIME: 40,
    Freshness.DUE: 22,
    Freshness.LATE: 20,
    Freshness.STALE: 18,
}
LAST_UPDATE_AGE = {
    Freshness.ON_TIME: (1, 27),
    Freshness.DUE: (33, 57),
    Freshness.LATE: (64, 175),
    Freshness.STALE: (190, 360),
}
TASK_TITLES = [
    "Projektbeskrivelse godkendt",
    "Budget afsat",
    "Politisk behandling i udvalget",
    "Kortlægning afsluttet",
    "Borgerinddragelse afholdt",
    "Udbud gennemført",
    "Kontrakt underskrevet",
    "Første etape i drift",
    "Status til byrådet",
    "Evaluering af første år",
]
NOTES = {
    Initiative.Status.NOT_STARTED: ["Opstart planlagt til næste budgetår.", "Afventer budget."],
    Initiative.Status.IN_PROGRESS: [
        "Arbejdet skrider frem som planlagt.",
        "Projektgruppen er nedsat og har holdt opstartsmøde.",
        "Udbuddet er sendt ud; tilbud forventes inden for to måneder.",
        "Første delprojekt er afsluttet.",
        "Dialog med forsyningen og de berørte borgere er i gang.",
    ],
    Initiative.Status.DELAYED: [
        "Forsinket: leverandøren kan først levere til næste år.",
        "Forsinket: afventer politisk behandling.",
        "Forsinket: budgettet genforhandles.",
    ],
    Initiative.Status.COMPLETED: ["Indsatsen er gennemført og overgået til drift."],
    Initiative.Status.ON_HOLD: ["Sat i bero til næste budgetår."],
    Initiative.Status.CANCELLED: ["Opgivet; indsatsen indgår nu i en bredere indsats."],
}
# (name, unit, direction, theme, level in a municipality of size 1 in 2015, yearly change)
INDICATORS = [
    ("Antal offentlige ladepunkter", "stk.", "increase", "ladeinfrastruktur", 8, 0.45),
    ("Energiforbrug i kommunale bygninger", "MWh", "decrease", "energibesparelser", 24000, -0.02),
    ("Andel elbiler i kommunens flåde", "%", "increase", "kommunal-flaade", 3, 0.3),
    ("Madaffald indsamlet til biogas", "ton", "increase", "madspild", 600, 0.12),
    ("Antal oliefyr i kommunen", "stk.", "decrease", "kollektiv-varme", 900, -0.09),
    ("Cykeltrafik ved tællestationer", "cykler pr. døgn", "increase", "transportvaner", 4000, 0.02),
    ("Solceller på kommunale tage", "kWp", "increase", "energibesparelser", 60, 0.35),
]
INDICATOR_YEARS = range(2015, 2025)


def seed(*, rng: random.Random, scale: int) -> list[str]:
    municipalities = list(Municipality.objects.order_by("code"))
    themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=THEMES)}
    if len(municipalities) != 29 or len(themes) != len(THEMES):
        raise CommandError("Referencedata mangler: kør først `manage.py load_reference_data`.")
    if Plan.objects.exists():
        # Demo plans never mix with plans already there (real ones, or demo plans left behind).
        return ["Der findes allerede klimaplaner; ingen demoplaner eller -indsatser oprettet"]
    coordinators = {
        c.municipality_id: c.user
        for c in Coordinator.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("user")
        .order_by("pk")
    }
    plan_themes = choose_plan_themes(rng, municipalities, themes)
    # A fixed mix of plan states, shuffled over the municipalities: most adopted, a few due for
    # revision within a year (one overdue), a couple under revision, some not yet adopted.
    kinds = ["due"] * 4 + ["overdue", "submitted"] + ["revision", "capf"] * 2
    kinds += ["adopted"] * (len(municipalities) - len(kinds))
    rng.shuffle(kinds)
    plans = {
        m.pk: create_plans(rng, m, kind) for m, kind in zip(municipalities, kinds, strict=True)
    }
    counts = dict.fromkeys(("initiatives", "joint", "tasks", "updates"), 0)
    by_network: dict[str, list[Initiative]] = {slug: [] for slug in NETWORK_BY_SECTOR.values()}
    by_theme: dict[int, dict[str, list[Initiative]]] = {}
    for municipality in municipalities:
        by_theme[municipality.pk] = create_initiatives(
            rng,
            scale=scale,
            plan=plans[municipality.pk],
            coordinator=coordinators.get(municipality.pk),
            slugs=plan_themes[municipality.pk],
            plan_themes=plan_themes,
            municipalities=municipalities,
            themes=themes,
            counts=counts,
            by_network=by_network,
        )
    link_networks(by_network)
    indicators, values = create_indicators(rng, municipalities, by_theme)
    superseded = Plan.objects.filter(superseded_by__isnull=False).count()
    return [
        f"{len(municipalities)} klimaplaner (og {superseded} tidligere versioner)",
        f"{counts['initiatives']} indsatser, heraf {counts['joint']} fælles, "
        f"{sum(len(v) for v in by_network.values())} knyttet til netværk",
        f"{counts['tasks']} milepæle og {counts['updates']} statusopdateringer",
        f"{indicators} indikatorer med {values} værdier og mål",
    ]


def choose_plan_themes(
    rng: random.Random, municipalities: list[Municipality], themes: dict[str, Theme]
) -> dict[int, list[str]]:
    """Which themes each municipality's plan has. A "blik på tværs" theme goes to as many
    municipalities as its reference share says, so the computed shares land near the reference."""
    chosen: dict[int, list[str]] = {m.pk: [] for m in municipalities}
    for slug in THEMES:
        share = themes[slug].reference_share
        count = round(len(municipalities) * share / 100) if share else rng.randint(10, 24)
        for municipality in rng.sample(municipalities, count):
            chosen[municipality.pk].append(slug)
    # Enough themes that 40 initiatives need not repeat a title.
    for slugs in chosen.values():
        missing = [
            slug for slug in THEMES if slug not in slugs and not themes[slug].reference_share
        ]
        rng.shuffle(missing)
        slugs.extend(missing[: max(0, 8 - len(slugs))])
    return {pk: [slug for slug in THEMES if slug in slugs] for pk, slugs in chosen.items()}


def create_plans(rng: random.Random, municipality: Municipality, kind: str) -> Plan:
    """The current plan; a municipality whose plan is under revision also gets the earlier,
    superseded version."""
    today = timezone.localdate()
    # A plan adopted on this day is due for revision today.
    due_date = today - timedelta(days=round(365.25 * REVISION_INTERVAL_YEARS))
    title = f"DK2020-klimaplan for {municipality.official_name}"
    targets = {
        # Most plans aim at the national 70 %, some lower, a few higher.
        "reduction_target_2030": Decimal(rng.choice([50, 55, 60, 65, 70, 70, 70, 70, 75, 80])),
        "net_zero_year": rng.choice([2035, 2040, 2045, 2045, 2050, 2050]),
        "baseline_year": 1990,
        "baseline_emissions": Decimal(
            round(DEMO_SIZE.get(municipality.code, 1.0) * rng.uniform(170_000, 250_000), -2)
        ),
    }
    earlier = None
    if kind == "revision":
        adopted = due_date - timedelta(days=rng.randint(100, 450))
        earlier = Plan.objects.create(
            municipality=municipality,
            version=1,
            title=f"{title} (demo)",
            status=Plan.Status.ADOPTED,
            adopted_on=adopted,
            capf_approved_on=adopted - timedelta(days=rng.randint(20, 120)),
            **targets,
        )
        assess(earlier, CapfAssessment.State.MET)
        targets["reduction_target_2030"] = min(
            Decimal(80), targets["reduction_target_2030"] + rng.randint(0, 10)
        )
    offset = {
        "adopted": (380, 1150),
        "due": (15, 340),
        "overdue": (-200, -30),
        "capf": (1150, 1400),
        "submitted": (1300, 1450),
    }.get(kind, (0, 0))
    adopted_on = due_date + timedelta(days=rng.randint(*offset))
    status = {
        "revision": Plan.Status.UNDER_REVISION,
        "capf": Plan.Status.CAPF_APPROVED,
        "submitted": Plan.Status.SUBMITTED,
    }.get(kind, Plan.Status.ADOPTED)
    plan = Plan.objects.create(
        municipality=municipality,
        version=2 if earlier else 1,
        title=f"{title}, revideret udgave (demo)" if earlier else f"{title} (demo)",
        status=status,
        adopted_on=adopted_on if status == Plan.Status.ADOPTED else None,
        capf_approved_on=(
            adopted_on - timedelta(days=rng.randint(20, 120))
            if status in (Plan.Status.ADOPTED, Plan.Status.CAPF_APPROVED)
            else None
        ),
        supersedes=earlier,
        **targets,
    )
    if status in (Plan.Status.ADOPTED, Plan.Status.CAPF_APPROVED):
        assess(plan, CapfAssessment.State.MET)
    elif status == Plan.Status.SUBMITTED:
        assess(plan, CapfAssessment.State.IN_PROGRESS)
    else:  # under revision: the revised parts are being assessed again
        assess(plan, CapfAssessment.State.MET, revised=rng.sample(list(CapfElement), 2))
    return plan


def assess(plan: Plan, state: str, revised: Iterable[str] = ()) -> None:
    for element in CapfElement:
        CapfAssessment.objects.create(
            plan=plan,
            element=element,
            state=CapfAssessment.State.IN_PROGRESS if element in revised else state,
            note="Demodata: revideres i den nye udgave af planen." if element in revised else "",
        )


def create_initiatives(
    rng: random.Random,
    *,
    scale: int,
    plan: Plan,
    coordinator,
    slugs: list[str],
    plan_themes: dict[int, list[str]],
    municipalities: list[Municipality],
    themes: dict[str, Theme],
    counts: dict[str, int],
    by_network: dict[str, list[Initiative]],
) -> dict[str, list[Initiative]]:
    """20-40 initiatives (times scale) in the plan, every theme of the plan at least once."""
    municipality = plan.municipality
    staff = [demo_contact(rng, municipality) for _ in range(rng.randint(3, 5))]
    unused = {slug: list(THEMES[slug][1]) for slug in slugs}
    for templates in unused.values():
        rng.shuffle(templates)
    count = rng.randint(20, 40) * scale
    order = slugs + [rng.choice(slugs) for _ in range(count - len(slugs))]
    by_theme: dict[str, list[Initiative]] = {slug: [] for slug in slugs}
    seen: dict[str, int] = {}
    for slug in order:
        joint_with = []
        if slug in JOINT_TITLES and rng.random() < JOINT_SHARE:
            others = [m for m in municipalities if m != municipality and slug in plan_themes[m.pk]]
            joint_with = rng.sample(others, min(len(others), rng.randint(2, 5)))
        if joint_with:
            title, sector = f"{JOINT_TITLES[slug]} ({municipality.name} m.fl.)", THEMES[slug][0]
        else:
            if not unused[slug]:  # this theme's titles are used up: take another theme's
                slug = next((s for s in slugs if unused[s]), slug)
            template = unused[slug].pop() if unused[slug] else rng.choice(THEMES[slug][1])
            template, sector = (
                template if isinstance(template, tuple) else (template, THEMES[slug][0])
            )
            title = template.format(kommune=municipality.name)
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title}, etape {seen[title]}"
        extra = [s for s in RELATED[slug] if s in slugs and rng.random() < 0.3]
        initiative = create_initiative(
            rng,
            plan=plan,
            title=title,
            sector=sector,
            themes=[themes[slug]] + [themes[s] for s in extra if not joint_with],
            contact=rng.choice(staff),
            coordinator=coordinator,
            counts=counts,
        )
        if joint_with:
            initiative.participants.add(*joint_with)
            counts["joint"] += 1
        network = NETWORK_BY_SECTOR.get(sector)
        if network and rng.random() < NETWORK_SHARE:
            by_network[network].append(initiative)
        by_theme[slug].append(initiative)
    return by_theme


def demo_contact(rng: random.Random, municipality: Municipality) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    local = f"{first}.{last}.{municipality.code}".lower()
    for letter, ascii_letters in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        local = local.replace(letter, ascii_letters)
    return f"{first} {last} (demo)", f"{local}@{DEMO_DOMAIN}"


def create_initiative(
    rng: random.Random,
    *,
    plan: Plan,
    title: str,
    sector: str,
    themes: list[Theme],
    contact: tuple[str, str],
    coordinator,
    counts: dict[str, int],
) -> Initiative:
    """One initiative whose status, phase, percent, years, tasks and updates agree."""
    now = timezone.now()
    today = timezone.localdate()
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    S = Initiative.Status
    percent = {
        S.NOT_STARTED: 0,
        S.COMPLETED: 100,
        S.IN_PROGRESS: 5 * rng.randint(2, 18),
        S.DELAYED: 5 * rng.randint(1, 14),
        S.ON_HOLD: 5 * rng.randint(0, 10),
        S.CANCELLED: 5 * rng.randint(0, 6),
    }[status]
    if status == S.COMPLETED:
        phase = rng.choice([Initiative.Phase.OPERATION, Initiative.Phase.EVALUATION])
        start = rng.randint(2019, 2023)
        end = rng.randint(max(start, 2021), today.year)
    elif status == S.NOT_STARTED:
        phase = rng.choice([Initiative.Phase.IDEA, Initiative.Phase.PLANNING])
        start = rng.randint(today.year, today.year + 2)
        end = start + rng.randint(1, 4)
    else:
        phase = (
            Initiative.Phase.PLANNING
            if percent < 25 or status in (S.ON_HOLD, S.CANCELLED)
            else Initiative.Phase.IMPLEMENTATION
            if percent < 85
            else Initiative.Phase.OPERATION
        )
        start = rng.randint(2020, today.year - (1 if percent >= 50 else 0))  # well along: begun
        end = rng.randint(max(start + 1, today.year), 2030)
    size = DEMO_SIZE.get(plan.municipality.code, 1.0)
    low, high = REDUCTION_RANGE.get(sector, (0, 0))
    reduction = (
        Decimal(round(rng.uniform(low, high) * size**0.7, -1))
        if high and rng.random() < 0.85
        else None
    )
    # What the municipality last reported, and when: this spreads freshness over all its levels
    # (a stale one without any report has no update yet).
    freshness = rng.choices(list(FRESHNESS_WEIGHTS), weights=list(FRESHNESS_WEIGHTS.values()))[0]
    if status in (S.COMPLETED, S.CANCELLED):
        freshness = Freshness.ON_TIME if rng.random() < 0.6 else Freshness.LATE
    newest = rng.randint(*LAST_UPDATE_AGE[freshness])
    reports = rng.randint(0, 2) if freshness == Freshness.STALE else rng.randint(1, 6)
    earlier = rng.sample(range(newest + 1, 366), max(0, reports - 1))  # one report a day at most
    ages = sorted([newest, *earlier], reverse=True)
    moments = [at(today - timedelta(days=age), rng) for age in ages] if reports else []
    initiative = Initiative.objects.create(
        plan=plan,
        title=f"{title} (demo)",
        description=(
            f"Demodata: {title}. Et opdigtet eksempel på en indsats under temaet "
            f"»{themes[0].name}« i klimaplanen for {plan.municipality.official_name}."
        ),
        sector=sector,
        status=status,
        phase=phase,
        percent_done=percent,
        expected_reduction=reduction,
        start_year=start,
        end_year=end,
        responsible_unit=rng.choice(UNITS[sector]),
        contact_name=contact[0],
        contact_email=contact[1],
        created_at=now - timedelta(days=rng.randint(400, 1400)),
        last_update_at=moments[-1] if moments else None,
    )
    initiative.themes.add(*themes)
    counts["initiatives"] += 1
    earlier_status = S.IN_PROGRESS if percent else S.NOT_STARTED
    for index, moment in enumerate(moments):
        last = index == len(moments) - 1
        share = (index + 1) / len(moments)
        ProgressUpdate.objects.create(
            initiative=initiative,
            date=moment.date(),
            status=status if last else earlier_status,
            percent_done=percent if last else 5 * round(percent * share / 5),
            note=rng.choice(NOTES[status if last else earlier_status]),
            author=coordinator,
            created_at=moment,
        )
        counts["updates"] += 1
    counts["tasks"] += create_tasks(rng, initiative, responsible=contact[0])
    return initiative


def create_tasks(rng: random.Random, initiative: Initiative, *, responsible: str) -> int:
    """1-4 milestones: finished ones done, open ones ahead, and now and then one past its date."""
    today = timezone.localdate()
    titles = rng.sample(TASK_TITLES, rng.randint(1, 4))
    titles.sort(key=TASK_TITLES.index)
    S = Initiative.Status
    done = {
        S.COMPLETED: len(titles),
        S.CANCELLED: len(titles),
        S.NOT_STARTED: 0,
    }.get(initiative.status, round(len(titles) * initiative.percent_done / 100))
    for index, title in enumerate(titles):
        if index < done:
            due = today - timedelta(days=rng.randint(60, 700))
            completed = due + timedelta(days=rng.randint(-20, 30))
            completed = min(completed, today)
        elif (
            index == done
            and initiative.status in (S.DELAYED, S.IN_PROGRESS, S.ON_HOLD)
            and (initiative.status == S.DELAYED or rng.random() < 0.3)
        ):
            due, completed = today - timedelta(days=rng.randint(5, 150)), None  # late
        else:
            due, completed = today + timedelta(days=rng.randint(20, 500)), None
        Task.objects.create(
            initiative=initiative,
            title=title,
            due_date=due,
            completed_on=completed,
            responsible=responsible,
        )
    return len(titles)


def at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15), rng.randint(0, 59))))


def link_networks(by_network: dict[str, list[Initiative]]) -> None:
    # actionplans sits below networks, so it reaches the Network model through the relation.
    network_model = Initiative._meta.get_field("networks").related_model
    for network in network_model.objects.filter(slug__in=by_network).order_by("slug"):
        network.initiatives.add(*by_network[network.slug])


def create_indicators(
    rng: random.Random,
    municipalities: list[Municipality],
    by_theme: dict[int, dict[str, list[Initiative]]],
) -> tuple[int, int]:
    """2-4 indicators per municipality with goals for 2025 and 2030 and values 2015-2024."""
    goals: list[IndicatorGoal] = []
    values: list[IndicatorValue] = []
    indicators = 0
    for municipality in municipalities:
        size = DEMO_SIZE.get(municipality.code, 1.0)
        own = by_theme[municipality.pk]
        fitting = [row for row in INDICATORS if row[3] in own] or INDICATORS
        for name, unit, direction, slug, level, change in rng.sample(
            fitting, min(len(fitting), rng.randint(2, 4))
        ):
            initiatives = own.get(slug)
            indicator = Indicator.objects.create(
                municipality=municipality,
                initiative=rng.choice(initiatives) if initiatives and rng.random() < 0.5 else None,
                name=f"{name} (demo)",
                unit=unit,
                direction=direction,
                description=f"Demodata: {name.lower()} i {municipality.name}, opdigtede tal.",
            )
            indicators += 1
            start = level if unit == "%" else level * size * rng.uniform(0.7, 1.3)
            value = start
            for year in INDICATOR_YEARS:
                values.append(
                    IndicatorValue(indicator=indicator, year=year, value=amount(value, unit))
                )
                step = change * rng.uniform(0.6, 1.4)
                value = value + step * 10 if unit == "%" else value * (1 + step)
            for year, ahead in ((2025, 1), (2030, 6)):
                goal = value + change * 12 * ahead if unit == "%" else value * (1 + change) ** ahead
                goals.append(
                    IndicatorGoal(indicator=indicator, year=year, value=amount(goal, unit))
                )
    # Bulk writes for speed: the history of invented indicator values has no value.
    IndicatorValue.objects.bulk_create(values)
    IndicatorGoal.objects.bulk_create(goals)
    return indicators, len(values) + len(goals)


def amount(value: float, unit: str) -> Decimal:
    value = max(0.0, min(value, 100.0) if unit == "%" else value)
    return Decimal(str(round(value, 1)))
