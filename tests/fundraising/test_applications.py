"""Applications: the pipeline, partners' shares, who may see and change what, bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fundraising import services
from fundraising.models import Application, Call, Partner

from ..conftest import World
from .factories import ApplicationFactory, PartnerFactory

pytestmark = pytest.mark.django_db
State = Application.State


def test_pipeline_goes_from_idea_to_granted(world: World):
    secretariat = world.users["secretariat"]
    application = world.application_a
    for state in (State.PREPARATION, State.SUBMITTED):
        application = services.change_application_state(
            application=application, to=state, by=secretariat
        )
    assert application.submitted_on == timezone.localdate()
    application = services.change_application_state(
        application=application, to=State.GRANTED, by=secretariat, amount_granted=Decimal(800_000)
    )
    assert (application.state, application.amount_granted) == (State.GRANTED, 800_000)
    assert application.decided_on == timezone.localdate()
    states = list(application.history.order_by("history_date").values_list("state", flat=True))
    assert states[-3:] == ["preparation", "submitted", "granted"]
    assert application.history.first().history_user == secretariat


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (State.IDEA, State.SUBMITTED),
        (State.IDEA, State.GRANTED),
        (State.GRANTED, State.WITHDRAWN),
        (State.WITHDRAWN, State.IDEA),
        (State.REJECTED, State.SUBMITTED),
    ],
)
def test_pipeline_refuses_moves_it_does_not_allow(world: World, start, to):
    application = ApplicationFactory(state=start)
    with pytest.raises(services.ApplicationRuleError):
        services.change_application_state(
            application=application, to=to, by=world.users["secretariat"], amount_granted=1
        )
    application.refresh_from_db()
    assert application.state == start


def test_granting_needs_an_amount(world: World):
    application = ApplicationFactory(state=State.SUBMITTED)
    response = world.client("secretariat").post(
        reverse("fundraising:application-state", args=[application.pk]), {"to": "granted"}
    )
    assert response.status_code == 200
    assert "Skriv det bevilgede beløb." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_board_moves_a_card_without_javascript(world: World):
    client = world.client("secretariat")
    board = reverse("fundraising:application-board")
    response = client.post(
        reverse("fundraising:application-state", args=[world.application_a.pk]),
        {"to": "preparation", "next": board},
    )
    assert response.status_code == 302 and response["Location"] == board
    world.application_a.refresh_from_db()
    assert world.application_a.state == State.PREPARATION
    page = client.get(board).content.decode()
    assert "Fælles ladestandere" in page and "→ Indsendt" in page


def test_partner_shares_cannot_exceed_100_percent(world: World):
    # A has 60 %, the region 40 %: a third partner with any percent is too much.
    response = world.client("secretariat").post(
        reverse("fundraising:partner-create", args=[world.application_a.pk]),
        {"name": "Testvirksomhed ApS", "share_percent": "10"},
    )
    assert response.status_code == 200
    assert "højst være 100 %" in response.content.decode()
    assert world.application_a.partners.count() == 2


def test_partner_shares_cannot_exceed_the_amount_applied_for(world: World):
    application = ApplicationFactory(amount_applied=500_000)
    PartnerFactory(application=application, share_amount=400_000)
    with pytest.raises(services.ApplicationRuleError):
        services.save_partner(
            partner=Partner(application=application, name="Firma A/S", share_amount=200_000),
            expected_version=None,
            by=world.users["secretariat"],
        )
    assert application.partners.count() == 1


def test_amount_applied_cannot_drop_below_the_shares(world: World):
    application = ApplicationFactory(amount_applied=500_000)
    PartnerFactory(application=application, share_amount=400_000)
    response = world.client("secretariat").post(
        reverse("fundraising:application-update", args=[application.pk]),
        {"title": application.title, "amount_applied": "300000", "lock_version": 1},
    )
    assert response.status_code == 200
    assert "mere end det ansøgte beløb" in response.content.decode()
    application.refresh_from_db()
    assert application.amount_applied == 500_000


def test_database_refuses_a_share_over_100_percent(world: World):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(
            application=world.application_a, name="X", organisation=None, share_percent=101
        )


def test_database_refuses_negative_amounts(world: World):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(amount_applied=-1)


def test_coordinator_edits_own_share_and_notes(world: World):
    response = world.client("coordinator_a").post(
        reverse("fundraising:partner-update", args=[world.partner_a.pk]),
        {
            "share_amount": "500000",
            "share_percent": "50",
            "notes": "Vi stiller med to årsværk.",
            "lock_version": 1,
        },
    )
    assert response.status_code == 302
    world.partner_a.refresh_from_db()
    assert (world.partner_a.share_percent, world.partner_a.notes) == (
        50,
        "Vi stiller med to årsværk.",
    )
    assert world.partner_a.organisation == world.municipality_a.organisation  # not in the form


def test_coordinator_cannot_change_other_partners_or_the_application(world: World):
    client = world.client("coordinator_a")
    share = {"share_percent": "90", "lock_version": 1}
    url = reverse("fundraising:partner-update", args=[world.partner_region.pk])
    assert client.post(url, share).status_code == 404
    url = reverse("fundraising:application-update", args=[world.application_a.pk])
    assert client.post(url, {"title": "Kapret", "lock_version": 1}).status_code == 404
    world.partner_region.refresh_from_db()
    world.application_a.refresh_from_db()
    assert world.partner_region.share_percent == 40
    assert world.application_a.title == "Fælles ladestandere"


def test_coordinator_sees_only_applications_their_municipality_is_in(world: World):
    other = ApplicationFactory(title="Kun Frederiksberg")
    PartnerFactory(application=other, organisation=world.municipality_b.organisation, is_lead=True)
    client = world.client("coordinator_a")
    listing = client.get(reverse("fundraising:application-list")).content.decode()
    assert "Fælles ladestandere" in listing and "Kun Frederiksberg" not in listing
    assert client.get(other.get_absolute_url()).status_code == 404
    assert world.client("coordinator_b").get(other.get_absolute_url()).status_code == 200
    export = client.get(reverse("fundraising:application-list"), {"_export": "csv"})
    assert "Kun Frederiksberg" not in export.content.decode()
    board = client.get(reverse("fundraising:application-board")).content.decode()
    assert "Kun Frederiksberg" not in board


def test_stale_application_edit_is_refused_and_keeps_what_was_typed(world: World):
    client = world.client("secretariat")
    url = reverse("fundraising:application-update", args=[world.application_a.pk])
    client.post(url, {"title": "Første udgave", "amount_applied": "1000000", "lock_version": 1})
    response = client.post(
        url, {"title": "Anden udgave", "amount_applied": "1000000", "lock_version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nogen har gemt ændringer" in page and "Anden udgave" in page
    world.application_a.refresh_from_db()
    assert world.application_a.title == "Første udgave"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_min": "-5"}, "Beløbet kan ikke være negativt."),
        ({"deadline": "2020-01-01"}, "Fristen for et nyt opslag kan ikke ligge i fortiden."),
        ({"cofinancing_rate": "120"}, "Procent skal være mellem 0 og 100."),
        (
            {"amount_min": "500", "amount_max": "100"},
            "Det største beløb skal være mindst det mindste.",
        ),
        ({"amount_max": "abc"}, "Skriv beløbet i hele kroner"),
    ],
)
def test_call_form_rejects_bad_input_in_danish(world: World, data, message):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    post = {"title": "Nyt opslag", "source": world.funding_source.pk, "deadline": deadline, **data}
    response = world.client("secretariat").post(reverse("fundraising:call-create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Call.objects.filter(title="Nyt opslag").exists()


def test_call_is_registered(world: World):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    response = world.client("secretariat").post(
        reverse("fundraising:call-create"),
        {
            "title": "Nyt opslag",
            "source": world.funding_source.pk,
            "deadline": deadline,
            "cofinancing_rate": "25,5",
            "eligible_kinds": ["municipality", "region"],
            "themes": [world.theme.pk],
        },
    )
    call = Call.objects.get(title="Nyt opslag")
    assert response["Location"] == call.get_absolute_url()
    assert call.cofinancing_rate == Decimal("25.5")
    assert call.eligible_kinds == ["municipality", "region"]
    assert list(call.themes.all()) == [world.theme]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_applied": "-1"}, "Beløbet kan ikke være negativt."),
        ({"own_financing": "-100"}, "Beløbet kan ikke være negativt."),
        ({"title": ""}, "Skriv ansøgningens titel."),
    ],
)
def test_application_form_rejects_bad_input_in_danish(world: World, data, message):
    post = {"title": "Ny ansøgning", "applicant": world.municipality_a.organisation.pk, **data}
    response = world.client("secretariat").post(reverse("fundraising:application-create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_share_form_rejects_bad_input_in_danish(world: World):
    url = reverse("fundraising:partner-update", args=[world.partner_a.pk])
    client = world.client("coordinator_a")
    page = client.post(url, {"share_percent": "150", "lock_version": 1}).content.decode()
    assert "Procent skal være mellem 0 og 100." in page
    page = client.post(url, {"share_amount": "-3", "lock_version": 1}).content.decode()
    assert "Beløbet kan ikke være negativt." in page


def test_application_created_with_applicant_as_lead_partner(world: World):
    response = world.client("secretariat").post(
        reverse("fundraising:application-create"),
        {
            "title": "Ny ansøgning",
            "call": world.call.pk,
            "applicant": world.municipality_b.organisation.pk,
            "amount_applied": "250000",
            "initiatives": [world.initiative_b.pk],
        },
    )
    application = Application.objects.get(title="Ny ansøgning")
    assert response["Location"] == application.get_absolute_url()
    lead = application.partners.get()
    assert lead.is_lead and lead.organisation == world.municipality_b.organisation
    assert list(application.initiatives.all()) == [world.initiative_b]
    assert application.state == State.IDEA


def test_document_upload_is_checked_and_served_privately(world: World):
    client = world.client("secretariat")
    url = reverse("fundraising:document-create", args=[world.application_a.pk])
    fake = SimpleUploadedFile("budget.pdf", b"not a pdf")
    page = client.post(url, {"title": "Falsk", "file": fake}).content.decode()
    assert "Filen ligner ikke en rigtig PDF." in page
    script = SimpleUploadedFile("virus.exe", b"MZ")
    page = client.post(url, {"title": "Program", "file": script}).content.decode()
    assert "Filtypen .exe kan ikke uploades." in page
    good = SimpleUploadedFile("ansoegning.pdf", b"%PDF-1.7 ansoegning")
    assert client.post(url, {"title": "Ansøgningen", "file": good}).status_code == 302
    document = world.application_a.documents.get(title="Ansøgningen")
    response = world.client("coordinator_a").get(
        reverse("fundraising:document-download", args=[document.pk])
    )
    assert response.status_code == 200 and response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 ansoegning"
    outsider = world.client("coordinator_b")
    assert (
        outsider.get(reverse("fundraising:document-download", args=[document.pk])).status_code
        == 404
    )
