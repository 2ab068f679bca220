"""Importing initiatives from an XLSX sheet and emissions from a CSV file: preview, per-row errors in
Danish, all or nothing, and only into plans the user may edit."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from actionplans.importers import INITIATIVE_COLUMNS, save_initiative_import
from actionplans.models import EmissionRecord, Initiative, Sector
from tests.factories import ThemeFactory
from tests.test_spreadsheets import far_row_sheet

IMPORT = reverse("actionplans:initiative-import")
PREVIEW = reverse("actionplans:initiative-import-preview")
CONFIRM = reverse("actionplans:initiative-import-confirm")
EMISSIONS = reverse("actionplans:emissions-import")
EMISSIONS_PREVIEW = reverse("actionplans:emissions-import-preview")
EMISSIONS_CONFIRM = reverse("actionplans:emissions-import-confirm")

HEADERS = [label for _key, label in INITIATIVE_COLUMNS]


def sheet(*rows: list, headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("indsatser.xlsx", buffer.getvalue())


def row(title="Cykelsuperstier", sector="Transport", themes="", **overrides) -> list:
    values = {
        "title": title,
        "description": "Flere kilometer cykelsti.",
        "sector": sector,
        "themes": themes,
        "status": "I gang",
        "phase": "Gennemførelse",
        "percent_done": 40,
        "expected_reduction": "120,5",
        "start_year": 2024,
        "end_year": 2028,
        "responsible_unit": "Teknik og Miljø",
        "contact_name": "Mette Jensen",
        "contact_email": "mette@kommune.dk",
        **overrides,
    }
    return [values[key] for key, _label in INITIATIVE_COLUMNS]


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Cykeltrafik", slug="cykeltrafik")


def upload(client, plan, file):
    return client.post(IMPORT, {"plan": plan.pk, "file": file})


def test_secretariat_imports_initiatives_after_preview(world, theme):
    client = world.client("secretariat")
    file = sheet(row(themes="cykeltrafik"), row(title="Elbusser", themes="Cykeltrafik; "))
    assert upload(client, world.plan_b, file).url == PREVIEW
    preview = client.get(PREVIEW)
    assert "Cykelsuperstier" in preview.content.decode() and not preview.context["has_errors"]
    assert Initiative.objects.count() == 2  # nothing saved by the preview

    response = client.post(CONFIRM)
    assert response.status_code == 302
    created = Initiative.objects.get(title="Elbusser")
    assert created.plan == world.plan_b
    assert created.status == Initiative.Status.IN_PROGRESS
    assert created.expected_reduction == Decimal("120.5")
    assert list(created.themes.all()) == [theme]
    assert Initiative.objects.filter(plan=world.plan_b).count() == 3
    # The session is spent: a second confirmation saves nothing more.
    client.post(CONFIRM)
    assert Initiative.objects.count() == 4


def test_preview_lists_every_row_error_in_danish_and_nothing_can_be_saved(world, theme):
    client = world.client("coordinator_a")
    file = sheet(
        row(),
        row(title="", sector="Rumfart"),
        row(themes="cykeltrafik;månebaser", percent_done="halvdelen"),
        row(start_year=2030, end_year=2025, contact_email="ikke-en-adresse"),
        row(status="Måske", expected_reduction="mange"),
    )
    upload(client, world.plan_a, file)
    page = client.get(PREVIEW)
    errors = {r.line: r.errors for r in page.context["rows"]}
    assert errors[2] == []
    assert errors[3] == ["Ukendt sektor »Rumfart«.", "Titel: Dette felt er påkrævet."]
    assert errors[4] == [
        "Ukendt tema »månebaser«.",
        "Færdig (%): Skriv et helt tal mellem 0 og 100.",
    ]
    assert errors[5] == [
        "Kontaktpersonens e-mail: Skriv en gyldig e-mailadresse.",
        "Slutår: Slutåret kan ikke ligge før startåret.",
    ]
    assert errors[6] == [
        "Ukendt status »Måske«.",
        "Forventet reduktion (ton CO2e/år): Skriv et tal, fx 1200 eller 1200,5.",
    ]
    assert [r.outcome for r in page.context["rows"]] == ["created"] + ["refused"] * 4
    html = page.content.decode()
    assert "Intet kan gemmes" in html and CONFIRM not in html

    response = client.post(CONFIRM, follow=True)
    assert "Intet er gemt" in response.content.decode()
    assert Initiative.objects.count() == 2  # not even the good row


def test_import_is_all_or_nothing_when_the_database_refuses_a_row(world, theme):
    """Should a row get past validation and be refused by the database (here: a percent the
    check constraint refuses), the rows before it are rolled back too."""
    client = world.client("secretariat")
    upload(client, world.plan_a, sheet(row(title="Første"), row(title="Anden")))
    rows = client.get(PREVIEW).context["rows"]
    rows[1].form.instance.percent_done = 150
    with pytest.raises(IntegrityError):
        save_initiative_import(plan=world.plan_a, rows=rows)
    assert not Initiative.objects.filter(title__in=["Første", "Anden"]).exists()


def test_coordinator_b_cannot_import_into_a_plan(world):
    client = world.client("coordinator_b")
    response = upload(client, world.plan_a, sheet(row()))
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert world.plan_a.pk not in [p.pk for p in response.context["form"].fields["plan"].queryset]
    assert client.get(PREVIEW).status_code == 302  # nothing was kept
    assert Initiative.objects.count() == 2


def test_coordinator_b_cannot_confirm_an_import_into_a_plan_planted_in_the_session(world):
    client = world.client("coordinator_b")
    session = client.session
    session["actionplans.initiative_import"] = {
        "plan_id": world.plan_a.pk,
        "rows": [{"line": "2", "title": "Indsmuglet", "sector": "energy"}],
    }
    session.save()
    assert client.get(PREVIEW).status_code == 404
    assert client.post(CONFIRM).status_code == 404
    assert not Initiative.objects.filter(title="Indsmuglet").exists()


def test_member_cannot_import(world):
    client = world.client("member")
    assert upload(client, world.plan_a, sheet(row())).status_code == 403
    assert Initiative.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("indsatser.csv", b"titel;sektor", "Filen skal være en .xlsx-fil."),
        ("indsatser.xlsx", b"not a zip file", "Filen kunne ikke læses som et Excel-ark"),
        ("indsatser.xlsx", b"x" * (5 * 1024 * 1024 + 1), "Filen er for stor"),
    ],
)
def test_wrong_file_gets_a_danish_message(world, name, content, message):
    response = upload(world.client("secretariat"), world.plan_a, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_sheet_without_required_columns_is_refused(world):
    file = sheet(["Noget"], headers=["Beskrivelse"])
    response = upload(world.client("secretariat"), world.plan_a, file)
    assert "Arket mangler kolonnerne: Titel, Sektor" in response.content.decode()


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
def test_tiny_sheet_with_a_far_away_row_is_refused_in_danish(world, declared):
    file = SimpleUploadedFile("indsatser.xlsx", far_row_sheet(3_000_000, declared=declared))
    response = upload(world.client("secretariat"), world.plan_a, file)
    assert response.status_code == 200
    assert "Arket har mere end 1000 rækker under overskriften" in response.content.decode()
    assert "actionplans.initiative_import" not in world.client("secretariat").session


# The import page documents the columns: headers in any order, matched whatever their case; Titel
# and Sektor required, every other column optional (left out, or left empty).
OPTIONAL = [key for key, _label in INITIATIVE_COLUMNS if key not in ("title", "sector")]


@pytest.mark.parametrize(
    "keys",
    [
        ["title", "sector"],
        ["sector", "title"],
        *(["title", "sector", key] for key in OPTIONAL),
        [key for key, _label in reversed(INITIATIVE_COLUMNS)],
    ],
    ids=lambda keys: "+".join(keys) if len(keys) < 4 else "all-reversed",
)
def test_every_documented_shape_of_sheet_previews_and_imports(world, theme, keys):
    labels = dict(INITIATIVE_COLUMNS)
    keys_in_order = [key for key, _label in INITIATIVE_COLUMNS]
    full = dict(zip(keys_in_order, row(themes="cykeltrafik"), strict=True))
    headers = [labels[key].upper() if key == "sector" else labels[key] for key in keys]
    client = world.client("secretariat")
    file = sheet(
        [full[key] for key in keys],
        [full[key] if key in ("title", "sector") else None for key in keys],
        headers=headers,
    )
    assert upload(client, world.plan_a, file).url == PREVIEW

    preview = client.get(PREVIEW)
    assert preview.status_code == 200
    assert [r.errors for r in preview.context["rows"]] == [[], []]
    assert "Cykelsuperstier" in preview.content.decode()
    client.post(CONFIRM)
    # Both rows have the same title, so Meta.ordering leaves their order to the database.
    imported = Initiative.objects.filter(plan=world.plan_a, title="Cykelsuperstier")
    first, second = imported.order_by("pk")
    assert first.sector == second.sector == "transport"
    # What the sheet leaves out takes the documented defaults.
    assert second.status == Initiative.Status.NOT_STARTED
    assert second.phase == Initiative.Phase.PLANNING
    assert second.percent_done == 0 and second.expected_reduction is None
    if "status" in keys:
        assert first.status == Initiative.Status.IN_PROGRESS


def test_template_sheet_has_the_documented_headers_and_imports_cleanly(world):
    client = world.client("coordinator_a")
    response = client.get(reverse("actionplans:initiative-import-template"))
    content = response.content
    header = next(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(header) == HEADERS
    ThemeFactory(name="Elbiler og ladeinfrastruktur", slug="elbiler")
    upload(client, world.plan_a, SimpleUploadedFile("skabelon.xlsx", content))
    assert not client.get(PREVIEW).context["has_errors"]


# --- Emissions ---------------------------------------------------------------------------------


def csv_file(text: str, name="udledninger.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def test_emissions_import_creates_and_updates_after_preview(world):
    EmissionRecord.objects.create(
        municipality=world.municipality_a, year=2022, sector=Sector.ENERGY, tonnes=1
    )
    client = world.client("secretariat")
    text = "kommunekode;år;sektor;ton CO2e\n101;2022;Energi;1.234.567,8\n147;2022;transport;99,5\n"
    assert client.post(EMISSIONS, {"file": csv_file(text)}).url == EMISSIONS_PREVIEW
    preview = client.get(EMISSIONS_PREVIEW)
    assert [r.note for r in preview.context["rows"]] == ["opdateres", "ny"]
    assert "opdateres (var 1)" in preview.content.decode()
    assert EmissionRecord.objects.get(municipality=world.municipality_a).tonnes == 1

    client.post(EMISSIONS_CONFIRM)
    assert EmissionRecord.objects.get(municipality=world.municipality_a).tonnes == Decimal(
        "1234567.8"
    )
    assert EmissionRecord.objects.get(municipality=world.municipality_b).tonnes == Decimal("99.5")
    assert EmissionRecord.objects.count() == 2


def test_emissions_comma_delimiter_and_windows_encoding(world):
    client = world.client("secretariat")
    text = 'Kommunekode,Aar,Sektor,Ton CO2e\n0101,2021,"Forbrug og affald","12,5"\n'
    client.post(EMISSIONS, {"file": csv_file(text, encoding="cp1252")})
    rows = client.get(EMISSIONS_PREVIEW).context["rows"]
    assert rows[0].errors == []
    client.post(EMISSIONS_CONFIRM)
    record = EmissionRecord.objects.get()
    assert (record.year, record.sector, record.tonnes) == (2021, "consumption", Decimal("12.5"))


def test_each_bad_emission_row_gets_its_own_error_and_nothing_is_saved(world):
    client = world.client("secretariat")
    text = (
        "kommunekode;år;sektor;ton CO2e\n"
        "101;2022;Energi;100\n"
        "999;2022;Energi;100\n"
        "101;2022;energy;200\n"
        "147;2022;Energi;mange\n"
        "147;1980;Energi;5\n"
        "147;2023;Rumfart;5\n"
    )
    client.post(EMISSIONS, {"file": csv_file(text)})
    page = client.get(EMISSIONS_PREVIEW)
    errors = [r.errors for r in page.context["rows"]]
    assert errors == [
        [],
        ["Ukendt kommunekode »999«."],
        ["Kommune, år og sektor står allerede i linje 2."],
        ["Udledningen »mange« er ikke et tal."],
        [f"Året 1980 ligger uden for 1990–{timezone.localdate().year}."],
        ["Ukendt sektor »Rumfart«."],
    ]
    assert "Intet kan gemmes" in page.content.decode()
    response = client.post(EMISSIONS_CONFIRM, follow=True)
    assert "Intet er gemt" in response.content.decode()
    assert EmissionRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("udledninger.xlsx", b"a;b", "Filen skal være en .csv-fil."),
        ("udledninger.csv", b"navn;tal\nx;1\n", "Filen mangler kolonnerne: kommunekode, år"),
        ("udledninger.csv", b"kommunekode;aar;sektor;ton co2e\n", "ingen rækker"),
        ("udledninger.csv", b"\x00\x01\x02binary", "ikke en CSV-fil"),
    ],
)
def test_wrong_emission_file_gets_a_danish_message(world, name, content, message):
    response = world.client("secretariat").post(
        EMISSIONS, {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "kommunekode;år;sektor;ton CO2e\n101;2022;Energi;12,5\n",
        "Kode,Aar,Sector,Tonnes_CO2e\n101,2022,energy,12.5\n",
        "sektor;udledning;year;municipality_code\nEnergi;12,5;2022;101\n",
        'kommunekode;år;sektor;ton co2e;kilde\n\n101;2022;Energi;"12,5";DEA\n\n',
    ],
    ids=["template", "comma-aliases", "reordered", "extra-column-blank-lines"],
)
def test_every_documented_shape_of_emission_file_previews_and_imports(world, text):
    client = world.client("secretariat")
    assert client.post(EMISSIONS, {"file": csv_file(text)}).url == EMISSIONS_PREVIEW
    preview = client.get(EMISSIONS_PREVIEW)
    assert [r.errors for r in preview.context["rows"]] == [[]]
    client.post(EMISSIONS_CONFIRM)
    record = EmissionRecord.objects.get()
    assert (record.municipality, record.year, record.sector, record.tonnes) == (
        world.municipality_a,
        2022,
        "energy",
        Decimal("12.5"),
    )


def test_emission_file_with_a_field_too_long_for_csv_gets_a_danish_message(world):
    text = 'kommunekode;år;sektor;ton CO2e\n101;2022;Energi;"' + "1" * 200_000 + '"\n'
    response = world.client("secretariat").post(EMISSIONS, {"file": csv_file(text)})
    assert response.status_code == 200
    assert "Filen kunne ikke læses som CSV (linje 2)." in response.content.decode()


def test_emission_file_with_too_many_lines_is_refused_however_many_are_blank(world):
    text = "kommunekode;år;sektor;ton CO2e\n" + "\n" * 10_000 + "101;2022;Energi;1\n"
    response = world.client("secretariat").post(EMISSIONS, {"file": csv_file(text)})
    assert "Filen har mere end 10000 linjer under overskrifterne" in response.content.decode()


def test_coordinator_cannot_import_emissions(world):
    client = world.client("coordinator_a")
    response = client.post(
        EMISSIONS, {"file": csv_file("kommunekode;år;sektor;ton\n101;2022;Energi;1\n")}
    )
    assert response.status_code == 403
    session = client.session
    session["actionplans.emission_import"] = {
        "rows": [
            {
                "line": "2",
                "municipality_code": "101",
                "year": "2022",
                "sector": "energy",
                "tonnes": "1",
            }
        ]
    }
    session.save()
    assert client.post(EMISSIONS_CONFIRM).status_code == 403
    assert EmissionRecord.objects.count() == 0
