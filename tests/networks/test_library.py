"""The public knowledge library: search, what anonymous visitors see, filters, uploads, editing."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks import library
from networks.models import KnowledgeResource
from tests.factories import KnowledgeResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("networks:resource-list")
CREATE = reverse("networks:resource-create")


def titles(response) -> list[str]:
    return [resource.title for resource in response.context["page"].object_list]


@pytest.fixture
def charging(world):
    return KnowledgeResourceFactory(
        title="Udbud af ladestandere",
        summary=(
            "Erfaringer fra kommunernes fælles udbud af offentlig ladeinfrastruktur til elbiler, "
            "med krav til placering, drift og betaling."
        ),
        kind=KnowledgeResource.Kind.TENDER_KIT,
        year=2022,
    )


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_a_resource_by_a_danish_word_in_its_summary(world, charging):
    response = world.client("anonymous").get(LIST, {"q": "ladeinfrastruktur"})
    assert response.status_code == 200
    assert titles(response) == ["Udbud af ladestandere"]
    assert "Udbud af ladestandere" in response.content.decode()


def test_search_without_a_match_says_so(world, charging):
    response = world.client("anonymous").get(LIST, {"q": "varmepumper"})
    assert titles(response) == []
    assert "Ingen ressourcer matcher søgningen." in response.content.decode()


# --- What anonymous visitors see --------------------------------------------------------------


def test_anonymous_sees_public_items_only(world):
    client = world.client("anonymous")
    response = client.get(LIST)
    assert "Offentlig vejledning" in titles(response)
    assert "Intern analyse" not in titles(response)
    assert "Intern analyse" not in response.content.decode()
    assert titles(client.get(LIST, {"q": "Intern"})) == []
    assert client.get(world.resource_public.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "norole"])
def test_internal_item_is_a_404_to_outsiders(world, persona):
    client = world.client(persona)
    slug = world.resource_internal.slug
    assert client.get(reverse("networks:resource-detail", args=[slug])).status_code == 404
    assert client.get(reverse("networks:resource-download", args=[slug])).status_code == 404
    assert "Intern analyse" not in titles(client.get(LIST))


def test_role_holders_see_internal_items_and_get_a_private_download(world):
    client = world.client("coordinator_b")
    assert "Intern analyse" in titles(client.get(LIST))
    response = client.get(
        reverse("networks:resource-download", args=[world.resource_internal.slug])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_public_download_is_served_through_the_view(world):
    response = world.client("anonymous").get(
        reverse("networks:resource-download", args=[world.resource_public.slug])
    )
    assert response.status_code == 200
    assert "offentlig-vejledning.pdf" in response["Content-Disposition"]


# --- Filters ----------------------------------------------------------------------------------


def test_filters_narrow_the_list(world, charging):
    theme = ThemeFactory(name="Ladeinfrastruktur i test", slug="ladeinfrastruktur-test")
    charging.themes.add(theme)
    charging.network = world.network
    charging.save()
    client = world.client("anonymous")
    assert set(titles(client.get(LIST))) == {"Udbud af ladestandere", "Offentlig vejledning"}
    assert titles(client.get(LIST, {"tema": theme.slug})) == ["Udbud af ladestandere"]
    assert titles(client.get(LIST, {"type": "tender_kit"})) == ["Udbud af ladestandere"]
    assert titles(client.get(LIST, {"aar": "2022"})) == ["Udbud af ladestandere"]
    assert set(titles(client.get(LIST, {"netvaerk": world.network.slug}))) == {
        "Udbud af ladestandere",
        "Offentlig vejledning",
    }
    assert titles(client.get(LIST, {"netvaerk": world.network.slug, "aar": "2024"})) == [
        "Offentlig vejledning"
    ]


def test_an_unknown_filter_value_is_no_server_error(world):
    response = world.client("anonymous").get(LIST, {"tema": "findes-ikke", "aar": "x"})
    assert response.status_code == 200
    assert titles(response) == []


def test_list_queries_do_not_grow_with_the_data(world):
    theme = ThemeFactory(name="Tema til tælling", slug="tema-til-taelling")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert world.client("secretariat").get(LIST).status_code == 200
        return len(queries)

    KnowledgeResourceFactory(network=world.network, vip_project=world.vip_project).themes.add(theme)
    once = count()
    for _ in range(9):
        KnowledgeResourceFactory(network=world.network, vip_project=world.vip_project).themes.add(
            theme
        )
    assert count() == once


# --- Create and edit --------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    data = {
        "title": "Guide til grøn kørsel",
        "summary": "Sådan får medarbejderne til at køre sammen.",
        "kind": "guide",
        "source": "other",
        "year": "2025",
        "url": "",
    }
    data.update(overrides)
    return data


def test_secretariat_creates_with_a_link_and_a_danish_slug(world):
    response = world.client("secretariat").post(
        CREATE, form_data(title="Æblet på Ørestad Å", url="https://example.org/guide")
    )
    resource = KnowledgeResource.objects.get(title="Æblet på Ørestad Å")
    assert resource.slug == "aeblet-paa-oerestad-aa"
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()


def test_slugs_stay_unique(world):
    client = world.client("secretariat")
    for _ in range(2):
        client.post(CREATE, form_data(url="https://example.org/guide"))
    slugs = set(
        KnowledgeResource.objects.filter(title="Guide til grøn kørsel").values_list(
            "slug", flat=True
        )
    )
    assert slugs == {"guide-til-groen-koersel", "guide-til-groen-koersel-2"}


def test_a_file_or_a_link_is_required(world):
    response = world.client("secretariat").post(CREATE, form_data())
    assert response.status_code == 200
    assert "Angiv enten en fil eller et link." in response.content.decode()
    assert not KnowledgeResource.objects.filter(title="Guide til grøn kørsel").exists()


def test_secretariat_uploads_a_pdf(world):
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    response = world.client("secretariat").post(CREATE, {**form_data(), "file": upload})
    assert response.status_code == 302
    resource = KnowledgeResource.objects.get(title="Guide til grøn kørsel")
    assert resource.file.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ\x90\x00",
            "Filtypen .exe kan ikke uploades. Tilladt: PDF, Word, Excel, PowerPoint, "
            "OpenDocument og billeder (PNG, JPEG, GIF).",
        ),
        ("tegning.svg", b"<svg><script></script></svg>", "Filtypen .svg kan ikke uploades."),
        ("rapport.pdf", b"MZ\x90\x00 not a pdf", "Filen ligner ikke en rigtig PDF."),
        ("ark.xlsx", b"%PDF-1.4", "Filen ligner ikke en rigtig Excel."),
    ],
)
def test_rejected_uploads_say_why_and_create_nothing(world, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = world.client("secretariat").post(CREATE, {**form_data(), "file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not KnowledgeResource.objects.filter(title="Guide til grøn kørsel").exists()


def test_too_big_upload_says_so(world, monkeypatch):
    monkeypatch.setattr(library, "MAX_UPLOAD_BYTES", 1024 * 1024)
    upload = SimpleUploadedFile("stor.pdf", b"%PDF" + b"0" * int(1.3 * 1024 * 1024))
    response = world.client("secretariat").post(CREATE, {**form_data(), "file": upload})
    assert response.status_code == 200
    assert "Filen er 1,3 MB; den må højst være 1 MB." in response.content.decode()
    assert not KnowledgeResource.objects.filter(title="Guide til grøn kørsel").exists()


def test_default_limit_is_20_mb():
    assert library.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("persona", ["coordinator_a", "coordinator_b", "member"])
def test_other_roles_get_403_on_create_and_nothing_is_made(world, persona):
    response = world.client(persona).post(CREATE, form_data(url="https://example.org/guide"))
    assert response.status_code == 403
    assert not KnowledgeResource.objects.filter(title="Guide til grøn kørsel").exists()


def test_coordinator_cannot_edit_a_resource(world):
    url = reverse("networks:resource-update", args=[world.resource_public.slug])
    response = world.client("coordinator_a").post(url, form_data(url="https://example.org/x"))
    assert response.status_code == 404
    world.resource_public.refresh_from_db()
    assert world.resource_public.title == "Offentlig vejledning"


def test_secretariat_edits_and_keeps_the_file_and_slug(world):
    resource = world.resource_public
    url = reverse("networks:resource-update", args=[resource.slug])
    response = world.client("secretariat").post(url, form_data(title="Ny titel"))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.slug) == ("Ny titel", "offentlig-vejledning")
    assert resource.file


def test_anonymous_is_sent_to_login_for_create(world):
    response = world.client("anonymous").get(CREATE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- Navigation and seed ----------------------------------------------------------------------


def test_library_is_in_the_navigation_for_anonymous_visitors(world):
    response = world.client("anonymous").get(reverse("public-home"))
    labels = [item["label"] for item in response.context["nav_items"]]
    assert labels == ["Bibliotek", "Åbne data"]
    assert LIST in response.content.decode()


def test_the_four_vip_tools_are_seeded(client):
    call_command("load_reference_data", stdout=StringIO())
    seeded = KnowledgeResource.objects.filter(source="vip_project").select_related(
        "vip_project", "network", "municipality"
    )
    by_slug = {resource.slug: resource for resource in seeded}
    kit = by_slug["udbudskit-til-gratis-energitjek-af-parcelhuse"]
    assert (kit.kind, kit.year, kit.vip_project.slug, kit.network.slug) == (
        "tender_kit",
        2022,
        "energibesparelser-i-boliger",
        "energi",
    )
    guide = by_slug["guide-til-samkoerselskampagnen-alle-har-brug-for-en-sidemakker"]
    # seeds/003 dates the campaign (November 2021), not the guide: no year.
    assert (guide.kind, guide.year, guide.vip_project.slug) == (
        "guide",
        None,
        "gronne-pendlervaner",
    )
    packaging = by_slug["faelles-principper-for-emballage-i-kommunale-udbud"]
    assert packaging.vip_project.slug == "cirkulaere-indkob"
    furniture = by_slug["gladsaxes-retningslinjer-for-cirkulaere-moebler"]
    assert furniture.municipality.name == "Gladsaxe"
    # The source's one web address, and no other link: seeds/003 "Værktøjer og materialer fra
    # projekterne kan findes på gate21.dk/vip-klimaprojekter/".
    assert {r.url for r in seeded} == {"https://gate21.dk/vip-klimaprojekter/"}
    assert all(not r.file and r.is_public for r in seeded)
    response = client.get(LIST, {"q": "sidemakker"})
    assert [r.slug for r in response.context["page"].object_list] == [guide.slug]
    detail = client.get(guide.get_absolute_url()).content.decode()
    assert 'href="https://gate21.dk/vip-klimaprojekter/"' in detail


def test_a_link_added_in_the_portal_is_kept_where_the_file_gives_none(tmp_path):
    for path in (settings.BASE_DIR / "fixtures" / "reference").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "library.toml":
            text = text.replace('url = "https://gate21.dk/vip-klimaprojekter/"\n', "")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    call_command("load_reference_data", directory=tmp_path, stdout=StringIO())
    kit = KnowledgeResource.objects.get(slug="udbudskit-til-gratis-energitjek-af-parcelhuse")
    assert kit.url == ""
    kit.url = "https://example.org/udbudskit"
    kit.save()
    call_command("load_reference_data", directory=tmp_path, stdout=StringIO())
    kit.refresh_from_db()
    assert kit.url == "https://example.org/udbudskit"
