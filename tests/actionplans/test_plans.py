"""Plans and initiatives in the browser: the municipality panel, versioned edits, milestones, and
the rule that a coordinator never changes another municipality's data."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    CapfAssessment,
    Freshness,
    FreshnessPolicy,
    Initiative,
    Plan,
    Task,
)
from networks.models import Network
from tests.factories import InitiativeFactory, MunicipalityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def initiative_data(initiative: Initiative, **changes) -> dict:
    data = {
        "title": initiative.title,
        "description": initiative.description,
        "sector": initiative.sector,
        "status": initiative.status,
        "phase": initiative.phase,
        "percent_done": initiative.percent_done,
        "expected_reduction": initiative.expected_reduction,
        "start_year": initiative.start_year,
        "end_year": initiative.end_year,
        "responsible_unit": "",
        "contact_name": "",
        "contact_email": "",
        "lock_version": initiative.lock_version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- The municipality panel (the coordinator's home) ---------------------------------------------


def test_panel_lists_initiatives_needing_update_first_with_progress_link(world):
    stale = InitiativeFactory(
        plan=world.plan_a,
        title="Gammel indsats",
        last_update_at=timezone.now() - dt.timedelta(days=400),
    )
    response = world.client("coordinator_a").get(world.municipality_a.get_absolute_url())
    content = response.content.decode()
    assert "DK2020-klimaplan" in content
    assert content.index("Gammel indsats") < content.index(world.initiative_a.title)
    assert "Forældet" in content
    progress_url = reverse("actionplans:progress-create", args=[stale.pk])
    assert progress_url in content


def test_needing_update_first_orders_by_the_freshness_each_row_shows(world):
    """Stale, never updated, soon stale, due, then the rest (on time, or finished), oldest update
    first within each: for every status and age around each limit of the rules. The order is a
    Case of its own (`freshness_rank`), so it is checked against the freshness each row shows."""
    rules = FreshnessPolicy.current()
    now = timezone.now()
    ages = [
        None,
        0,
        rules.due_after_days + 1,
        rules.late_after_days + 1,
        rules.stale_after_days + 1,
    ]
    for status in Initiative.Status.values:
        for age in ages:
            InitiativeFactory(
                plan=world.plan_a,
                title=f"{status} {age}",
                status=status,
                last_update_at=None if age is None else now - dt.timedelta(days=age),
            )
    rows = list(
        Initiative.objects.filter(plan=world.plan_a)
        .with_freshness(rules, now)
        .needing_update_first()
    )
    rank = {Freshness.STALE: 0, Freshness.NO_UPDATE: 1, Freshness.LATE: 2, Freshness.DUE: 3}
    shown = [
        (rank.get(r.freshness, 4), r.last_update_at is not None, r.last_update_at) for r in rows
    ]
    assert shown == sorted(shown, key=lambda k: (k[0], k[1], k[2] or now))
    finished_old = next(r for r in rows if r.title == f"completed {rules.stale_after_days + 1}")
    assert finished_old.freshness == Freshness.ON_TIME
    assert {r.freshness for r in rows} == set(Freshness.values)


def test_panel_offers_no_progress_link_to_coordinator_of_another_municipality(world):
    response = world.client("coordinator_b").get(world.municipality_a.get_absolute_url())
    assert response.status_code == 200
    assert world.initiative_a.title in response.content.decode()
    assert reverse("actionplans:progress-create", args=[world.initiative_a.pk]) not in (
        response.content.decode()
    )


def test_panel_shows_joint_initiative_on_participant_page(world):
    joint = InitiativeFactory(plan=world.plan_a, title="Fælles cykelsuperstier")
    joint.participants.add(world.municipality_b)
    response = world.client("coordinator_b").get(world.municipality_b.get_absolute_url())
    content = response.content.decode()
    assert "Fælles cykelsuperstier" in content
    assert "fælles indsats, ledet af København" in content
    # B takes part but does not lead: no progress link for B's coordinator.
    assert reverse("actionplans:progress-create", args=[joint.pk]) not in content


def test_panel_warns_when_revision_is_due_within_a_year(world):
    today = timezone.localdate()
    world.plan_a.adopted_on = today.replace(year=today.year - 5) + dt.timedelta(days=60)
    world.plan_a.save()
    content = world.client("secretariat").get(world.municipality_a.get_absolute_url()).content
    assert "Revision inden for 12 måneder" in content.decode()


def test_panel_pages_initiatives_most_in_need_of_an_update_first(world, monkeypatch):
    monkeypatch.setattr("actionplans.panels.PAGE_SIZE", 2)
    old = timezone.now() - dt.timedelta(days=400)
    InitiativeFactory(plan=world.plan_a, title="Længe uopdateret", created_at=old)
    InitiativeFactory(plan=world.plan_a, title="Frisk fra i dag")
    titles = {"Længe uopdateret", "Frisk fra i dag", world.initiative_a.title}
    client = world.client("coordinator_a")
    url = world.municipality_a.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Indsats 1–2 af 3" in first and "?side=2#initiatives-heading" in first
    last = client.get(url, {"side": "2"}).content.decode()
    assert "Indsats 3–3 af 3" in last and "?side=1#initiatives-heading" in last
    on_first = {t for t in titles if f">{t}</a>" in first}
    on_last = {t for t in titles if f">{t}</a>" in last}
    assert "Længe uopdateret" in on_first
    assert len(on_first) == 2 and len(on_last) == 1 and on_first | on_last == titles
    # A page number that is not one shows a page, never an error.
    assert "Indsats 3–3 af 3" in client.get(url, {"side": "99"}).content.decode()
    assert "Indsats 1–2 af 3" in client.get(url, {"side": "x"}).content.decode()


def _panel_queries(client, url) -> int:
    cache.clear()  # the uncached path: the panel itself is a cached fragment (alliance/fragments.py)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_municipality_page_query_count_does_not_grow_with_initiatives(world):
    client = world.client("coordinator_a")
    url = world.municipality_a.get_absolute_url()
    client.get(url)  # warm caches (content types, sessions)
    one = _panel_queries(client, url)
    theme = ThemeFactory()
    for n in range(10):
        initiative = InitiativeFactory(plan=world.plan_a, title=f"Indsats {n}")
        initiative.themes.add(theme)
        initiative.participants.add(world.municipality_b)
        initiative.tasks.create(title="Frist", due_date=dt.date(2020, 1, 1))
    assert _panel_queries(client, url) == one


# --- Versioned edits -----------------------------------------------------------------------------


def test_second_stale_edit_is_refused_and_first_value_kept(world):
    initiative = world.initiative_a
    url = reverse("actionplans:initiative-update", args=[initiative.pk])
    first, second = world.client("coordinator_a"), world.client("secretariat")
    data_first = initiative_data(initiative, title="Titel fra Anna")
    data_second = initiative_data(initiative, title="Titel fra sekretariatet")

    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nogen har gemt ændringer" in content
    assert "Titel fra sekretariatet" in content  # what the second person typed is shown
    assert 'value="Titel fra Anna"' in content  # the form now holds the newer value
    initiative.refresh_from_db()
    assert initiative.title == "Titel fra Anna"
    assert initiative.lock_version == 2


def test_progress_update_makes_open_edit_form_stale(world):
    initiative = world.initiative_a
    client = world.client("coordinator_a")
    edit = initiative_data(initiative, title="Ny titel")
    client.post(
        reverse("actionplans:progress-create", args=[initiative.pk]),
        {"status": "delayed", "percent_done": 40, "date": timezone.localdate().isoformat()},
    )
    client.post(reverse("actionplans:initiative-update", args=[initiative.pk]), edit)
    initiative.refresh_from_db()
    assert initiative.title != "Ny titel"
    assert initiative.status == "delayed"


def test_initiative_edit_saves_themes_networks_and_participants(world):
    theme = ThemeFactory()
    network = Network.objects.create(name="Transport", slug="transport")
    url = reverse("actionplans:initiative-update", args=[world.initiative_a.pk])
    data = initiative_data(
        world.initiative_a,
        themes=[theme.pk],
        networks=[network.pk],
        participants=[world.municipality_b.pk],
    )
    assert world.client("coordinator_a").post(url, data).status_code == 302
    initiative = Initiative.objects.get(pk=world.initiative_a.pk)
    assert list(initiative.themes.all()) == [theme]
    assert list(initiative.networks.all()) == [network]
    assert list(initiative.participants.all()) == [world.municipality_b]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_year": 2030, "end_year": 2025}, "Slutåret kan ikke ligge før startåret."),
        ({"percent_done": 140}, "Procent skal være mellem 0 og 100."),
        ({"percent_done": -3}, "Procent skal være mellem 0 og 100."),
        ({"expected_reduction": -5}, "Den forventede reduktion kan ikke være negativ."),
        ({"expected_reduction": "mange"}, "Skriv et tal"),
        ({"title": ""}, "Der er fejl i formularen"),
    ],
)
def test_bad_initiative_input_gets_danish_message(world, changes, message):
    url = reverse("actionplans:initiative-update", args=[world.initiative_a.pk])
    response = world.client("coordinator_a").post(
        url, initiative_data(world.initiative_a, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Initiative.objects.get(pk=world.initiative_a.pk).lock_version == 1


def test_initiative_create_takes_plan_from_url_not_post(world):
    url = reverse("actionplans:initiative-create", args=[world.plan_a.pk])
    data = {
        "title": "Ny indsats",
        "sector": "energy",
        "status": "not_started",
        "phase": "idea",
        "percent_done": 0,
        "plan": world.plan_b.pk,
        "municipality": world.municipality_b.pk,
    }
    client = world.client("coordinator_a")
    # The lead is never its own participant: choosing it is refused.
    refused = client.post(url, {**data, "participants": [world.municipality_a.pk]})
    assert refused.status_code == 200
    assert not Initiative.objects.filter(title="Ny indsats").exists()
    assert client.post(url, data).status_code == 302
    created = Initiative.objects.get(title="Ny indsats")
    assert created.plan == world.plan_a
    assert created.lock_version == 1


def test_extra_fields_cannot_move_initiative_to_another_municipality(world):
    last_update_at = world.initiative_a.last_update_at  # its one update, from the world
    url = reverse("actionplans:initiative-update", args=[world.initiative_a.pk])
    data = initiative_data(
        world.initiative_a,
        title="Flyttet?",
        plan=world.plan_b.pk,
        municipality=world.municipality_b.pk,
        last_update_at="2020-01-01T00:00",
    )
    assert world.client("coordinator_a").post(url, data).status_code == 302
    initiative = Initiative.objects.get(pk=world.initiative_a.pk)
    assert initiative.title == "Flyttet?"
    assert initiative.plan == world.plan_a
    assert initiative.last_update_at == last_update_at


def test_plan_edit_saves_capf_states_and_notes(world):
    url = reverse("actionplans:plan-update", args=[world.plan_a.pk])
    data = {
        "title": "Ny titel",
        "status": "adopted",
        "adopted_on": "2022-06-01",
        "reduction_target_2030": "70",
        "net_zero_year": "2045",
        "lock_version": 1,
        "capf_governance_state": "met",
        "capf_governance_note": "Fin styring",
        "capf_adaptation_state": "in_progress",
        "capf_emissions_neutral_state": "not_assessed",
        "capf_inclusion_state": "not_met",
    }
    assert world.client("coordinator_a").post(url, data).status_code == 302
    plan = Plan.objects.get(pk=world.plan_a.pk)
    assert (plan.title, plan.net_zero_year, plan.lock_version) == ("Ny titel", 2045, 2)
    states = dict(plan.capf_assessments.values_list("element", "state"))
    assert states == {
        "governance": "met",
        "adaptation": "in_progress",
        "emissions_neutral": "not_assessed",
        "inclusion": "not_met",
    }
    assert CapfAssessment.objects.get(plan=plan, element="governance").note == "Fin styring"
    detail = world.client("member").get(plan.get_absolute_url()).content.decode()
    assert "Fin styring" in detail
    assert "Ny titel" in detail


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("net_zero_year", "2060", "Nettonul skal nås senest i 2050."),
        # A bare percent sign in the message once broke its formatting: a server error.
        ("reduction_target_2030", "-1", "Reduktionsmålet skal være mellem 0 og 100 procent."),
        ("adopted_on", "0008-08-01", "Datoen skal ligge mellem år 1990 og 2100."),
    ],
)
def test_plan_edit_rejects_bad_values_in_danish(world, field, value, message):
    url = reverse("actionplans:plan-update", args=[world.plan_a.pk])
    data = {"title": "X", "status": "in_preparation", "lock_version": 1, field: value}
    for element in ("governance", "adaptation", "emissions_neutral", "inclusion"):
        data[f"capf_{element}_state"] = "not_assessed"
    response = world.client("secretariat").post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.plan_a.refresh_from_db()
    assert world.plan_a.lock_version == 1


def test_plan_revision_creates_next_version_and_keeps_old_readable(world):
    url = reverse("actionplans:plan-revise", args=[world.plan_a.pk])
    response = world.client("secretariat").post(url)
    revision = Plan.objects.get(municipality=world.municipality_a, version=2)
    assert response["Location"] == revision.get_absolute_url()
    assert revision.supersedes == world.plan_a
    assert revision.status == Plan.Status.UNDER_REVISION
    assert revision.reduction_target_2030 == world.plan_a.reduction_target_2030
    # The work carries on under the revised plan, so it stays on the municipality's page.
    world.initiative_a.refresh_from_db()
    assert world.initiative_a.plan == revision
    page = world.client("coordinator_a").get(world.municipality_a.get_absolute_url())
    assert world.initiative_a.title in page.content.decode()
    old = world.client("member").get(world.plan_a.get_absolute_url()).content.decode()
    assert "erstattet af version 2" in old
    # A second revision of the superseded version is refused, with a message; so is editing it.
    world.client("secretariat").post(url)
    assert Plan.objects.filter(municipality=world.municipality_a).count() == 2
    edit = reverse("actionplans:plan-update", args=[world.plan_a.pk])
    response = world.client("secretariat").get(edit, follow=True)
    assert "Denne version af planen er erstattet og kan ikke ændres." in response.content.decode()


def test_plan_create_for_municipality_without_plan(world):
    municipality = MunicipalityFactory(code=151, name="Ballerup")
    url = reverse("actionplans:plan-create", args=[municipality.code])
    data = {"title": "Ballerups klimaplan", "status": "in_preparation"}
    assert world.client("secretariat").post(url, data).status_code == 302
    assert Plan.objects.get(municipality=municipality).title == "Ballerups klimaplan"


def test_plan_history_shows_who_changed_what(world):
    plan = world.plan_a
    url = reverse("actionplans:plan-update", args=[plan.pk])
    data = {
        "title": "Omdøbt plan",
        "status": "adopted",
        "adopted_on": "2022-06-01",
        "lock_version": 1,
    }
    for element in ("governance", "adaptation", "emissions_neutral", "inclusion"):
        data[f"capf_{element}_state"] = "not_assessed"
    world.client("coordinator_a").post(url, data)
    content = world.client("member").get(plan.get_absolute_url()).content.decode()
    assert "Anna Ærø" in content
    assert "Titel: Klimaplan for København → Omdøbt plan" in content


# --- Milestones ----------------------------------------------------------------------------------


def test_task_can_be_added_completed_and_reopened(world):
    client = world.client("coordinator_a")
    create = reverse("actionplans:task-create", args=[world.initiative_a.pk])
    client.post(create, {"title": "Udbud sendt", "due_date": "2020-05-01"})
    task = Task.objects.get(title="Udbud sendt")
    assert task.initiative == world.initiative_a and task.is_late
    detail = client.get(world.initiative_a.get_absolute_url()).content.decode()
    assert "Forsinket" in detail

    complete = reverse("actionplans:task-complete", args=[task.pk])
    client.post(complete)
    task.refresh_from_db()
    assert task.completed_on == timezone.localdate()
    client.post(complete, {"reopen": "1"})
    task.refresh_from_db()
    assert task.completed_on is None


def test_bad_task_date_gets_danish_message(world):
    url = reverse("actionplans:task-create", args=[world.initiative_a.pk])
    response = world.client("coordinator_a").post(url, {"title": "X", "due_date": "i morgen"})
    assert response.status_code == 200
    assert "Skriv en gyldig dato." in response.content.decode()


# --- Another municipality's coordinator changes nothing -----------------------------------------


def test_coordinator_b_cannot_change_anything_of_a(world):
    client = world.client("coordinator_b")
    initiative, plan = world.initiative_a, world.plan_a
    task = initiative.tasks.first()
    before = (
        Initiative.objects.get(pk=initiative.pk).lock_version,
        Plan.objects.get(pk=plan.pk).lock_version,
        initiative.updates.count(),
        initiative.tasks.count(),
        Plan.objects.count(),
        Initiative.objects.count(),
    )
    posts = {
        reverse("actionplans:initiative-update", args=[initiative.pk]): initiative_data(
            initiative, title="Hacket"
        ),
        reverse("actionplans:progress-create", args=[initiative.pk]): {
            "status": "completed",
            "percent_done": 100,
            "date": timezone.localdate().isoformat(),
        },
        reverse("actionplans:task-create", args=[initiative.pk]): {
            "title": "Hacket",
            "due_date": "2030-01-01",
        },
        reverse("actionplans:task-complete", args=[task.pk]): {},
        reverse("actionplans:plan-update", args=[plan.pk]): {"title": "Hacket", "lock_version": 1},
        reverse("actionplans:plan-revise", args=[plan.pk]): {},
        reverse("actionplans:initiative-create", args=[plan.pk]): {"title": "Hacket"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    after = (
        Initiative.objects.get(pk=initiative.pk).lock_version,
        Plan.objects.get(pk=plan.pk).lock_version,
        initiative.updates.count(),
        initiative.tasks.count(),
        Plan.objects.count(),
        Initiative.objects.count(),
    )
    assert after == before
    assert Task.objects.get(pk=task.pk).completed_on is None
    assert not Initiative.objects.filter(title="Hacket").exists()


def test_user_without_role_gets_404_on_a_initiative(world):
    url = reverse("actionplans:initiative-detail", args=[world.initiative_a.pk])
    assert world.client("norole").get(url).status_code == 404


def test_initiative_detail_shows_everything(world):
    initiative = world.initiative_a
    initiative.participants.add(world.municipality_b)
    initiative.tasks.create(title="Gammel frist", due_date=dt.date(2020, 1, 1))
    content = world.client("member").get(initiative.get_absolute_url()).content.decode()
    assert "fælles indsats, ledet af København" in content
    assert "Frederiksberg" in content
    assert "Godt i gang." in content  # the update's note
    assert world.indicator_a.name in content
    assert "Forsinket" in content
    assert "Historik" in content


def test_plan_detail_has_no_edit_buttons_for_readers(world):
    content = world.client("coordinator_b").get(world.plan_a.get_absolute_url()).content.decode()
    assert reverse("actionplans:plan-update", args=[world.plan_a.pk]) not in content
