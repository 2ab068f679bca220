"""The iCalendar feed of coming activities (RFC 5545)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from networks import ical

from ..factories import ActivityFactory

pytestmark = pytest.mark.django_db


def unfold(body: str) -> list[str]:
    """The content lines of an iCalendar body (RFC 5545 3.1: a CRLF followed by a space continues)."""
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_feed_lists_coming_activities_as_valid_icalendar(world):
    ActivityFactory(
        network=world.network, title="Fortid", starts_at=timezone.now() - dt.timedelta(days=2)
    )
    long_title = "Workshop; om ladestandere, elbiler og " + "æøå " * 30
    coming = ActivityFactory(
        network=world.network,
        title=long_title,
        description="Første linje\nAnden linje med \\ skråstreg",
        location="Rådhuset, lokale 2",
    )
    response = world.client("member").get(reverse("networks:activity-feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    found = events(unfold(body))
    assert [e["UID"] for e in found] == [
        f"activity-{world.activity.pk}@klimaalliancen",
        f"activity-{coming.pk}@klimaalliancen",
    ]
    event = found[1]
    assert event["SUMMARY"] == long_title.replace(";", "\\;").replace(",", "\\,")
    assert event["LOCATION"] == "Rådhuset\\, lokale 2"
    assert "Første linje\\nAnden linje med \\\\ skråstreg" in event["DESCRIPTION"]
    assert event["DTSTART"] == coming.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"].endswith("Z") and event["DTSTAMP"].endswith("Z")
    assert event["URL"].endswith(coming.get_absolute_url())


def test_feed_uids_are_stable_across_requests(world):
    client = world.client("secretariat")
    first = events(unfold(client.get(reverse("networks:activity-feed")).content.decode()))
    second = events(unfold(client.get(reverse("networks:activity-feed")).content.decode()))
    assert [e["UID"] for e in first] == [e["UID"] for e in second]


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "ø" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_feed_requires_login(world):
    response = world.client("anonymous").get(reverse("networks:activity-feed"))
    assert response.status_code == 302
