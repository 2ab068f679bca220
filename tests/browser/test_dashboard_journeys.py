"""Issue 17's journeys, in Danish and in English, axe-core clean: the secretariat reads the
region's dashboard (its home) and follows a figure to the filtered list behind it; a coordinator
reads their municipality's emissions chart; a member opens the next meeting's pack from their
home. At 390 px no page of theirs scrolls sideways."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from actionplans.models import EmissionRecord, Initiative, Sector
from alliance.models import GeneratedDocument
from governance.models import MeetingPack

from ..conftest import World
from ..factories import InitiativeFactory
from .test_accessibility import assert_accessible, enter_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "heading": "Regionen på et øjeblik",
        "completed": "Gennemført",
        "list_heading": "Indsatser",
        "rows": "2 rækker",
        "emissions": "Udledning og mål",
        "chart": "Udledning efter sektor og år mod planens sti: København",
        "finding": "Udledningen var 101.000 ton CO2e i 2022",
        "next": "Dit næste møde",
        "pack": "Hent mødepakken, version 1",
    },
    "en": {
        "heading": "The region at a glance",
        "completed": "Completed",
        "list_heading": "Initiatives",
        "rows": "2 rows",
        "emissions": "Emissions and targets",
        "chart": "Emissions by sector and year against the plan's path: København",
        "finding": "Emissions were 101,000 tonnes CO2e in 2022",
        "next": "Your next meeting",
        "pack": "Download the meeting pack, version 1",
    },
}


def in_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_follows_a_dashboard_figure_to_its_rows(
    page, live_server, world: World, language
):
    t = LABELS[language]
    for title in ("Cykelstier", "Solceller"):
        InitiativeFactory(plan=world.plan_a, title=title, status=Initiative.Status.COMPLETED)
    enter_as(page, live_server, world, "secretariat")
    in_language(page, live_server, language)
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == t["heading"]
    assert_accessible(page)
    no_sideways_scroll(page)
    figure = page.locator("a.figure", has_text=t["completed"]).first
    assert figure.locator(".figure__value").inner_text() == "2"
    figure.click()
    page.wait_for_load_state("networkidle")
    assert "status=completed" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == t["list_heading"]
    assert page.get_by_role("status").first.inner_text() == t["rows"]
    assert page.locator("main tbody tr").count() == 2
    assert_accessible(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_coordinator_reads_the_emissions_chart(page, live_server, world: World, language):
    t = LABELS[language]
    for year in range(2018, 2023):
        for n, sector in enumerate((Sector.ENERGY, Sector.TRANSPORT)):
            EmissionRecord.objects.create(
                municipality=world.municipality_a,
                year=year,
                sector=sector,
                tonnes=50_000 + n * 1000,
            )
    enter_as(page, live_server, world, "coordinator_a")
    in_language(page, live_server, language)
    page.goto(live_server.url + "/")  # the coordinator's home is their municipality
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=t["emissions"]).is_visible()
    chart = page.get_by_role("img", name=t["chart"])
    assert chart.is_visible()
    assert t["finding"] in chart.evaluate("svg => svg.querySelector('desc').textContent")
    assert_accessible(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_member_opens_the_next_pack_from_home(page, live_server, world: World, language):
    t = LABELS[language]
    world.meeting_x.starts_at = timezone.now() + dt.timedelta(days=7)
    world.meeting_x.save()
    document = GeneratedDocument.objects.create(
        kind="meeting-pack",
        subject_type=ContentType.objects.get_for_model(world.meeting_x),
        subject_id=world.meeting_x.pk,
        title="Mødepakke",
        version=1,
        page_count=1,
        size=20,
        sha256="0" * 64,
        state=GeneratedDocument.State.APPROVED,  # publishing approves the pack's document
        approved_at=timezone.now(),
        file=ContentFile(b"%PDF-1.4 pakke", name="pakke.pdf"),
    )
    MeetingPack.objects.create(
        meeting=world.meeting_x,
        document=document,
        fingerprint="x",
        version=1,
        published_at=timezone.now(),
    )
    enter_as(page, live_server, world, "member")
    in_language(page, live_server, language)
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=t["next"]).is_visible()
    assert_accessible(page)
    no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=t["pack"]).click()
    assert download.value.suggested_filename.endswith(".pdf")
