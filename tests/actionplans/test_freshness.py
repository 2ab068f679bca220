"""One definition of an initiative's last update and freshness, read the same on every surface:
the initiative page, the municipality page, the list and its export, the national export, the
status report's snapshot, the agenda-item figures, the reminders and the region's counts."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from actionplans import selectors
from actionplans.exports import export_initiatives
from actionplans.models import Freshness, FreshnessPolicy, Initiative, ProgressUpdate
from actionplans.reminders import overdue_items
from actionplans.services import post_progress_update
from alliance.accounts import log_in_with_second_factor
from governance.links import _initiative_figures
from reports.services import open_round, to_update
from reports.snapshot import build_snapshot
from tests.factories import InitiativeFactory, ProgressUpdateFactory, UserFactory
from tests.html import table_cells

from .test_lists import csv_rows

pytestmark = pytest.mark.django_db

INITIATIVES = reverse("actionplans:initiative-list")
NO_UPDATE = "Ingen opdatering endnu"


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def municipality_row(client, world, title: str) -> dict:
    """The initiative's row in the municipality page's table of initiatives (the coordinator's
    home), the one with the last-update column."""
    page = client.get(world.municipality_a.get_absolute_url()).content.decode()
    table = next(
        t for t in re.findall(r"<table.*?</table>", page, re.S) if "Seneste opdatering" in t
    )
    header, rows = table_cells(table)
    return next(dict(zip(header, row, strict=True)) for row in rows if row[0] == title)


def list_row(client, title: str) -> dict:
    header, rows = table_cells(client.get(INITIATIVES, {"q": title}).content.decode())
    return next(dict(zip(header, row, strict=True)) for row in rows if row[0] == title)


def last_update_cell(client, initiative: Initiative) -> str:
    """The "Seneste statusopdatering" row of the initiative page, as text."""
    page = client.get(initiative.get_absolute_url()).content.decode()
    cell = re.search(r"Seneste statusopdatering</th><td>(.*?)</td>", page, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


@pytest.mark.parametrize("age_days", [0, 500], ids=["new", "old"])
def test_initiative_without_updates_reads_the_same_everywhere(world, age_days):
    """Issue 15: the municipality page showed the creation date as "Seneste opdatering", the
    list a dash and a new initiative the badge "Opdateret"."""
    initiative = InitiativeFactory(
        plan=world.plan_a, title="Uden opdatering", created_at=days_ago(age_days)
    )
    client = world.client("coordinator_a")

    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Der er endnu ingen statusopdateringer." in page
    assert last_update_cell(client, initiative) == NO_UPDATE
    assert municipality_row(client, world, initiative.title)["Seneste opdatering"] == NO_UPDATE
    shown = list_row(client, initiative.title)
    assert (shown["Opdatering"], shown["Senest opdateret"]) == (NO_UPDATE, "—")
    exported = next(
        r
        for r in csv_rows(client.get(INITIATIVES, {"_export": "csv"}))
        if r["Indsats"] == initiative.title
    )
    assert (exported["Opdatering"], exported["Senest opdateret"]) == (NO_UPDATE, "")
    national = next(
        r for r in export_initiatives(world.users["secretariat"]) if r["title"] == initiative.title
    )
    assert national["last_update_at"] is None
    assert dict(_initiative_figures(initiative))["Senest opdateret"] == NO_UPDATE


def test_initiative_without_updates_is_counted_as_not_updated(world):
    """Never "Opdateret": not for a new initiative, nor for a finished one. One older than the
    stale period is reminded about and counted; a new one gets that long for its first update."""
    new = InitiativeFactory(plan=world.plan_a, title="Ny")
    old = InitiativeFactory(plan=world.plan_a, title="Glemt", created_at=days_ago(400))
    done = InitiativeFactory(plan=world.plan_a, title="Færdig", status=Initiative.Status.COMPLETED)
    freshness = dict(
        Initiative.objects.with_freshness()
        .filter(pk__in=[new.pk, old.pk, done.pk])
        .values_list("title", "freshness")
    )
    assert freshness == dict.fromkeys(["Ny", "Glemt", "Færdig"], Freshness.NO_UPDATE)

    reporting_round = open_round(
        year=timezone.localdate().year, deadline=timezone.localdate(), by=world.users["secretariat"]
    )
    listed = to_update(reporting_round=reporting_round, municipality=world.municipality_a)
    labels = {i.title: i.freshness_label for i in listed["initiatives"]}
    assert labels["Ny"] == labels["Glemt"] == NO_UPDATE

    overdue = overdue_items(now=timezone.now(), rules=FreshnessPolicy.current())
    assert [i.title for i in overdue[world.municipality_a.pk].initiatives] == ["Glemt"]
    assert selectors.stale_municipalities(world.users["secretariat"]) == [
        {"name": "København", "code": 101, "stale": 1}
    ]
    scorecard = {r["municipality"]: r for r in selectors.scorecard_rows(world.users["member"])}
    assert scorecard["København"]["stale"] == 1


def test_initiative_with_updates_shows_the_newest_updates_date_everywhere(world):
    initiative = InitiativeFactory(plan=world.plan_a, title="Opdateret indsats")
    # Posted at 23:30 UTC: already the next day in Copenhagen, where the reader is.
    ProgressUpdateFactory(
        initiative=initiative, created_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    )
    update = post_progress_update(
        initiative=initiative,
        by=world.users["coordinator_a"],
        status="in_progress",
        percent_done=40,
    )
    newest = timezone.localdate(update.created_at)
    with translation.override("da"):
        shown_date = date_format(newest, "SHORT_DATE_FORMAT")
    client = world.client("coordinator_a")

    assert initiative.last_update_at == update.created_at
    assert last_update_cell(client, initiative) == f"{shown_date} Opdateret"
    assert municipality_row(client, world, initiative.title)["Seneste opdatering"] == (
        f"Opdateret {shown_date}"
    )
    shown = list_row(client, initiative.title)
    assert (shown["Opdatering"], shown["Senest opdateret"]) == ("Opdateret", newest.isoformat())
    national = next(
        r for r in export_initiatives(world.users["secretariat"]) if r["title"] == initiative.title
    )
    assert national["last_update_at"] == update.created_at.isoformat()

    # The older update alone: its day where the reader is, in the report's snapshot too.
    update.delete()
    Initiative.objects.filter(pk=initiative.pk).refresh_last_update()
    initiative.refresh_from_db()
    with translation.override("da"):
        first_date = date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT")
    assert last_update_cell(client, initiative).startswith(f"{first_date} ")
    reporting_round = open_round(
        year=2026, deadline=dt.date(2027, 1, 31), by=world.users["secretariat"]
    )
    snapshot = json.loads(json.dumps(build_snapshot(reporting_round)))
    reported = next(
        i
        for m in snapshot["municipalities"]
        for i in m["initiatives"]
        if i["title"] == initiative.title
    )
    assert reported["last_update"] == "2026-03-02"
    assert dict(_initiative_figures(initiative))["Senest opdateret"] == "2. marts 2026"


@pytest.mark.parametrize("language", ["da", "en"])
def test_freshness_words_are_never_a_status(language):
    with translation.override(language):
        freshness = {str(label) for label in Freshness.labels}
        statuses = {str(label) for label in Initiative.Status.labels}
    assert len(freshness) == len(Freshness.labels)
    assert not freshness & statuses


def test_an_update_deleted_in_the_admin_no_longer_counts_as_the_last_update(world):
    initiative = world.initiative_a
    older = ProgressUpdateFactory(initiative=initiative, created_at=days_ago(90))
    newest = initiative.updates.exclude(pk=older.pk).get()
    staff = UserFactory(email="support@example.dk", is_staff=True, is_superuser=True)
    client = world.client("anonymous")
    log_in_with_second_factor(client, staff)
    url = reverse("admin:actionplans_progressupdate_delete", args=[newest.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not ProgressUpdate.objects.filter(pk=newest.pk).exists()
    initiative.refresh_from_db()
    assert initiative.last_update_at == older.created_at
