"""The iCalendar feed of coming activities (RFC 5545)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance import feeds
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


# --- the secret address for calendar apps ------------------------------------------------------

FEED = "networks:activity-feed-token"


def test_secret_address_works_without_login(world):
    url = feeds.feed_url(world.users["member"], FEED)
    response = world.client("anonymous").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Netværksmøde om elbiler" in response.content.decode()
    assert not response.cookies.get("sessionid")


def test_secret_address_reads_with_its_users_rights(world):
    # The no-role account's address gives an empty calendar, whoever fetches it.
    url = feeds.feed_url(world.users["norole"], FEED)
    body = world.client("secretariat").get(url).content.decode()
    assert "BEGIN:VCALENDAR" in body and "BEGIN:VEVENT" not in body


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # a forged signature
        lambda t: "999" + t[t.index(".") :],  # another user's id with this signature
        lambda t: "ikke-et-token",
        lambda t: "",
    ],
)
def test_bad_token_is_404(world, mangle):
    token = mangle(feeds.feed_token(world.users["member"]))
    url = f"/netvaerk/aktiviteter/kalender/{token}.ics"
    assert world.client("anonymous").get(url).status_code == 404


def test_renewed_key_revokes_the_old_address(world):
    member = world.users["member"]
    old = feeds.feed_url(member, FEED)
    response = world.client("member").post(
        reverse("feed-renew"), {"next": reverse("networks:activity-list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("networks:activity-list")
    member.refresh_from_db()
    new = feeds.feed_url(member, FEED)
    assert new != old
    anonymous = world.client("anonymous")
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_renewal_does_not_redirect_off_site(world):
    response = world.client("member").post(reverse("feed-renew"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("account")


def test_deactivated_users_address_stops_working(world):
    member = world.users["member"]
    url = feeds.feed_url(member, FEED)
    member.is_active = False
    member.save()
    assert world.client("anonymous").get(url).status_code == 404


def test_activity_list_shows_the_personal_address(world):
    response = world.client("coordinator_a").get(reverse("networks:activity-list"))
    body = response.content.decode()
    expected = feeds.feed_url(world.users["coordinator_a"], FEED)
    assert f'value="http://testserver{expected}"' in body
    assert reverse("feed-renew") in body
