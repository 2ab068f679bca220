"""Odd GET input on the lists: bounded filters give the filter form's Danish message and the list
says it was not filtered; bad page numbers show a page; NUL characters get a Danish 400 page.
(tests/test_bad_input_get.py drives every page with generated values; these are the known cases.)"""

import html

import django_filters
import pytest
from django.urls import reverse

import alliance.urls  # noqa: F401  (every view, and so every FilterSet, is imported)
from alliance.filters import BoundedDateFilter, BoundedNumberFilter

from .conftest import World
from .factories import AgendaItemFactory
from .html import table_cells

NOT_SHOWN = "Listen er ikke vist, fordi filteret har fejl."
YEAR_RANGE = "Året skal ligge mellem 1990 og 2100."


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "year, message",
    [("99999", YEAR_RANGE), ("0", YEAR_RANGE), ("-1", YEAR_RANGE), ("1e10", "Skriv et årstal")],
)
@pytest.mark.parametrize("persona", ["secretariat", "coordinator_a", "member"])
def test_decision_log_refuses_a_year_out_of_range_with_a_message(
    world: World, persona: str, year: str, message: str
):
    AgendaItemFactory(meeting=world.meeting_x, title="Godkendt budget", outcome="approved")
    response = world.client(persona).get(reverse("governance:decision-log"), {"year": year})
    text = page_text(response)
    assert response.status_code == 200
    assert message in text and NOT_SHOWN in text
    assert "Godkendt budget" not in text  # the filter was not used, and says so


def test_decision_log_filters_by_a_plausible_year(world: World):
    AgendaItemFactory(meeting=world.meeting_x, title="Godkendt budget", outcome="approved")
    year = world.meeting_x.starts_at.year
    client = world.client("member")
    text = page_text(client.get(reverse("governance:decision-log"), {"year": year}))
    assert "Godkendt budget" in text and NOT_SHOWN not in text
    other = page_text(client.get(reverse("governance:decision-log"), {"year": year - 1}))
    assert "Godkendt budget" not in other


@pytest.mark.parametrize(
    "name, query, message",
    [
        ("actionplans:initiative-list", {"year": "20266"}, YEAR_RANGE),
        ("fundraising:application-list", {"year": "1e10"}, "Skriv et årstal"),
        ("actionplans:task-list", {"due_within": "99999"}, "3650"),
        ("actionplans:task-list", {"due_within": "1.5"}, "heltal"),
        ("actionplans:update-list", {"date_from": "0001-01-01"}, "mellem år 1990 og 2100"),
        ("actionplans:update-list", {"date_to": "99999-01-01"}, "Indtast en gyldig dato"),
    ],
)
def test_list_filters_are_bounded(world: World, name: str, query: dict, message: str):
    response = world.client("secretariat").get(reverse(name), query)
    text = page_text(response)
    assert response.status_code == 200
    assert message in text and NOT_SHOWN in text
    assert "<table" not in text  # no empty table claiming that nothing matched


def test_public_library_refuses_a_year_out_of_range(world: World):
    response = world.client("anonymous").get(reverse("networks:resource-list"), {"aar": "99999"})
    text = page_text(response)
    assert response.status_code == 200
    assert YEAR_RANGE in text and NOT_SHOWN in text
    assert world.resource_public.title not in text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e10", "99999"])
def test_a_bad_page_number_shows_a_page_of_the_list(world: World, page: str):
    """Like the municipality page's pager: not a number is the first page, past the end the last
    (before: 404 from ListView's own pagination)."""
    response = world.client("secretariat").get(
        reverse("actionplans:initiative-list"), {"page": page}
    )
    assert response.status_code == 200
    _, rows = table_cells(response.content.decode())
    assert any(world.initiative_a.title in cell for row in rows for cell in row)


@pytest.mark.parametrize("per_page", ["0", "-1", "100000000"])
def test_the_page_size_from_the_address_is_bounded(world: World, per_page: str):
    response = world.client("secretariat").get(
        reverse("actionplans:initiative-list"), {"per_page": per_page}
    )
    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= 100


@pytest.mark.parametrize(
    "name, param", [("actionplans:initiative-list", "q"), ("governance:meeting-list", "organ")]
)
def test_a_nul_character_in_the_address_gets_a_danish_400_page(world: World, name, param):
    """PostgreSQL refuses NUL in strings: a search or a slug with one was a server error there."""
    response = world.client("secretariat").get(reverse(name), {param: "klima\x00"})
    assert response.status_code == 400
    assert "Adressen indeholder et tegn" in page_text(response)


def test_a_public_page_answers_a_nul_character_with_400_too(world: World):
    response = world.client("anonymous").get(reverse("networks:resource-list"), {"tema": "\x00"})
    assert response.status_code == 400


def test_the_api_answers_a_nul_character_as_any_bad_parameter(world: World):
    """422 with the parameter named, in JSON: its OpenAPI document knows no 400 (schemathesis
    found the HTML 400 page on /api/v1/plans?page=%00)."""
    response = world.client("anonymous").get("/api/v1/plans", {"page": "\x00", "x": "ok"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["query", "page"],
                "msg": "Værdien må ikke indeholde tegnet NUL.",
            }
        ]
    }


def test_indicator_form_ignores_an_initiative_id_that_is_not_a_number(world: World):
    """'²' is a digit to str.isdigit but not to int(): it was a server error."""
    url = reverse("actionplans:indicator-create", kwargs={"code": world.municipality_a.code})
    response = world.client("coordinator_a").get(url, {"indsats": "²"})
    assert response.status_code == 200
    assert response.context["form"].initial["initiative"] is None


def filtersets() -> list[type]:
    found, todo = [], [django_filters.FilterSet]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__module__.startswith("django_filters"):
            found.append(cls)
    return found


def test_every_number_and_date_filter_is_bounded():
    """One home for the bounds: every FilterSet's number and date filters are alliance.filters'
    bounded ones (a plain NumberFilter or DateFilter lets ?year=99999 reach the database)."""
    assert len(filtersets()) >= 8
    unbounded = [
        f"{fs.__name__}.{name}"
        for fs in filtersets()
        for name, f in fs.base_filters.items()
        if (
            isinstance(f, django_filters.NumberFilter | django_filters.DateFilter)
            and not isinstance(f, BoundedNumberFilter | BoundedDateFilter)
        )
        or isinstance(f, django_filters.DateTimeFilter | django_filters.RangeFilter)
    ]
    assert not unbounded, unbounded
