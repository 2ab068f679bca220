"""Search and sorting treat æ, ø, å, é and ü as letters with a case, on SQLite as on PostgreSQL
(alliance/db.py), in every search box."""

import pytest
from django.db import connection
from django.urls import reverse

from actionplans.models import Initiative
from fundraising.models import Application
from governance.models import AgendaItem
from networks.models import KnowledgeResource
from tests.factories import (
    AgendaItemFactory,
    InitiativeFactory,
    KnowledgeResourceFactory,
    MunicipalityFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

INITIATIVES = reverse("actionplans:initiative-list")
LIBRARY = reverse("networks:resource-list")


def listed(response) -> set[str]:
    return {row.record.title for row in response.context["table"].page.object_list}


@pytest.mark.parametrize("query", ["ørestad", "ØRESTAD", "Ørestad", "øResTaD"])
def test_initiative_search_ignores_the_case_of_danish_letters(world, query):
    InitiativeFactory(plan=world.plan_a, title="Cykelsti gennem Ørestad")
    response = world.client("secretariat").get(INITIATIVES, {"q": query})
    assert listed(response) == {"Cykelsti gennem Ørestad"}


def test_initiative_search_finds_the_capital_in_capitals(world):
    # The world's initiatives are "Ladestandere i København" and "... i Frederiksberg".
    response = world.client("secretariat").get(INITIATIVES, {"q": "KØBENHAVN"})
    assert listed(response) == {"Ladestandere i København"}


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("SAMKØRSEL", "Samkørsel til arbejde"),
        ("MØBLER", "Genbrug af møbler"),
        ("café", "Grøn CAFÉ-guide"),
        ("CAFÉ", "Grøn CAFÉ-guide"),
        ("müNCHEN", "Erfaringer fra München"),
        ("MÜNCHEN", "Erfaringer fra München"),
        ("ÆBLELUNDE", "Æblelunde i byen"),
        ("ÅBNE", "Åbne data om energi"),
    ],
)
def test_library_search_ignores_the_case_of_non_ascii_letters(world, query, title):
    """Whole words: on PostgreSQL the library searches by full text (words, not substrings)."""
    for name in (
        "Samkørsel til arbejde",
        "Genbrug af møbler",
        "Grøn CAFÉ-guide",
        "Erfaringer fra München",
        "Æblelunde i byen",
        "Åbne data om energi",
    ):
        KnowledgeResourceFactory(title=name, summary="")
    response = world.client("anonymous").get(LIBRARY, {"q": query})
    found = {resource.title for resource in response.context["page"].object_list}
    assert title in found
    assert found <= {title, "Grøn CAFÉ-guide", "Åbne data om energi", "Æblelunde i byen"}


def test_decision_log_and_application_search_ignore_case(world):
    item = AgendaItemFactory(meeting=world.meeting_x, title="Rødovres ønske om støtte")
    item.outcome, item.decision_text = AgendaItem.Outcome.APPROVED, "Godkendt"
    item.save()
    decisions = world.client("secretariat").get(reverse("governance:decision-log"), {"q": "RØD"})
    assert item in list(decisions.context["table"].data)
    Application.objects.filter(pk=world.application_a.pk).update(title="Fælles ÅRSHJUL")
    applications = world.client("secretariat").get(
        reverse("fundraising:application-list"), {"q": "årshjul"}
    )
    assert [row.record.pk for row in applications.context["table"].page.object_list] == [
        world.application_a.pk
    ]


def test_iexact_and_like_keep_their_meaning(world):
    KnowledgeResourceFactory(title="100% genbrug_af_ØL", summary="")
    titles = KnowledgeResource.objects.filter
    assert titles(title__iexact="100% GENBRUG_AF_øl").count() == 1
    # The escaped wildcards match only themselves: "%" and "_" are not "any text".
    assert titles(title__icontains="0% g").count() == 1
    assert titles(title__icontains="0%g").count() == 0
    assert titles(title__icontains="_af_ø").count() == 1
    assert titles(title__icontains="xaf_ø").count() == 0
    assert AgendaItem.objects.filter(title__icontains="").count() == AgendaItem.objects.count()


# --- Sorting by title ---------------------------------------------------------------------------


def test_initiative_list_sorts_titles_without_regard_to_case(world):
    plan = PlanFactory(municipality=MunicipalityFactory(code=151, name="Ballerup"))
    for title in ("eBus-forsøg", "Affaldssortering", "Øko-kantiner", "Zoneopdeling", "ølejr"):
        InitiativeFactory(plan=plan, title=title)
    response = world.client("secretariat").get(
        INITIATIVES, {"municipality": plan.municipality_id, "sort": "title"}
    )
    titles = [row.record.title for row in response.context["table"].page.object_list]
    assert titles == ["Affaldssortering", "eBus-forsøg", "Zoneopdeling", "Øko-kantiner", "ølejr"]


def test_lower_is_unicode_on_the_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower(%s), upper(%s)", ["ÆØÅÉÜ", "æøåéü"])
        assert cursor.fetchone() == ("æøåéü", "ÆØÅÉÜ")


def test_ordering_by_the_lower_transform(world):
    for title in ("bæk", "Bølge", "Ager"):
        InitiativeFactory(plan=world.plan_b, title=title)
    titles = list(
        Initiative.objects.filter(plan=world.plan_b, title__in=["bæk", "Bølge", "Ager"])
        .order_by("title__lower")
        .values_list("title", flat=True)
    )
    assert titles == ["Ager", "bæk", "Bølge"]
