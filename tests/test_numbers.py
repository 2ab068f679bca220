"""Numbers are read as the pages show them and shown by one rule everywhere
(alliance/formatting.py, alliance/formfields.py, the `number` filter, NumberColumn)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from actionplans.models import Initiative
from alliance import formfields
from alliance.formatting import format_number, normalize_number
from fundraising.tables import ApplicationTable
from tests.actionplans.test_plans import initiative_data
from tests.portal_forms import portal_form_classes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("da", "1.250,5", "1250.5"),
        ("da", "1250,5", "1250.5"),
        ("da", "1 250,5", "1250.5"),
        ("da", "4.770", "4770"),
        ("da", "1.000.000", "1000000"),
        ("da", "12.5", "12.5"),  # not a grouping of three digits: a decimal point
        ("da", "-1.250,25", "-1250.25"),
        ("en", "1,250.5", "1250.5"),
        ("en", "1250.5", "1250.5"),
        ("en", "1,000,000", "1000000"),
    ],
)
def test_typed_numbers_are_read_in_the_active_language(language, text, expected):
    with translation.override(language):
        assert normalize_number(text) == expected


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("da", Decimal("1250.5"), "1.250,5"),
        ("da", Decimal("4770.0"), "4.770"),
        ("da", Decimal("1000000.00"), "1.000.000"),
        ("da", Decimal("0.25"), "0,25"),
        ("da", 12.3456, "12,35"),
        ("da", 0, "0"),
        ("en", Decimal("1250.5"), "1,250.5"),
        ("en", Decimal("4770.0"), "4,770"),
    ],
)
def test_one_display_rule(language, value, shown):
    with translation.override(language):
        assert format_number(value) == shown
    assert format_number(None) == ""


def test_every_model_form_number_field_reads_the_shown_format():
    """Walks every ModelForm and form of the portal's apps: a number field that is not the
    portal's would refuse "1.250,5" again."""
    from django.forms import DecimalField, FloatField, HiddenInput, IntegerField

    checked = 0
    for form_class in portal_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, DecimalField | FloatField | IntegerField) and not isinstance(
                field.widget, HiddenInput
            ):
                checked += 1
                assert isinstance(field, formfields._TypedNumber), (form_class, name)
    assert checked > 10


def test_initiative_takes_the_reduction_as_shown_and_shows_it_alike(world):
    initiative = world.initiative_a
    url = reverse("actionplans:initiative-update", args=[initiative.pk])
    client = world.client("coordinator_a")
    response = client.post(url, initiative_data(initiative, expected_reduction="1.250,5"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.expected_reduction == Decimal("1250.5")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "1.250,5 ton CO2e/år" in page
    listing = client.get(reverse("actionplans:initiative-list")).content.decode()
    assert '<td class="text-align-right">1.250,5</td>' in listing


def test_english_input_and_display_use_english_separators(world):
    initiative = world.initiative_a
    client = world.client("coordinator_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("actionplans:initiative-update", args=[initiative.pk])
    response = client.post(url, initiative_data(initiative, expected_reduction="1,250.5"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.expected_reduction == Decimal("1250.5")
    assert "1,250.5 tonnes CO2e" in client.get(initiative.get_absolute_url()).content.decode()


def test_a_wrong_number_gets_a_danish_message(world):
    initiative = world.initiative_a
    url = reverse("actionplans:initiative-update", args=[initiative.pk])
    response = world.client("coordinator_a").post(
        url, initiative_data(initiative, expected_reduction="1.2.3,4,5")
    )
    assert response.status_code == 200
    assert "Skriv et tal, fx 1200 eller 1200,5." in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).expected_reduction == (
        initiative.expected_reduction
    )


def test_amounts_in_tables_are_right_aligned_and_export_plain(world):
    table = ApplicationTable([world.application_a])
    column = table.columns["amount_applied"]
    assert column.attrs["td"]["class"] == "text-align-right"
    assert "text-align-right" in column.attrs["th"]["class"].split()
    row = table.rows[0]
    with translation.override("da"):
        assert row.get_cell("amount_applied") == "1.000.000"
    assert row.get_cell_value("amount_applied") == 1_000_000


def test_history_shows_amounts_by_the_same_rule(world):
    initiative = world.initiative_a
    url = reverse("actionplans:initiative-update", args=[initiative.pk])
    client = world.client("coordinator_a")
    client.post(url, initiative_data(initiative, expected_reduction="1.250,5"))
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "→ 1.250,5" in page
