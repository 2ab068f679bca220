"""Issue 17's map journey, in Danish and in English, axe-core clean: the secretariat changes the
map's measure on the dashboard and on the region overview (a plain GET form) and opens a
municipality from the map. Screenshots of every page with the map at 1366 and 390 px go to
test-artifacts/map/ to be looked at; at 390 px no page scrolls sideways."""

import pytest
from django.urls import reverse

from ..conftest import World
from ..test_region_map import add_region
from .conftest import ARTIFACTS
from .test_accessibility import assert_accessible, enter_as
from .test_dashboard_journeys import in_language, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "choose": "Vis på kortet",
        "show": "Vis kortet",
        "round": "Rapporteringsrunde 2026",
        "reported": "København: Meldt rapporteret",
        "waiting": "Frederiksberg: Ikke meldt endnu",
        "table": "Kortets tal som tabel",
    },
    "en": {
        "choose": "Show on the map",
        "show": "Show the map",
        "round": "Reporting round 2026",
        "reported": "København: Reported",
        "waiting": "Frederiksberg: Not reported yet",
        "table": "The map's figures as a table",
    },
}


def shoot(page, name: str) -> None:
    """The map's section at 1366 and 390 px, for a person to look at."""
    folder = ARTIFACTS / "map"
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".region-map").scroll_into_view_if_needed()
        page.locator("section:has(.region-map)").screenshot(
            path=str(folder / f"{name}-{width}.png")
        )
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("start", ["home", "actionplans:region-overview"])
def test_secretariat_changes_the_measure_and_opens_a_municipality_from_the_map(
    page, live_server, world: World, language, start
):
    t = LABELS[language]
    add_region(world)
    enter_as(page, live_server, world, "secretariat")
    in_language(page, live_server, language)
    page.goto(live_server.url + reverse(start))
    page.get_by_label(t["choose"]).select_option(label=t["round"])
    page.get_by_role("button", name=t["show"]).click()
    page.wait_for_load_state("networkidle")
    assert "kort=runde" in page.url
    assert_accessible(page)
    no_sideways_scroll(page)
    shape = page.get_by_role("link", name=t["waiting"])
    assert shape.count() == 1
    assert page.get_by_role("link", name=t["reported"]).count() == 1
    page.locator(".region-map__table summary", has_text=t["table"]).click()
    assert (
        page.locator(".region-map__table tr[data-code='147'] td").first.inner_text() in t["waiting"]
    )
    if language == "da":
        shoot(page, "dashboard" if start == "home" else "region-overview")
    shape.focus()  # the keyboard reaches a municipality; focus is drawn
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    shape.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/kommuner/147/")
    assert "Frederiksberg" in page.get_by_role("heading", level=1).inner_text()


def test_network_and_theme_pages_show_the_map(page, live_server, world: World):
    add_region(world)
    enter_as(page, live_server, world, "secretariat")
    page.goto(live_server.url + world.network.get_absolute_url())
    assert page.get_by_role("link", name="København: Tovholder").count() == 1
    assert_accessible(page)
    no_sideways_scroll(page)
    shoot(page, "network")
    page.goto(live_server.url + reverse("actionplans:theme-list"))
    assert page.get_by_role("link", name="København: Med").count() == 1
    assert_accessible(page)
    no_sideways_scroll(page)
    shoot(page, "themes")
