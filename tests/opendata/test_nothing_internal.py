"""Every public surface, walked as an anonymous visitor: the public pages, every API response and
the data package. Nothing internal reaches them (a coordinator's e-mail or phone, an internal note,
a closed agenda item, a draft, an initiative's contact person) unless the secretariat made it
public; and what the secretariat made public does appear."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from actionplans.models import CapfAssessment, CapfElement, Plan
from opendata.models import Publication
from opendata.services import release_data_package

from ..factories import AgendaItemFactory, PlanFactory, ProgressUpdateFactory

API = [
    "/api/v1/municipalities",
    "/api/v1/plans",
    "/api/v1/initiatives?page_size=200",
    "/api/v1/emissions?page_size=200",
    "/api/v1/themes",
    "/api/v1/openapi.json",
]


@pytest.fixture
def secrets(world):
    coordinator = world.users["coordinator_a"].coordinatorships.get()
    coordinator.phone = "+45 11 22 33 44"
    coordinator.save()
    initiative = world.initiative_a
    initiative.contact_name = "Kontaktperson Hemmeligsen"
    initiative.contact_email = "kontakt.hemmelig@example.dk"
    initiative.save()
    ProgressUpdateFactory(initiative=initiative, note="Intern bemærkning om budgettet")
    CapfAssessment.objects.create(
        plan=world.plan_a, element=CapfElement.ADAPTATION, note="Intern CAPF-note"
    )
    AgendaItemFactory(meeting=world.meeting_x, title="Lukket punkt om økonomi", is_closed=True)
    draft = PlanFactory(
        municipality=world.municipality_a,
        version=2,
        title="Udkast til ny plan",
        status=Plan.Status.IN_PREPARATION,
        supersedes=None,
    )
    return {
        "coordinator e-mail": world.users["coordinator_a"].email,
        "coordinator phone": coordinator.phone,
        "contact": initiative.contact_email,
        "contact name": initiative.contact_name,
        "internal note": "Intern bemærkning om budgettet",
        "capf note": "Intern CAPF-note",
        "closed item": "Lukket punkt om økonomi",
        "draft": draft.title,
    }


def public_surfaces(client, world) -> dict[str, str]:
    cache.clear()
    pages = {
        url: client.get(url)
        for url in [
            reverse("opendata:region"),
            reverse("opendata:municipality", args=[world.municipality_a.code]),
            reverse("opendata:municipality", args=[world.municipality_b.code]),
            reverse("opendata:datapackage-list"),
            reverse("api-v1:docs"),
            *API,
        ]
    }
    texts = {}
    for url, response in pages.items():
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    package = release_data_package(year=2026, by=None)
    with zipfile.ZipFile(io.BytesIO(package.file.open("rb").read())) as archive:
        for name in archive.namelist():
            texts[f"datapackage/{name}"] = archive.read(name).decode()
    return texts


def leaks(texts: dict[str, str], secrets: dict[str, str]) -> list[str]:
    return [
        f"{what} on {where}"
        for where, text in texts.items()
        for what, secret in secrets.items()
        if secret in text
    ]


def test_nothing_internal_reaches_a_public_surface(world, secrets, client):
    Publication.objects.create(municipality=world.municipality_a, is_public=True)
    texts = public_surfaces(client, world)
    assert world.initiative_a.title in texts[reverse("opendata:municipality", args=[101])]
    assert not leaks(texts, secrets)


def test_what_the_secretariat_makes_public_appears(world, secrets, client):
    Publication.objects.create(
        municipality=world.municipality_a, is_public=True, show_contacts=True, show_notes=True
    )
    page = public_surfaces(client, world)[reverse("opendata:municipality", args=[101])]
    assert secrets["contact"] in page
    assert secrets["internal note"] in page
    assert secrets["coordinator e-mail"] not in page


def test_a_municipality_not_made_public_shows_only_name_code_and_plan_status(world, client):
    page = client.get(reverse("opendata:municipality", args=[world.municipality_b.code]))
    text = page.content.decode()
    assert world.municipality_b.name in text
    assert world.plan_b.get_status_display() in text
    assert world.initiative_b.title not in text
