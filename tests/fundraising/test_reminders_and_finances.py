"""Deadline reminders' stages (their sending: tests/test_digest.py) and the alliance's financing
(reference data, summary, export)."""

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from fundraising.finances import Spending, _spending, register_spending
from fundraising.models import BudgetFigure, Contribution
from fundraising.reminders import stage_for
from municipalities.models import Organisation

from ..conftest import World

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "reference"


@pytest.mark.parametrize(
    ("days", "stage"), [(45, None), (30, 30), (20, 30), (7, 7), (2, 7), (1, 1), (0, 1), (-1, None)]
)
def test_stage_for(days, stage):
    assert stage_for(days) == stage


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
