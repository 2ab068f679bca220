"""Journey 1 of PRODUCT.md, in Danish and in English: the secretariat opens a municipality, sees its
DK2020 plan, adds an initiative, edits it, filters the initiative list and exports exactly the
filtered rows to Excel. And the coordinator's progress update of journey 2, by keyboard only."""

import io
import re
from pathlib import Path

import openpyxl
import pytest

from actionplans.models import Initiative, ProgressUpdate, Sector

from ..conftest import World
from ..factories import InitiativeFactory, ThemeFactory
from .conftest import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "da": {
        "nav": ["Kommuner", "Indsatser", "Overblik"],
        "initiatives": "Indsatser",
        "plan_heading": "DK2020-klimaplan",
        "status": "Status",
        "adopted": "Politisk vedtaget",
        "revision_due": "Revision senest",
        "revision_date": "1. juni 2027",
        "target_2030": "Reduktionsmål 2030",
        "target_text": "70 % ift. 1990",
        "net_zero": "Nettonul",
        "new_initiative": "Ny indsats",
        "title": "Titel",
        "sector": "Sektor",
        "energy": "Energi",
        "in_progress": "I gang",
        "reduction": "Forventet reduktion",
        "start_year": "Startår",
        "end_year": "Slutår",
        "unit": "Ansvarlig enhed",
        "save": "Gem indsatsen",
        "created": "Indsatsen er oprettet.",
        "edit": "Redigér indsatsen",
        "saved": "Indsatsen er gemt.",
        "reduction_row": "Forventet reduktion",
        "reduction_shown": "1.500 ton CO2e/år",
        "period": "Periode",
        "municipality": "Kommune",
        "filter": "Filtrér",
        "rows": "2 rækker",
        "download_xlsx": "Hent som XLSX",
        "column_initiative": "Indsats",
        "column_municipality": "Kommune",
        "column_sector": "Sektor",
    },
    "en": {
        "nav": ["Municipalities", "Initiatives", "Overview"],
        "initiatives": "Initiatives",
        "plan_heading": "DK2020 climate action plan",
        "status": "Status",
        "adopted": "Politically adopted",
        "revision_due": "Revision due by",
        "revision_date": "1 June 2027",
        "target_2030": "2030 reduction target",
        "target_text": "70 % vs. 1990",
        "net_zero": "Net zero",
        "new_initiative": "New initiative",
        "title": "Title",
        "sector": "Sector",
        "energy": "Energy",
        "in_progress": "In progress",
        "reduction": "Expected reduction",
        "start_year": "Start year",
        "end_year": "End year",
        "unit": "Responsible unit",
        "save": "Save the initiative",
        "created": "The initiative has been created.",
        "edit": "Edit the initiative",
        "saved": "The initiative has been saved.",
        "reduction_row": "Expected reduction",
        "reduction_shown": "1,500 tonnes CO2e/year",
        "period": "Period",
        "municipality": "Municipality",
        "filter": "Filter",
        "rows": "2 rows",
        "download_xlsx": "Download as XLSX",
        "column_initiative": "Initiative",
        "column_municipality": "Municipality",
        "column_sector": "Sector",
    },
}


def field(page, label: str):
    """The form control labelled exactly `label`, allowing an "(optional)" note after it."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(.*\))?$"))


def row_value(page, header: str) -> str:
    """The value next to a row header in a structured list (th scope=row, then td)."""
    row = page.locator("tr", has=page.get_by_role("rowheader", name=header, exact=True))
    return row.locator("td").first.inner_text()


def use_language(page, language: str) -> None:
    """Switch to the language (the portal starts in Danish) and check the page speaks it."""
    if language == "en":
        switch_language(page, "English")
    assert page.locator("html").get_attribute("lang") == language
    nav = page.get_by_role("navigation", name={"da": "Hovedmenu", "en": "Main menu"}[language])
    for label in LABELS[language]["nav"]:
        assert nav.first.get_by_role("link", name=label, exact=True).count() >= 1


@pytest.mark.parametrize("language", ["da", "en"])
def test_secretariat_adds_initiative_and_exports_the_filtered_list(
    page, live_server, world: World, language
):
    t = LABELS[language]
    ThemeFactory(name="Fjernvarme", slug="fjernvarme")
    InitiativeFactory(plan=world.plan_a, title="Varmepumper i skoler", sector=Sector.ENERGY)
    InitiativeFactory(plan=world.plan_b, title="Solceller på Frederiksberg", sector=Sector.ENERGY)
    # world.initiative_a is København's, but transport: the filter leaves it out.

    log_in(page, live_server, "sekretariat@example.dk")
    use_language(page, language)

    # The overview of the municipalities, then one municipality and its plan.
    page.get_by_role("main").get_by_role("link", name="København", exact=True).click()
    page.wait_for_url("**/kommuner/101/")
    assert page.locator("h1").inner_text() == "København"
    assert page.get_by_role("heading", name=t["plan_heading"], exact=True).is_visible()
    assert row_value(page, t["status"]) == t["adopted"]
    assert row_value(page, t["revision_due"]) == t["revision_date"]
    assert row_value(page, t["target_2030"]) == t["target_text"]
    assert row_value(page, t["net_zero"]) == "2050"

    # A new initiative.
    page.get_by_role("link", name=t["new_initiative"], exact=True).click()
    field(page, t["title"]).fill("Fjernvarme til Nordhavn")
    field(page, t["sector"]).select_option(label=t["energy"])
    page.get_by_label("Fjernvarme", exact=True).check()
    field(page, t["status"]).select_option(label=t["in_progress"])
    field(page, t["reduction"]).fill("1200")
    field(page, t["start_year"]).fill("2025")
    field(page, t["end_year"]).fill("2028")
    field(page, t["unit"]).fill("Teknik- og Miljøforvaltningen")
    with page.expect_navigation():
        page.get_by_role("button", name=t["save"]).click()

    assert page.locator("h1").inner_text() == "Fjernvarme til Nordhavn"
    assert t["created"] in page.get_by_role("main").inner_text()
    assert row_value(page, t["sector"]) == t["energy"]
    assert row_value(page, t["status"]) == t["in_progress"]
    assert row_value(page, t["unit"]) == "Teknik- og Miljøforvaltningen"
    assert row_value(page, t["period"]) == "2025–2028"
    assert page.get_by_role("main").get_by_role("listitem").filter(has_text="Fjernvarme").count()
    new = Initiative.objects.get(title="Fjernvarme til Nordhavn")
    assert new.plan == world.plan_a
    assert [theme.name for theme in new.themes.all()] == ["Fjernvarme"]

    # Edit it.
    page.get_by_role("link", name=t["edit"]).click()
    field(page, t["reduction"]).fill("1500")
    with page.expect_navigation():
        page.get_by_role("button", name=t["save"]).click()
    assert t["saved"] in page.get_by_role("main").inner_text()
    assert row_value(page, t["reduction_row"]) == t["reduction_shown"]

    # The list, filtered by municipality and sector, exported to Excel.
    nav = page.get_by_role("navigation", name={"da": "Hovedmenu", "en": "Main menu"}[language])
    nav.first.get_by_role("link", name=t["initiatives"], exact=True).click()
    field(page, t["municipality"]).select_option(label="København")
    field(page, t["sector"]).select_option(label=t["energy"])
    with page.expect_navigation():
        page.get_by_role("button", name=t["filter"], exact=True).click()
    assert page.get_by_role("status").inner_text() == t["rows"]

    with page.expect_download() as download:
        page.get_by_role("link", name=t["download_xlsx"]).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    title_col = header.index(t["column_initiative"])
    municipality_col = header.index(t["column_municipality"])
    sector_col = header.index(t["column_sector"])
    assert sorted(row[title_col] for row in rows) == [
        "Fjernvarme til Nordhavn",
        "Varmepumper i skoler",
    ]
    assert {row[municipality_col] for row in rows} == {"København"}
    assert {row[sector_col] for row in rows} == {t["energy"]}
    assert page.console_errors == []


def focus_by_tab(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies the JS predicate `(el) => bool`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"No element matching {predicate} reached by Tab in {limit} presses")


def test_coordinator_posts_progress_update_by_keyboard_only(page, live_server, world: World):
    log_in(page, live_server, "koord.a@example.dk")
    assert page.url == f"{live_server.url}/"  # their municipality's page

    focus_by_tab(
        page,
        "(el) => el.tagName === 'A' && el.textContent.includes('Ny statusopdatering')"
        " && el.textContent.includes('Ladestandere i København')",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Ny statusopdatering"

    focus_by_tab(page, "(el) => el.name === 'status'")
    page.keyboard.type("Forsinket")  # typing an option's text selects it in a focused select
    assert page.get_by_label("Status").input_value() == "delayed"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "percent_done"
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "note"
    page.keyboard.type("Leverandøren er forsinket.")
    focus_by_tab(page, "(el) => el.type === 'submit' && el.closest('main')")
    with page.expect_navigation(url=f"{live_server.url}/"):
        page.keyboard.press("Enter")
    assert "Statusopdateringen af »Ladestandere i København« er gemt." in page.content()
    initiative = Initiative.objects.get(pk=world.initiative_a.pk)
    assert (initiative.status, initiative.percent_done) == ("delayed", 45)
    update = ProgressUpdate.objects.filter(initiative=initiative).latest("pk")
    assert update.note == "Leverandøren er forsinket."
    assert page.console_errors == []
