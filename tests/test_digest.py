"""The daily digest (alliance.digest): one e-mail a day per person with every reminder due from
every app, each item linked to the form that settles it; the apps' cadences, fallbacks to the
secretariat and reminder logs, source by source; the person's settings; the unsubscribe link
without login."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from actionplans.models import FreshnessPolicy, Initiative, Reminder
from alliance.digest import send_digests, unsubscribe_token
from alliance.models import Digest, DigestPreference
from alliance.tasks import send_digests as send_digests_task
from fundraising.models import Application
from governance.models import AgendaItem, FollowUp
from reports.services import reminder_topic
from tests.conftest import World
from tests.factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PlanFactory,
    TaskFactory,
    UserFactory,
)
from tests.fundraising.factories import ApplicationFactory, CallFactory
from tests.reports.factories import add_reports

pytestmark = pytest.mark.django_db

# 09:00 Copenhagen time on a Monday, well before the open round's deadline (31 January 2027).
MORNING = dt.datetime(2027, 1, 25, 8, 0, tzinfo=dt.UTC)


def run_beat_task() -> int:
    """The digest task as the beat schedule names it, run in-process."""
    name = django_settings.CELERY_BEAT_SCHEDULE["send-digests"]["task"]
    return import_string(name).apply().get()


@pytest.fixture
def due_everything(world: World, settings):
    """Coordinator A has a stale initiative and a late milestone, a follow-up, the open round
    and an application whose deadline is a week away."""
    settings.SITE_URL = "https://klima.example.dk"
    settings.SECRETARIAT_EMAIL = "sekretariat@klima.example.dk"
    coordinator = world.users["coordinator_a"]
    with time_machine.travel(MORNING, tick=False):
        FreshnessPolicy.objects.create(reminder_interval_days=3)
        now = timezone.now()
        InitiativeFactory(
            plan=world.plan_a,
            title="Grøn varme",
            created_at=now - dt.timedelta(days=400),
            last_update_at=now - dt.timedelta(days=200),
        )
        TaskFactory(
            initiative=world.initiative_a,
            title="Udbud sendt",
            due_date=timezone.localdate() - dt.timedelta(days=3),
        )
        FollowUp.objects.filter(pk=world.follow_up_x.pk).update(
            responsible_user=coordinator,
            description="Send budgettet til styregruppen",
            due=timezone.localdate(),
        )
        add_reports(world)
        world.call.deadline = timezone.localdate() + dt.timedelta(days=30)
        world.call.save()
        world.application_a.responsible = coordinator
        world.application_a.title = "Ladestandere i Ørestad"
        world.application_a.save()
    mail.outbox.clear()
    return coordinator


def digests_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]


def test_four_kinds_of_due_items_make_one_digest_and_none_the_next_day(
    world: World, due_everything
):
    coordinator = due_everything
    with time_machine.travel(MORNING, tick=False):
        run_beat_task()
        run_beat_task()  # a second run the same morning sends nothing more
    [message] = digests_to(coordinator.email)
    body = message.body
    for text in (
        "Indsatsen “Grøn varme” (København) trænger til en statusopdatering",
        "Milepælen “Udbud sendt”",
        "Send budgettet til styregruppen",
        "Indrapportering til statusrapporten 2026 for København",
        "Ansøgningen “Ladestandere i Ørestad”",
    ):
        assert text in body, body
    # Each item is one click from the form that settles it.
    site = "https://klima.example.dk"
    follow_up = world.follow_up_x
    for path in (
        reverse("governance:follow-up-update", args=[follow_up.pk]),
        reverse("reports:municipality-round", kwargs={"year": 2026, "code": 101}),
        reverse("fundraising:application-update", args=[world.application_a.pk]),
    ):
        assert site + path in body
    html = message.alternatives[0][0]
    assert f'href="{site}{reverse("governance:follow-up-update", args=[follow_up.pk])}"' in html
    assert '<html lang="da">' in html
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{site}/paamindelser/afmeld/")
    # The apps' reminder logs record every item.
    logged = Reminder.objects.filter(email=coordinator.email)
    freshness = logged.filter(topic="")
    assert "Grøn varme" in {i.title for r in freshness for i in r.initiatives.all()}
    assert "Udbud sendt" in {t.title for r in freshness for t in r.tasks.all()}
    assert logged.filter(topic=reminder_topic(world.round_open)).count() == 1
    assert logged.filter(topic__startswith="fundraising.application:").count() == 1
    follow_up.refresh_from_db()
    assert follow_up.last_reminded_on == dt.date(2027, 1, 25)
    # The secretariat gets the fallback (the call's deadline) in its own single digest.
    assert len(digests_to("sekretariat@klima.example.dk")) == 1

    # The next morning nothing new is due: no e-mail at all.
    mail.outbox.clear()
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        assert run_beat_task() == 0
    assert mail.outbox == []

    # The day after, a new late milestone is due; the others keep their cadence.
    with time_machine.travel(MORNING + dt.timedelta(days=2), tick=False):
        TaskFactory(
            initiative=world.initiative_a,
            title="Kontrakt underskrevet",
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )
        FreshnessPolicy.objects.update(reminder_interval_days=2)
        run_beat_task()
    [message] = digests_to(coordinator.email)
    assert "Kontrakt underskrevet" in message.body
    assert "Send budgettet" not in message.body  # a follow-up is reminded of once a week
    assert Digest.objects.filter(email=coordinator.email).count() == 2


def test_the_digest_is_in_the_persons_language(world: World, due_everything):
    DigestPreference.objects.create(user=due_everything, language="en")
    with time_machine.travel(MORNING, tick=False):
        run_beat_task()
    [message] = digests_to(due_everything.email)
    assert "Dear" in message.body and "Kære" not in message.body
    assert "is late" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


@pytest.mark.parametrize(
    "frequency, days_with_funding",
    [("daily", [0, 1]), ("weekly", [0]), ("off", [])],
)
def test_the_optional_part_comes_as_often_as_the_person_chose(
    world: World, due_everything, frequency, days_with_funding
):
    """Funding deadlines are optional; the rest is mandatory and comes regardless."""
    DigestPreference.objects.create(user=due_everything, optional=frequency)
    seen = []
    for day in (0, 1):
        # A new stage of the call's deadline each day keeps something optional due.
        with time_machine.travel(MORNING + dt.timedelta(days=day), tick=False):
            Reminder.objects.filter(topic__startswith="fundraising.").delete()
            mail.outbox.clear()
            run_beat_task()
            messages = digests_to(due_everything.email)
            if messages and "Ladestandere i Ørestad" in messages[0].body:
                seen.append(day)
            if day == 0:
                assert messages and "Send budgettet til styregruppen" in messages[0].body
    assert seen == days_with_funding


def test_a_follow_up_of_a_closed_item_goes_to_the_secretariat_if_the_responsible_may_not_read_it(
    world: World, due_everything
):
    AgendaItem.objects.filter(pk=world.item_x.pk).update(is_closed=True)
    with time_machine.travel(MORNING, tick=False):
        run_beat_task()
    assert "Send budgettet" not in digests_to(due_everything.email)[0].body
    assert "Send budgettet" in digests_to("sekretariat@klima.example.dk")[0].body


def test_settings_page_saves_the_choice(world: World):
    client = world.client("coordinator_a")
    url = reverse("digest-preference-update")
    page = client.get(url)
    assert "Påmindelser på e-mail" in page.content.decode()
    response = client.post(url, {"optional": "weekly", "language": "en"})
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=world.users["coordinator_a"])
    assert (preference.optional, preference.language) == ("weekly", "en")
    refused = client.post(url, {"optional": "hourly", "language": "da"})
    assert refused.status_code == 200 and "form-error-message" in refused.content.decode()
    preference.refresh_from_db()
    assert preference.optional == "weekly"


def test_unsubscribe_without_login_turns_the_optional_part_off(world: World):
    person = world.users["member"]
    url = reverse("digest-unsubscribe", args=[unsubscribe_token(person)])
    client = Client()
    asked = client.get(url)
    assert asked.status_code == 200 and person.email in asked.content.decode()
    assert not DigestPreference.objects.filter(user=person).exists()  # a GET changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Du er afmeldt" in done.content.decode()
    assert DigestPreference.objects.get(user=person).optional == "off"


def test_a_forged_unsubscribe_token_is_refused_in_danish(world: World):
    person = world.users["member"]
    token = unsubscribe_token(person)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    client = Client()
    for url in (
        reverse("digest-unsubscribe", args=[forged]),
        reverse("digest-unsubscribe", args=["bm90LWEtdG9rZW4"]),
    ):
        response = client.post(url)
        assert response.status_code == 400
        assert "Linket til afmelding er ugyldigt" in response.content.decode()
    assert not DigestPreference.objects.filter(user=person).exists()


# --- The plans' source: stale initiatives and late milestones (actionplans.digest) -------------
# Its cadence: nobody hears of them twice within FreshnessPolicy.reminder_interval_days calendar
# days; a municipality without an active coordinator goes to the secretariat, once per interval.

NOW = timezone.now()
FRESHNESS = "trænger til en statusopdatering"


@pytest.fixture
def overdue(world: World, settings):
    """A's plan has a stale initiative and a late task; everything of B is fresh."""
    settings.SITE_URL = "https://klima.example.dk"
    settings.SECRETARIAT_EMAIL = "sekretariat@klima.example.dk"
    FreshnessPolicy.objects.create(reminder_interval_days=3)
    stale = InitiativeFactory(
        plan=world.plan_a,
        title="Grøn varme",
        created_at=NOW - dt.timedelta(days=400),
        last_update_at=NOW - dt.timedelta(days=200),
    )
    late = TaskFactory(
        initiative=world.initiative_a,
        title="Udbud sendt",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    return {"stale": stale, "late": late}


def freshness_sent(now: dt.datetime) -> dict[str, str]:
    """Send the digests at `now`: the body of each one holding plans' items, by address."""
    mail.outbox.clear()
    send_digests(now=now)
    return {m.to[0]: m.body for m in mail.outbox if FRESHNESS in m.body or "Milepælen" in m.body}


def test_coordinator_gets_stale_initiatives_and_late_tasks_in_one_digest(world: World, overdue):
    sent = freshness_sent(NOW)

    assert list(sent) == ["koord.a@example.dk"]
    [message] = digests_to("koord.a@example.dk")
    assert "Kære Anna Ærø" in message.body
    assert "Grøn varme" in message.body and "Udbud sendt" in message.body
    progress = reverse("actionplans:progress-create", args=[overdue["stale"].pk])
    assert f"https://klima.example.dk{progress}" in message.body
    assert message.alternatives and "Grøn varme" in message.alternatives[0][0]
    # The log records every item, with its recipient and municipality.
    logged = Reminder.objects.filter(topic="")
    assert {r.recipient for r in logged} == {world.users["coordinator_a"]}
    assert {r.municipality for r in logged} == {world.municipality_a}
    assert [i for r in logged for i in r.initiatives.all()] == [overdue["stale"]]
    assert [t for r in logged for t in r.tasks.all()] == [overdue["late"]]


def test_freshness_not_reminded_twice_within_the_interval_but_again_after(world: World, overdue):
    assert list(freshness_sent(NOW)) == ["koord.a@example.dk"]

    assert freshness_sent(NOW + dt.timedelta(days=2)) == {}
    assert list(freshness_sent(NOW + dt.timedelta(days=3, hours=1))) == ["koord.a@example.dk"]
    assert Reminder.objects.filter(topic="", email="koord.a@example.dk").count() == 4


def test_interval_counts_calendar_days_so_a_slightly_earlier_run_still_sends(world: World, overdue):
    morning = timezone.localtime(NOW).replace(hour=7, minute=0, second=5)
    assert list(freshness_sent(morning)) == ["koord.a@example.dk"]

    assert freshness_sent(morning + dt.timedelta(days=2, hours=-1)) == {}
    three_days_on = morning + dt.timedelta(days=3, seconds=-4)
    assert list(freshness_sent(three_days_on)) == ["koord.a@example.dk"]


def test_secretariat_is_reminded_when_a_municipality_has_no_active_coordinator(
    world: World, overdue
):
    world.users["coordinator_a"].coordinatorships.update(is_active=False)
    orphan = MunicipalityFactory(code=151, name="Ballerup")
    InitiativeFactory(
        plan=PlanFactory(municipality=orphan), created_at=NOW - dt.timedelta(days=300)
    )

    sent = freshness_sent(NOW)

    assert list(sent) == ["sekretariat@klima.example.dk"]
    body = sent["sekretariat@klima.example.dk"]
    assert "Til sekretariatet" in body and "(Ballerup)" in body and "(København)" in body
    logged = Reminder.objects.filter(topic="")
    assert {(r.email, r.recipient) for r in logged} == {("sekretariat@klima.example.dk", None)}
    assert {r.municipality.name for r in logged} == {"Ballerup", "København"}
    # Once per municipality per interval.
    assert freshness_sent(NOW + dt.timedelta(days=1)) == {}


def test_nothing_for_completed_initiatives_or_fresh_ones(world: World, overdue):
    overdue["stale"].status = Initiative.Status.COMPLETED
    overdue["stale"].save()
    overdue["late"].completed_on = timezone.localdate()
    overdue["late"].save()
    TaskFactory(initiative=overdue["stale"], due_date=timezone.localdate() - dt.timedelta(days=10))

    assert freshness_sent(NOW) == {}
    assert not Reminder.objects.filter(topic="").exists()


def test_superseded_plans_are_not_reminded_of(world: World, overdue):
    newer = PlanFactory(municipality=world.municipality_a, version=2, supersedes=world.plan_a)
    InitiativeFactory(plan=newer)

    assert freshness_sent(NOW) == {}


def test_a_coordinator_of_two_municipalities_gets_one_digest(world: World, overdue):
    CoordinatorFactory(user=world.users["coordinator_a"], municipality=world.municipality_b)
    InitiativeFactory(
        plan=world.plan_b, title="Gammel i B", created_at=NOW - dt.timedelta(days=300)
    )

    sent = freshness_sent(NOW)

    assert sorted(sent) == ["koord.a@example.dk", "koord.b@example.dk"]
    assert "Grøn varme" in sent["koord.a@example.dk"]
    assert "Gammel i B" in sent["koord.a@example.dk"]
    logged = Reminder.objects.filter(topic="", email="koord.a@example.dk")
    assert {i.title for r in logged for i in r.initiatives.all()} == {"Grøn varme", "Gammel i B"}


def test_the_daily_digest_task_sends_the_freshness_reminders(world, overdue, in_process_jobs):
    assert send_digests_task.delay().get() >= 1
    [to_a] = digests_to("koord.a@example.dk")
    assert "Grøn varme" in to_a.body and "Udbud sendt" in to_a.body


# --- The funding deadlines' source (fundraising.digest) --------------------------------------
# 30, 7 and 1 days ahead, once each; none for closed applications; a moved deadline afresh.


def _days_before(deadline: dt.date, days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(deadline - dt.timedelta(days=days), dt.time(7)))


def deadline_reminders_at(now: dt.datetime) -> list[Reminder]:
    before = set(Reminder.objects.values_list("pk", flat=True))
    send_digests(now=now)
    new = Reminder.objects.exclude(pk__in=before).filter(topic__startswith="fundraising.")
    return list(new.order_by("pk"))


def test_deadline_reminders_at_30_7_and_1_days_once_each(world: World):
    deadline = world.call.deadline
    counts = {}
    for days in (31, 30, 29, 8, 7, 2, 1, 0):
        counts[days] = len(deadline_reminders_at(_days_before(deadline, days)))
    # Each stage: the call to the secretariat, and application A to its responsible person and
    # to the secretariat (3 items); nothing again the same stage, nothing outside a stage.
    assert counts == {31: 0, 30: 3, 29: 0, 8: 0, 7: 3, 2: 0, 1: 3, 0: 0}
    to_secretariat = [m for m in mail.outbox if m.to == ["sekretariat@example.dk"]]
    assert len(to_secretariat) == 3
    assert "Fælles ladestandere" in to_secretariat[0].body
    assert Reminder.objects.filter(topic__startswith="fundraising.application:").count() == 6


@pytest.mark.parametrize(
    "state",
    [
        Application.State.WITHDRAWN,
        Application.State.SUBMITTED,
        Application.State.GRANTED,
        Application.State.REJECTED,
    ],
)
def test_no_deadline_reminders_for_closed_applications(world: World, state):
    call = CallFactory(deadline=timezone.localdate() + dt.timedelta(days=7))
    application = ApplicationFactory(
        call=call, state=state, responsible=world.users["coordinator_a"]
    )
    if state == Application.State.GRANTED:
        application.amount_granted = 1
        application.save()
    send_digests()
    assert not [m for m in mail.outbox if application.title in m.body]
    assert not Reminder.objects.filter(
        topic__startswith=f"fundraising.application:{application.pk}:"
    )


def test_a_moved_deadline_is_reminded_afresh(world: World):
    world.call.deadline = timezone.localdate() + dt.timedelta(days=7)
    world.call.save()
    today = timezone.now()
    assert len(deadline_reminders_at(today)) == 3
    world.call.deadline = timezone.localdate() + dt.timedelta(days=6)
    world.call.save()
    tomorrow = today + dt.timedelta(days=1)  # the digest goes once a day
    assert len(deadline_reminders_at(tomorrow)) == 3
    assert deadline_reminders_at(tomorrow + dt.timedelta(days=1)) == []


def test_deadline_reminders_do_not_hold_back_freshness_reminders(world: World):
    world.call.deadline = timezone.localdate() + dt.timedelta(days=1)
    world.call.save()
    world.application_a.responsible = world.users["coordinator_a"]
    world.application_a.save()
    send_digests()
    # Never updated and older than the stale period: overdue.
    InitiativeFactory(plan=world.plan_a, created_at=timezone.now() - dt.timedelta(days=400))
    send_digests(now=timezone.now() + dt.timedelta(days=1))
    freshness = Reminder.objects.filter(topic="")
    assert world.users["coordinator_a"] in {r.recipient for r in freshness}


# --- The follow-ups' source (governance.digest) ----------------------------------------------


def test_due_follow_ups_are_reminded_once_per_cadence(world: World):
    world.follow_up_x.delete()
    responsible = UserFactory(email="ansvarlig@example.dk")
    follow_up = FollowUp.objects.create(
        item=world.item_x,
        description="Send høringssvar",
        responsible="Ib",
        responsible_user=responsible,
        due=timezone.localdate() - dt.timedelta(days=1),
    )
    FollowUp.objects.create(
        item=world.item_x,
        description="Allerede gjort",
        responsible="Ib",
        due=timezone.localdate() - dt.timedelta(days=1),
        state=FollowUp.State.DONE,
    )

    def reminded(days: int) -> list:
        mail.outbox.clear()
        send_digests(now=timezone.now() + dt.timedelta(days=days))
        return [m for m in mail.outbox if "Send høringssvar" in m.body]

    [message] = reminded(0)
    assert message.to == ["ansvarlig@example.dk"]
    assert "Allerede gjort" not in message.body
    follow_up.refresh_from_db()
    assert follow_up.last_reminded_on == timezone.localdate()
    assert reminded(1) == []
    assert len(reminded(7)) == 1
    follow_up.state = FollowUp.State.DONE
    follow_up.save()
    assert reminded(30) == []


# --- The reporting rounds' source (reports.digest) --------------------------------------------


def test_rounds_are_reminded_from_two_weeks_before_the_deadline(world: World):
    add_reports(world)
    FreshnessPolicy.objects.create(reminder_interval_days=3)
    now = timezone.now()
    world.round_open.deadline = timezone.localdate(now) + dt.timedelta(days=15)
    world.round_open.save()
    world.round_closed.deadline = timezone.localdate(now)
    world.round_closed.save()
    topic = reminder_topic(world.round_open)

    def reminded(days: int) -> list[str]:
        mail.outbox.clear()
        send_digests(now=now + dt.timedelta(days=days))
        return sorted(m.to[0] for m in mail.outbox if "statusrapporten 2026" in m.body)

    assert reminded(0) == []
    assert reminded(1) == ["koord.a@example.dk", "koord.b@example.dk"]  # nobody has reported
    assert Reminder.objects.filter(topic=topic).count() == 2
    # The next morning: within the reminder interval, nothing more; a closed round never.
    assert reminded(2) == []
    assert not Reminder.objects.filter(topic=reminder_topic(world.round_closed)).exists()
    # After the deadline, still open: reminded again once the interval has passed.
    assert reminded(21) == ["koord.a@example.dk", "koord.b@example.dk"]
    assert Reminder.objects.filter(topic=topic).count() == 4
