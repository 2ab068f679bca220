"""Freshness reminders: the reminder list and the thresholds the secretariat edits. Who gets
what, how often, and the secretariat as fallback: tests/test_digest.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import FreshnessPolicy, Reminder
from alliance.digest import send_digests
from tests.factories import (
    CoordinatorFactory,
    InitiativeFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def overdue(world, settings):
    """A's plan has a stale initiative and a late task; everything of B is fresh."""
    settings.SITE_URL = "https://klima.example.dk"
    settings.SECRETARIAT_EMAIL = "sekretariat@klima.example.dk"
    FreshnessPolicy.objects.create(reminder_interval_days=3)
    stale = InitiativeFactory(
        plan=world.plan_a,
        title="Grøn varme",
        created_at=NOW - dt.timedelta(days=400),
        last_update_at=NOW - dt.timedelta(days=200),
    )
    late = TaskFactory(
        initiative=world.initiative_a,
        title="Udbud sendt",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    return {"stale": stale, "late": late}


# --- The reminder list ----------------------------------------------------------------------------


def test_coordinator_sees_only_the_reminders_they_were_sent(world, overdue):
    CoordinatorFactory(municipality=world.municipality_b)  # keep B from falling back
    InitiativeFactory(
        plan=world.plan_b, title="Gammel i B", created_at=NOW - dt.timedelta(days=300)
    )
    send_digests(now=NOW)
    url = reverse("actionplans:reminder-list")

    mine = world.client("coordinator_a").get(url).content.decode()
    assert "Grøn varme" in mine and "Gammel i B" not in mine
    everything = world.client("secretariat").get(url).content.decode()
    assert "Grøn varme" in everything and "Gammel i B" in everything
    filtered = world.client("secretariat").get(url, {"kommune": 147}).content.decode()
    assert "Gammel i B" in filtered and "Grøn varme" not in filtered


def test_bad_municipality_filter_gets_a_danish_message(world, overdue):
    response = world.client("secretariat").get(
        reverse("actionplans:reminder-list"), {"kommune": "xyz"}
    )

    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()


# --- The thresholds -------------------------------------------------------------------------------


def test_secretariat_edits_the_thresholds(world):
    response = world.client("secretariat").post(
        reverse("actionplans:freshness-update"),
        {
            "due_after_days": 20,
            "late_after_days": 40,
            "stale_after_days": 90,
            "reminder_interval_days": 7,
        },
    )

    assert response.status_code == 302
    rules = FreshnessPolicy.current()
    assert (rules.due_after_days, rules.late_after_days, rules.stale_after_days) == (20, 40, 90)
    assert rules.reminder_interval_days == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_after_days": 60, "late_after_days": 30, "stale_after_days": 90}, "Skal være større"),
        ({"due_after_days": 30, "late_after_days": 60, "stale_after_days": 60}, "Skal være større"),
        (
            {"due_after_days": 0, "late_after_days": 60, "stale_after_days": 90},
            "større end eller lig 1",
        ),
        (
            {"due_after_days": "tre", "late_after_days": 60, "stale_after_days": 90},
            "Indtast et heltal",
        ),
    ],
)
def test_bad_thresholds_get_a_danish_message_and_nothing_is_saved(world, data, message):
    FreshnessPolicy.objects.create()
    response = world.client("secretariat").post(
        reverse("actionplans:freshness-update"), {**data, "reminder_interval_days": 3}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    rules = FreshnessPolicy.current()
    assert (rules.due_after_days, rules.late_after_days, rules.stale_after_days) == (30, 60, 180)


@pytest.mark.parametrize("persona", ["coordinator_a", "coordinator_b", "member"])
def test_only_the_secretariat_changes_the_thresholds(world, persona):
    FreshnessPolicy.objects.create()
    response = world.client(persona).post(
        reverse("actionplans:freshness-update"),
        {"due_after_days": 1, "late_after_days": 2, "stale_after_days": 3},
    )

    assert response.status_code == 404
    assert FreshnessPolicy.current().stale_after_days == 180


def test_reminder_list_query_count_does_not_grow(world, overdue):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = world.client("secretariat").get(reverse("actionplans:reminder-list"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    send_digests(now=NOW)
    small = count()
    for day in range(1, 10):
        InitiativeFactory(plan=world.plan_a, created_at=NOW - dt.timedelta(days=300))
        TaskFactory(
            initiative=overdue["stale"], due_date=timezone.localdate() - dt.timedelta(days=1)
        )
        send_digests(now=NOW + dt.timedelta(days=4 * day))
    assert Reminder.objects.count() >= 10
    assert count() == small


def test_the_reminder_window_is_whole_local_days_today_included():
    """Interval 3 on 10 March at 00:30 Copenhagen time: reminders sent since 8 March 00:00 count
    (a day is a calendar day, so the run's exact minute each morning does not matter)."""
    rules = FreshnessPolicy(reminder_interval_days=3)
    now = timezone.make_aware(dt.datetime(2026, 3, 10, 0, 30))
    assert rules.reminder_window_start(now) == timezone.make_aware(dt.datetime(2026, 3, 8))
