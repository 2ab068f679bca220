"""The municipality page's charts (actionplans/charts.py through the climate panel): emissions
against the plan's path, reductions against the gap, initiatives, indicator trends."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.charts import emissions_chart, path_points
from actionplans.climate import municipality_climate
from actionplans.models import EmissionRecord, IndicatorGoal, IndicatorValue, Sector
from tests.factories import IndicatorFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def add_accounts(municipality, years=range(2018, 2023), tonnes=50_000):
    for year in years:
        for n, sector in enumerate((Sector.ENERGY, Sector.TRANSPORT)):
            EmissionRecord.objects.create(
                municipality=municipality, year=year, sector=sector, tonnes=tonnes + n * 1000
            )


def test_path_runs_from_baseline_over_2030_to_net_zero(world):
    climate = municipality_climate(world.users["coordinator_a"], world.municipality_a)
    # The world's plan: 100,000 t in 1990, 70 % less in 2030, net zero in 2050.
    assert path_points(climate) == [
        (1990, Decimal(100_000)),
        (2030, Decimal(30_000)),
        (2050, Decimal(0)),
    ]


def test_emissions_chart_states_the_finding(world):
    add_accounts(world.municipality_a)
    climate = municipality_climate(world.users["coordinator_a"], world.municipality_a)
    svg = emissions_chart(climate, name="København", key="test")
    assert 'role="img"' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "101.000 ton CO2e i 2022" in desc
    assert "30.000 ton CO2e" in desc
    assert svg.count("<rect") == 10  # two sectors a year, five years
    assert 'class="path"' in svg


def test_no_chart_without_accounts_or_path(world):
    world.plan_a.baseline_year = None
    world.plan_a.save()
    climate = municipality_climate(None, world.municipality_a)
    assert emissions_chart(climate, name="København", key="test") is None


def test_municipality_page_shows_the_charts_and_the_gap(world):
    add_accounts(world.municipality_a)
    page = world.client("coordinator_b").get(world.municipality_a.get_absolute_url())
    html = page.content.decode()
    assert "Udledning og mål" in html
    assert "Udledning efter sektor og år mod planens sti: København" in html
    # Latest year 101,000 t against the 30,000 t target; the one initiative expects 100 t.
    assert "Der mangler 71.000 ton CO2e om året til målet for 2030" in html
    # Each bar of the reductions chart has its label.
    assert "<li>Afstand til målet</li><li>Forventede reduktioner</li>" in html
    assert "Indsatser efter status" in html


def test_indicator_trends_small_on_the_page_and_full_on_the_list(world):
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2022, value=10)
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2023, value=12)
    IndicatorGoal.objects.create(indicator=world.indicator_a, year=2030, value=40)
    client = world.client("coordinator_a")
    page = client.get(world.municipality_a.get_absolute_url()).content.decode()
    assert f'id="chart-indicator-{world.indicator_a.pk}-title"' in page
    listing = client.get(
        reverse("actionplans:indicator-list", args=[world.municipality_a.code])
    ).content.decode()
    chart = re.search(rf"<svg[^>]*chart-indicator-{world.indicator_a.pk}.*?</svg>", listing, re.S)
    assert chart and "Mål: 2030 40" in chart.group(0)


def test_municipality_page_queries_do_not_grow(world):
    client = world.client("coordinator_a")
    url = world.municipality_a.get_absolute_url()
    client.get(url)  # what a process does once (content types, say) is not counted
    add_accounts(world.municipality_a, years=range(2020, 2022))  # a write: the fragments miss
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    add_accounts(world.municipality_a, years=range(2000, 2020))
    for n in range(10):
        InitiativeFactory(plan=world.plan_a, sector=Sector.values[n % 6])
        indicator = IndicatorFactory(municipality=world.municipality_a)
        IndicatorValue.objects.create(indicator=indicator, year=2020, value=n)
    with CaptureQueriesContext(connection) as tenfold:
        client.get(url)
    assert len(tenfold) == len(once)
