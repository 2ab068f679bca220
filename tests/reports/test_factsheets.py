"""The municipalities' fact sheets: one page per municipality from the closed round's snapshot,
all of them in one job, downloadable as one ZIP by the secretariat only."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionplans.models import EmissionRecord, IndicatorGoal, IndicatorValue, Initiative, Sector
from alliance.models import GeneratedDocument, Job
from reports.factsheets import COMPACT, FACTSHEETS_JOB, FULL, render_factsheets
from reports.services import close_round, open_round
from tests.conftest import World
from tests.factories import (
    CoordinatorFactory,
    IndicatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
)
from tests.pdf_structure import assert_tagged, text_in_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process_jobs")]


def sheets_by_name(reporting_round) -> dict[str, tuple[dict, str, int]]:
    """name -> (sheet context, the PDF's text, its page count)."""
    out = {}
    for sheet, pdf in render_factsheets(reporting_round):
        reader = PdfReader(io.BytesIO(pdf.content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert len(reader.pages) == pdf.page_count
        out[sheet["name"]] = (sheet, text, pdf.page_count)
    return out


def test_secretariat_builds_one_zip_with_a_one_page_sheet_per_municipality(
    world: World, django_capture_on_commit_callbacks
):
    client = world.client("secretariat")
    url = reverse("reports:factsheets-build", args=[world.round_closed.year])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = Job.objects.get(kind=FACTSHEETS_JOB)
    assert job.state == Job.State.DONE, job.error
    document = job.document
    assert document.extension == "zip"
    assert document.state == GeneratedDocument.State.DRAFT
    assert document.verify_checksum()

    download = client.get(reverse("document-download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    municipalities = world.round_closed.snapshot["municipalities"]
    assert len(names) == len(municipalities) == document.page_count
    assert "faktaark-2025-101-koebenhavn.pdf" in names
    for name in names:
        reader = PdfReader(io.BytesIO(archive.read(name)))
        assert len(reader.pages) == 1, name
    copenhagen = PdfReader(io.BytesIO(archive.read("faktaark-2025-101-koebenhavn.pdf")))
    text = copenhagen.pages[0].extract_text()
    assert "København" in text and "Faktaark 2025" in text
    assert world.initiative_a.title in text

    # The report page offers the ZIP.
    page = client.get(reverse("reports:report-detail", args=[world.round_closed.year]))
    assert reverse("document-download", args=[document.pk]) in page.content.decode()


def test_only_the_secretariat_gets_the_zip(world: World, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(
            reverse("reports:factsheets-build", args=[world.round_closed.year])
        )
    document = GeneratedDocument.objects.get(kind=FACTSHEETS_JOB)
    url = reverse("document-download", args=[document.pk])
    for persona in ("coordinator_a", "coordinator_b", "member", "nonmember"):
        assert world.client(persona).get(url).status_code == 404, persona
        assert (
            world.client(persona)
            .post(reverse("reports:factsheets-build", args=[world.round_closed.year]))
            .status_code
            == 403
        )
    assert Job.objects.filter(kind=FACTSHEETS_JOB).count() == 1


def test_sheets_show_the_round_as_it_closed(world: World):
    """Later edits change nothing on a closed round's sheets; the figures are the snapshot's."""
    initiative = world.initiative_a
    old_title = initiative.title
    initiative.title = "Omdøbt efter lukningen"
    initiative.save()
    sheet, text, pages = sheets_by_name(world.round_closed)["København"]
    assert (pages, sheet["limits"]) == (1, FULL)
    assert old_title in text and "Omdøbt efter lukningen" not in text
    snapshot = next(m for m in world.round_closed.snapshot["municipalities"] if m["code"] == 101)
    assert sheet["initiative_count"] == len(snapshot["initiatives"])


def test_a_crowded_municipality_still_fits_on_one_page(world: World):
    """Long titles at their maximum length, every status and sector, many indicators, twenty
    years of emissions in every sector and three coordinators: still one page."""
    crowded = MunicipalityFactory(code=851, name="Ærø-Øster Langbyvig", official_name="Test")
    plan = PlanFactory(municipality=crowded, title="Å" * 200)
    statuses = list(Initiative.Status)
    sectors = list(Sector)
    for n in range(60):
        InitiativeFactory(
            plan=plan,
            title=f"{n} " + "Grøn omstilling af fjernvarme og transport " * 5,
            status=statuses[n % len(statuses)],
            sector=sectors[n % len(sectors)],
            expected_reduction=Decimal(1_000_000 + n),
        )
    for _n in range(12):
        indicator = IndicatorFactory(municipality=crowded, name="Æ" * 200, unit="ø" * 50)
        IndicatorValue.objects.create(indicator=indicator, year=2024, value=Decimal("123456789.12"))
        IndicatorGoal.objects.create(indicator=indicator, year=2030, value=Decimal("987654321.98"))
    for year in range(2005, 2025):
        for sector in sectors:
            EmissionRecord.objects.create(
                municipality=crowded, year=year, sector=sector, tonnes=Decimal(9_999_999)
            )
    for _n in range(3):
        CoordinatorFactory(municipality=crowded, title="Klimakoordinator og projektleder " * 3)
    secretariat = world.users["secretariat"]
    reporting_round = open_round(year=2024, deadline=dt.date(2025, 1, 31), by=secretariat)
    reporting_round = close_round(reporting_round=reporting_round, by=secretariat)

    sheets = sheets_by_name(reporting_round)
    sheet, text, pages = sheets["Ærø-Øster Langbyvig"]
    # It ran over a page in full, so it was laid out again, shorter; the others were not.
    assert (pages, sheet["limits"]) == (1, COMPACT)
    assert "Og 57 indsatser mere i klimaplanen." in text
    assert "Og 10 indikatorer mere." in text
    assert "og 1 mere" in text  # coordinators
    assert sheets["København"][0]["limits"] == FULL
    assert all(page_count == 1 for _sheet, _text, page_count in sheets.values())


def test_each_sheet_is_tagged_with_its_own_title_and_its_chart_as_a_figure(world: World):
    for sector in (Sector.ENERGY, Sector.TRANSPORT):
        EmissionRecord.objects.create(
            municipality=world.municipality_a, year=2023, sector=sector, tonnes=Decimal(1200)
        )
    secretariat = world.users["secretariat"]
    reporting_round = open_round(year=2024, deadline=dt.date(2025, 1, 31), by=secretariat)
    reporting_round = close_round(reporting_round=reporting_round, by=secretariat)
    sheets = render_factsheets(reporting_round)
    alts = []
    for sheet, pdf in sheets:
        structure = assert_tagged(pdf.content, title=f"Faktaark 2024: {sheet['name']}")
        assert structure.kinds["H1"] == 1 and structure.kinds["TH"]
        alts += structure.figure_alts
    assert alts and all(alt.startswith("Udledning efter sektor: ") for alt in alts), alts
    assert all(": " in alt.split(". ", 1)[1] for alt in alts)  # the finding, not only the title
    sheet, pdf = sheets[0]
    text = text_in_order(pdf.content)
    position = 0
    for part in (sheet["name"], "Udledning efter sektor", "Indikatorer og mål"):
        position = text.index(part, position) + len(part)
