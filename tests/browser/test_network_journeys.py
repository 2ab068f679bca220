"""Journey 4: an anonymous visitor searches the public knowledge library; a member of the alliance
opens a network, its VIP history and the project's library resources, its coming activity and the
personal calendar address (which a calendar app fetches without logging in), and a development
track with its knowledge product. In Danish and English."""

import pytest

from networks.models import KnowledgeResource

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "search": "Søg",
        "library": "Bibliotek",
        "networks": "Netværk",
        "in_library": "I vidensbiblioteket",
        "activities": "Aktiviteter",
        "products": "Vidensprodukter",
    },
    "en": {
        "search": "Search",
        "library": "Library",
        "networks": "Networks",
        "in_library": "In the knowledge library",
        "activities": "Activities",
        "products": "Knowledge products",
    },
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
    KnowledgeResource.objects.filter(pk=world.resource_public.pk).update(
        vip_project=world.vip_project, source=KnowledgeResource.Source.TRACK
    )
    world.track.knowledge_resources.add(world.resource_public)
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
    # The VIP project the network continues, and its resources in the library.
    page.get_by_role("link", name="VIP-testprojekt").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "VIP-testprojekt"
    page.get_by_role("heading", name=words["in_library"]).wait_for()
    assert page.get_by_role("link", name="Offentlig vejledning").is_visible()
    # The coming activity, and the personal calendar address on the activity list.
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Netværksmøde om elbiler").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Netværksmøde om elbiler"
    page.get_by_role("link", name=words["activities"]).first.click()
    page.wait_for_load_state("networkidle")
    feed_url = page.locator("#feed-url").input_value()
    assert "/netvaerk/aktiviteter/kalender/" in feed_url
    calendar_app = page.context.browser.new_context()  # no session, like a calendar app
    feed = calendar_app.request.get(feed_url)
    assert feed.status == 200 and "Netværksmøde om elbiler" in feed.text()
    calendar_app.close()
    # The development track and its knowledge product, which links back to the track.
    page.goto(f"{live_server.url}/organer/spor/")
    page.get_by_role("link", name="Fælles ladeinfrastruktur").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Fælles ladeinfrastruktur"
    assert words["products"] in page.locator("main").inner_text()
    page.get_by_role("link", name="Offentlig vejledning").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Offentlig vejledning"
    page.get_by_role("link", name="Fælles ladeinfrastruktur").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Fælles ladeinfrastruktur"
    assert page.locator("html").get_attribute("lang") == language
    assert page.console_errors == []
