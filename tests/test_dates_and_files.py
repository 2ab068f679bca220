"""Dates read unambiguously in both languages (alliance/formats), and downloads keep Danish letters
in their names (alliance/downloads.py)."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from alliance import services
from alliance.downloads import ascii_text, content_disposition
from alliance.pdf import RenderedPdf
from governance.services.packs import PACK_JOB
from municipalities.services import PROFILE_JOB

MOMENT = timezone.make_aware(dt.datetime(2024, 12, 13, 21, 57))
JULY, JUNE = dt.date(2023, 7, 1), dt.date(2024, 6, 30)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "danish", "english"),
    [
        ('{{ d|date:"DATE_FORMAT" }}', "13. december 2024", "13 December 2024"),
        ('{{ d|date:"SHORT_DATE_FORMAT" }}', "13. dec. 2024", "13 Dec. 2024"),
        ('{{ d|date:"DATETIME_FORMAT" }}', "13. december 2024, 21:57", "13 December 2024, 21:57"),
        ('{{ d|time:"TIME_FORMAT" }}', "21:57", "21:57"),
        ("{{ d }}", "13. december 2024, 21:57", "13 December 2024, 21:57"),
    ],
)
def test_dates_are_unambiguous_with_a_24_hour_clock(source, danish, english):
    assert render(source, "da", d=MOMENT) == danish
    assert render(source, "en", d=MOMENT) == english


def test_a_period_has_lower_case_danish_months():
    source = '{{ a|date:"SHORT_DATE_FORMAT" }}–{{ b|date:"SHORT_DATE_FORMAT" }}'
    assert render(source, "da", a=JULY, b=JUNE) == "1. juli 2023–30. juni 2024"
    assert render(source, "en", a=JULY, b=JUNE) == "1 July 2023–30 June 2024"


def test_templates_use_named_date_formats():
    """A literal "j. M Y" shows "Jul" in Danish and a Danish word order in English: every date
    shown in words goes through a named format of alliance/formats instead."""
    literal = re.compile(r"""\|(?:date|time):["']([^"']+)["']""")
    allowed = {"Y-m-d", "Ymd", "c", "l"}  # ISO dates for machines and tables; the weekday alone
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        for fmt in literal.findall(path.read_text()):
            if not fmt.endswith("_FORMAT") and fmt not in allowed:
                offenders.append(f"{path.name}: {fmt}")
    assert offenders == []


@pytest.mark.django_db
def test_meeting_page_in_english_shows_a_day_first_date_and_24_hour_time(world):
    world.meeting_x.starts_at = MOMENT
    world.meeting_x.save()
    client = world.client("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(world.meeting_x.get_absolute_url()).content.decode()
    assert "13 December 2024" in page
    assert "21:57" in page
    assert "12/13/2024" not in page
    assert "p.m." not in page


# --- File names ---------------------------------------------------------------------------------


def test_ascii_names_spell_danish_letters_out():
    assert (
        ascii_text("Mødepakke: Ærø, Åbenrå, Café Über") == "Moedepakke: Aeroe, Aabenraa, Cafe Uber"
    )


def test_content_disposition_sends_both_names():
    assert content_disposition("klimaprofil-københavn-v1.pdf") == (
        'attachment; filename="klimaprofil-koebenhavn-v1.pdf"; '
        "filename*=utf-8''klimaprofil-k%C3%B8benhavn-v1.pdf"
    )
    assert content_disposition("frister.ics", attachment=False) == 'inline; filename="frister.ics"'


def download(world, *, kind: str, subject, title: str):
    job = services.enqueue_job(kind=kind, subject=subject, requested_by=None)
    document = services.store_document(
        job=job, subject=subject, title=title, pdf=RenderedPdf(b"%PDF-1.7 x", 1)
    )
    return world.client("secretariat").get(reverse("document-download", args=[document.pk]))


@pytest.mark.django_db
def test_climate_profile_of_koebenhavn_keeps_its_name(world):
    response = download(
        world, kind=PROFILE_JOB, subject=world.municipality_a, title="Klimaprofil: København"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="klimaprofil-koebenhavn-v1.pdf"; '
        f"filename*=utf-8''{quote('klimaprofil-københavn-v1.pdf')}"
    )


@pytest.mark.django_db
def test_meeting_pack_keeps_its_name(world):
    response = download(
        world,
        kind=PACK_JOB,
        subject=world.meeting_x,
        title="Mødepakke: Politisk styregruppe, Møde på Ærø",
    )
    real = "mødepakke-politisk-styregruppe-møde-på-ærø-v1.pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="moedepakke-politisk-styregruppe-moede-paa-aeroe-v1.pdf"; '
        f"filename*=utf-8''{quote(real)}"
    )
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_attachment_with_a_danish_name_keeps_it(world):
    world.attachment_x.original_name = "Budget for Ørestad.pdf"
    world.attachment_x.save()
    response = world.client("member").get(
        reverse("governance:attachment-download", args=[world.attachment_x.pk])
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="Budget for Oerestad.pdf"; '
        f"filename*=utf-8''{quote('Budget for Ørestad.pdf')}"
    )
