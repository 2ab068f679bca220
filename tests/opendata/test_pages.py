"""The public pages: no login, the same number of queries at 1× and 10× the data, served from the
fragment cache for the next anonymous visitor, and the secretariat's settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.models import ApiToken, Publication

from ..factories import InitiativeFactory, ProgressUpdateFactory


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def public_a(world):
    return Publication.objects.create(
        municipality=world.municipality_a, is_public=True, show_notes=True, show_contacts=True
    )


@pytest.mark.parametrize("name", ["region", "municipality"])
def test_public_pages_run_the_same_queries_at_ten_times_the_data(
    world, public_a, client, settings, name
):
    settings.FRAGMENT_CACHE = False
    url = reverse(f"opendata:{name}", **({"args": [101]} if name == "municipality" else {}))
    before = queries(client, url)
    for n in range(9):
        initiative = InitiativeFactory(plan=world.plan_a, title=f"Indsats {n}")
        initiative.themes.add(world.theme)
        ProgressUpdateFactory(initiative=initiative)
    assert queries(client, url) == before
    assert before <= 20


def test_the_next_anonymous_visitor_gets_the_cached_page(world, public_a, client):
    url = reverse("opendata:municipality", args=[101])
    first = queries(client, url)
    assert queries(client, url) < first
    assert world.initiative_a.title in client.get(url).content.decode()


def test_a_change_shows_at_once(world, public_a, client):
    url = reverse("opendata:municipality", args=[101])
    client.get(url)
    world.initiative_a.title = "Ny titel på indsatsen"
    world.initiative_a.save()
    assert "Ny titel på indsatsen" in client.get(url).content.decode()


def test_secretariat_saves_what_is_public(world):
    client = world.client("secretariat")
    url = reverse("opendata:publication-update", args=[world.municipality_b.code])
    response = client.post(url, {"is_public": "on", "show_initiatives": "on"})
    assert response.status_code == 302
    publication = Publication.objects.get(municipality=world.municipality_b)
    assert publication.groups == {"initiatives"}
    assert publication.history.count() == 1


def test_secretariat_issues_a_key_shown_once_and_revokes_it(world):
    client = world.client("secretariat")
    response = client.post(
        reverse("opendata:token-list"),
        {"holder": "Nationalt system", "purpose": "", "scopes": ["national_export"]},
    )
    key = response.context["new_key"]
    assert key.startswith("ka_") and key in response.content.decode()
    assert key not in client.get(reverse("opendata:token-list")).content.decode()
    token = ApiToken.objects.get()
    client.post(reverse("opendata:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_data_package_is_a_frictionless_package_of_the_public_data(world, public_a, client):
    import io
    import json
    import zipfile

    from opendata.services import release_data_package

    package = release_data_package(year=2026, by=None)
    assert release_data_package(year=2026, by=None).version == package.version + 1
    response = client.get(reverse("opendata:datapackage-download", args=[2026, package.version]))
    assert response["X-Content-SHA256"] == package.sha256
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["version"] == f"2026.{package.version}"
    for resource in descriptor["resources"]:
        header = archive.read(resource["path"]).decode().splitlines()[0].split(",")
        assert header == [field["name"] for field in resource["schema"]["fields"]]
    initiatives = archive.read("initiatives.csv").decode()
    assert world.initiative_a.title in initiatives
    assert world.initiative_b.title not in initiatives
