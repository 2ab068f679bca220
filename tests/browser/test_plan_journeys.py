"""Journeys 1 and 2: the secretariat edits an initiative; a coordinator lands on their
municipality and posts a progress update in a few clicks, by keyboard-reachable labelled fields."""

import re

import pytest

from actionplans.models import IndicatorValue, Initiative

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


LABELS = {
    "da": {
        "link": "Ny statusopdatering",
        "status": "Status",
        "delayed": "Forsinket",
        "percent": "Færdig (%)",
        "note": "Bemærkning",
        "save": "Gem statusopdateringen",
        "saved": "Statusopdateringen af »Ladestandere i København« er gemt.",
    },
    "en": {
        "link": "New progress update",
        "status": "Status",
        "delayed": "Delayed",
        "percent": "Complete (%)",
        "note": "Comment",
        "save": "Save the progress update",
        "saved": "The progress update for “Ladestandere i København” has been saved.",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_coordinator_posts_progress_update_from_home_page(
    page, live_server, world: World, language: str
):
    labels = LABELS[language]
    log_in(page, live_server, "koord.a@example.dk")
    assert page.url == f"{live_server.url}/"  # their municipality's page
    if language == "en":
        switch_language(page, "English")
        assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name=re.compile(f"{labels['link']}.*Ladestandere i København")).click()
    page.get_by_label(labels["status"]).select_option(label=labels["delayed"])
    page.get_by_label(labels["percent"]).fill("45")
    page.get_by_label(labels["note"]).fill("Leverandøren er forsinket.")
    page.get_by_label(world.indicator_a.name).fill("12,5" if language == "da" else "12.5")
    page.get_by_role("button", name=labels["save"]).click()
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_server.url}/"  # back on the page the update started from
    assert labels["saved"] in page.content()
    initiative = Initiative.objects.get(pk=world.initiative_a.pk)
    assert (initiative.status, initiative.percent_done) == ("delayed", 45)
    assert IndicatorValue.objects.get(indicator=world.indicator_a).value == 12.5
    assert page.console_errors == []


def test_secretariat_edits_initiative_and_sees_it_in_history(page, live_server, world: World):
    log_in(page, live_server, "sekretariat@example.dk")
    page.goto(f"{live_server.url}{world.initiative_a.get_absolute_url()}")
    page.get_by_role("link", name="Redigér indsatsen").click()
    page.get_by_label("Titel").fill("Ladestandere ved alle skoler")
    page.get_by_label("Slutår").fill("2029")
    page.get_by_role("button", name="Gem indsatsen").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "Ladestandere ved alle skoler"
    assert "Indsatsen er gemt." in page.content()
    history = page.locator("#history-heading").locator("..").inner_text()
    assert "Slutår: 2027 → 2029" in history
    assert page.console_errors == []
