"""Journey 7: the secretariat registers a call, makes an application to it with partners, moves
it through the pipeline on the board and the application page, a deadline reminder goes out, and
the totals show the grant; A's coordinator then sets their municipality's share. In Danish and
English."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from actionplans.models import Reminder
from alliance.digest import send_digests
from fundraising.models import Application, Call

from ..conftest import World
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "fundraising": "Fundraising",
        "new_call": "Nyt opslag",
        "new_application": "Ny ansøgning",
        "add_partner": "Tilføj partner",
        "board": "Tavle",
        "totals": "Totaler",
        "to_preparation": "→ Under udarbejdelse",
        "granted": "Bevilget",
        "edit_share": "Redigér andel",
    },
    "en": {
        "fundraising": "Fundraising",
        "new_call": "New call",
        "new_application": "New application",
        "add_partner": "Add partner",
        "board": "Board",
        "totals": "Totals",
        "to_preparation": "→ In preparation",
        "granted": "Granted",
        "edit_share": "Edit share",
    },
}


def _submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_takes_an_application_from_call_to_grant(
    page, live_server, world: World, language
):
    words = WORDS[language]
    log_in(page, live_server, world.users["secretariat"].email)
    if language == "en":
        switch_language(page, "English")
    page.get_by_role("navigation").get_by_role("link", name=words["fundraising"]).first.click()
    page.wait_for_load_state("networkidle")

    # A call is registered, with a deadline a week away.
    page.goto(f"{live_server.url}/fundraising/opslag/")
    page.get_by_role("link", name=words["new_call"]).click()
    page.wait_for_load_state("networkidle")
    deadline = timezone.localdate() + dt.timedelta(days=7)
    page.fill("input[name=title]", "Pulje til ladestandere 2027")
    page.select_option("select[name=source]", str(world.funding_source.pk))
    page.fill("input[name=deadline]", deadline.isoformat())
    page.fill("input[name=amount_max]", "-5")
    _submit(page)
    assert page.locator(".form-error-message").count() == 1  # a negative amount is refused
    page.fill("input[name=amount_max]", "3000000")
    page.check(f"input[name=themes][value='{world.theme.pk}']")
    page.check("input[name=eligible_kinds][value=municipality]")
    _submit(page)
    call = Call.objects.get(title="Pulje til ladestandere 2027")
    assert page.locator("h1").inner_text() == call.title
    assert "Ladestandere i København" in page.locator("main").inner_text()  # matching initiative

    # An application to it, with A as the applicant and B as a partner.
    page.get_by_role(
        "link",
        name=words["new_application"] + (" til opslaget" if language == "da" else " to the call"),
    ).click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", "Ladestandere på tværs")
    page.select_option("select[name=applicant]", str(world.municipality_a.organisation.pk))
    page.fill("input[name=amount_applied]", "1000000")
    _submit(page)
    application = Application.objects.get(title="Ladestandere på tværs")
    assert application.call == call
    page.get_by_role("link", name=words["add_partner"]).click()
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=organisation]", str(world.municipality_b.organisation.pk))
    page.fill("input[name=share_percent]", "40")
    _submit(page)
    assert "Frederiksberg" in page.locator("main").inner_text()

    # A reminder goes out for the deadline a week away (the daily job, run here in-process).
    mail.outbox.clear()
    send_digests()
    sent = Reminder.objects.filter(topic__startswith="fundraising.")
    assert {r.topic.split(":")[0] for r in sent} == {"fundraising.call", "fundraising.application"}
    assert any("Ladestandere på tværs" in m.body for m in mail.outbox)

    # Through the pipeline: on the board (no JavaScript needed), then on its page.
    page.goto(f"{live_server.url}/fundraising/ansoegninger/tavle/")
    card = page.locator("article.funding-card", has_text="Ladestandere på tværs")
    card.get_by_role("button", name=words["to_preparation"]).click()
    page.wait_for_load_state("networkidle")
    application.refresh_from_db()
    assert application.state == "preparation"
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.select_option("select[name=to]", "submitted")
    _submit(page)
    page.select_option("select[name=to]", "granted")
    _submit(page)
    assert page.locator(".form-error-message").count() == 1  # the amount granted is needed
    page.select_option("select[name=to]", "granted")
    page.fill("input[name=amount_granted]", "750000")
    _submit(page)
    application.refresh_from_db()
    assert (application.state, application.amount_granted) == ("granted", 750_000)

    # The totals have it: 750,000 granted, 300,000 of it Frederiksberg's 40 %.
    page.goto(f"{live_server.url}/fundraising/ansoegninger/totaler/")
    totals = page.locator("main").inner_text()
    separator = "." if language == "da" else ","
    assert f"750{separator}000" in totals and f"300{separator}000" in totals
    assert page.locator("html").get_attribute("lang") == language
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_coordinator_sets_their_municipality_share(page, live_server, world: World, language):
    words = WORDS[language]
    log_in(page, live_server, world.users["coordinator_a"].email)
    if language == "en":
        switch_language(page, "English")
    page.get_by_role("navigation").get_by_role("link", name=words["fundraising"]).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Fælles ladestandere").click()
    page.wait_for_load_state("networkidle")
    # Only A's own row can be edited.
    assert page.get_by_role("link", name=words["edit_share"]).count() == 1
    page.get_by_role("link", name=words["edit_share"]).click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=share_percent]", "70")
    _submit(page)
    assert page.locator(".form-error-message, .alert-error").count() >= 1  # 70 + 40 > 100 %
    page.fill("input[name=share_percent]", "55")
    page.fill("textarea[name=notes]", "Egenfinansiering via anlægsbudgettet.")
    _submit(page)
    world.partner_a.refresh_from_db()
    assert world.partner_a.share_percent == 55
    response = page.goto(f"{live_server.url}/fundraising/partnere/{world.partner_region.pk}/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert [e for e in page.console_errors if "404" not in e] == []
