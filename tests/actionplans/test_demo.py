"""The demo plans and initiatives: one per municipality, enough of everything for every page, all
labelled as demo, the same on every run and never created twice."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from actionplans.models import (
    CapfAssessment,
    EmissionRecord,
    Freshness,
    Indicator,
    Initiative,
    Plan,
    ProgressUpdate,
    Sector,
    Task,
    Theme,
)
from alliance.models import User
from governance.models import Meeting
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction that is rolled back at the end; each test
    runs in its own savepoint within it."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def test_every_municipality_has_one_current_labelled_plan(seeded):
    current = Plan.objects.current()
    assert current.count() == 29
    assert set(current.values_list("municipality", flat=True)) == set(
        Municipality.objects.values_list("pk", flat=True)
    )
    assert all(title.endswith("(demo)") for title in Plan.objects.values_list("title", flat=True))
    statuses = Counter(current.values_list("status", flat=True))
    assert statuses[Plan.Status.ADOPTED] > 20
    assert statuses[Plan.Status.UNDER_REVISION] >= 2
    # A revised plan keeps the earlier version readable.
    assert Plan.objects.filter(superseded_by__isnull=False).count() == statuses["under_revision"]
    assert 2 <= current.revision_due_within(365).count() <= 8
    for plan in current:
        assert 50 <= plan.reduction_target_2030 <= 80
        assert 2035 <= plan.net_zero_year <= 2050
        assert plan.baseline_year == 1990 and plan.baseline_emissions > 0
    assert CapfAssessment.objects.count() == 4 * Plan.objects.count()


def test_initiatives_cover_every_theme_sector_and_freshness(seeded):
    per_municipality = Counter(
        Initiative.objects.in_current_plans().values_list("plan__municipality", flat=True)
    )
    assert len(per_municipality) == 29
    assert all(20 <= count <= 40 for count in per_municipality.values())
    assert not Theme.objects.filter(initiatives__isnull=True).exists()
    assert set(Initiative.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(Initiative.objects.with_freshness().values_list("freshness", flat=True)) == set(
        Freshness.values
    )
    joint = Initiative.objects.filter(participants__isnull=False).distinct()
    assert joint.exists()
    for initiative in joint:
        assert initiative.plan.municipality not in initiative.participants.all()
        assert 2 <= initiative.participants.count() <= 5
    networks = Initiative._meta.get_field("networks").related_model.objects
    assert networks.filter(initiatives__isnull=False).distinct().count() == 3
    assert all(
        d.startswith("Demodata:") for d in Initiative.objects.values_list("description", flat=True)
    )
    assert all(t.endswith("(demo)") for t in Initiative.objects.values_list("title", flat=True))


def test_status_percent_and_updates_agree(seeded):
    assert not Initiative.objects.filter(
        status=Initiative.Status.COMPLETED, percent_done__lt=100
    ).exists()
    assert not Initiative.objects.filter(
        status=Initiative.Status.NOT_STARTED, percent_done__gt=0
    ).exists()
    # The last update carries the initiative's status, percent and time.
    for initiative in Initiative.objects.filter(last_update_at__isnull=False)[:200]:
        newest = initiative.updates.order_by("-created_at").first()
        assert (newest.status, newest.percent_done) == (initiative.status, initiative.percent_done)
        assert newest.created_at == initiative.last_update_at
        assert newest.author.coordinatorships.get().municipality == initiative.municipality
    assert not ProgressUpdate.objects.filter(author__isnull=True).exists()
    assert Task.objects.late().exists()
    assert Task.objects.filter(completed_on__isnull=False).exists()
    assert not Initiative.objects.filter(tasks__isnull=True).exists()


def test_indicators_are_marked_and_no_emissions_are_invented(seeded):
    per_municipality = Counter(Indicator.objects.values_list("municipality", flat=True))
    assert len(per_municipality) == 29
    assert all(2 <= count <= 4 for count in per_municipality.values())
    indicator = Indicator.objects.first()
    assert list(indicator.values.values_list("year", flat=True)) == list(range(2015, 2025))
    assert indicator.goals.exists()
    assert indicator.description.startswith("Demodata:")
    assert all(name.endswith("(demo)") for name in Indicator.objects.values_list("name", flat=True))
    # An emission record has no text to carry a demo mark: the demo writes none for the real
    # municipalities (their figures would read as their accounts).
    assert not EmissionRecord.objects.exists()


def titles() -> list[str]:
    return sorted(Initiative.objects.values_list("plan__municipality__code", "title"))


def test_demo_data_is_deterministic_and_created_once(seeded, settings):
    settings.DEBUG = True
    first = titles()
    counts = (Plan.objects.count(), Initiative.objects.count(), ProgressUpdate.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles() == first
    assert (Plan.objects.count(), Initiative.objects.count(), ProgressUpdate.objects.count()) == (
        counts
    )
    # Demo plans never mix with plans already there, even when the demo users are gone.
    User.objects.all().delete()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Plan.objects.count() == counts[0] and Initiative.objects.count() == counts[1]
    # Back to the reference data only, as on a fresh database: the seed gives the same titles.
    Initiative.objects.all().delete()
    Indicator.objects.all().delete()
    EmissionRecord.objects.all().delete()
    Plan.objects.filter(supersedes__isnull=False).delete()
    Plan.objects.all().delete()
    User.objects.all().delete()
    Meeting.objects.all().delete()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles() == first


def test_seeding_again_leaves_the_next_meetings_published_pack_alone(seeded):
    """Run again (after the demo users were deleted, say), the demo publishes no second pack for
    the political steering group's next meeting: it has one, and nothing changed since."""
    from governance.demo import _publish_next_pack
    from governance.models import Body

    political = Body.objects.get(slug="politisk-styregruppe")
    meeting = political.meetings.upcoming().first()
    published = list(meeting.packs.exclude(version=None).values_list("version", flat=True))
    assert published == [1]
    assert _publish_next_pack(political) == ""
    assert list(meeting.packs.exclude(version=None).values_list("version", flat=True)) == [1]
