"""Demo members of the regional bodies and a year of their meetings, with agendas, small
generated attachments and a published pack for the political steering group's next meeting;
and three development tracks."""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from weasyprint import HTML

from actionplans.models import Theme
from alliance.models import User
from municipalities.demo import FIRST_NAMES, LAST_NAMES, demo_user
from municipalities.models import Municipality, Organisation
from networks.models import KnowledgeResource, Network

from .models import (
    AgendaAttachment,
    AgendaItem,
    Body,
    DevelopmentTrack,
    FollowUp,
    Meeting,
    Membership,
    Role,
)

# How many demo meetings a year each regional body gets, where the sources give no number.
DEMO_MEETINGS_PER_YEAR = {"administrativ-styregruppe": 4, "folgegruppe": 4, "projektgruppe": 10}
PLACES = ["Gate 21, Albertslund", "Regionsgården, Hillerød", "Online (Teams)"]


def seed(*, rng: random.Random, scale: int) -> list[str]:
    regional = list(Body.objects.filter(level=Body.Level.REGIONAL))
    attachments: dict[str, bytes] = {}
    today = timezone.localdate()
    member = demo_user("medlem", "Medlem af styregruppen")
    political = Body.objects.get(slug="politisk-styregruppe")
    Membership.objects.create(
        body=political,
        user=member,
        person_name=member.name,
        role=Role.MEMBER,
        start=today - timedelta(days=400),
    )
    memberships = 1
    for body in regional:
        for index in range(3):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (demo)"
            Membership.objects.create(
                body=body,
                person_name=name,
                role=Role.CHAIR if index == 0 else Role.MEMBER,
                start=today - timedelta(days=rng.randint(100, 900)),
            )
            memberships += 1
    meetings = 0
    for body in regional:
        per_year = body.meetings_per_year or DEMO_MEETINGS_PER_YEAR.get(body.slug, 4)
        count = per_year * scale
        for index in range(count):
            # Spread over the year from four months ago: both past and coming meetings.
            offset = -120 + (365 * scale) * (index + 0.5) / count
            day = today + timedelta(days=int(offset) + rng.randint(0, 6))
            while day.weekday() >= 5:
                day += timedelta(days=1)
            starts = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 13]), 0)))
            meeting = Meeting.objects.create(
                body=body,
                title=f"Møde i {body.name} (demo)",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                location=rng.choice(PLACES),
            )
            _agenda(meeting, rng=rng, attachments=attachments)
            meetings += 1
    published = _publish_next_pack(political)
    tracks = seed_tracks(rng=rng, today=today)
    plan = seed_activity_plan(rng=rng, today=today)
    return [
        f"{memberships} medlemskaber og {meetings} møder i de regionale organer, med dagsordener",
        f"mødepakke udgivet til {published}" if published else "ingen mødepakke udgivet",
        f"{tracks} klimaudviklingsspor",
        f"aktivitetsplan for {plan.year} (kladde) med {plan.activities.count()} aktiviteter"
        if plan
        else "ingen aktivitetsplan",
    ]


# Agenda items a regional body could have (invented for the demo): title, kind, recommendation.
DEMO_ITEMS = [
    ("Godkendelse af dagsorden", AgendaItem.Kind.DECISION, "Dagsordenen godkendes."),
    (
        "Status på kommunernes klimaplaner",
        AgendaItem.Kind.ORIENTATION,
        "Orienteringen tages til efterretning.",
    ),
    (
        "Udkast til aktivitetsplan for næste år",
        AgendaItem.Kind.DECISION,
        "Udkastet godkendes og sendes videre til Politisk styregruppe.",
    ),
    (
        "Netværkernes arbejde: erfaringer fra årets aktiviteter",
        AgendaItem.Kind.DISCUSSION,
        "Styregruppen drøfter, hvilke temaer netværkene skal prioritere.",
    ),
    (
        "Fælles ansøgning om midler til ladeinfrastruktur",
        AgendaItem.Kind.DECISION,
        "Sekretariatet arbejder videre med en fælles ansøgning.",
    ),
    ("Kommunikationsstrategi", AgendaItem.Kind.DISCUSSION, ""),
    ("Eventuelt", AgendaItem.Kind.ORIENTATION, ""),
]


def _demo_pdf(title: str) -> bytes:
    html = (
        '<style>@page { size: A4; margin: 25mm } body { font-family: "DejaVu Sans", sans-serif }'
        "</style>"
        f"<h1>{title}</h1><p>Demobilag, opfundet til portalens demodata.</p>"
        "<p>Klimaalliancen i Hovedstadsregionen</p>"
    )
    return HTML(string=html).write_pdf()


def _agenda(meeting: Meeting, *, rng: random.Random, attachments: dict[str, bytes]) -> None:
    """Four or five items; past meetings are held with decisions on their decision items."""
    chosen = [DEMO_ITEMS[0], *rng.sample(DEMO_ITEMS[1:-1], 3), DEMO_ITEMS[-1]]
    past = meeting.starts_at < timezone.now()
    for position, (title, kind, recommendation) in enumerate(chosen, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=f"{title} (demo)",
            kind=kind,
            recommendation=recommendation,
            case_text="Sagsfremstilling til demo: sekretariatet beskriver sagen her."
            if recommendation
            else "",
            responsible="Sekretariatet",
            minutes_allotted=rng.choice([10, 15, 20, 30]),
            outcome=AgendaItem.Outcome.APPROVED if past and kind == "decision" else "",
            decision_text="Godkendt som indstillet (demo)." if past and kind == "decision" else "",
            decided_at=meeting.starts_at if past and kind == "decision" else None,
        )
        if past and title.startswith("Fælles ansøgning"):
            due = timezone.localdate(meeting.starts_at) + timedelta(days=45)
            FollowUp.objects.create(
                item=item,
                description="Samle de interesserede kommuner til et fælles møde (demo)",
                responsible="Sekretariatet",
                due=due,
                state=FollowUp.State.DONE if due < timezone.localdate() else FollowUp.State.OPEN,
                done_at=due if due < timezone.localdate() else None,
            )
        if recommendation and position in (2, 3):
            content = attachments.setdefault(title, _demo_pdf(title))
            attachment = AgendaAttachment(
                item=item,
                title=f"Notat: {title.lower()}",
                original_name="notat.pdf",
                is_pdf=True,
                page_count=1,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            attachment.file.save("notat.pdf", ContentFile(content), save=False)
            attachment.save()
    if past:
        meeting.state = Meeting.State.HELD
        meeting.save(update_fields=["state"])


def _publish_next_pack(body: Body) -> str:
    """Build and publish the pack of the body's next meeting, so the demo member has one; none
    if it has one already (a seed run again)."""
    from alliance.services import enqueue_job, execute_job

    from .services.packs import PACK_JOB, publish_pack

    meeting = body.meetings.upcoming().first()
    if meeting is None or meeting.is_published:
        return ""
    secretariat = User.objects.filter(is_secretariat=True).first()
    job = enqueue_job(kind=PACK_JOB, subject=meeting, requested_by=secretariat)
    execute_job(job_id=job.pk)
    publish_pack(meeting=meeting, by=secretariat, notify=False)
    return str(meeting)


def seed_tracks(*, rng: random.Random, today) -> int:
    """Three invented development tracks in different states: an idea, one approved by the
    Forretningsudvalg, and a closed one with its evaluation and a knowledge product in the
    library. All titles end "(demo)"."""
    if DevelopmentTrack.objects.filter(title__endswith="(demo)").exists():
        return 0
    State = DevelopmentTrack.State
    municipalities = [m.organisation for m in Municipality.objects.select_related("organisation")]
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("name").first()
    deciding = Body.objects.filter(slug="forretningsudvalg").first() or Body.objects.first()

    def participants(count: int) -> list:
        chosen = rng.sample(municipalities, min(count, len(municipalities)))
        return chosen + ([region] if region else [])

    idea = DevelopmentTrack.objects.create(
        title="Fælles udbud af eldrevne arbejdsmaskiner (demo)",
        problem="Kommunerne køber få arbejdsmaskiner hver, og markedet for eldrevne er lille. (demo)",
        ambition="Et fælles udbud, der giver leverandørerne et samlet marked. (demo)",
        state=State.IDEA,
    )
    idea.participants.set(rng.sample(municipalities, min(2, len(municipalities))))
    approved = DevelopmentTrack.objects.create(
        title="Samkørsel på tværs af kommunegrænser (demo)",
        problem="Pendlere kører sjældent sammen, når turen krydser en kommunegrænse. (demo)",
        ambition="En fælles model for samkørselsaftaler, som flere kommuner kan bruge. (demo)",
        development_element="Afprøvning af en fælles aftale i fire kommuner i et år. (demo)",
        knowledge_partner="Et universitet (demo)",
        budget=1_200_000,
        state=State.APPROVED,
        decided_by=deciding,
        decided_on=today - timedelta(days=45),
    )
    approved.participants.set(participants(4))
    closed = DevelopmentTrack.objects.create(
        title="Varmepumper i etageboliger uden fjernvarme (demo)",
        problem="Etageboliger uden for fjernvarmen mangler en fælles vej væk fra gasfyr. (demo)",
        ambition="Et beslutningsgrundlag, som boligorganisationer og kommuner kan bruge. (demo)",
        development_element="Demonstration af store varmepumper i tre boligafdelinger. (demo)",
        knowledge_partner="Et rådgivende ingeniørfirma (demo)",
        budget=2_500_000,
        state=State.CLOSED,
        decided_by=deciding,
        decided_on=today - timedelta(days=700),
        evaluation=(
            "Demonstrationen nåede sine mål i to af de tre boligafdelinger; i den tredje blev "
            "anlægget forsinket af myndighedsbehandlingen. (demo)"
        ),
        other_products="Oplæg på netværksmødet om energirenovering (demo)",
    )
    closed.participants.set(participants(3))
    report = KnowledgeResource.objects.create(
        title="Erfaringer med varmepumper i etageboliger (demo)",
        slug="erfaringer-med-varmepumper-i-etageboliger-demo",
        summary=(
            "Opsamling fra klimaudviklingssporet om store varmepumper i etageboliger uden for "
            "fjernvarmen: forløb, økonomi og de forhindringer, boligafdelingerne mødte. (demo)"
        ),
        kind=KnowledgeResource.Kind.ANALYSIS,
        source=KnowledgeResource.Source.TRACK,
        source_note="Skrevet af sporets videnspartner ved afslutningen (demo)",
        network=Network.objects.filter(slug="energi").first(),
        year=(today - timedelta(days=60)).year,
    )
    report.themes.set(Theme.objects.filter(slug__in=["kollektiv-varme", "energieffektivisering"]))
    closed.knowledge_resources.add(report)
    return 3


# Activities of the demo activity plan (invented): title, network slug or None, work topic slug or
# None, quarters, staff years, kroner.
DEMO_ACTIVITIES = [
    ("Netværksmøder i Transport (demo)", "transport", None, (1, 2, 3, 4), "0.40", 30000),
    (
        "Netværksmøder i Energi (demo)",
        "energi",
        "energieffektivisering",
        (1, 2, 3, 4),
        "0.40",
        30000,
    ),
    ("Netværksmøder i Forbrug (demo)", "forbrug", "forbrugsaftryk", (1, 2, 3, 4), "0.40", 30000),
    ("Webinar om kollektiv varme (demo)", None, "kollektiv-varme", (2,), "0.15", 10000),
    ("Årskonference for kommunerne (demo)", None, None, (4,), "0.60", 90000),
    ("Fælles ansøgninger om EU-midler (demo)", None, "klimatilpasning", (1, 3), "0.50", 20000),
]


def seed_activity_plan(*, rng: random.Random, today):
    """A draft activity plan for the current year: the frame from the alliance's contributions
    (reference data, through fundraising's frame source) and invented activities marked (demo)."""
    from decimal import Decimal

    from actionplans.models import Initiative

    from .models import ActivityPlan, PlannedActivity
    from .services.activityplan import create_plan, save_activity

    if ActivityPlan.objects.filter(year=today.year).exists():
        return None
    secretariat = User.objects.filter(is_secretariat=True).first()
    plan = create_plan(year=today.year, by=secretariat)
    plan.introduction = (
        f"Aktivitetsplanen for {today.year} beskriver, hvad projektgruppen vil arbejde med i året, "
        "inden for den budgetramme, partnerne stiller til rådighed. (demo)"
    )
    plan.priorities = (
        "Netværkene skal bære mere af arbejdet, og flere kommuner skal gå sammen om fælles "
        "ansøgninger. (demo)"
    )
    plan.save()
    networks = {n.slug: n for n in Network.objects.all()}
    topics = {t.slug: t for t in Theme.objects.filter(kind=Theme.Kind.WORK_TOPIC)}
    initiatives = list(Initiative.objects.order_by("pk")[:40])
    tracks = list(DevelopmentTrack.objects.filter(title__endswith="(demo)"))
    for title, network, topic, quarters, years, dkk in DEMO_ACTIVITIES:
        activity = PlannedActivity(
            plan=plan,
            title=title,
            purpose="Formålet beskrives her af projektgruppen. (demo)",
            network=networks.get(network) if network else None,
            work_topic=topics.get(topic) if topic else None,
            responsible="Sekretariatet (demo)",
            staff_years=Decimal(years),
            dkk=Decimal(dkk),
            **{f"q{n}": n in quarters for n in (1, 2, 3, 4)},
        )
        save_activity(
            activity=activity,
            by=secretariat,
            initiatives=rng.sample(initiatives, min(2, len(initiatives))) if network else [],
            tracks=tracks[:1] if topic == "kollektiv-varme" else [],
        )
    return plan
