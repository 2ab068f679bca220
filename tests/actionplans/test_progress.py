"""The coordinator's progress update: one short form, reached in one click from the municipality
page, saving the update, the initiative's new status and the indicator values together."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import IndicatorValue, Initiative, ProgressUpdate

pytestmark = pytest.mark.django_db


def progress_url(initiative, next_url=None) -> str:
    url = reverse("actionplans:progress-create", args=[initiative.pk])
    return f"{url}?next={next_url}" if next_url else url


def test_progress_update_saves_update_indicator_value_and_status(world):
    initiative, indicator = world.initiative_a, world.indicator_a
    home = world.municipality_a.get_absolute_url()
    client = world.client("coordinator_a")
    today = timezone.localdate()

    response = client.post(
        progress_url(initiative),
        {
            "status": "delayed",
            "percent_done": "45",
            "note": "Udbuddet er forsinket.",
            "date": today.isoformat(),
            f"indicator_{indicator.pk}": "12,5",
            "next": home,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == home
    update = initiative.updates.order_by("-created_at").first()
    assert (update.status, update.percent_done, update.note) == (
        "delayed",
        45,
        "Udbuddet er forsinket.",
    )
    assert update.author == world.users["coordinator_a"]
    initiative.refresh_from_db()
    assert (initiative.status, initiative.percent_done) == ("delayed", 45)
    assert initiative.last_update_at is not None
    value = IndicatorValue.objects.get(indicator=indicator, year=today.year)
    assert value.value == Decimal("12.5")
    page = client.get(home).content.decode()
    assert "Statusopdateringen af »" in page  # the message after saving


def test_progress_form_is_labelled_and_prefilled(world):
    content = world.client("coordinator_a").get(progress_url(world.initiative_a)).content.decode()
    assert '<label class="form-label" for="id_percent_done">' in content
    assert f'for="id_indicator_{world.indicator_a.pk}"' in content
    assert f'value="{timezone.localdate().isoformat()}"' in content
    assert 'value="20"' in content  # the initiative's current percent


def test_progress_link_on_municipality_page_leads_back_there(world):
    home = world.municipality_a.get_absolute_url()
    page = world.client("coordinator_a").get(home).content.decode()
    link = reverse("actionplans:progress-create", args=[world.initiative_a.pk])
    assert f"{link}?next=" in page


def test_progress_without_indicator_values_stores_none(world):
    client = world.client("secretariat")
    data = {"status": "in_progress", "percent_done": "30", "date": "2026-01-15"}
    assert client.post(progress_url(world.initiative_a), data).status_code == 302
    assert not IndicatorValue.objects.filter(indicator=world.indicator_a).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent_done": "120"}, "Procent skal være mellem 0 og 100."),
        ({"percent_done": "-1"}, "Procent skal være mellem 0 og 100."),
        ({"percent_done": "halvt"}, "Skriv et helt tal mellem 0 og 100."),
        ({"date": "2099-12-31"}, "Datoen kan ikke ligge i fremtiden."),
        ({"date": "1899-01-01"}, "Datoen skal ligge mellem år 1990 og 2100."),
        ({"date": "igår"}, "Skriv en gyldig dato."),
        ({"status": "finished?"}, "Der er fejl i formularen"),
        ({"indicator": "mange"}, "Skriv et tal, fx 42 eller 42,5."),
    ],
)
def test_bad_progress_input_gets_danish_message_and_saves_nothing(world, changes, message):
    data = {"status": "in_progress", "percent_done": "30", "date": "2026-01-15"}
    if "indicator" in changes:
        changes = {f"indicator_{world.indicator_a.pk}": changes["indicator"]}
    before = ProgressUpdate.objects.count()
    response = world.client("coordinator_a").post(
        progress_url(world.initiative_a), {**data, **changes}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProgressUpdate.objects.count() == before


def test_progress_ignores_author_and_initiative_in_post(world):
    data = {
        "status": "in_progress",
        "percent_done": "35",
        "date": "2026-01-15",
        "author": world.users["secretariat"].pk,
        "initiative": world.initiative_b.pk,
        f"indicator_{world.indicator_b.pk}": "99",
    }
    world.client("coordinator_a").post(progress_url(world.initiative_a), data)
    update = ProgressUpdate.objects.order_by("-pk").first()
    assert update.initiative == world.initiative_a
    assert update.author == world.users["coordinator_a"]
    assert not IndicatorValue.objects.filter(indicator=world.indicator_b).exists()
    assert Initiative.objects.get(pk=world.initiative_b.pk).percent_done == 20


def test_coordinator_b_cannot_post_progress_on_a(world):
    before = ProgressUpdate.objects.count()
    data = {"status": "completed", "percent_done": "100", "date": "2026-01-15"}
    response = world.client("coordinator_b").post(progress_url(world.initiative_a), data)
    assert response.status_code == 404
    assert ProgressUpdate.objects.count() == before
    assert Initiative.objects.get(pk=world.initiative_a.pk).status == "in_progress"


def test_next_url_to_another_site_is_ignored(world):
    data = {"status": "in_progress", "percent_done": "30", "date": "2026-01-15"}
    url = progress_url(world.initiative_a, "https://evil.example/")
    response = world.client("coordinator_a").post(url, data)
    assert response["Location"] == world.municipality_a.get_absolute_url()


def test_update_date_in_the_past_counts_for_its_year(world):
    last_year = timezone.localdate().replace(month=1, day=1) - dt.timedelta(days=1)
    data = {
        "status": "in_progress",
        "percent_done": "30",
        "date": last_year.isoformat(),
        f"indicator_{world.indicator_a.pk}": "7",
    }
    world.client("coordinator_a").post(progress_url(world.initiative_a), data)
    assert IndicatorValue.objects.get(indicator=world.indicator_a).year == last_year.year
