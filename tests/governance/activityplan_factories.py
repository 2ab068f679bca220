"""Factories of the activity plan, and the world's plan (tests/conftest.py)."""

from decimal import Decimal

import factory

from governance.models import ActivityPlan, FrameLine, PlannedActivity
from municipalities.models import Organisation

from ..factories import OrganisationFactory


class ActivityPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPlan

    year = factory.Sequence(lambda n: 2030 + n)
    introduction = "Indledning til testplanen."
    priorities = "Testplanens prioriteringer."


class FrameLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameLine

    plan = factory.SubFactory(ActivityPlanFactory)
    partner = factory.SubFactory(
        OrganisationFactory, name=factory.Sequence(lambda n: f"Testpartner {n}")
    )
    staff_years = Decimal("1.00")
    dkk = Decimal("100000")


class PlannedActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedActivity

    plan = factory.SubFactory(ActivityPlanFactory)
    title = factory.Sequence(lambda n: f"Testaktivitet {n}")
    purpose = "Et formål."
    responsible = "Sekretariatet"
    q1 = True
    staff_years = Decimal("0.50")
    dkk = Decimal("50000")
    position = factory.Sequence(lambda n: n + 1)


def add_activity_plan(world) -> None:
    """A draft plan for 2026 (no PDF yet: only the secretariat sees it) with Region Hovedstaden's
    frame line and one activity in the world's network."""
    region = OrganisationFactory(name="Region Hovedstaden", kind=Organisation.Kind.REGION)
    world.activity_plan = ActivityPlanFactory(year=2026)
    world.frame_line = FrameLineFactory(
        plan=world.activity_plan, partner=region, staff_years=Decimal("1.50"), dkk=Decimal("250000")
    )
    world.planned_activity = PlannedActivityFactory(
        plan=world.activity_plan, title="Netværksmøder i Transport", network=world.network
    )
