"""Personas shared by the whole suite: the roles of PRODUCT.md, each as a logged-in test client.

anonymous      not logged in
norole         logged in, but no role (an account the secretariat has not yet given access)
secretariat    project group staff
coordinator_a  climate coordinator of municipality A
coordinator_b  climate coordinator of municipality B
member         member of body X (the political steering group in the world below)
nonmember      member of another body (Y), not of X
"""

import copy
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.utils import translation

from actionplans.models import Indicator, Initiative, Plan, Theme
from alliance.accounts import log_in_with_second_factor
from alliance.models import User
from governance.models import Body, Meeting
from municipalities.models import Municipality
from networks.models import KnowledgeResource
from reports.dashboard import _baseline

from .factories import (
    ActivityFactory,
    AgendaAttachmentFactory,
    AgendaItemFactory,
    BodyFactory,
    CoordinatorFactory,
    DevelopmentTrackFactory,
    FollowUpFactory,
    IndicatorFactory,
    InitiativeFactory,
    KnowledgeResourceFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkMemberFactory,
    PlanFactory,
    ProgressUpdateFactory,
    TaskFactory,
    ThemeFactory,
    UserFactory,
    VipProjectFactory,
)

PERSONAS = (
    "anonymous",
    "norole",
    "secretariat",
    "coordinator_a",
    "coordinator_b",
    "member",
    "nonmember",
)


@dataclass
class World:
    municipality_a: Municipality
    municipality_b: Municipality
    body_x: Body
    body_y: Body
    meeting_x: Meeting
    users: dict[str, User | None]
    # Plan data of A and B: each plan has one initiative with a task, an update and an indicator.
    plan_a: Plan = None
    plan_b: Plan = None
    initiative_a: Initiative = None
    initiative_b: Initiative = None
    indicator_a: Indicator = None
    indicator_b: Indicator = None
    theme: Theme = None

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            log_in_with_second_factor(client, user)
        return client


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker(worker_id):
    """Tests running side by side (pytest-xdist) share one Redis in CI: each worker caches in a
    Redis database of its own (1, 2, …; the Celery broker keeps 0), so one worker's requests never
    count against another's rate limits and emptying the cache empties only the worker's own."""
    caches = copy.deepcopy(settings.CACHES)
    number = int(worker_id.removeprefix("gw")) + 1 if worker_id.startswith("gw") else 1
    for backend in caches.values():
        if backend["BACKEND"].endswith("RedisCache"):
            location = urlsplit(backend["LOCATION"])._replace(path=f"/{number}")
            backend["LOCATION"] = urlunsplit(location)
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: rate-limit counts (allauth's failed logins, the API's
    requests) and fragments cached under a data version that the last test's rollback reused."""
    cache.clear()
    # A closed round's figures, kept per process by its key and closing moment: a rolled-back
    # test database hands the same key to the next test's round.
    _baseline.cache_clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English (the language cookie) leaves English active in the process after it:
    every test starts in the default language, as a fresh worker does, whichever test ran before
    it on the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    municipality_a = MunicipalityFactory(
        code=101, name="København", official_name="Københavns Kommune"
    )
    municipality_b = MunicipalityFactory(
        code=147, name="Frederiksberg", official_name="Frederiksberg Kommune"
    )
    body_x = BodyFactory(name="Politisk styregruppe", slug="politisk-styregruppe")
    body_y = BodyFactory(name="Administrativ styregruppe", slug="administrativ-styregruppe")
    users = {
        "anonymous": None,
        "norole": UserFactory(email="norole@example.dk", name="Uden Rolle"),
        "secretariat": UserFactory(
            email="sekretariat@example.dk", name="Sekretær Sørensen", is_secretariat=True
        ),
        "coordinator_a": CoordinatorFactory(
            municipality=municipality_a, user__email="koord.a@example.dk", user__name="Anna Ærø"
        ).user,
        "coordinator_b": CoordinatorFactory(
            municipality=municipality_b, user__email="koord.b@example.dk", user__name="Bent Bøgh"
        ).user,
        "member": MembershipFactory(body=body_x, user__email="medlem@example.dk").user,
        "nonmember": MembershipFactory(body=body_y, user__email="andet.organ@example.dk").user,
    }
    world = World(
        municipality_a=municipality_a,
        municipality_b=municipality_b,
        body_x=body_x,
        body_y=body_y,
        meeting_x=MeetingFactory(body=body_x, state=Meeting.State.PUBLISHED),
        users=users,
    )
    # meetings: a published meeting of X with a decision item, a PDF attachment, a follow-up
    world.membership_x = users["member"].memberships.get()
    world.item_x = AgendaItemFactory(meeting=world.meeting_x, title="Aktivitetsplanen")
    world.attachment_x = AgendaAttachmentFactory(item=world.item_x)
    world.follow_up_x = FollowUpFactory(item=world.item_x)
    for side, municipality in (("a", municipality_a), ("b", municipality_b)):
        plan = PlanFactory(municipality=municipality)
        initiative = InitiativeFactory(plan=plan, title=f"Ladestandere i {municipality.name}")
        TaskFactory(initiative=initiative)
        ProgressUpdateFactory(initiative=initiative)
        indicator = IndicatorFactory(municipality=municipality, initiative=initiative)
        setattr(world, f"plan_{side}", plan)
        setattr(world, f"initiative_{side}", initiative)
        setattr(world, f"indicator_{side}", indicator)
    world.theme = ThemeFactory(name="Testtema for A", slug="testtema-for-a")
    world.initiative_a.themes.add(world.theme)
    # networks: a network with A as a member (tovholder), and one coming activity
    world.network = NetworkFactory(name="Testnetværket", slug="testnetvaerket")
    world.network_member = NetworkMemberFactory(
        network=world.network, organisation=municipality_a.organisation, is_lead=True
    )
    world.activity = ActivityFactory(network=world.network, title="Netværksmøde om elbiler")
    world.vip_project = VipProjectFactory(name="VIP-testprojekt", continued_by=world.network)
    # library: a public and an internal resource, each with a file
    world.resource_public = KnowledgeResourceFactory(
        title="Offentlig vejledning",
        slug="offentlig-vejledning",
        network=world.network,
        file=ContentFile(b"%PDF-1.4 offentlig", name="offentlig.pdf"),
        url="",
    )
    world.resource_internal = KnowledgeResourceFactory(
        title="Intern analyse",
        slug="intern-analyse",
        is_public=False,
        kind=KnowledgeResource.Kind.ANALYSIS,
        file=ContentFile(b"%PDF-1.4 intern", name="intern.pdf"),
        url="",
    )
    # tracks: a development track in the idea stage with A as a participant
    world.track = DevelopmentTrackFactory(title="Fælles ladeinfrastruktur")
    world.track.participants.add(municipality_a.organisation)
    # fundraising: a source, an open call on the world's theme, and application A with A as the
    # applicant and Region Hovedstaden as a partner (B is in none), with a document.
    from .fundraising.factories import add_fundraising

    add_fundraising(world)
    # activity plan: a draft plan for 2026 with a frame line and an activity (no PDF yet)
    from .governance.activityplan_factories import add_activity_plan

    add_activity_plan(world)
    # reports: rounds and a status report are added by tests/reports/factories.add_reports where
    # needed (tests/reports/conftest.py, the URL table), not here: an open round shows on every
    # municipality page.
    return world


@pytest.fixture(params=PERSONAS)
def persona(request) -> str:
    return request.param


def real_stack_configured() -> bool:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return bool(settings.REDIS_URL) and engine.endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Tests marked `stack` need the real services: a Celery worker talks to them from another
    process. Without REDIS_URL and PostgreSQL (the embedded default) they are left out, and the
    summary says so; CI always has both. Tests marked `badinput` (Hypothesis over every form, many
    minutes) run only when asked for: `make badinput` or `-m badinput`."""
    if "badinput" not in (config.getoption("markexpr") or ""):
        slow = [item for item in items if item.get_closest_marker("badinput")]
        if slow:
            items[:] = [item for item in items if not item.get_closest_marker("badinput")]
            config.hook.pytest_deselected(items=slow)
    if real_stack_configured():
        return
    stack = [item for item in items if item.get_closest_marker("stack")]
    if stack:
        items[:] = [item for item in items if not item.get_closest_marker("stack")]
        config.hook.pytest_deselected(items=stack)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not real_stack_configured():
        terminalreporter.write_line(
            "Tests of the real stack (a Celery worker over Redis and PostgreSQL) were left out: "
            "set REDIS_URL and a PostgreSQL DATABASE_URL, or run .ci/run.",
            yellow=True,
        )


@pytest.fixture
def in_process_jobs():
    """Run Celery tasks in the test process, as the embedded default does, even where REDIS_URL is
    set (CI): these tests are about the pipeline's logic; test_worker.py covers the real worker."""
    from alliance.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
