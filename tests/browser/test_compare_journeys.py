"""Issue 17's comparison, in Danish and in English, axe-core clean: the secretariat picks three
municipalities, reads them side by side in a table and charts, and shares the address: opened in
a new page it shows the same comparison. At 390 px the page does not scroll sideways."""

import pytest

from ..conftest import World
from ..factories import MunicipalityFactory, PlanFactory
from .test_accessibility import assert_accessible, enter_as
from .test_dashboard_journeys import in_language, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "region_menu": "Regionale oversigter",
        "compare": "Sammenlign kommuner",
        "button": "Sammenlign",
        "heading": "Ballerup, Frederiksberg, København side om side",
        "emissions": "Udledning i seneste regnskabsår og efter planens mål for 2030",
        "status": "Indsatser efter status",
        "numbers": "Tallene bag figuren",
    },
    "en": {
        "region_menu": "Regional overviews",
        "compare": "Compare municipalities",
        "button": "Compare",
        "heading": "Ballerup, Frederiksberg, København side by side",
        "emissions": "Emissions in the latest accounted year and under the plan's 2030 target",
        "status": "Initiatives by status",
        "numbers": "The numbers behind the chart",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_compares_three_municipalities_and_shares_the_address(
    page, live_server, world: World, language
):
    t = LABELS[language]
    PlanFactory(municipality=MunicipalityFactory(code=151, name="Ballerup"))
    enter_as(page, live_server, world, "secretariat")
    in_language(page, live_server, language)
    page.goto(live_server.url + "/klimaplaner/region/")
    page.get_by_role("navigation", name=t["region_menu"]).get_by_role(
        "link", name=t["compare"]
    ).click()
    for name in ("København", "Frederiksberg", "Ballerup"):
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name=t["button"], exact=True).click()
    page.wait_for_load_state("networkidle")
    # In the order of the picker (by name), which is the order of the address.
    assert page.get_by_role("heading", level=2, name=t["heading"]).is_visible()
    assert page.locator("main table").first.locator("thead th").count() == 4
    assert page.get_by_role("img", name=t["emissions"]).is_visible()
    assert page.get_by_role("img", name=t["status"]).is_visible()
    page.get_by_text(t["numbers"]).first.click()  # the numbers as a table, on request
    assert_accessible(page)
    no_sideways_scroll(page)

    shared = page.url
    assert "kommune=101" in shared and "kommune=147" in shared and "kommune=151" in shared
    main = page.locator("main table").first.inner_text()
    other = page.context.new_page()
    other.goto(shared)
    assert other.get_by_role("heading", level=2, name=t["heading"]).is_visible()
    assert other.locator("main table").first.inner_text() == main
    other.close()
