"""Accessibility: axe-core (node_modules, never the network) run in Chromium over every page each
role can open, as the secretariat, a coordinator, a body member and an anonymous visitor, plus the
main forms with their errors shown. WCAG 2.1 A and AA rules (what Danish public-sector sites must
meet): no serious or critical violation.

The pages are those of tests/url_expectations.py that answer 200 to the persona's GET, so a new
page is checked as soon as it has its row there. Downloads, feeds and the Django admin are left
out (not the portal's HTML)."""

from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .. import test_url_roles
from ..conftest import World
from ..test_url_roles import named_patterns, row_for, url_for

url_world = test_url_roles.url_world  # the same world, with a job and a document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent.parent / "node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Not HTML pages of the portal: files, feeds, exports and the Django admin.
SKIPPED = ("admin:", "health", "set_language")
SKIPPED_PARTS = ("download", "feed", "export", "-ics", "import-template", "job-detail")

# Forms shown again with their errors: submitted empty (the browser's own validation switched
# off so that the server's Danish messages appear).
FORMS_WITH_ERRORS = [
    "actionplans:initiative-create",
    "actionplans:progress-create",
    "actionplans:indicator-create",
    "networks:activity-create",
    "governance:meeting-create",
    "fundraising:application-create",
    "fundraising:call-create",
]


@cache
def axe_source() -> str:
    return AXE.read_text()


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; the serious and critical WCAG 2.1 A/AA violations, described."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated over the DevTools protocol: the content-security policy forbids a script tag
        # that is not the site's own (Playwright's add_script_tag is inline, so it is blocked).
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' +
                       (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))}));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): " + " | ".join(v["nodes"])
        for v in result
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page) -> None:
    """For journeys: fail with the page's serious and critical axe-core violations."""
    found = axe_violations(page)
    assert not found, f"{page.url}:\n" + "\n".join(found)


def enter_as(page, live_server, world: World, persona: str) -> None:
    """Give the browser the persona's session (the test client's login, no form round trip)."""
    if world.users[persona] is None:
        return
    client = world.client(persona)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def pages_for(world: World, persona: str) -> list[str]:
    urls = []
    for name, pattern in named_patterns():
        if name.startswith(SKIPPED) or any(part in name for part in SKIPPED_PARTS):
            continue
        row = row_for(name, "GET")
        if row is None or row.codes[persona] != "200":
            continue
        urls.append(url_for(name, pattern, world))
    return sorted(set(urls))


@pytest.mark.parametrize("persona", ["anonymous", "secretariat", "coordinator_a", "member"])
def test_every_page_has_no_serious_violations(page, live_server, url_world, persona):
    enter_as(page, live_server, url_world, persona)
    problems, checked = [], 0
    for url in pages_for(url_world, persona):
        response = page.goto(live_server.url + url)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.status == 200, f"{url}: {response.status}"
        checked += 1
        problems += [f"{url}: {p}" for p in axe_violations(page)]
    print(f"{persona}: {checked} pages checked")
    assert checked > 3
    assert not problems, f"{len(problems)} violations as {persona}:\n" + "\n".join(problems)


def test_forms_with_errors_have_no_serious_violations(page, live_server, url_world):
    enter_as(page, live_server, url_world, "secretariat")
    problems = []
    for name in FORMS_WITH_ERRORS:
        pattern = dict(named_patterns())[name]
        url = url_for(name, pattern, url_world)
        page.goto(live_server.url + url)
        form = page.locator("main form[method=post]").last
        form.evaluate(
            """f => { f.noValidate = true;
                f.querySelectorAll('input[type=text], input[type=number], input[type=date],'
                                   + ' textarea').forEach(i => { i.value = ''; }); }"""
        )
        with page.expect_navigation():
            form.locator("button[type=submit]").last.click()
        assert page.locator(".form-error-message, .form-error, .alert-error").count(), (
            f"{name}: no error shown"
        )
        problems += [f"{url} (errors shown): {p}" for p in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_login_form_with_error_has_no_serious_violations(page, live_server, url_world):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", "ingen@example.dk")
    page.fill("input[name=password]", "forkert-adgangskode")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


def test_the_check_finds_violations(page):
    """The check itself works: a page with an unlabelled field and an image without text fails."""
    page.set_content(
        '<html lang="da"><body><main><img src="x.png"><input type="text"></main></body></html>'
    )
    found = axe_violations(page)
    assert any("image-alt" in v for v in found) and any("label" in v for v in found), found


def test_a_list_with_a_filter_error_and_the_400_page_have_no_serious_violations(
    page, live_server, url_world
):
    enter_as(page, live_server, url_world, "secretariat")
    problems = []
    for url, status in (
        (reverse("governance:decision-log") + "?year=99999", 200),
        (reverse("networks:resource-list") + "?aar=1e10", 200),
        (reverse("actionplans:initiative-list") + "?q=klima%00", 400),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == status, url
        problems += [f"{url}: {p}" for p in axe_violations(page)]
    assert not problems, "\n".join(problems)
