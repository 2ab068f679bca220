import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command
from django.utils import timezone

from actionplans.models import EmissionRecord, Indicator, Initiative, Plan, Theme
from alliance.models import User
from governance.demo import DEMO_MEETINGS_PER_YEAR
from governance.models import Body, BodyRelation, DevelopmentTrack, Meeting, Membership, Seat
from municipalities.models import Coordinator, Municipality, Organisation
from networks.models import Activity, Network, NetworkMember, VipProject, WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data():
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_refuses_outside_debug_mode(reference_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_gives_every_role_a_login_and_is_labelled(reference_data, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    output = capsys.readouterr().out
    for email in ("sekretariat@demo.invalid", "koordinator@demo.invalid", "medlem@demo.invalid"):
        assert email in output
        assert User.objects.get(email=email).check_password("klimademo-2026")
    assert User.objects.get(email="sekretariat@demo.invalid").is_secretariat
    assert Coordinator.objects.get(user__email="koordinator@demo.invalid").municipality.code == 101
    assert Coordinator.objects.count() == 29
    assert all(u.name.endswith("(demo)") for u in User.objects.all())
    assert all(m.title.endswith("(demo)") for m in Meeting.objects.all())
    # The demo secretariat's second factor: the fixed demo TOTP secret, printed with the logins.
    assert "KLIMADEMOSEKRETARIATDEMOTOTPKEYS" in output
    [totp] = Authenticator.objects.filter(user__email="sekretariat@demo.invalid")
    assert totp.type == Authenticator.Type.TOTP
    assert not Authenticator.objects.exclude(user__email="sekretariat@demo.invalid").exists()


def test_seed_demo_prints_the_demo_secretariats_code_of_this_moment(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--code")
    code = capsys.readouterr().out.strip()
    assert validate_totp_code("KLIMADEMOSEKRETARIATDEMOTOTPKEYS", code)


def test_seed_demo_is_deterministic_and_safe_to_run_twice(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = sorted(User.objects.values_list("name", flat=True))
    meetings = Meeting.objects.count()
    call_command("seed_demo")
    assert sorted(User.objects.values_list("name", flat=True)) == first
    assert Meeting.objects.count() == meetings

    User.objects.all().delete()
    Meeting.objects.all().delete()
    call_command("seed_demo")
    assert sorted(User.objects.values_list("name", flat=True)) == first


def test_seed_demo_scale_multiplies_meetings(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=3)
    regional = Body.objects.filter(level=Body.Level.REGIONAL)
    per_year = sum(b.meetings_per_year or DEMO_MEETINGS_PER_YEAR.get(b.slug, 4) for b in regional)
    assert per_year > 0
    assert Meeting.objects.count() == 3 * per_year


def test_every_demo_member_has_a_coming_meeting(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    member = User.objects.get(email="medlem@demo.invalid")
    assert Meeting.objects.upcoming().filter(body__memberships__user=member).exists()
    assert Meeting.objects.filter(starts_at__lt=timezone.now()).exists()


def test_demo_tracks_in_three_states(reference_data, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    tracks = {t.state: t for t in DevelopmentTrack.objects.all()}
    State = DevelopmentTrack.State
    assert set(tracks) == {State.IDEA, State.APPROVED, State.CLOSED}
    assert all(t.title.endswith("(demo)") for t in tracks.values())
    approved = tracks[State.APPROVED]
    assert approved.decided_by.slug == "forretningsudvalg" and approved.decided_on
    closed = tracks[State.CLOSED]
    assert closed.evaluation
    (product,) = closed.knowledge_resources.all()
    assert product.title.endswith("(demo)") and product.source == "track"


def reference_state() -> dict:
    """Every field and relation of the real (reference) objects the demo seeds around."""
    state = {}
    for model in (Organisation, Municipality, Network, VipProject, Body, Seat, BodyRelation, Theme):
        state[model.__name__] = sorted(map(repr, model.objects.values()))
    state["vip people"] = sorted(
        (
            p.slug,
            sorted(p.leads.values_list("name", flat=True)),
            sorted(p.participants.values_list("name", flat=True)),
        )
        for p in VipProject.objects.all()
    )
    state["network themes"] = sorted(
        Network.focus_themes.through.objects.values_list("network__slug", "theme__slug")
    )
    state["network initiatives"] = Network.initiatives.through.objects.count()
    return state


def test_demo_adds_no_unmarked_invented_fact_to_real_objects(reference_data, settings):
    """DOMAIN.md: invented demo data is marked as demo, never mixed into the reference data. The
    networks, municipalities, bodies and VIP projects stay as the sources have them; what the
    demo hangs on them carries "(demo)" where a user sees it."""
    settings.DEBUG = True
    before = reference_state()

    call_command("seed_demo")

    after = reference_state()
    # Demo initiatives are linked to the networks (marked below); nothing else changed.
    assert after.pop("network initiatives") > 0
    before.pop("network initiatives")
    assert after == before
    # No focus themes and no lead flags on the real networks: neither can carry a demo mark.
    assert not Network.focus_themes.through.objects.exists()
    assert not NetworkMember.objects.filter(is_lead=True).exists()
    assert all(
        name.endswith("(demo)")
        for name in NetworkMember.objects.values_list("contact_name", flat=True)
    )
    assert all(t.endswith("(demo)") for t in Activity.objects.values_list("title", flat=True))
    assert all("(demo)" in text for text in WorkPlan.objects.values_list("text", flat=True))
    # The municipalities' invented plans, initiatives and indicators are marked; no invented
    # emissions are written for them.
    assert all(t.endswith("(demo)") for t in Plan.objects.values_list("title", flat=True))
    assert all(t.endswith("(demo)") for t in Initiative.objects.values_list("title", flat=True))
    assert all(n.endswith("(demo)") for n in Indicator.objects.values_list("name", flat=True))
    assert not EmissionRecord.objects.exists()
    # The bodies' members are demo people.
    assert all(
        n.endswith("(demo)") for n in Membership.objects.values_list("person_name", flat=True)
    )
