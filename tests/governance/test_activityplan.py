"""The annual activity plan: sums against the budget frame on known numbers, over budget blocking
submission, starting as a copy of last year's, the frame from the alliance's contributions, the PDF
job, approval only by the political steering group, the frozen approved PDF, who reads what,
bad input, concurrent edits and the plan page's query count."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import GeneratedDocument
from fundraising.models import Contribution
from governance.models import ActivityPlan, AgendaItem, Meeting, PlannedActivity
from governance.services import activityplan
from governance.services.activityplan import ActivityPlanError
from governance.services.meetings import MeetingRuleError, record_decision
from tests.factories import (
    AgendaItemFactory,
    DevelopmentTrackFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
)
from tests.pdf_structure import assert_tagged, text_in_order

from .activityplan_factories import (
    ActivityPlanFactory,
    FrameLineFactory,
    PlannedActivityFactory,
)

pytestmark = pytest.mark.usefixtures("in_process_jobs")

D = Decimal


def url(name: str, **kwargs) -> str:
    return reverse(f"governance:{name}", kwargs=kwargs)


@pytest.fixture
def plan(world):
    """A hand-built plan with known numbers: a frame of 2.75 staff years and 250,000 kr.; three
    activities of 2.50 staff years and 220,000 kr. in all."""
    plan = ActivityPlanFactory(year=2027, introduction="Året, hvor netværkene modnes.")
    region = OrganisationFactory(name="Region Hovedstaden")
    kkr = OrganisationFactory(name="KKR Hovedstaden")
    FrameLineFactory(plan=plan, partner=region, staff_years=D("1.50"), dkk=D("250000"))
    FrameLineFactory(plan=plan, partner=kkr, staff_years=D("1.25"), dkk=D("0"))
    PlannedActivityFactory(plan=plan, title="Netværksmøder", staff_years=D("0.50"), dkk=D("40000"))
    PlannedActivityFactory(plan=plan, title="Årskonference", staff_years=D("1.25"), dkk=D("120000"))
    PlannedActivityFactory(plan=plan, title="Analyser", staff_years=D("0.75"), dkk=D("60000"))
    return plan


def generate(plan, user, django_capture_on_commit_callbacks) -> GeneratedDocument:
    with django_capture_on_commit_callbacks(execute=True):
        activityplan.request_pdf(plan=plan, by=user)
    return activityplan.documents(plan).first()


@pytest.fixture
def approving_meeting(world):
    """A meeting of the political steering group (body X) that began today, at local midnight
    (an hour ago would be yesterday between midnight and one o'clock)."""
    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min)
    return MeetingFactory(
        body=world.body_x,
        title="Årsmøde",
        starts_at=timezone.make_aware(midnight),
        state=Meeting.State.PUBLISHED,
    )


def submit_and_put_on_agenda(plan, meeting, user, capture) -> tuple[GeneratedDocument, AgendaItem]:
    generate(plan, user, capture)
    document = activityplan.submit_document(plan=plan, by=user)
    item = activityplan.put_on_agenda(plan=plan, meeting=meeting, by=user)
    return document, item


def approve(item: AgendaItem, user) -> AgendaItem:
    return record_decision(
        item=item,
        outcome=AgendaItem.Outcome.APPROVED,
        decision_text="Godkendt.",
        minutes="",
        by=user,
        expected_version=item.lock_version,
    )


# --- Sums ---------------------------------------------------------------------------------------


def test_sums_against_the_frame_on_known_numbers(world, plan):
    totals = activityplan.totals(plan)
    assert totals.frame_staff_years == D("2.75") and totals.frame_dkk == D("250000")
    assert totals.planned_staff_years == D("2.50") and totals.planned_dkk == D("220000")
    assert totals.remaining_staff_years == D("0.25") and totals.remaining_dkk == D("30000")
    assert totals.within_budget
    page = world.client("secretariat").get(plan.get_absolute_url()).content.decode()
    for shown in ("2,75", "250.000", "2,5", "220.000", "0,25", "30.000"):
        assert shown in page
    assert "Over budget" not in page


def test_over_budget_is_shown_and_blocks_submission(
    world, plan, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    PlannedActivityFactory(plan=plan, title="Ekstra", staff_years=D("0.50"), dkk=D("50000"))
    totals = activityplan.totals(plan)
    assert totals.over_staff_years and totals.over_dkk and not totals.within_budget
    client = world.client("secretariat")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Over budget" in page and 'data-over="true"' in page
    document = generate(plan, secretariat, django_capture_on_commit_callbacks)
    response = client.post(url("activityplan-submit", year=plan.year), follow=True)
    assert (
        "Aktiviteterne overskrider budgetrammen med 0,25 årsværk og 20.000 kr."
        in response.content.decode()
    )
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.DRAFT
    # Within the frame again (and a new version of the changed plan), it can be submitted.
    PlannedActivity.objects.get(title="Ekstra").delete()
    activityplan._touch(plan, secretariat)
    generate(plan, secretariat, django_capture_on_commit_callbacks)
    submitted = activityplan.submit_document(plan=plan, by=secretariat)
    assert submitted.state == GeneratedDocument.State.SUBMITTED and submitted.version == 2


def test_an_out_of_date_version_cannot_be_submitted(
    world, plan, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    generate(plan, secretariat, django_capture_on_commit_callbacks)
    activity = plan.activities.first()
    activity.title = "Netværksmøder og webinarer"
    activityplan.save_activity(
        activity=activity, by=secretariat, expected_version=activity.lock_version
    )
    with pytest.raises(ActivityPlanError, match="Planen er ændret, siden version 1"):
        activityplan.submit_document(plan=plan, by=secretariat)


# --- Starting a plan ------------------------------------------------------------------------------


def test_start_as_a_copy_of_last_years_plan(world, plan, django_capture_on_commit_callbacks):
    secretariat = world.users["secretariat"]
    first = plan.activities.first()
    first.initiatives.add(world.initiative_a)
    first.tracks.add(world.track)
    first.network = world.network
    first.save()
    generate(plan, secretariat, django_capture_on_commit_callbacks)
    client = world.client("secretariat")
    response = client.post(url("activityplan-create"), {"year": 2028, "start": "copy"})
    copy = ActivityPlan.objects.get(year=2028)
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert copy.copied_from == plan and copy.introduction == plan.introduction
    assert activityplan.totals(copy) == activityplan.totals(plan)
    assert list(copy.activities.values_list("title", flat=True)) == [
        "Netværksmøder",
        "Årskonference",
        "Analyser",
    ]
    copied = copy.activities.get(title="Netværksmøder")
    assert copied.pk != first.pk and copied.network == world.network
    assert list(copied.initiatives.all()) == [world.initiative_a]
    assert list(copied.tracks.all()) == [world.track]
    assert not activityplan.documents(copy).exists()  # not its documents
    assert plan.activities.count() == 3  # the original is untouched
    assert copied.history.first().history_user == secretariat


def test_copy_without_last_years_plan_and_a_second_plan_for_a_year_are_refused(world, plan):
    client = world.client("secretariat")
    page = client.post(url("activityplan-create"), {"year": 2030, "start": "copy"})
    assert "Der er ingen aktivitetsplan for 2029 at kopiere." in page.content.decode()
    page = client.post(url("activityplan-create"), {"year": 2027, "start": "empty"})
    assert "Der findes allerede en aktivitetsplan for 2027." in page.content.decode()
    assert ActivityPlan.objects.filter(year__in=[2027, 2030]).count() == 1


def test_a_new_plans_frame_comes_from_the_alliances_contributions(world):
    region = OrganisationFactory(name="Region Hovedstaden")
    kkr = OrganisationFactory(name="KKR Hovedstaden")
    for organisation, years, amount in ((region, "1.5", 250000), (kkr, "1.25", None)):
        Contribution.objects.create(
            organisation=organisation,
            starts_on=dt.date(2029, 7, 1),
            ends_on=dt.date(2030, 6, 30),
            staff_years=D(years),
            amount=amount,
        )
    new = activityplan.create_plan(year=2029, by=world.users["secretariat"])
    frame = {line.partner.name: (line.staff_years, line.dkk) for line in new.frame_lines.all()}
    assert frame == {
        "Region Hovedstaden": (D("1.50"), D("250000")),
        "KKR Hovedstaden": (D("1.25"), D("0")),
    }


def test_prefill_the_frame_from_last_years_plan(world, plan):
    later = ActivityPlanFactory(year=2028)
    client = world.client("secretariat")
    response = client.post(url("activityplan-prefill", year=2028), {"source": "previous"})
    assert response.status_code == 302
    assert activityplan.totals(later).frame_staff_years == D("2.75")
    page = client.post(url("activityplan-prefill", year=2028), {"source": "nope"}, follow=True)
    assert "Vælg, hvor rammen skal hentes fra." in page.content.decode()


def test_finances_page_shows_the_plans_spending(world, plan):
    Contribution.objects.create(
        organisation=OrganisationFactory(name="Region Hovedstaden"),
        starts_on=dt.date(2027, 7, 1),
        ends_on=dt.date(2028, 6, 30),
        staff_years=D("1.5"),
        amount=250000,
    )
    page = world.client("secretariat").get(reverse("fundraising:finance-summary"))
    content = page.content.decode()
    assert "Aktivitetsplanen: årsværk" in content and "220.000" in content
    # A member sees no draft plan's spending, so no empty columns either.
    member = world.client("member").get(reverse("fundraising:finance-summary"))
    assert "Aktivitetsplanen" not in member.content.decode()


# --- The PDF ----------------------------------------------------------------------------------


def test_the_pdf_is_made_by_a_job_with_contents_and_page_numbers(
    world, plan, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("activityplan-generate", year=plan.year))
    assert response.status_code == 302
    document = activityplan.documents(plan).get()
    assert document.title == "Aktivitetsplan 2027" and document.state == "draft"
    assert document.verify_checksum() and document.job.state == "done"
    with document.file.open("rb") as fh:
        reader = PdfReader(fh)
        text = "\n".join(page.extract_text() for page in reader.pages)
        outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "Indhold" in text and "Årskonference" in text and "Året, hvor netværkene" in text
    assert f"Side 2 af {len(reader.pages)}" in text  # the cover has no page number
    assert "Budgetramme og forbrug" in outline and "Aktiviteter" in outline
    structure = assert_tagged(document.file.open("rb").read(), title="Aktivitetsplan 2027")
    assert structure.kinds["H1"] and structure.kinds["TH"] and structure.kinds["TD"]
    assert "Indhold" in text_in_order(document.file.open("rb").read())
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Version 1 er en kladde" in page and "Indstil version 1 til godkendelse" in page


# --- Approval -----------------------------------------------------------------------------------


def test_only_the_political_steering_group_approves_the_plan(
    world, plan, approving_meeting, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    document, item = submit_and_put_on_agenda(
        plan, approving_meeting, secretariat, django_capture_on_commit_callbacks
    )
    assert item.kind == AgendaItem.Kind.DECISION and item.linked_object == document
    assert item.attachments.get().sha256 == document.sha256  # the PDF as the item's attachment
    # The administrative steering group (body Y) cannot approve it, even with a linked item.
    elsewhere = MeetingFactory(body=world.body_y, starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(MeetingRuleError, match="godkendes af Politisk styregruppe"):
        activityplan.put_on_agenda(plan=plan, meeting=elsewhere, by=secretariat)
    wrong = AgendaItemFactory(
        meeting=elsewhere,
        kind=AgendaItem.Kind.DECISION,
        linked_type=item.linked_type,
        linked_id=document.pk,
    )
    with pytest.raises(MeetingRuleError, match="kan kun godkendes af Politisk styregruppe"):
        approve(wrong, secretariat)
    wrong.refresh_from_db()
    document.refresh_from_db()
    assert wrong.outcome == "" and document.state == GeneratedDocument.State.SUBMITTED
    # The political steering group can.
    approve(item, secretariat)
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.APPROVED and document.approved_at
    page = world.client("secretariat").get(plan.get_absolute_url()).content.decode()
    assert "Godkendt af Politisk styregruppe den" in page


def test_a_draft_cannot_be_approved_and_a_rejection_returns_the_plan_to_draft(
    world, plan, approving_meeting, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    document, item = submit_and_put_on_agenda(
        plan, approving_meeting, secretariat, django_capture_on_commit_callbacks
    )
    record_decision(
        item=item,
        outcome=AgendaItem.Outcome.REJECTED,
        decision_text="Sendt tilbage.",
        minutes="",
        by=secretariat,
        expected_version=item.lock_version,
    )
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.DRAFT
    item.refresh_from_db()
    with pytest.raises(MeetingRuleError, match="skal være indstillet"):
        approve(item, secretariat)


def test_an_approved_pdf_is_frozen(
    world, plan, approving_meeting, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    document, item = submit_and_put_on_agenda(
        plan, approving_meeting, secretariat, django_capture_on_commit_callbacks
    )
    approve(item, secretariat)
    document.refresh_from_db()
    with document.file.open("rb") as fh:
        approved_bytes = fh.read()
    checksum = document.sha256
    assert hashlib.sha256(approved_bytes).hexdigest() == checksum
    # Later edits to the plan ...
    activity = plan.activities.first()
    activity.title = "Netværksmøder, flere end planlagt"
    activityplan.save_activity(activity=activity, by=secretariat, expected_version=1)
    world.client("secretariat").post(
        url("activityplan-update", year=plan.year),
        {"introduction": "Ny indledning", "priorities": "", "lock_version": plan.lock_version},
    )
    # ... and a regeneration make a new draft version; the approved one stays as it was.
    regenerated = generate(plan, secretariat, django_capture_on_commit_callbacks)
    assert regenerated.version == 2 and regenerated.state == GeneratedDocument.State.DRAFT
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.APPROVED and document.sha256 == checksum
    with document.file.open("rb") as fh:
        assert fh.read() == approved_bytes
    assert document.verify_checksum() and regenerated.sha256 != checksum
    # The model and the queryset refuse to change it.
    document.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        document.save()
    with pytest.raises(ValidationError):
        GeneratedDocument.objects.filter(pk=document.pk).update(title="Ændret")
    page = world.client("secretariat").get(plan.get_absolute_url()).content.decode()
    assert "Version 2 er en kladde" in page and "Hent den godkendte version 1" in page


def test_readers_see_approved_plans_only(
    world, plan, approving_meeting, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    readers = ("member", "nonmember", "coordinator_a", "coordinator_b")
    for persona in (*readers, "norole"):
        assert world.client(persona).get(plan.get_absolute_url()).status_code == 404
    document, item = submit_and_put_on_agenda(
        plan, approving_meeting, secretariat, django_capture_on_commit_callbacks
    )
    download = reverse("document-download", args=[document.pk])
    assert world.client("member").get(download).status_code == 404  # submitted, not approved
    approve(item, secretariat)
    draft = generate(plan, secretariat, django_capture_on_commit_callbacks)
    for persona in readers:
        client = world.client(persona)
        page = client.get(plan.get_absolute_url())
        assert page.status_code == 200
        content = page.content.decode()
        assert "Godkendt af Politisk styregruppe" in content
        assert "Netværksmøder" not in content  # the working plan is the secretariat's
        assert client.get(download).status_code == 200
        assert client.get(reverse("document-download", args=[draft.pk])).status_code == 404
        listing = client.get(url("activityplan-list")).content.decode()
        assert "Aktivitetsplan 2027" in listing and "Version 1" in listing
    assert world.client("norole").get(plan.get_absolute_url()).status_code == 404
    # From the meeting item, the member reaches the plan.
    item_page = world.client("member").get(item.get_absolute_url()).content.decode()
    assert plan.get_absolute_url() in item_page


def test_put_on_agenda_through_the_page(
    world, plan, approving_meeting, django_capture_on_commit_callbacks
):
    secretariat = world.users["secretariat"]
    generate(plan, secretariat, django_capture_on_commit_callbacks)
    client = world.client("secretariat")
    client.post(url("activityplan-submit", year=plan.year))
    page = client.get(url("activityplan-agenda", year=plan.year)).content.decode()
    assert "Årsmøde" in page
    past = MeetingFactory(body=world.body_x, starts_at=timezone.now() - dt.timedelta(days=30))
    refused = client.post(url("activityplan-agenda", year=plan.year), {"meeting": past.pk})
    assert "Vælg et af de kommende møder på listen." in refused.content.decode()
    response = client.post(
        url("activityplan-agenda", year=plan.year), {"meeting": approving_meeting.pk}
    )
    item = approving_meeting.items.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.title == "Godkendelse af aktivitetsplan 2027"
    again = client.post(
        url("activityplan-agenda", year=plan.year), {"meeting": approving_meeting.pk}
    )
    assert "Versionen står allerede på mødets dagsorden." in again.content.decode()


# --- Input and concurrent edits -----------------------------------------------------------------


def activity_data(**overrides) -> dict:
    data = {
        "title": "Webinar om varmepumper",
        "purpose": "",
        "responsible": "Sekretariatet",
        "quarters": ["2"],
        "staff_years": "0,25",
        "dkk": "15000",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"staff_years": "-0,5"}, "Årsværk kan ikke være negative."),
        ({"dkk": "-100"}, "Beløbet kan ikke være negativt."),
        ({"staff_years": "mange"}, "Skriv årsværk som et tal, fx 1,5."),
        ({"dkk": "12,5"}, "Skriv beløbet som et helt antal kroner."),
        ({"quarters": ["5"]}, "Kvartalet 5 ligger ikke i planens år"),
        ({"quarters": ["0"]}, "Kvartalet 0 ligger ikke i planens år"),
        ({"quarters": []}, "Vælg mindst ét kvartal."),
        ({"title": ""}, "Skriv aktivitetens titel."),
        ({"network": "999999"}, "Vælg fra listen."),
    ],
)
def test_bad_activity_input_is_rejected_in_danish(world, plan, overrides, message):
    client = world.client("secretariat")
    response = client.post(
        url("activityplan-activity-create", year=plan.year), activity_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert plan.activities.count() == 3


def test_an_activity_is_added_with_quarters_and_sums(world, plan):
    client = world.client("secretariat")
    data = activity_data(quarters=["2", "3"], network=world.network.pk)
    data["initiatives"] = [world.initiative_a.pk]
    data["tracks"] = [world.track.pk]
    response = client.post(url("activityplan-activity-create", year=plan.year), data)
    assert response.status_code == 302
    activity = plan.activities.get(title="Webinar om varmepumper")
    assert activity.quarters == [2, 3] and activity.staff_years == D("0.25")
    assert activity == list(plan.activities.all())[-1] and list(activity.initiatives.all()) == [
        world.initiative_a
    ]
    assert activity.history.first().history_user == world.users["secretariat"]
    assert activityplan.totals(plan).planned_staff_years == D("2.75")


def test_bad_frame_and_year_input_is_rejected_in_danish(world, plan):
    client = world.client("secretariat")
    region = plan.frame_lines.get(partner__name="Region Hovedstaden")
    data = {
        "frame-TOTAL_FORMS": "1",
        "frame-INITIAL_FORMS": "0",
        "lock_version": plan.lock_version,
        "frame-0-partner": region.partner_id,
        "frame-0-staff_years": "-1",
        "frame-0-dkk": "-5",
    }
    page = client.post(url("activityplan-frame", year=plan.year), data).content.decode()
    assert "Årsværk kan ikke være negative." in page and "Beløbet kan ikke være negativt." in page
    assert activityplan.totals(plan).frame_staff_years == D("2.75")
    page = client.post(url("activityplan-create"), {"year": "1999", "start": "empty"})
    assert "Alliancens periode begynder i 2023." in page.content.decode()
    page = client.post(url("activityplan-create"), {"year": "to tusind", "start": "empty"})
    assert "Skriv året med fire cifre" in page.content.decode()


def test_the_frame_is_saved_and_a_stale_frame_is_refused(world, plan):
    client = world.client("secretariat")
    partner = OrganisationFactory(name="Gate 21")
    data = {
        "frame-TOTAL_FORMS": "1",
        "frame-INITIAL_FORMS": "0",
        "lock_version": plan.lock_version,
        "frame-0-partner": partner.pk,
        "frame-0-staff_years": "3,5",
        "frame-0-dkk": "300000",
    }
    response = client.post(url("activityplan-frame", year=plan.year), data)
    assert response.status_code == 302
    totals = activityplan.totals(plan)
    assert (totals.frame_staff_years, totals.frame_dkk) == (D("3.50"), D("300000"))
    stale = client.post(url("activityplan-frame", year=plan.year), data)  # the old version
    assert "Nogen har gemt ændringer, siden du åbnede formularen." in stale.content.decode()
    garbage = client.post(url("activityplan-frame", year=plan.year), {**data, "lock_version": "x"})
    assert "Nogen har gemt ændringer" in garbage.content.decode()


def test_concurrent_edits_of_an_activity_are_caught(world, plan):
    client = world.client("secretariat")
    activity = plan.activities.first()
    edit = url("activityplan-activity-update", pk=activity.pk)
    first = client.post(edit, activity_data(title="Først gemt", lock_version=1))
    assert first.status_code == 302
    second = client.post(edit, activity_data(title="Sidst gemt", lock_version=1))
    content = second.content.decode()
    assert "Nogen har gemt ændringer, siden du åbnede formularen." in content
    assert 'value="Sidst gemt"' in content  # what the user typed is kept
    activity.refresh_from_db()
    assert activity.title == "Først gemt"


def test_plan_narrative_stale_edit_is_caught(world, plan):
    client = world.client("secretariat")
    edit = url("activityplan-update", year=plan.year)
    client.post(edit, {"introduction": "A", "priorities": "", "lock_version": 1})
    second = client.post(edit, {"introduction": "B", "priorities": "", "lock_version": 1})
    assert "Nogen har gemt ændringer" in second.content.decode()
    plan.refresh_from_db()
    assert plan.introduction == "A" and plan.history.first().history_user.is_secretariat


# --- Query count ----------------------------------------------------------------------------------


def _grow(plan, world, count: int) -> None:
    for n in range(count):
        activity = PlannedActivityFactory(plan=plan, network=world.network)
        activity.initiatives.add(InitiativeFactory(plan=world.plan_a, title=f"Indsats {n}"))
        activity.tracks.add(DevelopmentTrackFactory(title=f"Spor {n}"))


@pytest.mark.parametrize("count", [2, 20])
def test_plan_page_query_count_does_not_grow(
    world, plan, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _grow(plan, world, count)
    generate(plan, world.users["secretariat"], django_capture_on_commit_callbacks)
    client = world.client("secretariat")
    client.get(plan.get_absolute_url())  # warm the session and content types
    with django_assert_max_num_queries(24):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("activityplan-list")).status_code == 200


def test_agenda_forms_carry_the_version_they_were_read_at(world):
    """The decision form (like the meeting, item and follow-up forms) posts back its lock_version,
    so saving what the page showed is not mistaken for a stale edit."""
    client = world.client("secretariat")
    page = client.get(reverse("governance:item-decision", args=[world.item_x.pk])).content.decode()
    assert f'name="lock_version" value="{world.item_x.lock_version}"' in page
