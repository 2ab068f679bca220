"""Indicator values by year as a spreadsheet: exported for Excel, edited, and imported back with
a preview (new, changed field by field, unchanged, refused), all or nothing, with history and the
edit-conflict check, and only into indicators the user may edit."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import IndicatorValue
from tests.spreadsheet_files import excel_csv_dicts


def urls(world, municipality=None) -> dict[str, str]:
    code = (municipality or world.municipality_a).code
    return {
        name: reverse(f"actionplans:indicator-values-{name}", kwargs={"code": code})
        for name in ("export", "import", "import-preview", "import-confirm")
    }


def exported(client, world):
    response = client.get(urls(world)["export"], {"format": "xlsx"})
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    return load_workbook(io.BytesIO(response.content))


def rows_of(workbook) -> tuple[list[str], list]:
    header, *rows = list(workbook.active.iter_rows())
    return [cell.value for cell in header], rows


def upload(client, url, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(url, {"file": SimpleUploadedFile("vaerdier.xlsx", buffer.getvalue())})


def values(world) -> dict[int, tuple]:
    return {v.year: (v.value, v.note) for v in world.indicator_a.values.all()}


def test_values_exported_edited_and_imported_back(world):
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2023, value=10)
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2024, value=Decimal("12.5"))
    client = world.client("coordinator_a")
    workbook = exported(client, world)
    header, rows = rows_of(workbook)
    assert header == ["Indikator-ID", "Indikator", "Enhed", "Indsats", "År", "Værdi", "Note",
                      "Version"]  # fmt: skip
    mine = [row for row in rows if row[0].value == world.indicator_a.pk]
    assert [row[4].value for row in mine] == [2023, 2024]
    assert (mine[1][5].value, mine[1][5].number_format) == (12.5, "#,##0.0")
    mine[1][5].value = 13.5  # 2024 edited
    workbook.active.append([world.indicator_a.pk, None, None, None, 2025, "15,25", "Skøn"])

    urls_a = urls(world)
    assert upload(client, urls_a["import"], workbook).url == urls_a["import-preview"]
    page = client.get(urls_a["import-preview"])
    checked = {row.raw["year"]: row for row in page.context["rows"]}
    assert [r.outcome for r in checked.values()] == ["unchanged", "changed", "created"]
    assert [(c["label"], c["old"], c["new"]) for c in checked["2024"].changes] == [
        ("Værdi", "12,5", "13,5")
    ]
    assert "12,5 → 13,5" in page.content.decode()
    assert values(world)[2024] == (Decimal("12.5"), "")  # the preview saves nothing

    response = client.post(urls_a["import-confirm"], follow=True)
    assert "Værdierne er gemt: 1 nye, 1 ændret." in response.content.decode()
    assert values(world) == {
        2023: (Decimal("10"), ""),
        2024: (Decimal("13.5"), ""),
        2025: (Decimal("15.25"), "Skøn"),
    }
    changed = world.indicator_a.values.get(year=2024)
    assert changed.history.first().history_user == world.users["coordinator_a"]


def test_a_value_changed_in_the_portal_since_the_export_is_refused(world):
    value = IndicatorValue.objects.create(indicator=world.indicator_a, year=2024, value=1)
    client = world.client("secretariat")
    workbook = exported(client, world)
    _header, rows = rows_of(workbook)
    next(row for row in rows if row[4].value == 2024)[5].value = 2
    workbook.active.append([world.indicator_a.pk, None, None, None, 2025, 3])
    value.value = 5  # meanwhile, on the indicator's page
    value.save()

    upload(client, urls(world)["import"], workbook)
    page = client.get(urls(world)["import-preview"])
    refused = next(row for row in page.context["rows"] if row.raw["year"] == "2024")
    assert refused.errors == [
        "Værdien for 2024 er ændret i portalen, siden arket blev hentet. Hent arket igen, og "
        "skriv dine ændringer ind i det nye ark."
    ]
    response = client.post(urls(world)["import-confirm"], follow=True)
    assert "Intet er gemt" in response.content.decode()
    assert values(world) == {2024: (Decimal("5"), "")}  # not even the new year


def test_coordinator_cannot_import_values_into_another_municipalitys_indicator(world):
    client = world.client("coordinator_b")
    assert client.get(urls(world)["import"]).status_code == 404
    workbook = exported(client, world)  # A's values: every role reads them
    workbook.active.append([world.indicator_a.pk, None, None, None, 2025, 99])
    urls_b = urls(world, world.municipality_b)
    upload(client, urls_b["import"], workbook)
    rows = client.get(urls_b["import-preview"]).context["rows"]
    assert rows[-1].errors[0] == (
        f"Ukendt indikator-ID »{world.indicator_a.pk}«: ingen indikator, du kan redigere, har "
        "det ID."
    )
    client.post(urls_b["import-confirm"])
    assert not IndicatorValue.objects.filter(value=99).exists()


def test_values_csv_is_for_danish_excel(world):
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2024, value=Decimal("1250.5"))
    response = world.client("member").get(urls(world)["export"], {"format": "csv"})
    row = next(r for r in excel_csv_dicts(response) if r["År"] == "2024")
    assert row["Værdi"] == "1250,5"
