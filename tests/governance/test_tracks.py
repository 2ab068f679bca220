"""Climate development tracks: the rules of the national agreement (three participants to be
proposed; approval records the decision), the states, who may change a track, and the list's
query count."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import DevelopmentTrack
from governance.services.tracks import TrackRuleError, change_track_state
from networks.models import KnowledgeResource

from ..factories import (
    DevelopmentTrackFactory,
    KnowledgeResourceFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

State = DevelopmentTrack.State
TOO_FEW = "mindst tre deltagende kommuner eller regioner, før det kan foreslås"


def _municipalities(n: int, start: int = 200) -> list:
    return [MunicipalityFactory(code=start + i).organisation for i in range(n)]


def _track(participants: int, state: str = State.IDEA, **kwargs) -> DevelopmentTrack:
    track = DevelopmentTrackFactory(state=state, **kwargs)
    track.participants.set(_municipalities(participants))
    return track


@pytest.fixture
def secretary(world):
    return world.users["secretariat"]


# --- the service ------------------------------------------------------------------------------


def test_two_participants_cannot_propose(world, secretary):
    track = _track(2)
    with pytest.raises(TrackRuleError, match=TOO_FEW):
        change_track_state(track=track, to=State.PROPOSED, by=secretary)
    track.refresh_from_db()
    assert track.state == State.IDEA


def test_other_organisations_do_not_count(world, secretary):
    track = _track(2)
    track.participants.add(OrganisationFactory(name="Et rådgiverfirma"))
    with pytest.raises(TrackRuleError, match=TOO_FEW):
        change_track_state(track=track, to=State.PROPOSED, by=secretary)


def test_three_participants_can_propose_and_history_records_who(world, secretary):
    track = _track(3)
    change_track_state(track=track, to=State.PROPOSED, by=secretary)
    track.refresh_from_db()
    assert track.state == State.PROPOSED
    assert track.history.first().history_user == secretary


def test_approval_needs_body_and_date(world, secretary):
    track = _track(3, state=State.QUALIFIED)
    for kwargs in ({}, {"decided_by": world.body_x}, {"decided_on": timezone.localdate()}):
        with pytest.raises(TrackRuleError, match="organ, der besluttede"):
            change_track_state(track=track, to=State.APPROVED, by=secretary, **kwargs)
    with pytest.raises(TrackRuleError, match="fremtiden"):
        change_track_state(
            track=track,
            to=State.APPROVED,
            by=secretary,
            decided_by=world.body_x,
            decided_on=timezone.localdate() + dt.timedelta(days=1),
        )
    track.refresh_from_db()
    assert (track.state, track.decided_by, track.decided_on) == (State.QUALIFIED, None, None)
    change_track_state(
        track=track,
        to=State.APPROVED,
        by=secretary,
        decided_by=world.body_x,
        decided_on=dt.date(2026, 3, 1),
    )
    track.refresh_from_db()
    assert (track.state, track.decided_by, track.decided_on) == (
        State.APPROVED,
        world.body_x,
        dt.date(2026, 3, 1),
    )


def test_database_refuses_an_approved_track_without_decision(world):
    track = _track(3, state=State.QUALIFIED)
    track.state = State.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        track.save()
    track.refresh_from_db()
    assert track.state == State.QUALIFIED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (State.IDEA, State.QUALIFIED),
        (State.IDEA, State.APPROVED),
        (State.PROPOSED, State.PROPOSED),
        (State.QUALIFIED, State.PROPOSED),
        (State.RUNNING, State.IDEA),
        (State.CLOSED, State.RUNNING),
        (State.IDEA, "nonsense"),
    ],
)
def test_invalid_transitions_are_refused(world, secretary, start, to):
    decided = {"decided_by": world.body_x, "decided_on": dt.date(2026, 1, 5)}
    approved = start in (State.RUNNING, State.CLOSED)
    track = _track(3, state=start, evaluation="Godt", **(decided if approved else {}))
    with pytest.raises(TrackRuleError):
        change_track_state(track=track, to=to, by=secretary, **decided)
    track.refresh_from_db()
    assert track.state == start


def test_a_qualified_track_can_go_back_to_idea(world, secretary):
    track = _track(3, state=State.QUALIFIED)
    change_track_state(track=track, to=State.IDEA, by=secretary)
    track.refresh_from_db()
    assert track.state == State.IDEA


def test_closing_needs_an_evaluation(world, secretary):
    track = _track(
        3, state=State.EVALUATED, decided_by=world.body_x, decided_on=dt.date(2026, 1, 5)
    )
    with pytest.raises(TrackRuleError, match=r"Tilføj evalueringen, før sporet afsluttes\."):
        change_track_state(track=track, to=State.CLOSED, by=secretary)
    track.evaluation = "Sporet nåede sine mål."
    track.save()
    change_track_state(track=track, to=State.CLOSED, by=secretary)
    track.refresh_from_db()
    assert track.state == State.CLOSED


# --- the views --------------------------------------------------------------------------------


def test_view_refuses_proposal_with_two_participants(world):
    track = _track(2)
    response = world.client("secretariat").post(
        reverse("governance:track-state", kwargs={"pk": track.pk}), {"to": State.PROPOSED}
    )
    assert response.status_code == 200
    assert TOO_FEW in response.content.decode()
    track.refresh_from_db()
    assert track.state == State.IDEA


def test_view_proposes_with_three_participants(world):
    track = _track(3)
    url = reverse("governance:track-state", kwargs={"pk": track.pk})
    response = world.client("secretariat").post(url, {"to": State.PROPOSED}, follow=True)
    assert response.redirect_chain[-1][0] == track.get_absolute_url()
    assert "Foreslået" in response.content.decode()
    track.refresh_from_db()
    assert track.state == State.PROPOSED


def test_view_refuses_approval_without_decision(world):
    track = _track(3, state=State.QUALIFIED)
    url = reverse("governance:track-state", kwargs={"pk": track.pk})
    response = world.client("secretariat").post(url, {"to": State.APPROVED})
    assert response.status_code == 200
    assert "organ, der besluttede" in response.content.decode()
    response = world.client("secretariat").post(
        url, {"to": State.APPROVED, "decided_by": world.body_x.pk, "decided_on": "i går"}
    )
    assert "Skriv datoen som åååå-mm-dd." in response.content.decode()
    track.refresh_from_db()
    assert track.state == State.QUALIFIED
    world.client("secretariat").post(
        url, {"to": State.APPROVED, "decided_by": world.body_x.pk, "decided_on": "2026-02-02"}
    )
    track.refresh_from_db()
    assert (track.state, track.decided_by, track.decided_on) == (
        State.APPROVED,
        world.body_x,
        dt.date(2026, 2, 2),
    )


def test_view_refuses_a_skipped_state(world):
    track = _track(3)
    response = world.client("secretariat").post(
        reverse("governance:track-state", kwargs={"pk": track.pk}), {"to": State.RUNNING}
    )
    assert "Sporet kan ikke få den valgte status." in response.content.decode()
    track.refresh_from_db()
    assert track.state == State.IDEA


def test_create_and_edit_do_not_set_state(world):
    orgs = _municipalities(3)
    client = world.client("secretariat")
    data = {
        "title": "Cirkulært byggeri",
        "problem": "For meget affald.",
        "participants": [o.pk for o in orgs],
        "budget": "250000",
        "state": State.CLOSED,
    }
    response = client.post(reverse("governance:track-create"), data)
    track = DevelopmentTrack.objects.get(title="Cirkulært byggeri")
    assert response.status_code == 302
    assert track.state == State.IDEA
    assert set(track.participants.all()) == set(orgs)
    data |= {"title": "Cirkulært byggeri 2", "lock_version": track.lock_version}
    client.post(reverse("governance:track-update", kwargs={"pk": track.pk}), data)
    track.refresh_from_db()
    assert (track.title, track.state) == ("Cirkulært byggeri 2", State.IDEA)


def test_participants_are_municipalities_and_regions_only(world):
    other = OrganisationFactory(name="Et rådgiverfirma")
    response = world.client("secretariat").post(
        reverse("governance:track-create"), {"title": "Spor", "participants": [other.pk]}
    )
    assert response.status_code == 200
    assert not DevelopmentTrack.objects.filter(title="Spor").exists()


def test_negative_budget_is_refused_in_danish(world):
    response = world.client("secretariat").post(
        reverse("governance:track-create"), {"title": "Spor", "budget": "-5"}
    )
    assert response.status_code == 200
    assert "Budgettet kan ikke være negativt." in response.content.decode()
    assert not DevelopmentTrack.objects.filter(title="Spor").exists()


def test_a_proposed_track_keeps_three_participants(world):
    track = _track(3, state=State.PROPOSED)
    keep = list(track.participants.values_list("pk", flat=True))[:2]
    response = world.client("secretariat").post(
        reverse("governance:track-update", kwargs={"pk": track.pk}),
        {"title": track.title, "participants": keep, "lock_version": track.lock_version},
    )
    assert response.status_code == 200
    assert "mindst tre deltagende" in response.content.decode()
    assert track.participants.count() == 3


def test_stale_edit_is_refused(world):
    track = world.track
    response = world.client("secretariat").post(
        reverse("governance:track-update", kwargs={"pk": track.pk}),
        {"title": "Ny titel", "lock_version": track.lock_version - 1},
    )
    assert response.status_code == 200
    assert "Nogen har gemt ændringer" in response.content.decode()
    track.refresh_from_db()
    assert track.title == "Fælles ladeinfrastruktur"


@pytest.mark.parametrize("persona", ["coordinator_a", "coordinator_b", "member"])
def test_other_roles_cannot_change_a_track(world, persona):
    track = _track(3)
    client = world.client(persona)
    pk = {"pk": track.pk}
    state = client.post(reverse("governance:track-state", kwargs=pk), {"to": State.PROPOSED})
    update = client.post(
        reverse("governance:track-update", kwargs=pk),
        {"title": "Kapret", "lock_version": track.lock_version},
    )
    create = client.post(reverse("governance:track-create"), {"title": "Kapret"})
    assert (state.status_code, update.status_code, create.status_code) == (404, 404, 403)
    track.refresh_from_db()
    assert track.state == State.IDEA
    assert not DevelopmentTrack.objects.filter(title="Kapret").exists()


def test_list_filters_by_state(world):
    _track(3, state=State.PROPOSED, title="Foreslået spor")
    client = world.client("member")
    response = client.get(reverse("governance:track-list"), {"status": State.PROPOSED})
    body = response.content.decode()
    assert "Foreslået spor" in body
    assert "Fælles ladeinfrastruktur" not in body


def test_list_query_count_does_not_grow(world):
    client = world.client("coordinator_a")
    url = reverse("governance:track-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    _track(3, state=State.APPROVED, decided_by=world.body_x, decided_on=dt.date(2026, 1, 2))
    once = count()
    for i in range(10):
        track = DevelopmentTrackFactory(
            state=State.APPROVED, decided_by=world.body_y, decided_on=dt.date(2026, 1, 3)
        )
        track.participants.set(_municipalities(3, start=300 + 3 * i))
    assert count() == once


# --- knowledge products: library resources -----------------------------------------------------


def _from_track(title: str, **kwargs):
    return KnowledgeResourceFactory(
        title=title, source=KnowledgeResource.Source.TRACK, url="https://example.org/x", **kwargs
    )


def test_secretariat_attaches_library_resources_as_knowledge_products(world):
    product = _from_track("Evalueringsrapport om ladestandere")
    elsewhere = KnowledgeResourceFactory(title="Fra en kommune")  # not from a track: not offered
    track = world.track
    client = world.client("secretariat")
    url = reverse("governance:track-update", kwargs={"pk": track.pk})
    form = client.get(url).context["form"]
    assert list(form.fields["knowledge_resources"].queryset) == [product]
    data = {
        "title": track.title,
        "participants": [world.municipality_a.organisation.pk],
        "knowledge_resources": [product.pk],
        "other_products": "Et oplæg på årskonferencen",
        "lock_version": track.lock_version,
    }
    assert client.post(url, data).status_code == 302
    assert list(track.knowledge_resources.all()) == [product]
    refused = client.post(url, data | {"knowledge_resources": [elsewhere.pk], "lock_version": 2})
    assert refused.status_code == 200
    assert list(track.knowledge_resources.all()) == [product]


def test_track_page_lists_its_resources_for_role_holders(world):
    public = _from_track("Offentlig slutrapport")
    internal = _from_track("Intern erfaringsopsamling", is_public=False)
    _from_track("Et andet spors rapport")
    world.track.knowledge_resources.set([public, internal])
    world.track.other_products = "Et oplæg på årskonferencen"
    world.track.save()
    body = world.client("coordinator_b").get(world.track.get_absolute_url()).content.decode()
    assert public.get_absolute_url() in body
    assert internal.get_absolute_url() in body  # role holders read the library's internal items
    assert "Et andet spors rapport" not in body
    assert "Et oplæg på årskonferencen" in body


def test_resource_page_links_back_to_its_track_only_for_role_holders(world):
    product = _from_track("Offentlig slutrapport")
    world.track.knowledge_resources.add(product)
    member = world.client("member").get(product.get_absolute_url()).content.decode()
    assert world.track.get_absolute_url() in member
    anonymous = world.client("anonymous").get(product.get_absolute_url())
    assert anonymous.status_code == 200
    assert world.track.get_absolute_url() not in anonymous.content.decode()


def test_track_page_query_count_does_not_grow_with_resources(world):
    client = world.client("member")
    url = world.track.get_absolute_url()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    world.track.knowledge_resources.add(_from_track("Rapport 0"))
    once = count()
    world.track.knowledge_resources.add(*[_from_track(f"Rapport {n}") for n in range(1, 10)])
    assert count() == once


def test_closing_in_the_view_without_evaluation_says_why(world):
    track = _track(
        3, state=State.EVALUATED, decided_by=world.body_x, decided_on=dt.date(2026, 1, 5)
    )
    response = world.client("secretariat").post(
        reverse("governance:track-state", kwargs={"pk": track.pk}), {"to": State.CLOSED}
    )
    assert response.status_code == 200
    assert "Tilføj evalueringen, før sporet afsluttes." in response.content.decode()
    track.refresh_from_db()
    assert track.state == State.EVALUATED


def test_a_closed_track_keeps_its_evaluation(world):
    track = _track(
        3,
        state=State.CLOSED,
        decided_by=world.body_x,
        decided_on=dt.date(2026, 1, 5),
        evaluation="Sporet nåede sine mål.",
    )
    response = world.client("secretariat").post(
        reverse("governance:track-update", kwargs={"pk": track.pk}),
        {
            "title": track.title,
            "participants": list(track.participants.values_list("pk", flat=True)),
            "evaluation": "  ",
            "lock_version": track.lock_version,
        },
    )
    assert response.status_code == 200
    assert "Et afsluttet spor skal have en evaluering." in response.content.decode()
    track.refresh_from_db()
    assert track.evaluation == "Sporet nåede sine mål."
