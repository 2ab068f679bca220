"""Every change to an initiative and what is reported under it is shown on its page: who, when,
before and after."""

import pytest
from django.urls import reverse

from actionplans import history
from actionplans.models import Task
from actionplans.services import post_progress_update

pytestmark = pytest.mark.django_db


def test_initiative_page_shows_changes_to_its_tasks_updates_and_values(world):
    initiative, coordinator = world.initiative_a, world.users["coordinator_a"]
    task = Task.objects.get(initiative=initiative)
    task._history_user = coordinator
    task.title = "Udbud sendt"
    task.save()
    post_progress_update(
        initiative=initiative,
        by=coordinator,
        status="delayed",
        percent_done=40,
        indicator_values={world.indicator_a: 12},
    )
    entries = history.for_initiative(initiative)
    subjects = " | ".join(entry["subject"] for entry in entries)
    assert "Milepæl: Udbud sendt" in subjects
    assert "Statusopdatering" in subjects
    assert "Indikatorværdi" in subjects
    own = [e for e in entries if not e["subject"] and e["changes"]]
    labels = {change["label"]: (change["old"], change["new"]) for change in own[0]["changes"]}
    assert labels["Status"] == ("I gang", "Forsinket")
    assert labels["Færdig (%)"] == (20, 40)
    renamed = next(e for e in entries if e["subject"] == "Milepæl: Udbud sendt" and e["changes"])
    assert renamed["record"].history_user == coordinator

    page = world.client("member").get(
        reverse("actionplans:initiative-detail", args=[initiative.pk])
    )
    html = page.content.decode()
    assert "Milepæl: Udbud sendt" in html
    assert "Status: I gang → Forsinket" in html
