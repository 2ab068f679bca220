"""The shared PDF machinery (alliance.pdf, pdf/base.html, print/print.css) and the one-page
municipality climate profile built on it."""

import datetime
import io
import re
import socket

import pikepdf
import pytest
from django.core.management import call_command
from django.template import engines
from django.utils import timezone, translation
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from alliance.models import User
from alliance.pdf import draw_pages_tagged, html_to_pdf, render_pdf, static_url_fetcher
from municipalities.models import Coordinator, Municipality, Organisation
from networks.models import Network, VipProject
from tests.governance.pdfs import make_pdf
from tests.pdf_structure import assert_tagged, text_in_order

PROFILE_TEMPLATE = "municipalities/profile_pdf.html"


# --- helpers ------------------------------------------------------------------------------------


def make_municipality(*, code=169, name="Høje-Taastrup", official_name="Høje-Taastrup Kommune"):
    organisation = Organisation.objects.create(
        name=official_name, kind=Organisation.Kind.MUNICIPALITY
    )
    return Municipality.objects.create(
        code=code, name=name, official_name=official_name, organisation=organisation
    )


def make_coordinator(municipality, *, email, name, title="Klimakoordinator", phone="43 59 10 00"):
    user = User.objects.create_user(email, "a-long-test-password", name=name)
    return Coordinator.objects.create(
        user=user, municipality=municipality, title=title, phone=phone
    )


def profile_context(municipality):
    """The context municipalities.services.build_municipality_profile passes to the template."""
    municipality = (
        Municipality.objects.with_coordinators()
        .select_related("organisation")
        .get(pk=municipality.pk)
    )
    organisation = municipality.organisation
    return {
        "municipality": municipality,
        "led_projects": list(organisation.led_vip_projects.all()),
        "vip_projects": list(organisation.vip_projects.select_related("continued_by")),
        "generated_at": timezone.now(),
    }


def render_profile(municipality):
    title = f"Klimaprofil: {municipality.name}"
    return render_pdf(PROFILE_TEMPLATE, profile_context(municipality), title=title)


def read(pdf) -> PdfReader:
    return PdfReader(io.BytesIO(pdf.content))


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(outline_titles(item))
        else:
            titles.append(item.title)
    return titles


def font_descriptors(page):
    """(BaseFont, FontDescriptor) of every font the page uses, through DescendantFonts for Type0."""
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        if font["/Subtype"] == "/Type0":
            for descendant in font["/DescendantFonts"]:
                descendant = descendant.get_object()
                yield descendant["/BaseFont"], descendant["/FontDescriptor"].get_object()
        else:
            yield font["/BaseFont"], font["/FontDescriptor"].get_object()


def titles_of(toc) -> list[str]:
    return [title for _anchor, title in toc]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- the municipality profile --------------------------------------------------------------------


@pytest.fixture
def hoeje_taastrup(db):
    municipality = make_municipality()
    make_coordinator(
        municipality,
        email="klima@htk.dk",
        name="Søren Åberg",
        title="Klimakoordinator",
        phone="43 59 10 00",
    )
    transport = Network.objects.create(name="Transport", slug="transport", started_year=2024)
    led = VipProject.objects.create(name="Energi- og klimaplaner", slug="energi-og-klimaplaner")
    led.leads.add(municipality.organisation)
    commuting = VipProject.objects.create(
        name="Grønne pendlervaner",
        slug="groenne-pendlervaner",
        continued_by=transport,
    )
    commuting.participants.add(municipality.organisation)
    return municipality


@pytest.mark.django_db
def test_profile_is_one_page_with_the_municipality_and_its_coordinator(hoeje_taastrup):
    pdf = render_profile(hoeje_taastrup)
    reader = read(pdf)

    assert pdf.page_count == 1
    assert len(reader.pages) == 1
    text = normalise(reader.pages[0].extract_text())
    assert "Klimaprofil: Høje-Taastrup" in text
    assert "Høje-Taastrup Kommune" in text
    assert "169" in text
    assert "Side 1 af 1" in text
    assert "Søren Åberg" in text
    assert "klima@htk.dk" in text
    assert "Energi- og klimaplaner" in text
    assert "Grønne pendlervaner" in text
    assert "Transport" in text
    assert "Ingen aktiv klimakoordinator registreret" not in text


@pytest.mark.django_db
def test_profile_heading_is_a_bookmark(hoeje_taastrup):
    titles = outline_titles(read(render_profile(hoeje_taastrup)).outline)

    assert titles[0] == "Klimaprofil: Høje-Taastrup"
    assert "Klimakoordinatorer" in titles


@pytest.mark.django_db
def test_profile_fonts_are_embedded(hoeje_taastrup):
    page = read(render_profile(hoeje_taastrup)).pages[0]

    descriptors = list(font_descriptors(page))
    assert descriptors
    for base_font, descriptor in descriptors:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), base_font


@pytest.mark.django_db
def test_profile_uses_ibm_plex_sans(hoeje_taastrup):
    """The @font-face fonts from DKFDS reach the PDF (through alliance.pdf's url fetcher)."""
    page = read(render_profile(hoeje_taastrup)).pages[0]

    base_fonts = [str(base_font) for base_font, _ in font_descriptors(page)]
    assert any("IBM-Plex-Sans" in name for name in base_fonts), base_fonts
    assert any("IBM-Plex-Sans-Semi-Bold" in name for name in base_fonts), base_fonts


@pytest.mark.django_db
def test_profile_without_coordinator_says_so():
    municipality = make_municipality(code=155, name="Dragør", official_name="Dragør Kommune")

    pdf = render_profile(municipality)

    assert pdf.page_count == 1
    text = normalise(read(pdf).pages[0].extract_text())
    assert "Ingen aktiv klimakoordinator registreret" in text
    assert "Dragør" in text


@pytest.mark.django_db
def test_profile_fits_one_page_for_the_busiest_municipality():
    """All seven VIP projects and five coordinators with long titles still make one page."""
    municipality = make_municipality(code=101, name="København", official_name="Københavns Kommune")
    for i in range(5):
        make_coordinator(
            municipality,
            email=f"klimakoordinator.nummer{i}@kk.dk",
            name=f"Koordinator Nummer {i} Østergaard-Mølgaard",
            title="Klimakoordinator og projektleder, Teknik- og Miljøforvaltningen, Byens Udvikling",
            phone="+45 33 66 33 66",
        )
    network = Network.objects.create(name="Energi", slug="energi")
    names = [
        "Energi- og klimaplaner",
        "Håndtering af madspild",
        "100 % grønne drivmidler",
        "Cirkulære indkøb",
        "Grønne pendlervaner",
        "Energibesparelser i boliger",
        "Fælles plan for plastaffald",
    ]
    for i, name in enumerate(names):
        project = VipProject.objects.create(name=name, slug=f"p{i}", continued_by=network)
        project.participants.add(municipality.organisation)
        if i == 6:
            project.leads.add(municipality.organisation)

    pdf = render_profile(municipality)

    assert pdf.page_count == 1
    text = normalise(read(pdf).pages[0].extract_text())
    assert "Fælles plan for plastaffald" in text
    assert "Side 1 af 1" in text


@pytest.mark.django_db
def test_profile_shows_the_date_in_danish(hoeje_taastrup):
    context = profile_context(hoeje_taastrup)
    context["generated_at"] = timezone.make_aware(datetime.datetime(2025, 3, 4, 10, 30))

    pdf = render_pdf(PROFILE_TEMPLATE, context, title="Klimaprofil: Høje-Taastrup")

    assert "4. marts 2025" in normalise(read(pdf).pages[0].extract_text())


# --- the shared machinery ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/media/documents/secret.pdf",
        "http://127.0.0.1:8000/static/print/does-not-exist.css",
    ],
)
def test_url_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(URLFetchingError):
        static_url_fetcher(url)


def test_a_remote_image_is_never_fetched(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in a PDF")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = '<html><body><p>Før billedet</p><img src="http://example.com/x.png"></body></html>'

    pdf = html_to_pdf(html)

    assert pdf.page_count == 1
    assert attempts == []


TOC_DOCUMENT = """{% extends "pdf/base.html" %}
{% block content %}
{% for anchor, title in toc %}
<section id="{{ anchor }}" class="page-break-before">
  <h2>{{ title }}</h2>
  <p>Indhold i afsnittet {{ forloop.counter }}.</p>
</section>
{% endfor %}
{% endblock %}"""


def test_table_of_contents_has_the_right_page_numbers():
    toc = [("indledning", "Indledning"), ("netvaerk", "Netværk"), ("oekonomi", "Økonomi")]
    with translation.override("da"):
        html = (
            engines["django"]
            .from_string(TOC_DOCUMENT)
            .render({"document_title": "Aktivitetsplan 2025", "toc": toc})
        )

    pdf = html_to_pdf(html)
    reader = read(pdf)

    assert pdf.page_count == 4
    pages = [normalise(page.extract_text()) for page in reader.pages]
    contents = pages[0]
    assert "Indhold" in contents
    listed = {}
    for title in titles_of(toc):
        match = re.search(re.escape(title) + r"[\s.]*?(\d+)", contents)
        assert match, contents
        listed[title] = int(match.group(1))
    # Where each section really landed: the page (after the contents) that shows its heading.
    landed = {
        title: next(n for n, text in enumerate(pages[1:], start=2) if title in text)
        for title in titles_of(toc)
    }
    assert listed == landed == {"Indledning": 2, "Netværk": 3, "Økonomi": 4}
    # Running header and footer on every page.
    for number, text in enumerate(pages, start=1):
        assert "Aktivitetsplan 2025" in text
        assert f"Side {number} af 4" in text
    # Section headings are bookmarks; the contents' own heading is not.
    titles = outline_titles(reader.outline)
    assert titles == ["Indledning", "Netværk", "Økonomi"]


@pytest.mark.django_db
def test_fonts_reach_the_pdf_with_the_production_static_storage(settings, tmp_path, hoeje_taastrup):
    """In production {% static %} names the manifest's hashed copies in STATIC_ROOT, which the
    finders do not know: the fetcher reads them from there, so the PDF keeps its fonts."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    page = read(render_profile(hoeje_taastrup)).pages[0]
    base_fonts = [str(base_font) for base_font, _ in font_descriptors(page)]
    assert any("IBM-Plex-Sans" in name for name in base_fonts), base_fonts
    with pytest.raises(URLFetchingError):
        static_url_fetcher("http://127.0.0.1:8000/static/../../etc/passwd")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_profile_is_tagged_in_the_language_it_is_rendered_in(hoeje_taastrup, language):
    title = "Klimaprofil: Høje-Taastrup"
    pdf = render_pdf(
        PROFILE_TEMPLATE, profile_context(hoeje_taastrup), title=title, language=language
    )
    structure = assert_tagged(pdf.content, title=title, lang=language)
    assert structure.kinds["H1"] == 1 and structure.kinds["H2"]
    assert structure.kinds["TH"] >= 4 and structure.kinds["TD"]
    assert structure.outline
    if language == "da":
        assert structure.outline[0] == title
        text = text_in_order(pdf.content)
        parts = ["Klimaprofil: Høje-Taastrup", "Klimakoordinatorer", "Søren Åberg", "Side 1 af 1"]
        assert [text.index(part) for part in parts] == sorted(text.index(part) for part in parts)


def test_a_chart_in_a_pdf_is_a_figure_whose_alternative_states_its_finding():
    from alliance.charts import bar_chart

    chart = bar_chart(
        title="Indsatser efter sektor", data=[("Energi", 3), ("Transport", 5)], key="c"
    )
    html = f'<html lang="da"><title>Diagram</title><body><h1>Diagram</h1>{chart}</body></html>'
    structure = assert_tagged(html_to_pdf(html).content, title="Diagram")
    assert structure.figure_alts == [
        "Indsatser efter sektor. Størst: Transport, 5. Energi: 3; Transport: 5"
    ]


@pytest.mark.django_db
def test_profile_shows_plan_targets_emissions_initiatives_indicators_and_networks(hoeje_taastrup):
    """With the sections the apps register (municipalities.panels.register_profile_section), as
    build_municipality_profile renders it: one or two pages."""
    from actionplans.models import EmissionRecord, Indicator, IndicatorValue, Initiative, Plan
    from municipalities.panels import profile_sections_for
    from networks.models import NetworkMember

    plan = Plan.objects.create(
        municipality=hoeje_taastrup,
        title="Klimaplan 2022",
        status=Plan.Status.ADOPTED,
        adopted_on=datetime.date(2022, 6, 1),
        reduction_target_2030=70,
        net_zero_year=2045,
        baseline_year=1990,
        baseline_emissions=400_000,
    )
    for year in (2019, 2020, 2021):
        EmissionRecord.objects.create(
            municipality=hoeje_taastrup, year=year, sector="energy", tonnes=200_000
        )
    Initiative.objects.create(
        plan=plan, title="Solceller", sector="energy", status="in_progress", expected_reduction=5000
    )
    indicator = Indicator.objects.create(
        municipality=hoeje_taastrup, name="Elbiler i flåden", unit="%", direction="increase"
    )
    IndicatorValue.objects.create(indicator=indicator, year=2024, value=31)
    NetworkMember.objects.create(
        network=Network.objects.get(slug="transport"), organisation=hoeje_taastrup.organisation
    )
    context = profile_context(hoeje_taastrup) | {"sections": profile_sections_for(hoeje_taastrup)}
    pdf = render_pdf(PROFILE_TEMPLATE, context, title="Klimaprofil: Høje-Taastrup")

    assert pdf.page_count <= 2
    text = normalise(" ".join(page.extract_text() for page in read(pdf).pages))
    assert "Politisk vedtaget" in text and "1. juni 2027" in text  # revision due
    assert "70 % ift. 1990" in text and "2045" in text
    assert "Udledningen var 200.000 ton CO2e i 2021" in text
    assert "Der mangler 80.000 ton CO2e om året til målet for 2030" in text
    # The reductions chart's bars have their labels (HTML beside the SVG).
    assert "Afstand til målet" in text and "Forventede reduktioner" in text
    assert "5.000" in text and "Solceller" not in text  # counted, not listed
    assert "Elbiler i flåden (%)" in text and "31 (2024)" in text
    assert "Netværk" in text and "Transport" in text


def test_an_attachment_whose_structure_cannot_be_read_is_drawn_as_a_named_figure():
    """A tagged-looking upload with a broken structure tree does not fail the pack: its pages
    are drawn and named, as an untagged attachment's are."""
    target = pikepdf.Pdf.open(
        io.BytesIO(
            html_to_pdf(
                '<html lang="da"><title>Pakke</title><h1>Punkt 1</h1>'
                '<div style="break-before: page">Bilag</div></html>'
            ).content
        )
    )
    source = pikepdf.Pdf.open(io.BytesIO(make_pdf("Bilag X", tagged=True)))
    source.Root.StructTreeRoot.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.StructElem)])
    draw_pages_tagged(target, source, {0: 1}, lambda page: (20, 40, 575, 801), label="Bilag 1.1: X")
    out = io.BytesIO()
    target.save(out)
    structure = assert_tagged(out.getvalue(), title="Pakke")
    assert structure.figure_alts == ["Bilag 1.1: X"]
    assert "Bilag X" in text_in_order(out.getvalue())
