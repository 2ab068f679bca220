"""Tables that fit (alliance/tables.py choose_columns, templates/alliance/list_table.html): the
lower-priority columns are hidden until the reader shows them, the choice is remembered, and
exports always hold every column."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "fundraising:application-list"


def headers(response) -> list[str]:
    return [column.name for column in response.context["table"].columns]


def test_optional_columns_are_hidden_until_shown_and_the_choice_is_remembered(world):
    client = world.client("secretariat")
    url = reverse(URL)
    first = client.get(url)
    assert "partners" not in headers(first)
    assert "amount_applied" in headers(first)
    assert "Vælg kolonner" in first.content.decode()

    chosen = client.get(url, {"kolonnevalg": "1", "kolonner": ["partners", "decided_on"]})
    assert {"partners", "decided_on"} <= set(headers(chosen))
    assert "source" not in headers(chosen)

    again = client.get(url)  # remembered in the session
    assert {"partners", "decided_on"} <= set(headers(again))

    cleared = client.get(url, {"kolonnevalg": "1"})  # the form sent with none ticked
    assert "partners" not in headers(cleared)


def test_a_column_name_that_is_not_optional_is_ignored(world):
    response = world.client("secretariat").get(
        reverse(URL), {"kolonnevalg": "1", "kolonner": ["title", "<script>"]}
    )
    assert response.status_code == 200
    assert "title" in headers(response)


def test_exports_hold_every_column(world):
    response = world.client("secretariat").get(reverse(URL), {"_export": "csv"})
    first_line = b"".join(response.streaming_content if response.streaming else [response.content])
    header = first_line.decode("utf-8-sig").splitlines()[0]
    assert "Partnere" in header and "Afgjort" in header


def test_the_column_form_keeps_the_filter(world):
    page = world.client("secretariat").get(reverse(URL), {"state": "idea"}).content.decode()
    form = page[page.index('class="column-chooser') :]
    assert '<input type="hidden" name="state" value="idea">' in form
