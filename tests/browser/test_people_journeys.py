"""The secretariat invites a coordinator, who accepts through the link in the e-mail and is logged
in; a leaving coordinator is handed over to the successor."""

import re

import pytest

from actionplans.models import Initiative

from ..conftest import World
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Klimaplan-for-alle-2030"


def test_an_invited_coordinator_accepts_and_a_leaver_is_handed_over(
    browser, page, live_server, world: World, mailoutbox
):
    anna = world.users["coordinator_a"]
    Initiative.objects.filter(pk=world.initiative_a.pk).update(
        contact_name=anna.name, contact_email=anna.email
    )
    log_in(page, live_server, "sekretariat@example.dk")
    page.goto(f"{live_server.url}/personer/")
    page.get_by_role("link", name="Inviter en person").click()
    page.fill("input[name=name]", "Nina Nyansat")
    page.fill("input[name=email]", "nina@example.dk")
    page.get_by_label("Klimakoordinator for en kommune").check()
    page.select_option("select[name=municipality]", label="København")
    page.get_by_role("button", name="Send invitation").click()
    assert "Invitationen er sendt til nina@example.dk" in page.content()
    assert page.locator("h1").inner_text() == "Nina Nyansat"

    [message] = mailoutbox
    link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
    invitee = browser.new_context(locale="da-DK").new_page()
    invitee.goto(live_server.url + "/" + link.split("/", 3)[3])
    invitee.fill("input[name=new_password1]", NEW_PASSWORD)
    invitee.fill("input[name=new_password2]", NEW_PASSWORD)
    invitee.get_by_role("button", name="Gem adgangskode og log ind").click()
    invitee.wait_for_load_state("networkidle")
    assert invitee.url == f"{live_server.url}/"  # the new coordinator's municipality page
    assert "Nina Nyansat" in invitee.content()
    invitee.context.close()

    page.goto(f"{live_server.url}/personer/{anna.pk}/")
    page.get_by_role("link", name="Overdrag til en efterfølger").click()
    page.select_option("select[name=successor]", label="Nina Nyansat")
    page.get_by_role("button", name="Overdrag", exact=True).click()
    assert "Overdragelsen er gennemført" in page.content()
    initiative = Initiative.objects.get(pk=world.initiative_a.pk)
    assert initiative.contact_email == "nina@example.dk"
    assert not anna.coordinatorships.filter(is_active=True).exists()
    assert page.console_errors == []
