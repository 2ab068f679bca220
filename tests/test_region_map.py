"""The map of the 29 municipalities (municipalities/maps.py, the `{% region_map %}` tag): read back
from the page, every shape is a municipality with its name and value, every value is in a class of
the legend, the table holds the same values; the map is never stale and its queries do not grow."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Initiative, Plan
from municipalities import maps
from municipalities.models import Municipality
from reports.models import MunicipalityReport, ReportingRound
from tests.conftest import World
from tests.factories import (
    InitiativeFactory,
    MunicipalityFactory,
    NetworkMemberFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

REGION = reverse("actionplans:region-overview")
MEASURES = ["planstatus", "revision", "opdateret", "foraeldede", "reduktion", "runde"]


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The map is a cached fragment: the real (local memory) cache, empty at the start."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.REDIS_URL = ""
    cache.clear()


@pytest.fixture
def region(world: World) -> World:
    return add_region(world)


def add_region(world: World) -> World:
    """All 29 municipalities (the world has two), a plan of each status, a plan due for
    revision and an open round where København has reported."""
    names = maps.reference_names()
    for code, name in names.items():
        if not Municipality.objects.filter(code=code).exists():
            MunicipalityFactory(code=code, name=name, official_name=f"{name} Kommune")
    for status, code in zip(Plan.Status.values, (151, 153, 155, 157, 159), strict=True):
        PlanFactory(municipality=Municipality.objects.get(code=code), status=status)
    world.plan_a.adopted_on = timezone.localdate() - dt.timedelta(days=5 * 365 - 30)
    world.plan_a.save()
    reporting_round = ReportingRound.objects.create(
        year=2026, deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    MunicipalityReport.objects.create(round=reporting_round, municipality=world.municipality_a)
    return world


def read_map(html: str) -> dict:
    """The shapes (code: class, label), the legend (class: label) and the table (name: value)."""
    section = re.search(r'<div class="region-map".*?</table>', html, re.S).group(0)
    shapes = {
        int(code): (klass, label)
        for label, code, klass in re.findall(
            r'<a href="/kommuner/\d+/" aria-label="([^"]*)" data-code="(\d+)" '
            r'data-class="([^"]*)">',
            section,
        )
    }
    legend = dict(re.findall(r'<li data-class="([^"]*)">.*?</svg> ([^(]*) \(', section, re.S))
    rows = dict(
        re.findall(
            r'<tr data-code="\d+">\s*<th scope="row"><a [^>]*>([^<]*)</a></th>\s*<td>([^<]*)</td>',
            section,
        )
    )
    return {"shapes": shapes, "legend": legend, "rows": rows}


def test_the_map_shows_29_municipalities_their_values_in_legend_classes_and_as_a_table(region):
    html = region.client("secretariat").get(REGION + "?kort=planstatus").content.decode()
    found = read_map(html)
    names = maps.reference_names()
    assert len(found["shapes"]) == 29
    assert set(found["shapes"]) == set(names)
    for code, (klass, label) in found["shapes"].items():
        name, value = label.split(": ", 1)
        assert name == names[code]
        assert klass in found["legend"], (code, klass)
        assert found["rows"][name] == value  # the table holds the same value
    assert found["shapes"][151] == ("in_preparation", "Ballerup: Under udarbejdelse")
    assert found["shapes"][400] == ("no-plan", "Bornholm: Ingen plan registreret")
    assert len(found["rows"]) == 29
    assert "Kommunegrænser: DAGI, Geodatastyrelsen" in html
    assert f"<title>{names[101]}: Politisk vedtaget</title>" in html


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_puts_each_value_in_a_class_of_its_legend(region, measure):
    html = region.client("secretariat").get(f"{REGION}?kort={measure}").content.decode()
    found = read_map(html)
    assert f'<option value="{measure}" selected>' in html
    assert len(found["shapes"]) == 29
    for code, (klass, label) in found["shapes"].items():
        assert klass in found["legend"], (measure, code, klass)
        name, value = label.split(": ", 1)
        assert found["rows"][name] == value


def test_the_measures_say_what_the_selectors_say(region):
    client = region.client("secretariat")
    shapes = lambda measure: read_map(client.get(f"{REGION}?kort={measure}").content.decode())[  # noqa: E731
        "shapes"
    ]
    assert shapes("revision")[101][0] == "soon"
    assert shapes("runde")[101] == ("reported", shapes("runde")[101][1])
    assert shapes("runde")[147][0] == "waiting"
    assert shapes("reduktion")[101][1] == "København: 100 ton CO2e/år"


def test_a_network_page_shows_its_members_on_the_map(region):
    NetworkMemberFactory(network=region.network, organisation=region.municipality_b.organisation)
    html = region.client("member").get(region.network.get_absolute_url()).content.decode()
    shapes = read_map(html)["shapes"]
    assert shapes[101] == ("lead", "København: Tovholder")
    assert shapes[147] == ("member", "Frederiksberg: Med")
    assert shapes[400] == ("outside", "Bornholm: Ikke med")
    assert 'name="kort"' not in html  # one measure: no form


def test_the_theme_list_shows_a_theme_on_the_map(region):
    html = region.client("secretariat").get(reverse("actionplans:theme-list")).content.decode()
    shapes = read_map(html)["shapes"]
    assert shapes[101] == ("member", "København: Med")
    assert shapes[147][0] == "outside"
    assert '<option value="planstatus"' not in html  # the themes' measures only


def test_an_unknown_measure_shows_the_first(region):
    html = region.client("secretariat").get(REGION + "?kort=%3Cscript%3E").content.decode()
    assert read_map(html)["shapes"][151][0] == "in_preparation"
    assert "<script>" not in html


def test_the_map_is_never_stale_changing_the_measure_or_the_data_changes_it(region):
    client = region.client("secretariat")
    before = read_map(client.get(REGION + "?kort=planstatus").content.decode())["shapes"]
    other = read_map(client.get(REGION + "?kort=runde").content.decode())["shapes"]
    assert before[151][0] == "in_preparation" and other[151][0] == "waiting"
    Plan.objects.filter(municipality__code=151).update(status=Plan.Status.ADOPTED)
    after = read_map(client.get(REGION + "?kort=planstatus").content.decode())["shapes"]
    assert after[151] == ("adopted", "Ballerup: Politisk vedtaget")
    assert any(key for key in cache._cache if "fragment:region-map:" in key)


def test_a_coordinator_opens_only_what_they_may_see(region):
    html = region.client("coordinator_a").get(REGION).content.decode()
    assert 'href="/kommuner/101/"' in html


@pytest.mark.parametrize(
    "url",
    [
        REGION + "?kort=opdateret",
        REGION + "?kort=foraeldede",
        REGION + "?kort=reduktion",
        reverse("home") + "?kort=revision",
        reverse("actionplans:theme-list"),
        "network",
    ],
)
def test_pages_with_the_map_run_as_many_queries_at_10x_the_data(region, url, settings):
    settings.FRAGMENT_CACHE = False  # count the map's own queries, not a cache hit
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = region.network.get_absolute_url() if url == "network" else url
    client = region.client("secretariat")

    def add(n):
        now = timezone.now()
        for k in range(n):
            for plan in (region.plan_a, region.plan_b):
                InitiativeFactory(
                    plan=plan,
                    status=Initiative.Status.values[k % 6],
                    last_update_at=now - dt.timedelta(days=10 + 100 * (k % 3)),
                    expected_reduction=k * 10,
                )

    add(1)
    with CaptureQueriesContext(connection) as once:
        assert client.get(url).status_code == 200
    add(9)
    with CaptureQueriesContext(connection) as tenfold:
        assert client.get(url).status_code == 200
    assert len(tenfold) == len(once)
