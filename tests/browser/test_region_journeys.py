"""Journey 3 of PRODUCT.md, in Danish and in English: a coordinator looks across the region: the
themes and how many municipalities work on each (computed live), the scorecard sorted by a column,
the peers of an initiative with their coordinator's name and email, and the roll-up of targets."""

import pytest

from ..conftest import World
from ..factories import InitiativeFactory, ThemeFactory
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "main_menu": "Hovedmenu",
        "nav": ["Kommuner", "Indsatser", "Overblik"],
        "overview": "Overblik",
        "overview_heading": "Overblik over regionen",
        "region_menu": "Regionale oversigter",
        "revision_heading": "Planer, der skal revideres inden for 12 måneder",
        "scorecard": "Kommunerne side om side",
        "initiatives_column": "Indsatser",
        "peers_link": "Andre kommuner, der arbejder med de samme temaer",
        "peers_heading": "Andre kommuner med samme temaer",
        "rollup": "Mål for regionen",
        "revision": "København: revision senest 1. juni 2027",
        "baseline": "100.000",
        "implied_2030": "30.000",
        "of": "af",
    },
    "en": {
        "main_menu": "Main menu",
        "nav": ["Municipalities", "Initiatives", "Overview"],
        "overview": "Overview",
        "overview_heading": "Overview of the region",
        "region_menu": "Regional overviews",
        "revision_heading": "Plans due for revision within 12 months",
        "scorecard": "Municipalities side by side",
        "initiatives_column": "Initiatives",
        "peers_link": "Other municipalities working on the same themes",
        "peers_heading": "Other municipalities with the same themes",
        "rollup": "Targets for the region",
        "revision": "København: revision due by 1 June 2027",
        "baseline": "100,000",
        "implied_2030": "30,000",
        "of": "of",
    },
}


def cells(row) -> list[str]:
    return [" ".join(text.split()) for text in row.locator("th, td").all_inner_texts()]


@pytest.mark.parametrize("language", ["da", "en"])
def test_coordinator_looks_across_the_region(page, live_server, world: World, language):
    t = LABELS[language]
    mobility = ThemeFactory(name="Grøn mobilitet", slug="groen-mobilitet")
    food = ThemeFactory(name="Klimavenlig mad", slug="klimavenlig-mad")
    for plan, title, themes in [
        (world.plan_a, "Delebiler i København", [mobility]),
        (world.plan_a, "Plantebaseret mad i kantiner", [food]),
        (world.plan_b, "Cykelstier på Frederiksberg", [mobility]),
    ]:
        InitiativeFactory(plan=plan, title=title).themes.set(themes)
    # Now København has 3 initiatives (with world.initiative_a), Frederiksberg 2.
    # The world's plans have a baseline of 100 000 t CO2e in 1990 and a 2030 target of 70 %.

    log_in(page, live_server, "koord.b@example.dk")
    # The coordinator's home is their municipality's page, at / itself.
    assert page.url == live_server.url + "/"
    assert "Frederiksberg" in page.get_by_role("heading", level=1).inner_text()
    if language == "en":
        switch_language(page, "English")
    assert page.locator("html").get_attribute("lang") == language
    nav = page.get_by_role("navigation", name=t["main_menu"]).first
    for label in t["nav"]:
        assert nav.get_by_role("link", name=label, exact=True).is_visible()

    # The overview: how many municipalities work on each theme, computed from the data, as a
    # share of those with an approved plan (both of the world's), and of all 29.
    nav.get_by_role("link", name=t["overview"], exact=True).click()
    page.wait_for_url("**/klimaplaner/region/")
    assert page.locator("h1").inner_text() == t["overview_heading"]
    mobility_row = page.locator("tr", has=page.get_by_role("rowheader", name="Grøn mobilitet"))
    of = t["of"]
    assert cells(mobility_row) == [
        "Grøn mobilitet",
        f"2 {of} 2",
        "100 %",
        "—",
        f"7 % (2 {of} 29)",
        "Frederiksberg, København",
    ]
    food_row = page.locator("tr", has=page.get_by_role("rowheader", name="Klimavenlig mad"))
    assert cells(food_row)[1:3] == [f"1 {of} 2", "50 %"]
    assert cells(food_row)[-1] == "København"
    # Plans due for revision within 12 months (adopted 1 June 2022, so due 1 June 2027).
    revision = page.get_by_role("region", name=t["revision_heading"]).get_by_role("listitem")
    # (From June 2027 on it is overdue and carries a badge after the date.)
    assert any(item.startswith(t["revision"]) for item in revision.all_inner_texts())

    # The scorecard, sorted by the number of initiatives, then the other way.
    region_nav = page.get_by_role("navigation", name=t["region_menu"])
    region_nav.get_by_role("link", name=t["scorecard"], exact=True).click()
    page.wait_for_url("**/klimaplaner/region/scorecard/")
    table = page.get_by_role("table")
    column = table.get_by_role("columnheader", name=t["initiatives_column"], exact=True)
    with page.expect_navigation():
        column.get_by_role("link").click()
    assert "sort=total" in page.url
    first_cells = page.get_by_role("table").locator("tbody tr td:first-child")
    assert first_cells.all_inner_texts() == ["Frederiksberg", "København"]
    column = page.get_by_role("table").get_by_role("columnheader", name=t["initiatives_column"])
    with page.expect_navigation():
        column.get_by_role("link").click()
    assert "sort=-total" in page.url
    assert first_cells.all_inner_texts() == ["København", "Frederiksberg"]

    # Peers: from my own initiative to the other municipality's coordinator.
    page.goto(f"{live_server.url}/kommuner/147/")
    page.get_by_role("link", name="Cykelstier på Frederiksberg", exact=True).click()
    page.get_by_role("link", name=t["peers_link"]).click()
    page.wait_for_url("**/ligesindede/")
    assert page.locator("h1").inner_text() == t["peers_heading"]
    peer = page.locator("tr", has=page.get_by_role("rowheader", name="København", exact=True))
    peer_text = peer.inner_text()
    assert "Delebiler i København" in peer_text
    assert "Anna Ærø" in peer_text
    email = peer.get_by_role("link", name="koord.a@example.dk")
    assert email.get_attribute("href") == "mailto:koord.a@example.dk"
    assert "Plantebaseret mad" not in page.get_by_role("main").inner_text()

    # The roll-up: København's baseline, target and the emissions the target implies for 2030.
    nav.get_by_role("link", name=t["overview"], exact=True).click()
    page.get_by_role("navigation", name=t["region_menu"]).get_by_role(
        "link", name=t["rollup"], exact=True
    ).click()
    page.wait_for_url("**/klimaplaner/region/maal/")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="København", exact=True))
    assert cells(row)[:6] == ["København", "1990", t["baseline"], "70 %", "2050", t["implied_2030"]]
    assert cells(row)[7] == "300"  # three initiatives of 100 t CO2e/year each
    assert page.console_errors == []
