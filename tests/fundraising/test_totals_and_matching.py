"""Totals on a hand-built fixture, the matching of calls and initiatives, and the lists' bounded
query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fundraising import matching
from fundraising.models import Application, Call
from fundraising.totals import compute_totals

from ..conftest import World
from ..factories import InitiativeFactory, MunicipalityFactory, PlanFactory, ThemeFactory
from .factories import ApplicationFactory, CallFactory, PartnerFactory

pytestmark = pytest.mark.django_db
State = Application.State


def _sent(*, title, state, applied, granted=None, year, call=None, partners=()):
    application = ApplicationFactory(
        title=title,
        state=state,
        call=call,
        amount_applied=applied,
        amount_granted=granted,
        submitted_on=dt.date(year, 3, 1),
    )
    for organisation, amount, percent in partners:
        PartnerFactory(
            application=application,
            organisation=organisation,
            share_amount=amount,
            share_percent=percent,
        )
    return application


def test_totals_by_year_theme_and_municipality(world: World):
    a, b = world.municipality_a.organisation, world.municipality_b.organisation
    other_theme = ThemeFactory(name="Andet tema")
    call = CallFactory(title="To temaer")
    call.themes.set([world.theme, other_theme])
    # 2025: granted 800k of 1m; A has 60 %, B 400k of the 1m.
    _sent(
        title="Bevilget",
        state=State.GRANTED,
        applied=1_000_000,
        granted=800_000,
        year=2025,
        call=call,
        partners=[(a, None, 60), (b, 400_000, None)],
    )
    # 2025: rejected 500k, A alone with 100 %.
    _sent(
        title="Afslag", state=State.REJECTED, applied=500_000, year=2025, partners=[(a, None, 100)]
    )
    # 2026: submitted 200k on the world's call (one theme), B with 50k.
    _sent(
        title="Indsendt",
        state=State.SUBMITTED,
        applied=200_000,
        year=2026,
        call=world.call,
        partners=[(b, 50_000, None)],
    )
    # Not sent: ideas and applications in preparation count nowhere.
    ApplicationFactory(title="Idé", state=State.IDEA, amount_applied=9_999_999)

    totals = compute_totals(Application.objects.exclude(pk=world.application_a.pk))

    assert (totals.overall.count, totals.overall.applied, totals.overall.granted) == (
        3,
        1_700_000,
        800_000,
    )
    years = {t.key: (t.count, t.applied, t.granted) for t in totals.by_year}
    assert years == {2025: (2, 1_500_000, 800_000), 2026: (1, 200_000, 0)}
    themes = {t.label: (t.count, t.applied, t.granted) for t in totals.by_theme}
    assert themes == {
        "Testtema for A": (2, 1_200_000, 800_000),
        "Andet tema": (1, 1_000_000, 800_000),
    }
    municipalities = {t.label: (t.count, t.applied, t.granted) for t in totals.by_municipality}
    assert municipalities == {
        # 60 % of 1m and of 800k, plus 100 % of the rejected 500k
        "København": (2, Decimal(1_100_000), Decimal(480_000)),
        # 400k of 1m (so 40 % of the 800k granted), plus 50k of the submitted 200k
        "Frederiksberg": (2, Decimal(450_000), Decimal(320_000)),
    }


def test_totals_page_counts_only_what_the_coordinator_sees(world: World):
    _sent(
        title="Kun B",
        state=State.GRANTED,
        applied=700_000,
        granted=700_000,
        year=2025,
        partners=[(world.municipality_b.organisation, None, 100)],
    )
    page = world.client("coordinator_a").get(reverse("fundraising:application-totals"))
    assert "700.000" not in page.content.decode()
    page = world.client("secretariat").get(reverse("fundraising:application-totals"))
    assert "700.000" in page.content.decode()


def test_calls_fitting_an_initiative(world: World):
    today = timezone.localdate()
    closed = CallFactory(title="Lukket", deadline=today - dt.timedelta(days=1))
    closed.themes.add(world.theme)
    regions_only = CallFactory(title="Kun regioner", eligible_kinds=["region"])
    regions_only.themes.add(world.theme)
    CallFactory(title="Uden tema")
    second_stage = CallFactory(
        title="Anden fase",
        deadline=today - dt.timedelta(days=3),
        second_deadline=today + dt.timedelta(days=3),
        eligible_kinds=[],
    )
    second_stage.themes.add(world.theme)
    user = world.users["coordinator_b"]
    calls = matching.calls_for_initiative(user, world.initiative_a)
    assert [c.title for c in calls] == ["Anden fase", "Opslag om ladestandere"]
    page = world.client("coordinator_b").get(world.initiative_a.get_absolute_url())
    assert "Åbne opslag, der passer til indsatsen" in page.content.decode()
    assert "Opslag om ladestandere" in page.content.decode()


def test_initiatives_fitting_a_call_grouped_by_municipality(world: World):
    c = MunicipalityFactory(code=151, name="Ballerup", official_name="Ballerup Kommune")
    plan = PlanFactory(municipality=c)
    for title in ("Ladestandere ved skoler", "Elbiler i hjemmeplejen"):
        InitiativeFactory(plan=plan, title=title).themes.add(world.theme)
    InitiativeFactory(plan=plan, title="Uden tema")
    groups = matching.initiatives_for_call(world.users["secretariat"], world.call)
    assert [(g.municipality.name, [i.title for i in g.initiatives]) for g in groups] == [
        ("Ballerup", ["Elbiler i hjemmeplejen", "Ladestandere ved skoler"]),
        ("København", ["Ladestandere i København"]),
    ]
    page = world.client("member").get(world.call.get_absolute_url()).content.decode()
    assert "Ladestandere ved skoler" in page and "Uden tema" not in page
    assert "Fælles ladestandere" not in page  # the applications are not a member's business
    world.call.eligible_kinds = ["region"]
    world.call.save()
    assert matching.initiatives_for_call(world.users["secretariat"], world.call) == []


def _more_data(world: World, n: int) -> None:
    for index in range(n):
        call = CallFactory(title=f"Ekstra opslag {index}")
        call.themes.add(world.theme, ThemeFactory())
        application = ApplicationFactory(
            call=call, state=State.SUBMITTED, submitted_on=dt.date(2025, 1, 1)
        )
        PartnerFactory(
            application=application,
            organisation=world.municipality_a.organisation,
            share_percent=50,
        )
        PartnerFactory(application=application, name="Firma", organisation=None)


@pytest.mark.parametrize(
    "name",
    [
        "fundraising:call-list",
        "fundraising:call-feed",
        "fundraising:application-list",
        "fundraising:application-board",
        "fundraising:application-totals",
        "fundraising:source-list",
        "fundraising:finance-summary",
    ],
)
def test_list_pages_have_bounded_query_counts(world: World, django_assert_max_num_queries, name):
    client = world.client("coordinator_a")
    url = reverse(name)
    _more_data(world, 2)
    client.get(url)  # warm up (session, content types)
    cache.clear()  # the uncached path: list bodies are cached fragments (alliance/fragments.py)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _more_data(world, 12)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_call_feed_lists_deadlines_as_all_day_events(world: World):
    world.call.second_deadline = world.call.deadline + dt.timedelta(days=30)
    world.call.save()
    body = world.client("member").get(reverse("fundraising:call-feed")).content.decode()
    assert f"DTSTART;VALUE=DATE:{world.call.deadline:%Y%m%d}" in body
    assert f"UID:call-{world.call.pk}-2@klimaalliancen" in body
    assert "SUMMARY:Frist (1. fase): Opslag om ladestandere" in body


def test_call_list_filters_by_theme_and_source(world: World):
    CallFactory(title="Andet opslag")
    client = world.client("secretariat")
    page = client.get(reverse("fundraising:call-list"), {"theme": world.theme.pk}).content.decode()
    assert "Opslag om ladestandere" in page and "Andet opslag" not in page
    source = world.funding_source.pk
    export = client.get(reverse("fundraising:call-list"), {"source": source, "_export": "csv"})
    assert "Opslag om ladestandere" in export.content.decode()
    assert "Andet opslag" not in export.content.decode()
    assert Call.objects.count() == 2
