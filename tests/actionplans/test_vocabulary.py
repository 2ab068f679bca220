"""The theme vocabulary (secretariat) and indicators with goals and yearly values."""

import re

import pytest
from django.urls import reverse

from actionplans.models import Indicator, IndicatorGoal, IndicatorValue, Theme

pytestmark = pytest.mark.django_db


def formset_data(prefix: str, rows: list[tuple[str, str]], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, (year, value) in enumerate(rows):
        data[f"{prefix}-{index}-year"] = year
        data[f"{prefix}-{index}-value"] = value
    return data


def indicator_data(**extra) -> dict:
    return {
        "name": "Offentlige ladepunkter",
        "unit": "stk.",
        "direction": "increase",
        **formset_data("goals", [("2030", "2000")]),
        **formset_data("values", [("2023", "850"), ("2024", "1100,5")]),
        **extra,
    }


def test_secretariat_adds_a_theme(world):
    response = world.client("secretariat").post(
        reverse("actionplans:theme-create"),
        {"name": "Cirkulært byggeri", "kind": "work_topic", "order": "9"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Cirkulært byggeri")
    assert theme.slug == "cirkulaert-byggeri"


def test_theme_form_refuses_bad_input_in_danish(world):
    client = world.client("secretariat")
    duplicate = client.post(
        reverse("actionplans:theme-create"), {"name": world.theme.name, "kind": "cross_view"}
    )
    assert "Der findes allerede et tema med det navn." in duplicate.content.decode()
    share = client.post(
        reverse("actionplans:theme-create"),
        {"name": "Noget nyt", "kind": "work_topic", "reference_share": "40"},
    )
    assert "Kun temaer fra" in share.content.decode()
    too_big = client.post(
        reverse("actionplans:theme-create"),
        {"name": "Noget andet", "kind": "cross_view", "reference_share": "140"},
    )
    assert too_big.status_code == 200
    assert not Theme.objects.filter(name__in=["Noget nyt", "Noget andet"]).exists()


def test_coordinator_may_not_edit_the_vocabulary(world):
    client = world.client("coordinator_a")
    assert (
        client.post(
            reverse("actionplans:theme-create"), {"name": "X", "kind": "work_topic"}
        ).status_code
        == 403
    )
    url = reverse("actionplans:theme-update", args=[world.theme.slug])
    assert client.post(url, {"name": "Omdøbt", "kind": "work_topic"}).status_code == 404
    assert Theme.objects.get(pk=world.theme.pk).name == "Testtema for A"


def test_coordinator_adds_an_indicator_with_goals_and_values(world):
    url = reverse("actionplans:indicator-create", args=[101])
    response = world.client("coordinator_a").post(
        url, indicator_data(initiative=str(world.initiative_a.pk))
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Offentlige ladepunkter")
    assert (indicator.municipality, indicator.initiative) == (
        world.municipality_a,
        world.initiative_a,
    )
    assert list(indicator.goals.values_list("year", "value")) == [(2030, 2000)]
    assert sorted(indicator.values.values_list("year", "value")) == [(2023, 850), (2024, 1100.5)]


def test_duplicate_year_is_refused_and_nothing_saved(world):
    url = reverse("actionplans:indicator-create", args=[101])
    data = indicator_data(**formset_data("values", [("2023", "850"), ("2023", "900")]))
    response = world.client("coordinator_a").post(url, data)
    assert response.status_code == 200
    assert "Hvert år må kun stå én gang." in response.content.decode()
    assert not Indicator.objects.filter(name="Offentlige ladepunkter").exists()


def test_a_tampered_form_count_is_refused_not_rendered_a_thousand_times(world):
    url = reverse("actionplans:indicator-create", args=[101])
    data = indicator_data()
    data["values-TOTAL_FORMS"] = "100000"
    response = world.client("coordinator_a").post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indsend venligst højst 111 formularer." in page  # Django's own Danish message
    assert len(re.findall(r'name="values-\d+-year"', page)) <= 111  # a row a year, 1990-2100
    assert not Indicator.objects.filter(name="Offentlige ladepunkter").exists()


def test_coordinator_b_cannot_add_or_change_a_indicators(world):
    client = world.client("coordinator_b")
    assert (
        client.post(
            reverse("actionplans:indicator-create", args=[101]), indicator_data()
        ).status_code
        == 404
    )
    update = reverse("actionplans:indicator-update", args=[world.indicator_a.pk])
    assert client.post(update, indicator_data()).status_code == 404
    assert not Indicator.objects.filter(name="Offentlige ladepunkter").exists()
    assert not IndicatorGoal.objects.exists()


def test_indicator_cannot_be_tied_to_another_municipalitys_initiative(world):
    url = reverse("actionplans:indicator-create", args=[101])
    data = indicator_data(initiative=str(world.initiative_b.pk))
    response = world.client("coordinator_a").post(url, data)
    assert response.status_code == 200
    assert not Indicator.objects.filter(name="Offentlige ladepunkter").exists()


def test_indicator_values_are_edited_with_history(world):
    indicator = world.indicator_a
    value = IndicatorValue.objects.create(indicator=indicator, year=2023, value=10)
    url = reverse("actionplans:indicator-update", args=[indicator.pk])
    data = {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        **formset_data("goals", []),
        **formset_data("values", [("2023", "12")], initial=1),
        "values-0-id": str(value.pk),
        "values-0-indicator": str(indicator.pk),
    }
    assert world.client("coordinator_a").post(url, data).status_code == 302
    value.refresh_from_db()
    assert value.value == 12
    assert value.history.count() == 2
    page = world.client("member").get(reverse("actionplans:indicator-list", args=[101]))
    assert indicator.name in page.content.decode()
