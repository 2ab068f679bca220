import datetime as dt
import hashlib
import io

import factory
from django.utils import timezone
from pypdf import PdfWriter

from actionplans.models import (
    Indicator,
    Initiative,
    Plan,
    ProgressUpdate,
    Sector,
    Task,
    Theme,
)
from alliance.models import User
from governance.models import (
    AgendaAttachment,
    AgendaItem,
    Body,
    DevelopmentTrack,
    FollowUp,
    Meeting,
    Membership,
)
from municipalities.models import Coordinator, Municipality, Organisation
from networks.models import (
    Activity,
    Attendance,
    KnowledgeResource,
    Network,
    NetworkMember,
    VipProject,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    name = factory.Faker("name", locale="da_DK")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.OTHER


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    # Codes must lie in 101-860 (a constraint). The sequence goes round 401-599, clear of the
    # real codes tests use by name (101-400) and of the 600s some tests number by hand; counting
    # on upwards, a long run left the range or met a hand-numbered municipality that had a plan.
    code = factory.Sequence(lambda n: 401 + n % 199)
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    official_name = factory.LazyAttribute(lambda m: f"{m.name} Kommune")
    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.SelfAttribute("..official_name"),
        kind=Organisation.Kind.MUNICIPALITY,
    )


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Klimakoordinator"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organ {n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    level = Body.Level.REGIONAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory(UserFactory)
    person_name = factory.SelfAttribute("user.name")
    start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Møde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    location = "Gate 21, Albertslund"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    kind = AgendaItem.Kind.DECISION
    recommendation = "Det indstilles, at punktet godkendes."


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ONE_PAGE_PDF = _blank_pdf()


class AgendaAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaAttachment

    item = factory.SubFactory(AgendaItemFactory)
    title = "Bilag"
    file = factory.django.FileField(filename="bilag.pdf", data=ONE_PAGE_PDF)
    original_name = "bilag.pdf"
    is_pdf = True
    page_count = 1
    size = len(ONE_PAGE_PDF)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(ONE_PAGE_PDF).hexdigest())


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    item = factory.SubFactory(AgendaItemFactory)
    description = "Send planen til kommunerne"
    responsible = "Sekretariatet"
    due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.LazyAttribute(lambda p: f"Klimaplan for {p.municipality.name}")
    status = Plan.Status.ADOPTED
    adopted_on = dt.date(2022, 6, 1)
    reduction_target_2030 = 70
    net_zero_year = 2050
    baseline_year = 1990
    baseline_emissions = 100_000


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")
    kind = Theme.Kind.CROSS_VIEW


class InitiativeFactory(factory.django.DjangoModelFactory):
    """`last_update_at=...` makes the progress update posted then, so that the initiative's last
    update and its updates agree, as the progress-update service keeps them."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Indsats {n}")
    sector = Sector.TRANSPORT
    status = Initiative.Status.IN_PROGRESS
    percent_done = 20
    expected_reduction = 100
    start_year = 2024
    end_year = 2027

    @factory.post_generation
    def update_behind_last_update(obj, create, extracted, **kwargs):
        if create and obj.last_update_at and not obj.updates.exists():
            ProgressUpdateFactory(
                initiative=obj,
                date=timezone.localdate(obj.last_update_at),
                created_at=obj.last_update_at,
                status=obj.status,
                percent_done=obj.percent_done,
            )


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milepæl {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """Keeps the initiative's last update in line, as the progress-update service does."""

    class Meta:
        model = ProgressUpdate
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    status = Initiative.Status.IN_PROGRESS
    percent_done = 30
    note = "Godt i gang."

    @factory.post_generation
    def last_update(obj, create, extracted, **kwargs):
        if create:
            Initiative.objects.filter(pk=obj.initiative_id).refresh_last_update()
            obj.initiative.refresh_from_db(fields=["last_update_at"])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "stk."
    direction = Indicator.Direction.INCREASE


# --- networks
class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Netværk {n}")
    slug = factory.Sequence(lambda n: f"netvaerk-{n}")


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact_name = "Kontakt Person"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@example.dk")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    network = factory.SubFactory(NetworkFactory)
    kind = Activity.Kind.MEETING
    title = factory.Sequence(lambda n: f"Netværksmøde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + dt.timedelta(hours=3))
    location = "Rådhuset"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    participants = 2


class VipProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VipProject
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"VIP-projekt {n}")
    slug = factory.Sequence(lambda n: f"vip-projekt-{n}")


# --- end networks

# --- library


class KnowledgeResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgeResource

    title = factory.Sequence(lambda n: f"Vejledning nr. {n}")
    slug = factory.Sequence(lambda n: f"vejledning-nr-{n}")
    summary = "En vejledning til kommunerne om den grønne omstilling."
    kind = KnowledgeResource.Kind.GUIDE
    source = KnowledgeResource.Source.OTHER
    year = 2024
    url = "https://example.org/vejledning"
    is_public = True


# --- end library

# --- tracks


class DevelopmentTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentTrack

    title = factory.Sequence(lambda n: f"Klimaudviklingsspor {n}")
    problem = "Kommunerne mangler fælles løsninger."
    ambition = "En fælles model, som alle kan bruge."
    budget = 1_000_000


# --- end tracks
