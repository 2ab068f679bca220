"""Journeys 1 and 2: the secretariat edits an initiative; a coordinator lands on their
municipality and posts a progress update in a few clicks, by keyboard-reachable labelled fields."""

import re

import pytest

from actionplans.models import IndicatorValue, Initiative

from ..conftest import World
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_posts_progress_update_from_home_page(page, live_server, world: World):
    log_in(page, live_server, "koord.a@example.dk")
    assert page.url.endswith("/kommuner/101/")
    page.get_by_role(
        "link", name=re.compile("Ny statusopdatering.*Ladestandere i København")
    ).click()
    page.get_by_label("Status").select_option(label="Forsinket")
    page.get_by_label("Færdig (%)").fill("45")
    page.get_by_label("Bemærkning").fill("Leverandøren er forsinket.")
    page.get_by_label(world.indicator_a.name).fill("12,5")
    page.get_by_role("button", name="Gem statusopdateringen").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith("/kommuner/101/")
    assert "Statusopdateringen af »Ladestandere i København« er gemt." in page.content()
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
