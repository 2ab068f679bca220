"""The register of personal data, one person's export, their erasure and retention."""

import datetime as dt
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Reminder
from alliance.digest import send_digests
from alliance.models import Job
from alliance.pdf import RenderedPdf
from alliance.services import store_document
from governance.models import MeetingPack
from opendata.services import issue_token, release_data_package
from people import privacy
from people.models import Handover
from people.retention import apply_retention
from reports.models import MunicipalityReport

from ..reports.factories import add_reports
from ..test_url_roles import url_world  # noqa: F401  (a world with a job and a document)
from .factories import invite

PHONE = "+45 33 66 99 12"
OUR_APPS = tuple(app for app in settings.INSTALLED_APPS if "." not in app)


def unregistered(model_classes) -> list[str]:
    """Fields that look personal but are in neither list of the register."""
    missing = []
    for model in model_classes:
        label = model._meta.label
        known = privacy.PERSONAL.get(label, ()) + privacy.NOT_PERSONAL.get(label, ())
        for field in model._meta.concrete_fields:
            looks = privacy.is_user_link(field) or (
                isinstance(field, privacy.TEXT_FIELDS) and privacy.LOOKS_PERSONAL.search(field.name)
            )
            if looks and field.name not in known:
                missing.append(f"{label}.{field.name}")
    return missing


def our_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
    ]


def test_every_field_that_looks_personal_is_in_the_register():
    assert unregistered(our_models()) == []


def test_the_register_names_only_fields_that_exist():
    for label, names in {**privacy.PERSONAL, **privacy.NOT_PERSONAL}.items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)  # raises for a stale entry


@isolate_apps("people")
def test_the_register_check_catches_a_new_personal_field():
    class Newcomer(models.Model):
        mobile_phone = models.CharField(max_length=30)
        approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        budget = models.CharField(max_length=30)

        class Meta:
            app_label = "people"

        def __str__(self) -> str:
            return self.budget

    assert unregistered([Newcomer]) == [
        "people.Newcomer.mobile_phone",
        "people.Newcomer.approved_by",
    ]


# --- A person in every register entry --------------------------------------------------------------


def new_pack(world) -> MeetingPack:
    job = Job.objects.create(
        kind="meeting-pack",
        subject_type=ContentType.objects.get_for_model(world.meeting_x),
        subject_id=world.meeting_x.pk,
    )
    document = store_document(
        job=job, subject=world.meeting_x, title="Mødepakke", pdf=RenderedPdf(b"%PDF-1.7", 1)
    )
    return MeetingPack.objects.create(meeting=world.meeting_x, document=document, fingerprint="x")


# Rows the world does not have of every registered model.
MAKE = {
    "opendata.ApiToken": lambda w: issue_token(holder="CONCITO", purpose="", scopes=[], by=None)[0],
    "opendata.DataPackage": lambda w: release_data_package(year=2026, by=None),
    "governance.MeetingPack": new_pack,
    "reports.ReportingRound": lambda w: add_reports(w).round_open,
    "reports.MunicipalityReport": lambda w: MunicipalityReport.objects.get_or_create(
        round=add_reports(w).round_open, municipality=w.municipality_b
    )[0],
    "actionplans.Reminder": lambda w: Reminder.objects.create(
        email="x@example.dk", subject="s", body="b"
    ),
    "alliance.Digest": lambda w: apps.get_model("alliance.Digest").objects.create(
        email="x@example.dk", sent_on=dt.date(2026, 1, 5), sent_at=timezone.now(), body="b"
    ),
    "alliance.DigestPreference": lambda w: apps.get_model(
        "alliance.DigestPreference"
    ).objects.create(user=w.users["norole"]),
    "people.Invitation": lambda w: invite(w.users["norole"], token="t"),
    "people.Handover": lambda w: Handover.objects.create(
        predecessor=w.users["norole"], successor=w.users["member"]
    ),  # made twice: once for each side
    "axes.AccessAttempt": lambda w: AccessAttempt.objects.create(
        username="x", failures_since_start=1, user_agent="", http_accept="", path_info=""
    ),
    "axes.AccessLog": lambda w: apps.get_model("axes.AccessLog").objects.create(
        username="x", user_agent="", http_accept="", path_info=""
    ),
    "axes.AccessFailureLog": lambda w: apps.get_model("axes.AccessFailureLog").objects.create(
        username="x", user_agent="", http_accept="", path_info=""
    ),
    "account.EmailAddress": lambda w: EmailAddress.objects.create(
        user=w.users["norole"], email="x@example.dk"
    ),
    "mfa.Authenticator": lambda w: Authenticator.objects.create(
        user=w.users["norole"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    ),
    "socialaccount.SocialAccount": lambda w: SocialAccount.objects.create(
        user=w.users["norole"], provider="oidc", uid="x", extra_data={}
    ),
    "usersessions.UserSession": lambda w: UserSession.objects.create(
        user=w.users["norole"], ip="192.0.2.1", session_key="y" * 32, user_agent="x"
    ),
    "admin.LogEntry": lambda w: apps.get_model("admin.LogEntry").objects.create(
        user=w.users["secretariat"], action_flag=2, object_repr="x", change_message="[]"
    ),
}


def personal_value(field, person):
    if privacy.is_user_link(field):
        return person
    if isinstance(field, models.EmailField) or field.name == "username":
        return person.email
    if "phone" in field.name:
        return PHONE
    if isinstance(field, models.JSONField):
        return {"follow_ups": [{"responsible": person.name}]}
    return f"{person.name} ({person.email})"[: field.max_length]


@pytest.fixture
def person(url_world):  # noqa: F811
    """Coordinator A, named in every field of the register, in live rows and history rows, with
    a phone number, a sent reminder, a login attempt and a session."""
    world = url_world
    anna = world.users["coordinator_a"]
    coordinator = anna.coordinatorships.get()
    coordinator.phone = PHONE
    coordinator.save()
    for entry in privacy.entries():
        label = entry.model._meta.label
        if entry.model is type(anna):
            continue  # her own row holds her name and address already
        names = entry.links + entry.texts + entry.jsons
        # A handover is from one person to another: she is the predecessor in one, the successor
        # in another.
        groups = [names] if label != "people.Handover" else [names[:1] + names[2:], names[1:2]]
        for group in groups:
            existing = entry.model._default_manager.first() if len(groups) == 1 else None
            row = existing or MAKE[label](world)
            values = {
                name: personal_value(entry.model._meta.get_field(name), anna) for name in group
            }
            entry.model._default_manager.filter(pk=row.pk).update(**values)
            if entry.history:
                history = entry.history.objects.filter(id=row.pk).first() or (
                    entry.history.objects.create(
                        **{
                            f.attname: getattr(row, f.attname)
                            for f in entry.model._meta.concrete_fields
                        },
                        history_date=timezone.now(),
                        history_type="~",
                    )
                )
                entry.history.objects.filter(pk=history.pk).update(**values)
    send_digests(now=timezone.now() + dt.timedelta(days=800))
    world.client("coordinator_a")  # a session
    world.anna, world.anna_name, world.anna_email = anna, anna.name, anna.email
    return world


def exported(world, client_persona="secretariat") -> dict[str, list]:
    response = world.client(client_persona).get(
        reverse("people:person-export", kwargs={"pk": world.anna.pk})
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def test_the_export_holds_everything_the_register_names(person):
    files = exported(person)
    for entry in privacy.entries():
        label = entry.model._meta.label
        for suffix, model in (("", entry.model), (".history", entry.history)):
            if model is None:
                continue
            rows = files.get(f"{label}{suffix}.json")
            assert rows, f"nothing of {label}{suffix} in the export"
            for name in entry.links + entry.texts + entry.jsons:
                assert any(holds(row["fields"][name], name, person) for row in rows), (
                    f"{label}{suffix}.{name}"
                )
    assert "register.json" in files
    [user] = files["alliance.User.json"]
    assert user["fields"]["password"] == ""


def holds(value, name: str, person) -> bool:
    """Whether an exported value is the person's: their user id, or their name, e-mail or phone."""
    if value == person.anna.pk:
        return True
    text = json.dumps(value, ensure_ascii=False).lower()
    return any(v.lower() in text for v in (person.anna_name, person.anna_email, PHONE))


def columns_containing(needle: str) -> list[str]:
    """Every column of every table whose text holds `needle` (as typed, and as JSON escapes it)."""
    forms = {needle, json.dumps(needle)[1:-1]}
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                for form in forms:
                    cursor.execute(
                        f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column.name}" AS TEXT) LIKE %s',  # noqa: S608
                        [f"%{form}%"],
                    )
                    if cursor.fetchone()[0]:
                        hits.append(f"{table}.{column.name}")
    return hits


def test_erasure_leaves_no_trace_in_any_table(person):
    for needle in (person.anna_name, person.anna_email, PHONE):
        assert columns_containing(needle), f"the test set-up has no {needle}"
    response = person.client("secretariat").post(
        reverse("people:person-erase", kwargs={"pk": person.anna.pk}), {"confirm": "on"}
    )
    assert response.status_code == 302
    for needle in (person.anna_name, person.anna_email, PHONE):
        assert columns_containing(needle) == [], needle


def test_erasure_keeps_the_organisations_records(person):
    initiatives = person.plan_a.initiatives.count()
    reminders = Reminder.objects.count()
    privacy.erase_person(user=person.anna)
    person.anna.refresh_from_db()
    assert person.anna.name == f"Slettet person {person.anna.pk}"
    assert not person.anna.is_active and not person.anna.has_usable_password()
    assert person.plan_a.initiatives.count() == initiatives
    assert Reminder.objects.count() == reminders
    assert not person.anna.coordinatorships.filter(is_active=True).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(person.anna.pk) for s in Session.objects.all()
    )


def test_erasure_needs_a_confirmation(person):
    response = person.client("secretariat").post(
        reverse("people:person-erase", kwargs={"pk": person.anna.pk}), {}
    )
    assert response.status_code == 200
    person.anna.refresh_from_db()
    assert person.anna.name == person.anna_name


# --- Retention -------------------------------------------------------------------------------------


def test_retention_removes_what_is_past_its_period(person, settings):
    now = timezone.now()
    long_ago = now - dt.timedelta(days=settings.RETENTION_HISTORY_DAYS + 1)
    old_reminder = Reminder.objects.create(email="gammel@example.dk", subject="s", body="b")
    Reminder.objects.filter(pk=old_reminder.pk).update(sent_at=long_ago)
    new_reminder = Reminder.objects.create(email="ny@example.dk", subject="s", body="b")
    attempt = AccessAttempt.objects.create(
        username="a@example.dk", failures_since_start=1, user_agent="", http_accept="", path_info=""
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=long_ago)
    job = person.job
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, created_at=long_ago)
    coordinator = person.anna.coordinatorships.get(municipality=person.municipality_a)
    coordinator.history.update(history_date=long_ago)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=now - dt.timedelta(seconds=1)
    )
    UserSession.objects.create(
        user=person.anna, ip="192.0.2.1", session_key="x" * 32, user_agent="Firefox"
    )

    done = apply_retention(now=now)

    assert not Reminder.objects.filter(pk=old_reminder.pk).exists()
    assert Reminder.objects.filter(pk=new_reminder.pk).exists()
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert not UserSession.objects.filter(session_key="x" * 32).exists()
    old = coordinator.history.all()
    assert old and all(h.phone == "" and h.history_user_id is None for h in old)
    coordinator.refresh_from_db()
    assert coordinator.phone == PHONE  # the live row keeps today's value
    assert done["history"] >= 1
    assert apply_retention(now=now)["history"] == 0  # nothing twice
