"""Lookups several parts of a page ask for are made once per request (alliance/requestcache.py):
the freshness rules, the user's roles for the navigation, the language switch shown twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import FreshnessPolicy

PAGES = [
    ("secretariat", lambda w: reverse("home")),
    ("secretariat", lambda w: reverse("actionplans:region-overview")),
    ("secretariat", lambda w: reverse("actionplans:region-scorecard")),
    ("secretariat", lambda w: reverse("actionplans:initiative-list") + "?freshness=stale"),
    ("coordinator_a", lambda w: reverse("home")),
    ("coordinator_a", lambda w: w.municipality_a.get_absolute_url()),
    ("member", lambda w: reverse("governance:mine")),
]


def queries_on(client, url: str, text: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(text in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_each_lookup_is_made_once_a_request(world, settings, persona, url):
    settings.FRAGMENT_CACHE = False  # the uncached path asks the most
    FreshnessPolicy.objects.create()
    client = world.client(persona)
    address = url(world)
    assert queries_on(client, address, 'FROM "actionplans_freshnesspolicy"') <= 1
    # the roles (alliance/roles.py) that the navigation, the policies and the views all ask for
    coordinated = 'SELECT "municipalities_coordinator"."municipality_id" AS "municipality_id" FROM'
    assert queries_on(client, address, coordinated) == 1
    # the memberships of today, with their roles: the bodies and the closed items' bodies
    bodies = 'SELECT "governance_membership"."body_id" AS "body_id", "governance_membership"."role"'
    assert queries_on(client, address, bodies) == 1


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_the_language_switch_is_rendered_once_and_shown_twice(world, persona, url):
    response = world.client(persona).get(url(world))
    rendered = [t.name for t in response.templates if t.name == "includes/_language_form.html"]
    assert len(rendered) == 1
    assert response.content.decode().count('class="language-form"') == 2


def test_the_rules_are_read_afresh_by_the_next_request(world):
    client = world.client("secretariat")
    rules = FreshnessPolicy.objects.create(due_after_days=30, late_after_days=60)
    url = reverse("actionplans:freshness-update")
    assert client.get(url).context["form"].instance.due_after_days == 30
    FreshnessPolicy.objects.filter(pk=rules.pk).update(due_after_days=20)
    assert client.get(url).context["form"].instance.due_after_days == 20


def test_outside_a_request_every_call_reads_the_rules(db):
    rules = FreshnessPolicy.objects.create(due_after_days=30, late_after_days=60)
    assert FreshnessPolicy.current().due_after_days == 30
    FreshnessPolicy.objects.filter(pk=rules.pk).update(due_after_days=20)
    assert FreshnessPolicy.current().due_after_days == 20
