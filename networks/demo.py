"""Demo members, work plans, activities and attendance for the three networks.

Everything here is invented and marked: contacts are demo names at demo.invalid, titles and work
plans end "(demo)". The networks themselves and the VIP projects are reference data, and nothing
is written onto them that a user could not tell from a fact: no focus themes and no lead flags
(a theme or a "tovholder" badge carries no "(demo)" mark), since the sources name neither.
Initiatives are linked to the networks by actionplans/demo.py already, so none are linked here.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from actionplans.demo import demo_contact
from municipalities.models import Municipality, Organisation

from .models import Activity, Attendance, Network, NetworkMember, WorkPlan

ACTIVITY_TITLES = {
    "transport": [
        (Activity.Kind.MEETING, "Netværksmøde om ladeinfrastruktur"),
        (Activity.Kind.WEBINAR, "Webinar: udbudskrav til den kommunale flåde"),
        (Activity.Kind.WORKSHOP, "Workshop om borgernes transportvaner"),
        (Activity.Kind.SITE_VISIT, "Ekskursion til et depot for eldrevne lastbiler"),
        (Activity.Kind.MEETING, "Netværksmøde om tung transport"),
        (Activity.Kind.WEBINAR, "Webinar: delebiler i mindre byer"),
    ],
    "energi": [
        (Activity.Kind.MEETING, "Netværksmøde om energirenovering"),
        (Activity.Kind.WORKSHOP, "Workshop om kollektiv varme uden for fjernvarmen"),
        (Activity.Kind.WEBINAR, "Webinar: solceller på kommunale tage"),
        (Activity.Kind.SITE_VISIT, "Ekskursion til et varmepumpeanlæg"),
        (Activity.Kind.MEETING, "Netværksmøde om arealer til energianlæg"),
    ],
    "forbrug": [
        (Activity.Kind.MEETING, "Netværksmøde om grønne indkøb"),
        (Activity.Kind.WORKSHOP, "Workshop om forbrugsbaserede udledninger"),
        (Activity.Kind.WEBINAR, "Webinar: mindre madspild i kommunale køkkener"),
        (Activity.Kind.CONFERENCE, "Temadag om cirkulært byggeri"),
        (Activity.Kind.MEETING, "Netværksmøde om genbrug og reparation"),
    ],
}
PLACES = ["Rådhuset, mødelokale 2", "Kommunens administrationsbygning", "Regionsgården"]


def seed(*, rng: random.Random, scale: int) -> list[str]:
    municipalities = list(Municipality.objects.select_related("organisation").order_by("code"))
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("name").first()
    this_year = timezone.localdate().year
    counts = {"members": 0, "activities": 0, "attendance": 0}
    for network in Network.objects.order_by("slug"):
        members = create_members(rng, network, municipalities, region)
        counts["members"] += len(members)
        WorkPlan.objects.update_or_create(
            network=network,
            year=this_year,
            defaults={"text": work_plan_text(network, this_year)},
        )
        for _ in range(rng.randint(8, 12) * scale):
            _activity, attended = create_activity(rng, network, members)
            counts["activities"] += 1
            counts["attendance"] += attended
    return [
        f"Netværk: {counts['members']} medlemmer, {counts['activities']} aktiviteter, "
        f"{counts['attendance']} fremmøderegistreringer (demo)"
    ]


def create_members(rng, network, municipalities, region) -> list[NetworkMember]:
    chosen = rng.sample(municipalities, k=min(len(municipalities), rng.randint(10, 18)))
    members = []
    for municipality in sorted(chosen, key=lambda m: m.code):
        name, email = demo_contact(rng, municipality)
        member, _ = NetworkMember.objects.get_or_create(
            network=network,
            organisation=municipality.organisation,
            defaults={"contact_name": name, "contact_email": email},
        )
        members.append(member)
    if region:
        member, _ = NetworkMember.objects.get_or_create(
            network=network,
            organisation=region,
            defaults={"contact_name": "Regional kontakt (demo)"},
        )
        members.append(member)
    return members


def work_plan_text(network: Network, year: int) -> str:
    return (
        f"Arbejdsplan for {network.name} {year} (demo)\n\n"
        "1. Fire netværksmøder om året på skift mellem medlemmerne.\n"
        "2. Erfaringsudveksling om indsatserne i medlemmernes klimaplaner.\n"
        "3. Et fælles webinar med oplæg udefra.\n\n"
        "Teksten er demodata og ikke netværkets egentlige arbejdsplan."
    )


def create_activity(rng, network, members) -> tuple[Activity, int]:
    kind, title = rng.choice(ACTIVITY_TITLES.get(network.slug, ACTIVITY_TITLES["transport"]))
    day = timezone.localdate() + timedelta(days=rng.randint(-330, 330))
    starts_at = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 13]))))
    online = kind == Activity.Kind.WEBINAR
    host = rng.choice(members)
    activity = Activity.objects.create(
        network=network,
        kind=kind,
        title=f"{title} (demo)",
        description="Demodata: en opdigtet aktivitet til at vise portalen.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=rng.choice([2, 3, 6])),
        location="" if online else f"{host.organisation.name}, {rng.choice(PLACES)}",
        online_url="https://example.invalid/webinar" if online else "",
        organiser=f"{network.name}-netværket og Klimaalliancens sekretariat",
        audience="Klimakoordinatorer og fagmedarbejdere i kommunerne",
    )
    attended = 0
    if starts_at < timezone.now():
        for member in rng.sample(members, k=min(len(members), rng.randint(3, 8))):
            Attendance.objects.create(
                activity=activity,
                organisation=member.organisation,
                participants=rng.randint(1, 6),
            )
            attended += 1
    return activity, attended
