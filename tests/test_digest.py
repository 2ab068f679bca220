"""The daily digest (alliance.digest): one e-mail a day per person with every reminder due from
every app, each item linked to the form that settles it; the apps' cadences and reminder logs;
the person's settings; the unsubscribe link without login."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from actionplans.models import FreshnessPolicy, Reminder
from alliance.digest import unsubscribe_token
from alliance.models import Digest, DigestPreference
from governance.models import AgendaItem, FollowUp
from reports.services import reminder_topic
from tests.conftest import World
from tests.factories import InitiativeFactory, TaskFactory
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
