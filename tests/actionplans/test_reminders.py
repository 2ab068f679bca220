"""Freshness reminders: who gets what, how often, the secretariat as fallback; the reminder list
and the thresholds the secretariat edits."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import FreshnessPolicy, Initiative, Reminder
from actionplans.reminders import send_freshness_reminders
from alliance.tasks import send_digests
from tests.factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
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


def test_coordinator_gets_one_email_with_stale_initiatives_and_late_tasks(world, overdue):
    sent = send_freshness_reminders(now=NOW)

    assert [r.email for r in sent] == ["koord.a@example.dk"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["koord.a@example.dk"]
    assert "Påmindelse" in message.subject
    assert "Kære Anna Ærø" in message.body
    assert "Grøn varme" in message.body and "Udbud sendt" in message.body
    assert f"https://klima.example.dk/klimaplaner/indsatser/{overdue['stale'].pk}/" in message.body
    assert message.alternatives and "Grøn varme" in message.alternatives[0][0]
    reminder = Reminder.objects.get()
    assert reminder.recipient == world.users["coordinator_a"]
    assert reminder.municipality == world.municipality_a
    assert list(reminder.initiatives.all()) == [overdue["stale"]]
    assert list(reminder.tasks.all()) == [overdue["late"]]


def test_not_reminded_twice_within_the_interval_but_again_after(world, overdue):
    send_freshness_reminders(now=NOW)

    assert send_freshness_reminders(now=NOW + dt.timedelta(days=2)) == []
    again = send_freshness_reminders(now=NOW + dt.timedelta(days=3, hours=1))

    assert [r.email for r in again] == ["koord.a@example.dk"]
    assert Reminder.objects.count() == 2 and len(mail.outbox) == 2


def test_interval_counts_calendar_days_so_a_slightly_earlier_run_still_sends(world, overdue):
    morning = timezone.localtime(NOW).replace(hour=7, minute=0, second=5)
    assert len(send_freshness_reminders(now=morning)) == 1

    assert send_freshness_reminders(now=morning + dt.timedelta(days=2, hours=-1)) == []
    three_days_on = send_freshness_reminders(now=morning + dt.timedelta(days=3, seconds=-4))
    assert [r.email for r in three_days_on] == ["koord.a@example.dk"]


def test_secretariat_is_reminded_when_a_municipality_has_no_active_coordinator(world, overdue):
    world.users["coordinator_a"].coordinatorships.update(is_active=False)
    orphan = MunicipalityFactory(code=151, name="Ballerup")
    InitiativeFactory(
        plan=PlanFactory(municipality=orphan), created_at=NOW - dt.timedelta(days=300)
    )

    sent = send_freshness_reminders(now=NOW)

    assert sorted((r.email, r.recipient, r.municipality.name) for r in sent) == [
        ("sekretariat@klima.example.dk", None, "Ballerup"),
        ("sekretariat@klima.example.dk", None, "København"),
    ]
    assert "ingen aktiv klimakoordinator" in mail.outbox[0].body
    # Once per municipality per interval.
    assert send_freshness_reminders(now=NOW + dt.timedelta(days=1)) == []


def test_nothing_for_completed_initiatives_or_fresh_ones(world, overdue):
    overdue["stale"].status = Initiative.Status.COMPLETED
    overdue["stale"].save()
    overdue["late"].completed_on = timezone.localdate()
    overdue["late"].save()
    TaskFactory(initiative=overdue["stale"], due_date=timezone.localdate() - dt.timedelta(days=10))

    assert send_freshness_reminders(now=NOW) == []
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_superseded_plans_are_not_reminded_of(world, overdue):
    newer = PlanFactory(municipality=world.municipality_a, version=2, supersedes=world.plan_a)
    InitiativeFactory(plan=newer)

    assert send_freshness_reminders(now=NOW) == []


def test_a_coordinator_of_two_municipalities_gets_one_email(world, overdue):
    CoordinatorFactory(user=world.users["coordinator_a"], municipality=world.municipality_b)
    InitiativeFactory(
        plan=world.plan_b, title="Gammel i B", created_at=NOW - dt.timedelta(days=300)
    )

    sent = send_freshness_reminders(now=NOW)

    emails = sorted(r.email for r in sent)
    assert emails == ["koord.a@example.dk", "koord.b@example.dk"]
    to_a = next(r for r in sent if r.email == "koord.a@example.dk")
    assert {i.title for i in to_a.initiatives.all()} == {"Grøn varme", "Gammel i B"}


def test_the_daily_digest_task_sends_the_reminders(world, overdue, in_process_jobs):
    """The freshness reminders go out in the daily digest (alliance.digest), logged per item."""
    assert send_digests.delay().get() >= 1
    [to_a] = [m for m in mail.outbox if m.to == ["koord.a@example.dk"]]
    assert "Grøn varme" in to_a.body and "Udbud sendt" in to_a.body
    logged = Reminder.objects.filter(topic="", email="koord.a@example.dk")
    assert "Grøn varme" in {i.title for r in logged for i in r.initiatives.all()}
    assert "Udbud sendt" in {t.title for r in logged for t in r.tasks.all()}


# --- The reminder list ----------------------------------------------------------------------------


def test_coordinator_sees_only_the_reminders_they_were_sent(world, overdue):
    CoordinatorFactory(municipality=world.municipality_b)  # keep B from falling back
    InitiativeFactory(
        plan=world.plan_b, title="Gammel i B", created_at=NOW - dt.timedelta(days=300)
    )
    send_freshness_reminders(now=NOW)
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

    send_freshness_reminders(now=NOW)
    small = count()
    for day in range(1, 10):
        InitiativeFactory(plan=world.plan_a, created_at=NOW - dt.timedelta(days=300))
        TaskFactory(
            initiative=overdue["stale"], due_date=timezone.localdate() - dt.timedelta(days=1)
        )
        send_freshness_reminders(now=NOW + dt.timedelta(days=4 * day))
    assert Reminder.objects.count() >= 10
    assert count() == small


def test_the_reminder_window_is_whole_local_days_today_included():
    """Interval 3 on 10 March at 00:30 Copenhagen time: reminders sent since 8 March 00:00 count
    (a day is a calendar day, so the run's exact minute each morning does not matter)."""
    rules = FreshnessPolicy(reminder_interval_days=3)
    now = timezone.make_aware(dt.datetime(2026, 3, 10, 0, 30))
    assert rules.reminder_window_start(now) == timezone.make_aware(dt.datetime(2026, 3, 8))
