"""Demo members of the regional bodies and a year of their meetings, with agendas, small
generated attachments and a published pack for the political steering group's next meeting."""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from weasyprint import HTML

from alliance.models import User
from municipalities.demo import FIRST_NAMES, LAST_NAMES, demo_user

from .models import AgendaAttachment, AgendaItem, Body, Meeting, Membership, Role

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
    return [
        f"{memberships} medlemskaber og {meetings} møder i de regionale organer, med dagsordener",
        f"mødepakke udgivet til {published}" if published else "ingen mødepakke udgivet",
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
    """Build and publish the pack of the body's next meeting, so the demo member has one."""
    from alliance.services import enqueue_job, execute_job

    from .packs import PACK_JOB, publish_pack

    meeting = body.meetings.upcoming().first()
    if meeting is None:
        return ""
    secretariat = User.objects.filter(is_secretariat=True).first()
    job = enqueue_job(kind=PACK_JOB, subject=meeting, requested_by=secretariat)
    execute_job(job_id=job.pk)
    publish_pack(meeting=meeting, by=secretariat)
    return str(meeting)
