"""The permission policy, by persona: who sees and who edits what."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from actionplans.models import EmissionRecord, Initiative, Theme
from alliance import policy
from alliance.models import GeneratedDocument
from alliance.policies import visible_documents
from fundraising.models import Application, Partner
from governance.models import DevelopmentTrack, Meeting, Membership
from municipalities.models import Coordinator, Municipality

from .conftest import World

pytestmark = pytest.mark.django_db


def test_coordinator_edits_only_own_municipality(world: World):
    a, b = world.municipality_a, world.municipality_b
    coordinator = world.users["coordinator_a"]
    assert list(policy.editable(coordinator, Municipality)) == [a]
    assert policy.can_edit(coordinator, a)
    assert not policy.can_edit(coordinator, b)
    assert policy.can_view(coordinator, b), "learning across borders: others are readable"


def test_secretariat_edits_every_municipality(world: World):
    assert set(policy.editable(world.users["secretariat"], Municipality)) == {
        world.municipality_a,
        world.municipality_b,
    }


def test_account_without_role_sees_no_municipality(world: World):
    user = world.users["norole"]
    assert not policy.visible(user, Municipality).exists()
    response = world.client("norole").get(reverse("municipalities:detail", args=[101]))
    assert response.status_code == 404


def test_revoked_coordinator_loses_access_on_next_request(world: World):
    client = world.client("coordinator_a")
    assert client.get(reverse("municipalities:detail", args=[147])).status_code == 200
    Coordinator.objects.filter(user=world.users["coordinator_a"]).update(is_active=False)
    assert client.get(reverse("municipalities:detail", args=[147])).status_code == 404
    assert client.get(reverse("home")).status_code == 200  # the "no role yet" page


def test_ended_membership_hides_the_body_meetings(world: World):
    member = world.users["member"]
    assert list(policy.visible(member, Meeting)) == [world.meeting_x]
    Membership.objects.filter(user=member).update(end=timezone.localdate() - dt.timedelta(days=1))
    fresh = type(member).objects.get(pk=member.pk)  # as on the next request
    assert not policy.visible(fresh, Meeting).exists()


def test_member_sees_only_own_body_meetings(world: World):
    assert not policy.visible(world.users["nonmember"], Meeting).exists()
    assert not policy.visible(world.users["coordinator_a"], Meeting).exists()
    page = world.client("nonmember").get(
        reverse("governance:body-detail", args=[world.body_x.slug])
    )
    assert world.meeting_x.title not in page.content.decode()
    page = world.client("member").get(reverse("governance:body-detail", args=[world.body_x.slug]))
    assert world.meeting_x.title in page.content.decode()


def test_models_without_a_rule_are_secretariat_only(world: World):
    Group.objects.create(name="Test")
    assert not policy.visible(world.users["coordinator_a"], Group).exists()
    assert policy.visible(world.users["secretariat"], Group).count() == 1


def test_home_is_the_bodies_page_for_a_member(world: World):
    """Rendered at `/` without a redirect: the same page as at `governance:mine`."""
    client = world.client("member")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "governance/my_bodies.html" in [t.name for t in response.templates]
    assert world.body_x.name in response.content.decode()
    assert world.body_x.name in client.get(reverse("governance:mine")).content.decode()


def test_home_is_the_municipality_page_for_its_coordinator(world: World):
    """Rendered at `/` without a redirect: the same page as at the municipality's own address."""
    client = world.client("coordinator_a")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "municipalities/municipality_detail.html" in [t.name for t in response.templates]
    assert response.context["municipality"] == world.municipality_a
    own = client.get(world.municipality_a.get_absolute_url())
    assert "<h1>København</h1>" in response.content.decode()
    assert response.content.decode().count(
        "Ladestandere i København"
    ) == own.content.decode().count("Ladestandere i København")


def test_home_is_the_region_dashboard_for_the_secretariat(world: World):
    response = world.client("secretariat").get(reverse("home"))
    assert response.status_code == 200
    assert "Regionen på et øjeblik" in response.content.decode()


def test_coordinator_of_several_municipalities_gets_the_list(world: World):
    Coordinator.objects.create(user=world.users["coordinator_a"], municipality=world.municipality_b)
    response = world.client("coordinator_a").get(reverse("home"))
    assert response["Location"] == "/kommuner/"


def test_forbidden_page_does_not_claim_the_user_saw_the_page(world: World):
    """A coordinator opening a secretariat-only form never saw it: the 403 page says so plainly."""
    response = world.client("coordinator_a").get(reverse("actionplans:theme-create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du kan se siden" not in page
    assert "giver ikke adgang til denne side eller til det, du forsøgte at gøre" in page


# --- Rights to act on a kind as a whole (create and named actions) ------------------------------


def _user(world: World, persona: str):
    return world.users[persona] or AnonymousUser()


def test_only_the_secretariat_creates_by_default(world: World, persona: str):
    user = _user(world, persona)
    expected = persona == "secretariat"
    assert policy.can_create(user, DevelopmentTrack) is expected
    assert policy.can_create(user, "networks.KnowledgeResource") is expected
    assert policy.can_create(user, Theme) is expected


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("anonymous", Http404),
        ("norole", Http404),
        ("coordinator_a", PermissionDenied),
        ("member", PermissionDenied),
        ("secretariat", None),
    ],
)
def test_require_create_hides_from_outsiders_and_refuses_other_roles(world, persona, outcome):
    user = _user(world, persona)
    if outcome is None:
        assert policy.require_create(user, Meeting) is None
    else:
        with pytest.raises(outcome):
            policy.require_create(user, Meeting)


def test_named_rights_answer_for_their_personas(world: World):
    users = world.users
    assert policy.can(users["coordinator_a"], "list", Application)
    assert not policy.can(users["member"], "list", Application)
    assert policy.can(users["member"], "export", Initiative)
    assert not policy.can(users["norole"], "export", Initiative)
    assert policy.can(users["secretariat"], "import", EmissionRecord)
    assert not policy.can(users["coordinator_a"], "import", EmissionRecord)
    with pytest.raises(PermissionDenied):
        policy.require(users["coordinator_a"], "delete", Partner)


def test_an_unknown_right_fails_loudly(world: World):
    with pytest.raises(AttributeError):
        policy.can(world.users["secretariat"], "fly", Initiative)


def test_documents_of_one_subject_follow_the_document_rule(world: World):
    """`visible_documents` (one kind about one subject, for a page) answers as the rule for all
    documents does: profiles with their municipality, minutes approved only, for every persona."""
    states = GeneratedDocument.State
    made = [
        (world.municipality_a, "municipality-profile", states.DRAFT),
        (world.municipality_b, "municipality-profile", states.DRAFT),
        (world.meeting_x, "meeting-minutes", states.DRAFT),
        (world.meeting_x, "meeting-minutes", states.APPROVED),
    ]
    for version, (subject, kind, state) in enumerate(made, start=1):
        GeneratedDocument.objects.create(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            version=version,
            title=f"{kind} {version}",
            state=state,
            approved_at=timezone.now() if state == states.APPROVED else None,
            file=ContentFile(b"%PDF-1.7", name="document.pdf"),
            sha256="0" * 64,
            size=8,
            page_count=1,
        )
    seen = 0
    for persona in world.users:
        user = _user(world, persona)
        for subject, kind, _state in made:
            expected = set(
                policy.visible(user, GeneratedDocument.objects.for_subject(subject))
                .filter(kind=kind)
                .values_list("pk", flat=True)
            )
            found = set(visible_documents(user, subject, kind).values_list("pk", flat=True))
            assert found == expected, (persona, subject, kind)
            seen += len(found)
    assert seen > 4  # the secretariat sees all four, others some
