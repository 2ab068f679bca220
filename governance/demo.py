"""Demo members of the regional bodies and a year of their meetings."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from municipalities.demo import FIRST_NAMES, LAST_NAMES, demo_user

from .models import Body, Meeting, Membership, Role

# How many demo meetings a year each regional body gets, where the sources give no number.
DEMO_MEETINGS_PER_YEAR = {"administrativ-styregruppe": 4, "folgegruppe": 4, "projektgruppe": 10}
PLACES = ["Gate 21, Albertslund", "Regionsgården, Hillerød", "Online (Teams)"]


def seed(*, rng: random.Random, scale: int) -> list[str]:
    regional = list(Body.objects.filter(level=Body.Level.REGIONAL))
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
            Meeting.objects.create(
                body=body,
                title=f"Møde i {body.name} (demo)",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                location=rng.choice(PLACES),
            )
            meetings += 1
    return [f"{memberships} medlemskaber og {meetings} møder i de regionale organer"]
