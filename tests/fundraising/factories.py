"""Factories of the fundraising app, and the world's fundraising objects (tests/conftest.py)."""

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from fundraising.models import Application, ApplicationDocument, Call, FundingSource, Partner
from municipalities.models import Organisation

from ..factories import OrganisationFactory


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testpulje {n}")
    kind = FundingSource.Kind.NATIONAL


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    source = factory.SubFactory(FundingSourceFactory)
    title = factory.Sequence(lambda n: f"Testopslag {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    amount_min = 100_000
    amount_max = 2_000_000
    eligible_kinds = factory.LazyFunction(lambda: ["municipality"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    title = factory.Sequence(lambda n: f"Testansøgning {n}")
    call = factory.SubFactory(CallFactory)
    state = Application.State.IDEA
    amount_applied = 1_000_000


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    application = factory.SubFactory(ApplicationFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def add_fundraising(world) -> None:
    world.funding_source = FundingSourceFactory(name="Testpuljen")
    world.call = CallFactory(source=world.funding_source, title="Opslag om ladestandere")
    world.call.themes.add(world.theme)
    region = OrganisationFactory(name="Region Hovedstaden", kind=Organisation.Kind.REGION)
    world.application_a = ApplicationFactory(
        call=world.call,
        title="Fælles ladestandere",
        responsible=world.users["secretariat"],
        amount_applied=1_000_000,
    )
    world.partner_a = PartnerFactory(
        application=world.application_a,
        organisation=world.municipality_a.organisation,
        is_lead=True,
        share_percent=60,
    )
    world.partner_region = PartnerFactory(
        application=world.application_a, organisation=region, share_percent=40
    )
    world.application_document = ApplicationDocument.objects.create(
        application=world.application_a,
        title="Budget",
        file=ContentFile(b"%PDF-1.4 budget", name="budget.pdf"),
    )
