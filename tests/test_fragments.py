"""Cached fragments (alliance/fragments.py) are never stale and never cross permissions: each
cached part of a page shows a change to every model it depends on at the next request, whichever
way the change was written (a save, a many-to-many change, a bulk update or insert, a delete), and
viewers of different scope never share an entry. The cache is the real one (local memory)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    EmissionRecord,
    FreshnessPolicy,
    IndicatorValue,
    Initiative,
    Plan,
    Sector,
    Task,
)
from actionplans.selectors import next_freshness_change
from alliance import fragments
from alliance.accounts import log_in_with_second_factor
from alliance.models import DataVersion, Job
from fundraising.models import Application
from governance.models import AgendaItem, Meeting
from governance.selectors import next_meeting_start
from governance.services.packs import PACK_JOB
from municipalities.models import Municipality
from networks.models import Activity, KnowledgeResource, Network, NetworkMember, WorkPlan
from networks.selectors import next_activity_start
from reports.models import MunicipalityReport

from .conftest import World
from .factories import (
    InitiativeFactory,
    MeetingFactory,
    MunicipalityFactory,
    NetworkMemberFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .fundraising.factories import ApplicationFactory, CallFactory
from .reports.factories import add_reports

LIST = reverse("actionplans:initiative-list")
REGION = reverse("actionplans:region-overview")
SCORECARD = reverse("actionplans:region-scorecard")


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The embedded default's cache (local memory, the version in the database), also where the
    suite runs with Redis, so that `fragment_keys` can list the entries. Entries of earlier tests
    (other data versions) would count in `fragment_keys`."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.REDIS_URL = ""
    cache.clear()


def page(world: World, persona: str, url: str) -> str:
    clients = world.__dict__.setdefault("_clients", {})
    if persona not in clients:
        clients[persona] = world.client(persona)
    response = clients[persona].get(url)
    assert response.status_code == 200
    return response.content.decode()


def fragment_keys(name: str) -> set[str]:
    return {key for key in cache._cache if f"fragment:{name}:" in key}


# --- The list body ----------------------------------------------------------------------------


def test_list_shows_a_save_a_bulk_update_and_an_m2m_change(world: World):
    assert "Ladestandere i København" in page(world, "secretariat", LIST)
    world.initiative_a.title = "Cykelstier i København"
    world.initiative_a.save()
    assert "Cykelstier i København" in page(world, "secretariat", LIST)
    Initiative.objects.filter(pk=world.initiative_a.pk).update(title="Fjernvarme i København")
    assert "Fjernvarme i København" in page(world, "secretariat", LIST)
    world.initiative_a.themes.add(ThemeFactory(name="Grønne tage"))
    assert "Grønne tage" in page(world, "secretariat", LIST)
    Municipality.objects.filter(pk=world.municipality_a.pk).update(name="Københavns Kommune X")
    assert "Københavns Kommune X" in page(world, "secretariat", LIST)


def test_list_shows_a_bulk_insert_and_a_delete(world: World):
    assert "Solceller på skoler" not in page(world, "coordinator_a", LIST)
    Initiative.objects.bulk_create(
        [Initiative(plan=world.plan_b, title="Solceller på skoler", sector="energy")]
    )
    assert "Solceller på skoler" in page(world, "coordinator_a", LIST)
    Initiative.objects.filter(title="Solceller på skoler").delete()
    assert "Solceller på skoler" not in page(world, "coordinator_a", LIST)


# --- The municipality's plan panel ------------------------------------------------------------


def test_plan_panel_shows_status_updates_tasks_and_joint_initiatives(world: World):
    url = world.municipality_a.get_absolute_url()
    before = page(world, "coordinator_a", url)
    assert "forsinket milepæl" not in before
    # A task that is late, written in bulk (no signal).
    Task.objects.bulk_create(
        [Task(initiative=world.initiative_a, title="Udbud", due_date=dt.date(2020, 1, 1))]
    )
    assert "1 forsinket milepæl" in page(world, "coordinator_a", url)
    # A status written by update().
    Initiative.objects.filter(pk=world.initiative_a.pk).update(status=Initiative.Status.ON_HOLD)
    assert "Sat i bero" in page(world, "coordinator_a", url)
    # A joint initiative of B that A takes part in (many-to-many).
    world.initiative_b.participants.add(world.municipality_a)
    assert "fælles indsats, ledet af Frederiksberg" in page(world, "coordinator_a", url)
    # The freshness rules (a model of its own).
    ProgressUpdateFactory(initiative=world.initiative_a)
    assert "Opdateret" in page(world, "coordinator_a", url)
    FreshnessPolicy.objects.update_or_create(
        pk=1, defaults={"due_after_days": 1, "late_after_days": 2, "stale_after_days": 3}
    )
    Initiative.objects.filter(pk=world.initiative_a.pk).update(
        last_update_at=timezone.now() - dt.timedelta(days=4)
    )
    assert "Forældet" in page(world, "coordinator_a", url)


def test_climate_panel_shows_emissions_indicator_values_and_reductions(world: World):
    url = world.municipality_a.get_absolute_url()

    def climate(persona: str = "coordinator_a") -> str:
        html = page(world, persona, url)
        return html[html.index('id="climate-heading"') :]

    before = climate()
    assert len(fragment_keys("municipality-page")) == 1
    EmissionRecord.objects.bulk_create(
        [
            EmissionRecord(
                municipality=world.municipality_a, year=2019, sector=Sector.ENERGY, tonnes=9
            )
        ]
    )
    after_import = climate()
    assert after_import != before
    IndicatorValue.objects.create(indicator=world.indicator_a, year=2021, value=Decimal("77.5"))
    after_value = climate()
    assert after_value != after_import
    Initiative.objects.filter(pk=world.initiative_a.pk).update(expected_reduction=Decimal(4321))
    assert climate() != after_value
    assert "4.321" in climate()
    kept = len(fragment_keys("municipality-page"))
    climate("secretariat")
    assert len(fragment_keys("municipality-page")) == kept + 1  # one entry per person


def test_no_entry_is_shared_between_coordinator_member_and_secretariat(world: World):
    url = world.municipality_a.get_absolute_url()
    button = "Ny statusopdatering"
    # The secretariat fills the cache first; the member (who may edit nothing) must not get its
    # buttons, nor the coordinator of another municipality.
    assert button in page(world, "secretariat", url)
    assert button not in page(world, "member", url)
    assert button not in page(world, "coordinator_b", url)
    assert button in page(world, "coordinator_a", url)
    assert len(fragment_keys("municipality-page")) == 4
    for url in (LIST, REGION, SCORECARD):
        for persona in ("secretariat", "member", "coordinator_a"):
            page(world, persona, url)
    assert len(fragment_keys("list")) == 3
    assert len(fragment_keys("region-overview")) == 3
    assert len(fragment_keys("scorecard")) == 3


def test_an_entry_is_shared_within_a_scope_and_per_language(world: World):
    url = world.municipality_a.get_absolute_url()
    page(world, "coordinator_a", url)
    page(world, "coordinator_a", url)
    assert len(fragment_keys("municipality-page")) == 1
    client = world.client("coordinator_a")
    client.cookies["django_language"] = "en"
    assert client.get(url).status_code == 200
    assert len(fragment_keys("municipality-page")) == 2


def test_a_cached_form_carries_the_token_of_each_visitors_own_session(world: World):
    """One person in two browsers shares the entry, not the CSRF token: the form of the open
    round (in the cached part of the municipality page) posts from the second browser too."""
    add_reports(world)
    url = world.municipality_a.get_absolute_url()
    browsers = []
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        log_in_with_second_factor(browser, world.users["coordinator_a"])
        browsers.append(browser)
    first = browsers[0].get(url).content.decode()
    second = browsers[1].get(url).content.decode()
    assert len(fragment_keys("municipality-page")) == 1  # the second was served from the cache
    assert "Meld kommunen rapporteret" in first
    mark = reverse(
        "reports:municipality-mark",
        args=[world.round_open.year, world.municipality_a.code],
    )
    form = re.escape(f'action="{mark}">')
    token = re.search(form + r'<input[^>]*name="csrfmiddlewaretoken" value="([^"]+)"', second)[1]
    response = browsers[1].post(mark, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert MunicipalityReport.objects.filter(
        round=world.round_open, municipality=world.municipality_a
    ).exists()


# --- The region's aggregates, the scorecard, the network's initiatives --------------------------


def test_region_overview_shows_theme_and_status_changes(world: World):
    theme = ThemeFactory(name="Klimatilpasning")

    def coverage_row(html: str) -> str:  # the theme's row of the coverage table
        table = html[html.index('aria-describedby="themes-caption"') :]
        return re.search(r"<tr>(?:(?!</tr>).)*?Klimatilpasning.*?</tr>", table, re.S).group(0)

    assert "Frederiksberg</a>" not in coverage_row(page(world, "member", REGION))
    world.initiative_b.themes.add(theme)
    assert "Frederiksberg</a>" in coverage_row(page(world, "member", REGION))
    Initiative.objects.update(status=Initiative.Status.CANCELLED)
    assert ">2</td>" in page(world, "member", REGION).split("Opgivet")[-1]


def test_scorecard_shows_a_bulk_status_change(world: World):
    first = page(world, "secretariat", SCORECARD)
    Initiative.objects.filter(pk=world.initiative_a.pk).update(status=Initiative.Status.COMPLETED)
    assert page(world, "secretariat", SCORECARD) != first


def test_network_initiatives_show_links_and_members(world: World):
    network: Network = world.network
    url = network.get_absolute_url()
    assert "Ladestandere i Frederiksberg" not in page(world, "member", url)
    network.initiatives.add(world.initiative_b)
    assert "Ladestandere i Frederiksberg" in page(world, "member", url)
    network.initiatives.remove(world.initiative_b)
    world.initiative_b.themes.add(world.theme)
    network.focus_themes.add(world.theme)
    assert "Ladestandere i Frederiksberg" not in page(world, "member", url)
    NetworkMemberFactory(network=network, organisation=world.municipality_b.organisation)
    assert "Ladestandere i Frederiksberg" in page(world, "member", url)


def test_network_page_shows_members_work_plans_and_activities(world: World):
    network: Network = world.network
    url = network.get_absolute_url()

    def members(html: str) -> str:  # the members table (the map beside it names everyone)
        return html[html.index('id="members-heading"') : html.index("</table>")]

    assert "Frederiksberg" not in members(page(world, "secretariat", url))
    NetworkMember.objects.bulk_create(
        [NetworkMember(network=network, organisation=world.municipality_b.organisation)]
    )
    assert "Frederiksberg" in members(page(world, "secretariat", url))
    WorkPlan.objects.create(network=network, year=2031, text="Fælles udbud af ladestandere")
    assert "Arbejdsplan 2031" in page(world, "secretariat", url)
    Activity.objects.filter(pk=world.activity.pk).update(title="Temadag om elbusser")
    assert "Temadag om elbusser" in page(world, "secretariat", url)


def test_an_activity_that_starts_moves_to_the_past_at_its_start(world: World):
    now = timezone.now()
    starts = now + dt.timedelta(hours=5)
    Activity.objects.update(starts_at=now + dt.timedelta(days=30), ends_at=None)
    Activity.objects.filter(pk=world.activity.pk).update(starts_at=starts)
    assert next_activity_start(now) == starts
    assert fragments.horizon(now=now) <= starts


def test_comparison_shows_a_bulk_change_and_its_form_errors_per_address(world: World):
    url = reverse("actionplans:region-compare")
    both = f"{url}?kommune={world.municipality_a.code}&kommune={world.municipality_b.code}"
    before = page(world, "secretariat", both)
    Plan.objects.filter(pk=world.plan_b.pk).update(baseline_emissions=Decimal(456_789))
    after = page(world, "secretariat", both)
    assert "456.789" in after and "456.789" not in before
    one = page(world, "secretariat", f"{url}?kommune={world.municipality_a.code}")
    assert "Vælg mindst to kommuner." in one and "456.789" not in one


def test_library_shows_a_new_resource_and_keeps_internal_ones_from_visitors(world: World):
    url = f"{reverse('networks:resource-list')}?q=vejledning"
    assert "Ny vejledning om udbud" not in page(world, "anonymous", url)
    KnowledgeResource.objects.filter(pk=world.resource_public.pk).update(
        title="Ny vejledning om udbud"
    )
    assert "Ny vejledning om udbud" in page(world, "anonymous", url)
    KnowledgeResource.objects.filter(pk=world.resource_internal.pk).update(
        title="Intern vejledning om udbud"
    )
    assert "Intern vejledning om udbud" in page(world, "member", url)
    assert "Intern vejledning om udbud" not in page(world, "anonymous", url)


def test_rollup_shows_a_bulk_change_of_a_plan(world: World):
    url = reverse("actionplans:region-rollup")
    before = page(world, "secretariat", url)
    Plan.objects.filter(pk=world.plan_a.pk).update(baseline_emissions=Decimal(345_678))
    after = page(world, "secretariat", url)
    assert "345.678" in after and "345.678" not in before
    kept = len(fragment_keys("region-rollup"))
    page(world, "member", url)
    assert len(fragment_keys("region-rollup")) == kept + 1  # one entry per person


def test_meeting_page_shows_agenda_changes_and_each_step_of_a_running_job(world: World):
    meeting = world.meeting_x
    url = meeting.get_absolute_url()
    assert "Aktivitetsplanen" in page(world, "member", url)
    AgendaItem.objects.filter(pk=world.item_x.pk).update(title="Budget 2027")
    assert "Budget 2027" in page(world, "member", url)
    # A job's progress is no versioned write (alliance_job is ignored): its state keys the entry.
    assert "Dannes nu" not in page(world, "secretariat", url)
    job = Job.objects.create(
        kind=PACK_JOB,
        subject_type=ContentType.objects.get_for_model(meeting),
        subject_id=meeting.pk,
        requested_by=world.users["secretariat"],
        state=Job.State.RUNNING,
    )
    assert "Dannes nu" in page(world, "secretariat", url)
    Job.objects.filter(pk=job.pk).update(progress=40, progress_text="Sætter bilagene")
    assert "Sætter bilagene – 40 % færdig" in page(world, "secretariat", url)
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED)
    assert "Dannes nu" not in page(world, "secretariat", url)
    assert "Dannes nu" not in page(world, "member", url)


def test_dashboard_shows_plans_initiatives_meetings_calls_and_applications(world: World):
    home = reverse("home")

    def main(url: str) -> str:  # the page's content (the chrome holds a fresh CSRF token)
        html = page(world, "secretariat", url)
        return html[html.index("<main") : html.index("</main>")]

    def figure(html: str, label: str) -> int:  # a figure's value, written before its label
        found = re.search(
            rf'figure__value">([\d.]+)</span> <span class="figure__label">{label}', html
        )
        return int(found.group(1).replace(".", ""))

    first = main(home)
    assert len(fragment_keys("dashboard")) == 1
    assert main(home) == first  # served from the entry
    assert "Ekstramøde" not in first
    MeetingFactory(
        body=world.body_x, title="Ekstramøde", starts_at=timezone.now() + dt.timedelta(1)
    )
    assert "Ekstramøde" in main(home)
    calls = "Opslag med frist inden for 60 dage"
    before = figure(main(home), calls)
    CallFactory(deadline=timezone.localdate() + dt.timedelta(days=5))
    assert figure(main(home), calls) == before + 1
    html = main(home)
    ApplicationFactory(state=Application.State.SUBMITTED)
    assert main(home) != html
    html = main(home)
    Initiative.objects.update(status=Initiative.Status.COMPLETED)  # a bulk update
    assert main(home) != html
    html = main(home)
    Plan.objects.filter(pk=world.plan_b.pk).update(status=Plan.Status.UNDER_REVISION)
    assert main(home) != html
    # The map's measure is part of the entry's key.
    assert main(f"{home}?kort=revision") != main(home)


def test_a_meeting_that_starts_leaves_the_dashboard_at_its_start(world: World):
    now = timezone.now()
    Meeting.objects.all().delete()
    meeting = MeetingFactory(body=world.body_x, starts_at=now + dt.timedelta(hours=3))
    assert next_meeting_start(now) == meeting.starts_at
    assert fragments.horizon(now=now) <= meeting.starts_at


# --- The clock --------------------------------------------------------------------------------


def test_an_entry_lives_until_the_next_freshness_change(world: World):
    rules = FreshnessPolicy.current()
    # Noon: the change two hours on comes before the next local midnight, which also ends an
    # entry (at 22:00 or later the midnight would come first and the test would ask the wrong thing).
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    updated = now - dt.timedelta(days=rules.due_after_days, hours=-2)  # due in two hours
    Initiative.objects.update(last_update_at=now - dt.timedelta(days=1000))
    Initiative.objects.filter(pk=world.initiative_a.pk).update(last_update_at=updated)
    change = updated + dt.timedelta(days=rules.due_after_days)
    assert next_freshness_change(now) == change
    assert fragments.horizon(now=now) == change

    class Request:
        user = world.users["secretariat"]

    rendered = []

    def render():
        rendered.append(1)
        return f"<p>{len(rendered)}</p>"

    request = Request()
    assert fragments.cached_html(request, "clock", render, now=now) == "<p>1</p>"
    assert fragments.cached_html(request, "clock", render, now=change) == "<p>2</p>"


# --- The version every process sees -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_shared_version_is_bumped_after_the_commit():
    MunicipalityFactory()
    before = DataVersion.current()
    with transaction.atomic():
        MunicipalityFactory()
        assert DataVersion.current() == before
    assert DataVersion.current() == before + 1
    with transaction.atomic():
        MunicipalityFactory()
        transaction.set_rollback(True)
    assert DataVersion.current() == before + 1


@pytest.mark.django_db
def test_sessions_do_not_bump_the_version():
    version = fragments.data_version()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session")
    assert fragments.data_version() == version
    MunicipalityFactory()
    assert fragments.data_version() != version


# --- Query counts do not grow with the data ---------------------------------------------------


def more_data(world: World, municipalities: int = 6) -> None:
    for n in range(municipalities):
        municipality = MunicipalityFactory(code=300 + n)
        plan = PlanFactory(municipality=municipality)
        for initiative in InitiativeFactory.create_batch(3, plan=plan):
            initiative.themes.add(world.theme)
            initiative.participants.add(world.municipality_a)
            ProgressUpdateFactory(initiative=initiative)
        NetworkMemberFactory(network=world.network, organisation=municipality.organisation)


@pytest.mark.parametrize("persona", ["secretariat", "coordinator_a"])
def test_query_counts_are_the_same_with_more_data(
    world: World, persona: str, django_assert_num_queries
):
    urls = [
        LIST,
        REGION,
        SCORECARD,
        world.municipality_a.get_absolute_url(),
        world.network.get_absolute_url(),
    ]
    client = world.client(persona)
    counts = {}
    for url in urls:
        client.get(url)  # the process's own caches (content types) warm, as a second request
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    more_data(world)
    for url in urls:
        cache.clear()
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200
        # The cached path: fewer queries, and as many with more data.
        with CaptureQueriesContext(connection) as cached:
            assert client.get(url).status_code == 200
        assert len(cached) < counts[url]
