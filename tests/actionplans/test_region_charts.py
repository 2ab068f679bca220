"""Charts across the region (actionplans/charts.py): the themes' share beside the reference share,
the scorecard by status, the roll-up's path and contributions, and the comparison of the
municipalities a user picks; each a figure stating its finding, with queries that do not grow."""

import re
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import EmissionRecord, Initiative, Sector
from tests.actionplans.test_charts import add_accounts
from tests.factories import InitiativeFactory, MunicipalityFactory, PlanFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("actionplans:region-compare")
_codes = count(300)


def findings(html: str) -> list[str]:
    return re.findall(r'<span class="chart__finding">(.*?)</span>', html)


def add_data(world, n: int) -> None:
    """n rounds of initiatives of every status, emissions and a planned municipality."""
    for _round in range(n):
        for status in Initiative.Status.values:
            InitiativeFactory(plan=world.plan_a, status=status, sector=Sector.TRANSPORT)
            InitiativeFactory(plan=world.plan_b, status=status, sector=Sector.ENERGY)
        code = next(_codes)
        PlanFactory(municipality=MunicipalityFactory(code=code, name=f"Kommune {code}"))
        EmissionRecord.objects.create(
            municipality=world.municipality_b, year=next(_codes), sector=Sector.ENERGY, tonnes=10
        )


@pytest.mark.parametrize(
    ("name", "charts"),
    [
        ("actionplans:region-overview", ["chart-region-themes"]),
        ("actionplans:region-scorecard", ["chart-scorecard-status"]),
        ("actionplans:region-rollup", ["chart-rollup-trajectory", "chart-rollup-contribution"]),
    ],
)
def test_regional_pages_chart_their_figures_with_queries_that_do_not_grow(world, name, charts):
    client = world.client("secretariat")
    add_data(world, 1)
    with CaptureQueriesContext(connection) as once:
        html = client.get(reverse(name)).content.decode()
    for key in charts:
        assert '<figure class="chart chart--' in html and f'id="{key}"' in html
    assert all(findings(html))
    add_data(world, 9)
    with CaptureQueriesContext(connection) as tenfold:
        assert client.get(reverse(name)).status_code == 200
    assert len(tenfold) == len(once)


def test_theme_shares_are_on_the_reference_base(world):
    world.theme.reference_share = 58
    world.theme.save()
    world.initiative_a.themes.add(world.theme)
    html = world.client("coordinator_b").get(reverse("actionplans:region-overview")).content
    html = html.decode()
    chart = html[html.index('id="chart-region-themes"') :]
    # Both shares are of the municipalities with an approved plan; the reference an outline.
    assert "af kommunerne med en godkendt plan" in findings(html)[0]
    assert 'stroke-dasharray="5 3"' in chart[: chart.index("</figure>")]


def test_rollup_path_ends_at_the_national_target(world):
    html = world.client("member").get(reverse("actionplans:region-rollup")).content.decode()
    desc = re.search(r'<desc id="chart-rollup-trajectory-desc">(.*?)</desc>', html).group(1)
    assert "70 % i 2030, nettonul i 2050: " in desc and "2050 0" in desc


def test_secretariat_compares_municipalities_from_a_shareable_address(world):
    add_accounts(world.municipality_a)
    client = world.client("secretariat")
    response = client.get(COMPARE, {"kommune": [101, 147]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "København, Frederiksberg side om side" in html
    assert 'id="chart-compare-emissions"' in html and 'id="chart-compare-status"' in html
    assert "Længst fra planens mål for 2030: København" in html
    # The address is the comparison: the picked boxes are ticked on the page it opens.
    assert re.search(r'value="101" id="[^"]+" checked', html)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kommune=101&kommune=999", "Der er ingen kommune med koden 999, du kan se."),
        ("kommune=101&kommune=abc", "Der er ingen kommune med koden abc, du kan se."),
        ("kommune=101", "Vælg mindst to kommuner."),
        ("kommune=", "Der er ingen kommune med koden , du kan se."),
    ],
)
def test_bad_codes_get_a_danish_message(world, query, message):
    response = world.client("coordinator_a").get(f"{COMPARE}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "chart-compare" not in response.content.decode()


def test_too_many_municipalities_are_refused(world):
    for k in range(6):
        MunicipalityFactory(code=400 + k, name=f"Kommune {k}")
    codes = [101, 147, *range(400, 406)]
    response = world.client("secretariat").get(COMPARE, {"kommune": codes})
    assert "Vælg højst 6 kommuner." in response.content.decode()


def test_comparison_queries_do_not_grow_with_the_data(world):
    client = world.client("coordinator_a")
    add_data(world, 1)
    with CaptureQueriesContext(connection) as once:
        assert client.get(COMPARE, {"kommune": [101, 147]}).status_code == 200
    add_data(world, 9)
    with CaptureQueriesContext(connection) as tenfold:
        assert client.get(COMPARE, {"kommune": [101, 147]}).status_code == 200
    assert len(tenfold) == len(once) <= 20
