"""Deadline reminders (30, 7 and 1 days ahead, once each, none for closed applications) and the
alliance's financing (reference data, summary, export)."""

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Reminder
from fundraising.finances import Spending, _spending, register_spending
from fundraising.models import Application, BudgetFigure, Contribution
from fundraising.reminders import send_deadline_reminders, stage_for
from municipalities.models import Organisation

from ..conftest import World
from ..factories import InitiativeFactory
from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "reference"


@pytest.mark.parametrize(
    ("days", "stage"), [(45, None), (30, 30), (20, 30), (7, 7), (2, 7), (1, 1), (0, 1), (-1, None)]
)
def test_stage_for(days, stage):
    assert stage_for(days) == stage


def _now_days_before(deadline: dt.date, days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(deadline - dt.timedelta(days=days), dt.time(7)))


def test_reminders_at_30_7_and_1_days_once_each(world: World):
    deadline = world.call.deadline
    sent_on = {}
    for days in (31, 30, 29, 8, 7, 7, 2, 1, 0):
        sent = send_deadline_reminders(now=_now_days_before(deadline, days))
        sent_on.setdefault(days, []).extend(sent)
    counts = {days: len(sent) for days, sent in sent_on.items()}
    # Each stage: the call to the secretariat, and application A to its responsible person and
    # to the secretariat (3 e-mails); nothing again the same stage, nothing outside a stage.
    assert counts == {31: 0, 30: 3, 29: 0, 8: 0, 7: 3, 2: 0, 1: 3, 0: 0}
    assert len(mail.outbox) == 9
    to_responsible = [m for m in mail.outbox if m.to == ["sekretariat@example.dk"]]
    assert len(to_responsible) == 3
    assert "Fælles ladestandere" in to_responsible[0].subject
    assert Reminder.objects.filter(topic__startswith="fundraising.application:").count() == 6


@pytest.mark.parametrize(
    "state",
    [
        Application.State.WITHDRAWN,
        Application.State.SUBMITTED,
        Application.State.GRANTED,
        Application.State.REJECTED,
    ],
)
def test_no_reminders_for_closed_applications(world: World, state):
    call = CallFactory(deadline=timezone.localdate() + dt.timedelta(days=7))
    application = ApplicationFactory(
        call=call, state=state, responsible=world.users["coordinator_a"]
    )
    if state == Application.State.GRANTED:
        application.amount_granted = 1
        application.save()
    send_deadline_reminders()
    assert not [m for m in mail.outbox if application.title in m.subject]
    assert not [m for m in mail.outbox if m.to == [world.users["coordinator_a"].email]]


def test_a_moved_deadline_is_reminded_afresh_and_the_beat_task_sends(world: World):
    world.call.deadline = timezone.localdate() + dt.timedelta(days=7)
    world.call.save()
    assert len(send_deadline_reminders()) == 3
    world.call.deadline = timezone.localdate() + dt.timedelta(days=6)
    world.call.save()
    assert len(send_deadline_reminders()) == 3
    assert send_deadline_reminders() == []


def test_deadline_reminders_do_not_hold_back_freshness_reminders(world: World):
    world.call.deadline = timezone.localdate() + dt.timedelta(days=1)
    world.call.save()
    world.application_a.responsible = world.users["coordinator_a"]
    world.application_a.save()
    send_deadline_reminders()
    from actionplans.reminders import send_freshness_reminders

    # Never updated and older than the stale period: overdue.
    InitiativeFactory(plan=world.plan_a, created_at=timezone.now() - dt.timedelta(days=400))
    sent = send_freshness_reminders()
    assert world.users["coordinator_a"] in [r.recipient for r in sent]


def test_reference_finances_loaded_from_domain_facts(db):
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    region = Contribution.objects.filter(organisation__name="Region Hovedstaden").order_by(
        "starts_on"
    )
    assert [c.starts_on for c in region] == [dt.date(y, 7, 1) for y in range(2023, 2028)]
    assert region[0].ends_on == dt.date(2024, 6, 30)
    # DOMAIN.md "Money": "i 5 år" from 1 July 2023 would end 30 June 2028, but the model runs to
    # 31 December 2027: the contributions are shown for the model's period, the last one a half
    # year pro rata, and no contribution runs past the model's end.
    full, last = region[:4], region[4]
    assert {(c.staff_years, c.amount) for c in full} == {(1.5, 250_000)}
    assert (last.ends_on, last.months, last.staff_years, last.amount) == (
        dt.date(2027, 12, 31),
        6,
        D("0.75"),
        125_000,
    )
    assert "i 5 år" in last.note and "30. juni 2028" in last.note
    assert not Contribution.objects.filter(ends_on__gt=dt.date(2027, 12, 31)).exists()
    kkr = Contribution.objects.filter(organisation__name="KKR Hovedstaden").order_by("starts_on")
    assert kkr.count() == 5
    assert {(c.staff_years, c.amount) for c in kkr[:4]} == {(1.25, None)}  # DKK not in sources
    assert (kkr[4].staff_years, kkr[4].amount) == (D("0.63"), None)
    figures = dict(BudgetFigure.objects.values_list("slug", "amount"))
    assert figures["national-total"] == 82_100_000
    assert figures["kl-kkr"] + figures["regions"] + figures["realdania"] == 82_100_000
    assert BudgetFigure.objects.get(slug="realdania").is_maximum
    assert BudgetFigure.objects.get(slug="regions-tracks").part_of.slug == "regions"
    before = Contribution.objects.count()
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    assert Contribution.objects.count() == before == 10


def test_reload_removes_a_fifth_year_past_the_models_end(db):
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    # As an earlier load left it: the fifth year in full, and a year after it.
    region = Organisation.objects.get(name="Region Hovedstaden")
    Contribution.objects.filter(organisation=region, starts_on=dt.date(2027, 7, 1)).update(
        ends_on=dt.date(2028, 6, 30), staff_years=D("1.5"), amount=250_000
    )
    Contribution.objects.create(
        organisation=region, starts_on=dt.date(2028, 7, 1), ends_on=dt.date(2029, 6, 30)
    )
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    assert list(
        Contribution.objects.filter(organisation=region)
        .order_by("-starts_on")
        .values_list("ends_on", "amount")[:1]
    ) == [(dt.date(2027, 12, 31), 125_000)]
    assert not Contribution.objects.filter(ends_on__gt=dt.date(2027, 12, 31)).exists()


def test_finance_page_and_export(world: World):
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    client = world.client("member")
    page = client.get(reverse("fundraising:finance-summary")).content.decode()
    assert "Region Hovedstaden" in page and "250.000" in page and "82,1" in page
    # The source's inconsistency is said on the page, beside the half year it leads to.
    assert "»i 5 år« fra 1. juli 2023" in page and "30. juni 2028" in page
    assert "6 måneder, forholdsmæssigt" in page and "125.000" in page
    assert "Aktivitetsplanen" not in page  # no activity plan yet: no empty columns
    csv = client.get(reverse("fundraising:finance-export"), {"format": "csv"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 11
    assert any("Region Hovedstaden;2023-07-01;2024-06-30;1,5;250000" in line for line in lines)
    last = next(line for line in lines if line.startswith("Region Hovedstaden;2027-07-01"))
    assert last.startswith("Region Hovedstaden;2027-07-01;2027-12-31;0,75;125000;")
    assert "i 5 år" in last
    xlsx = client.get(reverse("fundraising:finance-export"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_activity_plan_spending_plugs_in(world: World):
    call_command("load_reference_data", directory=FIXTURES, stdout=io.StringIO())
    func = register_spending(lambda user: {2024: Spending(staff_years=2, amount=100_000)})
    try:
        page = world.client("secretariat").get(reverse("fundraising:finance-summary"))
        assert "Aktivitetsplanen: årsværk" in page.content.decode()
    finally:
        _spending.remove(func)
