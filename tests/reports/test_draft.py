"""A watermarked draft of the status report before the round is closed."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from alliance.models import GeneratedDocument, Job
from reports.pdf import run_draft_job
from reports.services import DRAFT_JOB

pytestmark = pytest.mark.django_db


def test_secretariat_gets_a_watermarked_draft_of_the_open_round(world):
    response = world.client("secretariat").post(
        reverse("reports:report-draft", args=[world.round_open.year])
    )
    assert response.status_code == 302
    job = Job.objects.of_kind(DRAFT_JOB).for_subject(world.round_open).get()
    run_draft_job(job)
    document = GeneratedDocument.objects.for_subject(world.round_open).get(kind=DRAFT_JOB)
    with document.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    assert len(reader.pages) == document.page_count > 1
    for page in reader.pages:
        assert "UDKAST" in page.extract_text()
    first = reader.pages[0].extract_text()
    assert "Udkast: Statusrapport 2026" in first
    assert "Rapporteringsrunden er ikke lukket" in first
    # Listed on the round's page, for the secretariat.
    page = world.client("secretariat").get(world.round_open.get_absolute_url()).content.decode()
    assert reverse("document-download", args=[document.pk]) in page


def test_no_draft_of_a_closed_round(world):
    client = world.client("secretariat")
    response = client.post(reverse("reports:report-draft", args=[world.round_closed.year]))
    assert response.status_code == 302
    assert not Job.objects.of_kind(DRAFT_JOB).exists()


def test_coordinators_cannot_see_the_draft(world):
    job = Job.objects.create(
        kind=DRAFT_JOB,
        subject_type=ContentType.objects.get_for_model(world.round_open),
        subject_id=world.round_open.pk,
        requested_by=world.users["secretariat"],
    )
    run_draft_job(job)
    document = GeneratedDocument.objects.get(kind=DRAFT_JOB)
    response = world.client("coordinator_a").get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 404
