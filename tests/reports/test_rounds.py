"""Reporting rounds: opening, the coordinator's part on the municipality page, reminders on the
shared log with the usual cadence, closing with a frozen snapshot, and who sees what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import FreshnessPolicy, IndicatorValue, Initiative, Reminder
from alliance.digest import send_digests
from reports.models import MunicipalityReport, ReportingRound, StatusReport
from reports.services import (
    RoundRuleError,
    close_round,
    mark_reported,
    reminder_topic,
    send_round_reminders,
)
from tests.conftest import World
from tests.factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


def test_round_lifecycle_through_the_pages(world: World):
    secretariat = world.client("secretariat")
    deadline = timezone.localdate() + dt.timedelta(days=20)
    response = secretariat.post(
        reverse("reports:round-create"), {"year": 2027, "deadline": deadline.isoformat()}
    )
    assert response.status_code == 302
    reporting_round = ReportingRound.objects.get(year=2027)
    assert reporting_round.is_open and reporting_round.opened_by == world.users["secretariat"]
    # Close the other open round, so the municipality page shows this one.
    close_round(reporting_round=world.round_open, by=world.users["secretariat"])

    # The coordinator sees the round on the municipality page with what to bring up to date.
    coordinator = world.client("coordinator_a")
    page = coordinator.get(world.municipality_a.get_absolute_url()).content.decode()
    assert "Rapporteringsrunde 2027" in page
    assert world.initiative_a.title in page  # not updated in 2027
    assert world.indicator_a.name in page  # no value for 2027
    mark_url = reverse(
        "reports:municipality-mark", kwargs={"year": 2027, "code": world.municipality_a.code}
    )
    assert mark_url in page
    response = coordinator.post(mark_url, follow=True)
    assert "er meldt rapporteret for 2027" in response.content.decode()
    report = MunicipalityReport.objects.get(round=reporting_round)
    assert (report.municipality, report.reported_by) == (
        world.municipality_a,
        world.users["coordinator_a"],
    )
    assert (
        "Kommunen er rapporteret"
        in coordinator.get(world.municipality_a.get_absolute_url()).content.decode()
    )

    # The secretariat sees completion across the municipalities.
    page = secretariat.get(reporting_round.get_absolute_url()).content.decode()
    assert "1 af 2" in page and "Anna Ærø" in page

    response = secretariat.post(reverse("reports:round-close", kwargs={"year": 2027}))
    assert response.status_code == 302
    reporting_round.refresh_from_db()
    assert reporting_round.state == ReportingRound.State.CLOSED
    assert reporting_round.snapshot["region"]["reported"] == 1
    assert StatusReport.objects.filter(round=reporting_round).exists()
    assert response["Location"] == reverse("reports:report-detail", kwargs={"year": 2027})

    # A closed round takes no more reports.
    response = world.client("coordinator_b").post(
        reverse(
            "reports:municipality-mark", kwargs={"year": 2027, "code": world.municipality_b.code}
        ),
        follow=True,
    )
    assert "Runden er lukket" in response.content.decode()
    assert MunicipalityReport.objects.filter(round=reporting_round).count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"year": 2026, "deadline": "2099-01-01"}, "Der findes allerede en rapporteringsrunde"),
        ({"year": 2028, "deadline": "2000-01-01"}, "Fristen kan ikke ligge i fortiden"),
        (
            {"year": 1800, "deadline": "2099-01-01"},
            "Denne værdi skal være større end eller lig 2019",
        ),
        ({"year": "to tusind", "deadline": "i morgen"}, "Indtast et heltal"),
    ],
)
def test_opening_a_round_rejects_bad_input_in_danish(world: World, data, error):
    response = world.client("secretariat").post(reverse("reports:round-create"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert ReportingRound.objects.count() == 2


def test_coordinator_sees_only_their_own_municipality_in_a_round(world: World):
    year = world.round_open.year
    own = reverse("reports:municipality-round", kwargs={"year": year, "code": 147})
    other = reverse(
        "reports:municipality-round", kwargs={"year": year, "code": world.municipality_a.code}
    )
    coordinator_b = world.client("coordinator_b")
    assert coordinator_b.get(own).status_code == 200
    assert coordinator_b.get(other).status_code == 404
    mark_other = reverse(
        "reports:municipality-mark", kwargs={"year": year, "code": world.municipality_a.code}
    )
    assert coordinator_b.post(mark_other).status_code == 404
    assert not MunicipalityReport.objects.exists()
    # A's page shows B's coordinator no round panel (A's data to update is A's business) ...
    page = coordinator_b.get(world.municipality_a.get_absolute_url()).content.decode()
    assert "Rapporteringsrunde" not in page
    # ... and the region-wide completion is the secretariat's.
    assert coordinator_b.get(world.round_open.get_absolute_url()).status_code == 403
    assert world.client("member").get(other).status_code == 404


def test_marking_twice_keeps_the_first_mark(world: World):
    first = mark_reported(
        reporting_round=world.round_open,
        municipality=world.municipality_a,
        by=world.users["coordinator_a"],
    )
    second = mark_reported(
        reporting_round=world.round_open,
        municipality=world.municipality_a,
        by=world.users["secretariat"],
    )
    assert first.pk == second.pk and second.reported_by == world.users["coordinator_a"]


def test_reminders_go_to_those_who_have_not_reported_with_the_usual_cadence(world: World, settings):
    settings.SECRETARIAT_EMAIL = "sekretariat@klima.example.dk"
    FreshnessPolicy.objects.create(reminder_interval_days=3)
    orphan = MunicipalityFactory(code=190, name="Furesø")  # no coordinator
    mark_reported(
        reporting_round=world.round_open,
        municipality=world.municipality_a,
        by=world.users["coordinator_a"],
    )
    now = timezone.now()

    sent = send_round_reminders(reporting_round=world.round_open, now=now)
    assert sorted(r.email for r in sent) == ["koord.b@example.dk", "sekretariat@klima.example.dk"]
    assert {r.topic for r in sent} == {reminder_topic(world.round_open)}
    to_b = next(m for m in mail.outbox if m.to == ["koord.b@example.dk"])
    assert "Frederiksberg" in to_b.body and "København" not in to_b.body
    assert "2026" in to_b.subject
    assert "Furesø" in next(m for m in mail.outbox if m.to != ["koord.b@example.dk"]).body

    # Pressing the button again the same day, or two days later, sends nothing.
    assert send_round_reminders(reporting_round=world.round_open, now=now) == []
    assert (
        send_round_reminders(reporting_round=world.round_open, now=now + dt.timedelta(days=2)) == []
    )
    # After the interval, those still missing are reminded again.
    again = send_round_reminders(reporting_round=world.round_open, now=now + dt.timedelta(days=3))
    assert len(again) == 2
    # The round's reminders do not hold back the freshness reminders (topic is their own).
    assert Reminder.objects.filter(topic="").count() == 0
    assert orphan.pk in set(Reminder.objects.values_list("municipality_id", flat=True))


def test_freshness_reminder_does_not_stand_in_for_the_round_reminder(world: World):
    FreshnessPolicy.objects.create(reminder_interval_days=3)
    InitiativeFactory(
        plan=world.plan_b,
        created_at=timezone.now() - dt.timedelta(days=400),
        last_update_at=timezone.now() - dt.timedelta(days=300),
    )
    send_digests()
    freshness = Reminder.objects.filter(topic="")
    assert set(freshness.values_list("email", flat=True)) == {"koord.b@example.dk"}
    sent = send_round_reminders(reporting_round=world.round_open)
    assert "koord.b@example.dk" in [r.email for r in sent]


def test_no_reminders_for_a_closed_round(world: World):
    with pytest.raises(RoundRuleError):
        send_round_reminders(reporting_round=world.round_closed)
    response = world.client("secretariat").post(
        reverse("reports:round-remind", kwargs={"year": world.round_closed.year}), follow=True
    )
    assert "Runden er lukket" in response.content.decode()


def test_closing_freezes_the_snapshot(world: World):
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2026, value=Decimal("12.5"))
    reporting_round = close_round(reporting_round=world.round_open, by=world.users["secretariat"])
    frozen = reporting_round.snapshot
    a = next(m for m in frozen["municipalities"] if m["code"] == world.municipality_a.code)
    assert a["initiatives"][0]["status"] == Initiative.Status.IN_PROGRESS
    assert a["indicators"][0]["values"] == {"2026": "12.50"}

    # Later edits change the live data, not the closed round.
    initiative = world.initiative_a
    initiative.status, initiative.percent_done = Initiative.Status.COMPLETED, 100
    initiative.save()
    IndicatorValue.objects.filter(indicator=world.indicator_a).update(value=99)
    reporting_round.refresh_from_db()
    assert reporting_round.snapshot == frozen
    # The model refuses to change a closed round's snapshot or reopen it.
    reporting_round.snapshot = {**frozen, "year": 1999}
    with pytest.raises(ValidationError):
        reporting_round.save()
    reporting_round.refresh_from_db()
    reporting_round.state = ReportingRound.State.OPEN
    with pytest.raises(ValidationError):
        reporting_round.save()
    with pytest.raises(RoundRuleError):
        close_round(reporting_round=world.round_closed, by=world.users["secretariat"])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_round_pages_run_a_bounded_number_of_queries(world: World, django_assert_max_num_queries):
    secretariat = world.client("secretariat")
    coordinator = world.client("coordinator_a")
    detail = world.round_open.get_absolute_url()
    own = reverse(
        "reports:municipality-round",
        kwargs={"year": world.round_open.year, "code": world.municipality_a.code},
    )
    listing = reverse("reports:round-list")
    page = world.municipality_a.get_absolute_url()
    before = [
        _queries(secretariat, detail),
        _queries(coordinator, own),
        _queries(secretariat, listing),
    ]
    panel_before = _queries(coordinator, page)
    for n in range(6):
        municipality = MunicipalityFactory(code=600 + n)
        CoordinatorFactory(municipality=municipality)
        plan = PlanFactory(municipality=municipality)
        InitiativeFactory.create_batch(3, plan=plan)
        mark_reported(reporting_round=world.round_open, municipality=municipality, by=None)
    InitiativeFactory.create_batch(5, plan=world.plan_a)
    after = [
        _queries(secretariat, detail),
        _queries(coordinator, own),
        _queries(secretariat, listing),
    ]
    assert after == before
    assert _queries(coordinator, page) <= panel_before + 2  # the page's own lists, not the panel
    with django_assert_max_num_queries(25):
        secretariat.get(detail)
