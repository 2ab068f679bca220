"""Issue 21's journeys, in Danish and in English, axe-core clean: a citizen (no login) opens the
region, picks a municipality from the map (or, in the other language, the list), reads its plan
and initiatives; the secretariat makes
a municipality's initiatives public and sees them appear on its public page."""

import re

import pytest
from django.core.cache import cache

from opendata.models import Publication

from ..conftest import World
from .conftest import log_in, switch_language
from .test_accessibility import assert_accessible
from .test_dashboard_journeys import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "region": "Kommunernes klimaplaner i Hovedstadsregionen",
        "choose": "Vælg en kommune",
        "initiatives": "Indsatser",
        "status": "DK2020-planens status",
        "edit": "Rediger {name}",
        "public": "Offentliggjort",
        "initiatives_box": "Indsatser (titel, status, sektor, temaer, forventet reduktion)",
        "save": "Gem",
        "see": "Se den offentlige side",
        "not_public": "Sekretariatet har endnu ikke offentliggjort kommunens data",
        "no_plan": "Ingen plan",
    },
    "en": {
        "region": "The municipalities' climate plans in the Capital Region",
        "choose": "Choose a municipality",
        "initiatives": "Initiatives",
        "status": "The DK2020 plan's status",
        "edit": "Edit {name}",
        "public": "Made public",
        "initiatives_box": "Initiatives (title, status, sector, themes, expected reduction)",
        "save": "Save",
        "see": "See the public page",
        "not_public": "The secretariat has not yet made the municipality's data public",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_citizen_reads_a_municipalitys_plan_and_initiatives(
    page, live_server, world: World, language
):
    t = LABELS[language]
    cache.clear()
    Publication.objects.create(municipality=world.municipality_a, is_public=True)
    page.goto(f"{live_server.url}/offentlig/")
    if language == "en":
        switch_language(page, "English")
    assert page.get_by_role("heading", level=1).inner_text() == t["region"]
    assert_accessible(page)

    municipality = world.municipality_a
    if language == "da":
        # The map: each municipality is a link naming itself and its plan's status.
        shape = page.locator(".region-map svg").get_by_role(
            "link", name=re.compile(rf"^{municipality.name}\b")
        )
        assert t["no_plan"] not in shape.get_attribute("aria-label")
        shape.focus()  # the keyboard reaches it
        assert page.evaluate("document.activeElement.dataset.code") == str(municipality.code)
        shape.click()
    else:
        municipalities = page.get_by_role("region", name=t["choose"])
        municipalities.get_by_role("link", name=municipality.name, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/offentlig/kommuner/{world.municipality_a.code}/")
    assert t["status"] in page.locator("main").inner_text()
    initiatives = page.get_by_role("region", name=t["initiatives"])
    assert world.initiative_a.title in initiatives.inner_text()
    assert_accessible(page)
    no_sideways_scroll(page)

    # A developer follows the link to the API's documentation; on a phone too.
    page.goto(f"{live_server.url}/api/v1/dokumentation/")
    assert page.locator("h3 code", has_text="/api/v1/export/national/initiatives.csv").count() == 1
    no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_makes_initiatives_public_and_sees_them(
    page, live_server, world: World, language
):
    t = LABELS[language]
    cache.clear()
    municipality = world.municipality_b
    log_in(page, live_server, world.users["secretariat"].email)
    if language == "en":
        switch_language(page, "English")
    page.goto(f"{live_server.url}/offentlig/kommuner/{municipality.code}/")
    assert t["not_public"] in page.locator("main").inner_text()
    assert world.initiative_b.title not in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/offentlig/indstillinger/")
    assert_accessible(page)
    page.get_by_role("link", name=t["edit"].format(name=municipality.name)).click()
    page.get_by_label(t["public"], exact=True).check()
    page.get_by_label(t["initiatives_box"]).check()
    assert_accessible(page)
    page.get_by_role("button", name=t["save"]).click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/offentlig/kommuner/{municipality.code}/")
    main = page.locator("main").inner_text()
    assert world.initiative_b.title in main
    assert t["not_public"] not in main
    assert_accessible(page)
