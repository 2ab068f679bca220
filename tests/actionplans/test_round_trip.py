"""The initiative list's XLSX export, edited in Excel and imported back: rows are matched on their
ID, an edited row changes exactly the edited fields of its initiative (with history), a new row
creates an initiative, and a row whose initiative changed since the export is refused."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Initiative
from actionplans.services import post_progress_update

INITIATIVES = reverse("actionplans:initiative-list")
IMPORT = reverse("actionplans:initiative-import")
PREVIEW = reverse("actionplans:initiative-import-preview")
CONFIRM = reverse("actionplans:initiative-import-confirm")


def exported(client, **params):
    response = client.get(INITIATIVES, {"_export": "xlsx", **params})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def header(workbook) -> list[str]:
    return [cell.value for cell in workbook.active[1]]


def edit(workbook, initiative: Initiative, **cells) -> None:
    """Type new values into the row of `initiative`, by column header."""
    columns = header(workbook)
    for row in workbook.active.iter_rows(min_row=2):
        if row[columns.index("ID")].value == initiative.pk:
            for name, value in cells.items():
                row[columns.index(name)].value = value
            return
    raise AssertionError(f"{initiative} is not in the sheet")


def add_row(workbook, **cells) -> None:
    columns = header(workbook)
    workbook.active.append([cells.get(name) for name in columns])


def upload(client, plan, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("indsatser-rettet.xlsx", buffer.getvalue())
    return client.post(IMPORT, {"plan": plan.pk, "file": file})


def fields(initiative: Initiative) -> dict:
    initiative.refresh_from_db()
    values = {f.name: getattr(initiative, f.name) for f in Initiative._meta.concrete_fields}
    return {**values, "themes": set(initiative.themes.all())}


def test_edited_export_changes_exactly_the_edited_fields_with_history(world):
    client = world.client("coordinator_a")
    initiative = world.initiative_a
    before = fields(initiative)
    workbook = exported(client, municipality=world.municipality_a.pk)
    edit(workbook, initiative, **{"Status": "Forsinket", "Færdig (%)": 75})
    edit(workbook, initiative, **{"Reduktion (ton CO2e/år)": 1250.5})
    add_row(workbook, Indsats="Cykelparkering ved stationer", Sektor="Transport")

    assert upload(client, world.plan_a, workbook).url == PREVIEW
    page = client.get(PREVIEW)
    rows = {row.raw["title"]: row for row in page.context["rows"]}
    changed = rows[initiative.title]
    assert changed.outcome == "changed" and not changed.errors
    assert [(c["label"], c["old"], c["new"]) for c in changed.changes] == [
        ("Status", "I gang", "Forsinket"),
        ("Færdig (%)", "20", "75"),
        ("Forventet reduktion (ton CO2e/år)", "100", "1.250,5"),
    ]
    assert rows["Cykelparkering ved stationer"].outcome == "created"
    html = page.content.decode()
    assert "I gang → Forsinket" in html and "Ændrede: 1" in html and "Nye: 1" in html
    assert fields(initiative) == before  # the preview saves nothing

    response = client.post(CONFIRM, follow=True)
    assert "Indsatserne er gemt: 1 nye" in response.content.decode()
    after = fields(initiative)
    assert {k for k in after if after[k] != before[k]} == {
        "status",
        "percent_done",
        "expected_reduction",
        "lock_version",
    }
    assert (after["status"], after["percent_done"]) == (Initiative.Status.DELAYED, 75)
    assert after["expected_reduction"] == Decimal("1250.5")
    assert Initiative.objects.filter(plan=world.plan_a).count() == 2
    newest, previous = initiative.history.all()[:2]
    assert newest.history_user == world.users["coordinator_a"]
    assert {c.field for c in newest.diff_against(previous).changes} == {
        "status",
        "percent_done",
        "expected_reduction",
    }


def test_an_export_imported_back_unedited_changes_nothing(world):
    client = world.client("secretariat")
    before = {i.pk: fields(i) for i in Initiative.objects.all()}
    workbook = exported(client, municipality=world.municipality_a.pk)
    upload(client, world.plan_a, workbook)
    assert [row.outcome for row in client.get(PREVIEW).context["rows"]] == ["unchanged"]
    client.post(CONFIRM)
    assert {i.pk: fields(i) for i in Initiative.objects.all()} == before
    assert world.initiative_a.history.count() == 1


def test_a_row_whose_initiative_changed_since_the_export_is_refused(world):
    client = world.client("coordinator_a")
    workbook = exported(client, municipality=world.municipality_a.pk)
    edit(workbook, world.initiative_a, **{"Færdig (%)": 90})
    add_row(workbook, Indsats="Ny indsats", Sektor="Energi")
    # Meanwhile a colleague posts a progress update on the same initiative.
    post_progress_update(
        initiative=world.initiative_a, by=world.users["secretariat"], status="in_progress",
        percent_done=30,
    )  # fmt: skip

    upload(client, world.plan_a, workbook)
    page = client.get(PREVIEW)
    refused = next(row for row in page.context["rows"] if row.raw.get("id"))
    assert refused.outcome == "refused"
    assert refused.errors == [
        "Indsatsen er ændret i portalen, siden arket blev hentet. Hent listen igen, og skriv "
        "dine ændringer ind i det nye ark."
    ]
    response = client.post(CONFIRM, follow=True)
    assert "Intet er gemt" in response.content.decode()
    world.initiative_a.refresh_from_db()
    assert world.initiative_a.percent_done == 30
    assert not Initiative.objects.filter(title="Ny indsats").exists()  # all or nothing


def test_coordinator_cannot_change_another_municipalitys_initiative_by_its_id(world):
    client = world.client("coordinator_b")
    workbook = exported(client)  # every municipality's initiatives: all roles read them
    edit(workbook, world.initiative_a, Indsats="Overtaget af B")
    edit(workbook, world.initiative_b, **{"Færdig (%)": 50})

    upload(client, world.plan_b, workbook)
    rows = {row.raw["id"]: row for row in client.get(PREVIEW).context["rows"]}
    assert rows[str(world.initiative_a.pk)].errors == [
        f"Ukendt ID »{world.initiative_a.pk}«: ingen indsats, du kan redigere, har det ID."
    ]
    assert rows[str(world.initiative_b.pk)].outcome == "changed"
    client.post(CONFIRM)
    world.initiative_a.refresh_from_db()
    world.initiative_b.refresh_from_db()
    assert world.initiative_a.title == "Ladestandere i København"
    assert world.initiative_b.percent_done == 20  # nothing saved: the sheet had a refused row


def test_import_page_links_a_coordinator_to_their_plans_sheet(world):
    page = world.client("coordinator_a").get(IMPORT).content.decode()
    assert f"municipality={world.municipality_a.pk}&amp;_export=xlsx" in page


def test_joint_initiatives_led_by_another_municipality_pass_through_unchanged(world):
    """A's list also holds the joint initiatives A takes part in; A cannot edit B's, but their
    rows, left as exported, do not stop A's own changes."""
    world.initiative_b.participants.add(world.municipality_a)
    client = world.client("coordinator_a")
    workbook = exported(client, municipality=world.municipality_a.pk)
    edit(workbook, world.initiative_a, **{"Færdig (%)": 60})

    upload(client, world.plan_a, workbook)
    rows = {row.raw["id"]: row for row in client.get(PREVIEW).context["rows"]}
    assert rows[str(world.initiative_b.pk)].outcome == "unchanged"
    assert rows[str(world.initiative_a.pk)].outcome == "changed"
    client.post(CONFIRM)
    world.initiative_a.refresh_from_db()
    assert world.initiative_a.percent_done == 60
