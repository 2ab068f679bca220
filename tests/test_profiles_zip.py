"""The secretariat's ZIP of all 29 municipalities' climate profiles, built by the job pipeline
(municipalities/services.py run_profiles_job); no one else may ask for it or download it."""

import io
import zipfile

import pytest
from django.urls import reverse

from alliance.models import GeneratedDocument, Job
from municipalities.services import PROFILES_JOB

from .conftest import World
from .factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process_jobs")]

# The 27 municipalities the world lacks (DOMAIN.md), by code and name.
OTHERS = {
    151: "Ballerup", 153: "Brøndby", 155: "Dragør", 157: "Gentofte", 159: "Gladsaxe",
    161: "Glostrup", 163: "Herlev", 165: "Albertslund", 167: "Hvidovre", 169: "Høje-Taastrup",
    173: "Lyngby-Taarbæk", 175: "Rødovre", 183: "Ishøj", 185: "Tårnby", 187: "Vallensbæk",
    190: "Furesø", 201: "Allerød", 210: "Fredensborg", 217: "Helsingør", 219: "Hillerød",
    223: "Hørsholm", 230: "Rudersdal", 240: "Egedal", 250: "Frederikssund", 260: "Halsnæs",
    270: "Gribskov", 400: "Bornholm",
}  # fmt: skip


def test_secretariat_gets_a_zip_of_29_profiles_named_by_municipality(
    world: World, django_capture_on_commit_callbacks
):
    for code, name in OTHERS.items():
        MunicipalityFactory(code=code, name=name)
    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipalities:profiles-generate"))
    assert response.status_code == 302
    job = Job.objects.get(kind=PROFILES_JOB)
    assert job.state == Job.State.DONE, job.error
    document = GeneratedDocument.objects.get(kind=PROFILES_JOB)
    with document.file.open("rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    names = archive.namelist()
    assert len(names) == 29
    assert "klimaprofil-101-koebenhavn.pdf" in names
    assert "klimaprofil-173-lyngby-taarbaek.pdf" in names
    assert "klimaprofil-260-halsnaes.pdf" in names
    assert all(archive.read(n).startswith(b"%PDF") for n in names)
    page = client.get(reverse("municipalities:list")).content.decode()
    assert reverse("document-download", args=[document.pk]) in page


@pytest.mark.parametrize("persona", ["coordinator_a", "member"])
def test_only_the_secretariat_asks_for_all_profiles(world: World, persona: str):
    client = world.client(persona)
    assert client.post(reverse("municipalities:profiles-generate")).status_code == 403
    assert not Job.objects.filter(kind=PROFILES_JOB).exists()
    assert (
        "Dan alle klimaprofiler" not in client.get(reverse("municipalities:list")).content.decode()
    )
