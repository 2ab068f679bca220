"""The status report's regional figures on a hand-built fixture with known numbers, and the SVG
charts the page and the PDF share."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from actionplans.models import EmissionRecord, Initiative, Plan, Sector
from alliance import charts
from reports.content import report_context, report_data
from reports.services import close_round, open_round
from tests.factories import InitiativeFactory, MunicipalityFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_municipalities(db):
    """M1: adopted plan, baseline 1 000 t, 70 % by 2030, net zero 2045; an initiative in progress
    (transport, 100 t, updated this year) and a completed one (energy, 50 t).
    M2: plan under revision, baseline 2 000 t, 50 % by 2030, no net-zero year; a delayed initiative
    (energy, 200 t, last updated two years ago).
    M3: no plan. Emissions: M1 and M2 in 2020 and 2022."""
    m1, m2, _m3 = (
        MunicipalityFactory(code=801, name="Ærøby"),
        MunicipalityFactory(code=802, name="Østerby"),
        MunicipalityFactory(code=803, name="Åby"),
    )
    p1 = PlanFactory(
        municipality=m1,
        baseline_emissions=1000,
        reduction_target_2030=70,
        net_zero_year=2045,
        status=Plan.Status.ADOPTED,
    )
    p2 = PlanFactory(
        municipality=m2,
        baseline_emissions=2000,
        reduction_target_2030=50,
        net_zero_year=None,
        status=Plan.Status.UNDER_REVISION,
    )
    year = timezone.localdate().year
    InitiativeFactory(
        plan=p1,
        sector=Sector.TRANSPORT,
        status=Initiative.Status.IN_PROGRESS,
        expected_reduction=100,
        last_update_at=timezone.now(),
    )
    InitiativeFactory(
        plan=p1, sector=Sector.ENERGY, status=Initiative.Status.COMPLETED, expected_reduction=50
    )
    InitiativeFactory(
        plan=p2,
        sector=Sector.ENERGY,
        status=Initiative.Status.DELAYED,
        expected_reduction=200,
        last_update_at=timezone.now() - dt.timedelta(days=800),
    )
    for municipality, tonnes in ((m1, 10), (m2, 20)):
        for y in (2020, 2022):
            EmissionRecord.objects.create(
                municipality=municipality, year=y, sector=Sector.ENERGY, tonnes=tonnes
            )
            EmissionRecord.objects.create(
                municipality=municipality, year=y, sector=Sector.TRANSPORT, tonnes=tonnes / 2
            )
    by = UserFactory(is_secretariat=True)
    reporting_round = open_round(year=year, deadline=dt.date(year + 1, 1, 31), by=by)
    return close_round(reporting_round=reporting_round, by=by)


def test_regional_figures_from_the_snapshot(three_municipalities):
    region = three_municipalities.snapshot["region"]
    assert region["municipalities"] == 3
    assert (region["plans_adopted"], region["plans_under_revision"], region["plans_missing"]) == (
        1,
        1,
        1,
    )
    assert region["initiatives"] == 3
    assert region["by_status"]["in_progress"] == 1
    assert region["by_status"]["completed"] == 1
    assert region["by_status"]["delayed"] == 1
    assert region["by_sector"]["energy"] == 2 and region["by_sector"]["transport"] == 1
    # Active: in progress and delayed; one of them updated this year.
    assert (region["active"], region["updated"], region["updated_share"]) == (2, 1, 50)
    rollup = {k: Decimal(v) if isinstance(v, str) else v for k, v in region["rollup"].items()}
    assert rollup["complete"] == 2
    assert rollup["baseline"] == 3000
    assert rollup["implied_2030"] == 1300  # 1 000 × 0.3 + 2 000 × 0.5
    assert rollup["reduction_percent"] == Decimal("56.7")  # 1 700 / 3 000
    assert rollup["national_2030"] == 900  # 3 000 × 0.3
    assert rollup["gap_to_national"] == 400
    assert rollup["initiative_reduction"] == 350
    assert rollup["uncovered"] == 1350  # (700 − 150) + (1 000 − 200)
    assert (rollup["net_zero_by_2050"], rollup["net_zero_missing"]) == (1, 2)
    assert region["emissions"] == {
        "2020": {"energy": "30.0", "transport": "15.0"},
        "2022": {"energy": "30.0", "transport": "15.0"},
    }


def test_the_report_shows_the_frozen_figures(three_municipalities):
    context = report_context(report_data(three_municipalities.report))
    assert context["region"]["rollup"]["implied_2030"] == 1300
    names = [m["name"] for m in context["municipalities"]]
    assert set(names) == {"Åby", "Ærøby", "Østerby"}
    m1 = next(m for m in context["municipalities"] if m["code"] == 801)
    assert m1["plan"]["status_label"] == "Politisk vedtaget"
    assert [i["expected_reduction"] for i in m1["key_initiatives"]] == [100, 50]
    assert "<svg" in m1["emission_chart"]


def test_the_report_maps_four_measures_of_the_frozen_round_in_one_table(three_municipalities):
    context = report_context(report_data(three_municipalities.report))
    region_maps = context["region_maps"]
    year = timezone.localdate().year
    assert [m.data.title for m in region_maps.maps] == [
        "Klimaplanens status",
        "Aktive indsatser opdateret de seneste 60 dage",
        f"Rapporteringsrunde {year}",
        "Indsatsernes forventede reduktion",
    ]
    assert all(len(m.shapes) == 29 for m in region_maps.maps)
    # Ærøby's one active initiative was updated now, Østerby's 800 days ago; Åby has none.
    assert dict(region_maps.rows) == {
        "Åby": [
            "Ingen plan registreret",
            "Ingen aktive indsatser",
            "Ikke meldt endnu",
            "0 ton CO2e/år",
        ],
        "Ærøby": ["Politisk vedtaget", "100 %", "Ikke meldt endnu", "150 ton CO2e/år"],
        "Østerby": ["Under revision", "0 %", "Ikke meldt endnu", "200 ton CO2e/år"],
    }


def test_bar_chart_is_a_figure_with_bars_in_svg_and_words_in_html():
    html = charts.bar_chart(
        title="Indsatser efter status",
        data=[("I gang", 12), ("Forsinket", 3), ("Gennemført <alle>", 0)],
        key="t",
    )
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert html.startswith('<figure class="chart chart--bars" id="chart-t">')
    assert 'role="img"' in svg and 'aria-labelledby="chart-t-title chart-t-desc"' in svg
    assert '<title id="chart-t-title">Indsatser efter status</title>' in svg
    # The description states the finding first, then the numbers.
    assert "Størst: I gang, 12. I gang: 12; Forsinket: 3" in svg
    assert "<text" not in svg  # labels and values are HTML beside the SVG
    assert "<li>Forsinket</li>" in html and "<li>12</li>" in html
    assert "Gennemført &lt;alle&gt;" in html and "<alle>" not in html
    assert "<details" in html and '<th scope="row">Forsinket</th>' in html  # the table
    widths = [
        float(w) for w in re.findall(r'class="bar" x="[\d.]+%" y="[\d.]+" width="([\d.]+)%"', svg)
    ]
    assert widths == [100, 25]  # a zero draws nothing


def test_grouped_bars_draw_the_reference_as_an_outline_named_in_the_legend():
    html = charts.bars(
        title="Temaer",
        labels=["Madspild", "Elbiler"],
        series=[("Nu", [50, 80]), ("Reference", [58, 77])],
        unit="%",
        outline=[False, True],
        key="g",
    )
    assert html.count('class="bar"') == 4
    assert html.count('stroke-dasharray="5 3"') == 2  # the reference: an outline, not a colour
    assert "<li>50 % / 58 %</li>" in html
    assert "chart__swatch--outline" in html and ">Reference</li>" in html


def test_stacked_bars_have_a_segment_per_sector_and_year_and_a_legend():
    html = charts.stacked_bars(
        title="Udledning",
        categories=["2020", "2022"],
        series=[("Energi", [30, 20]), ("Transport", [15, 0])],
        unit="ton CO2e",
        key="s",
    )
    assert html.count('class="segment"') == 3  # a zero value draws nothing
    assert ">Energi</li>" in html and ">Transport</li>" in html
    assert "I alt 20 ton CO2e i 2022. -56 % i forhold til 2020." in html
    assert "2020: Energi 30, Transport 15 (i alt 45 ton CO2e)" in html
    # Cheap to draw: the SVG's only text is one element per tick, year and total.
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", html)
    assert texts == ["60", "45", "30", "15", "0", "2020", "2022", "45", "20"]


def test_line_chart_draws_values_and_goals():
    html = charts.line_chart(
        title="Cykeltrafik (cykler pr. døgn)",
        series=[("Værdi", [(2020, 10), (2022, 12)]), ("Mål", [(2030, 20)])],
        key="l",
    )
    assert html.count('class="point"') == 3
    assert html.count('class="line"') == 1  # one point makes no line
    # Goals are hollow points and a dashed line in the legend, not only another colour.
    assert 'fill="#fff" stroke="#e69f00"' in html and "chart__swatch--dashed" in html
    assert '<td class="text-align-right">12</td>' in html
    # Only the years with a point are named, under their slots, with the ticks: a few <text>s.
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", html)
    assert texts == ["20", "15", "10", "5", "0", "2020", "2022", "2030"]
