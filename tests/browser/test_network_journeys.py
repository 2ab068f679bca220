"""Journey 4: an anonymous visitor searches the public knowledge library; a member of the alliance
opens a network, its coming activity and a development track. In Danish and English."""

import pytest

from networks.models import KnowledgeResource

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {"search": "Søg", "library": "Bibliotek", "networks": "Netværk"},
    "en": {"search": "Search", "library": "Library", "networks": "Networks"},
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_anonymous_visitor_searches_the_library(page, live_server, world: World, language):
    KnowledgeResource.objects.filter(pk=world.resource_public.pk).update(
        summary="Sådan planlægger kommunen ladeinfrastruktur til elbiler."
    )
    page.goto(f"{live_server.url}/velkommen/")
    if language == "en":
        switch_language(page, "English")
    words = WORDS[language]
    page.get_by_role("link", name=words["library"]).first.click()
    page.wait_for_load_state("networkidle")
    page.locator("input[name=q]").fill("ladeinfrastruktur")
    page.get_by_role("button", name=words["search"], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "q=ladeinfrastruktur" in page.url  # a shareable address
    results = page.locator("main").inner_text()
    assert "Offentlig vejledning" in results
    assert "Intern analyse" not in results
    page.get_by_role("link", name="Offentlig vejledning").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Offentlig vejledning"
    response = page.goto(f"{live_server.url}/netvaerk/bibliotek/intern-analyse/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert [e for e in page.console_errors if "404" not in e] == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_member_follows_a_network_and_a_track(page, live_server, world: World, language):
    log_in(page, live_server, world.users["member"].email)
    if language == "en":
        switch_language(page, "English")
    words = WORDS[language]
    page.get_by_role("navigation").get_by_role("link", name=words["networks"]).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Testnetværket").first.click()
    page.wait_for_load_state("networkidle")
    network_page = page.locator("main").inner_text()
    assert "Netværksmøde om elbiler" in network_page
    assert "VIP-testprojekt" in network_page
    page.get_by_role("link", name="Netværksmøde om elbiler").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Netværksmøde om elbiler"
    page.goto(f"{live_server.url}/organer/spor/")
    page.get_by_role("link", name="Fælles ladeinfrastruktur").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Fælles ladeinfrastruktur"
    assert page.locator("html").get_attribute("lang") == language
    assert page.console_errors == []
