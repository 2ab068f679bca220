"""The job and document pipeline: idempotent jobs, frozen approved documents, permission-checked
downloads. Jobs run in-process here (no REDIS_URL); test_worker.py runs them on a real worker."""

import errno
import hashlib
import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from alliance import services, tasks
from alliance.models import GeneratedDocument, Job
from alliance.pdf import RenderedPdf
from governance.services.activityplan import ACTIVITY_PLAN_JOB
from governance.services.meetings import MINUTES_JOB
from governance.services.packs import PACK_JOB
from municipalities.services import PROFILE_JOB

from .conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process_jobs")]


def make_document(world: World, content: bytes = b"%PDF-1.7 one") -> GeneratedDocument:
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    return services.store_document(
        job=job, subject=world.municipality_a, title="Klimaprofil", pdf=RenderedPdf(content, 1)
    )


def test_profile_is_generated_from_the_municipality_page(
    world: World, django_capture_on_commit_callbacks
):
    client = world.client("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipalities:profile-generate", args=[101]))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == Job.State.DONE
    assert job.requested_by == world.users["coordinator_a"]
    document = GeneratedDocument.objects.get()
    assert document.job == job
    assert document.version == 1
    assert document.page_count in (1, 2)  # the profile is one or two pages
    with document.file.open("rb") as fh:
        content = fh.read()
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)

    page = client.get(reverse("municipalities:detail", args=[101]))
    assert reverse("document-download", args=[document.pk]) in page.content.decode()


@pytest.mark.parametrize("persona", ["coordinator_b", "member"])
def test_only_who_may_edit_the_municipality_generates_its_profile(
    world: World, persona: str, django_capture_on_commit_callbacks
):
    """Generating makes a new version: a coordinator of another municipality (or a member) gets
    404 and no job, sees no button, and downloads the versions there are."""
    document = make_document(world)
    client = world.client(persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipalities:profile-generate", args=[101]))
    assert response.status_code == 404
    assert Job.objects.count() == 1 and GeneratedDocument.objects.count() == 1
    page = client.get(reverse("municipalities:detail", args=[101])).content.decode()
    assert "Dan klimaprofil" not in page
    assert reverse("document-download", args=[document.pk]) in page
    assert client.get(reverse("document-download", args=[document.pk])).status_code == 200


def test_htmx_request_gets_the_job_fragment_that_polls(world: World):
    client = world.client("secretariat")
    response = client.post(
        reverse("municipalities:profile-generate", args=[101]), headers={"HX-Request": "true"}
    )
    job = Job.objects.get()
    html = response.content.decode()
    assert job.state == Job.State.QUEUED  # the commit (and so the run) happens after the response
    assert reverse("job-detail", args=[job.uuid]) in html
    assert 'hx-trigger="every' in html


def test_a_second_click_while_queued_reuses_the_job(world: World):
    first = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    second = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    assert first == second
    assert Job.objects.count() == 1


def test_running_a_job_twice_makes_one_document(world: World):
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    services.execute_job(job_id=job.pk)
    services.execute_job(job_id=job.pk)
    # A re-delivered message after the job row was reset still finds the stored document.
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    services.execute_job(job_id=job.pk)
    assert GeneratedDocument.objects.count() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE


def test_new_job_for_same_subject_makes_the_next_version(world: World):
    first = make_document(world)
    second = make_document(world, b"%PDF-1.7 two")
    assert (first.version, second.version) == (1, 2)


def test_job_gives_up_after_max_attempts(world: World, settings):
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    Job.objects.filter(pk=job.pk).update(
        attempts=settings.JOB_MAX_ATTEMPTS, state=Job.State.RUNNING
    )
    services.execute_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "forsøg" in job.error
    assert not GeneratedDocument.objects.exists()


def test_failed_render_leaves_no_document_and_no_file(world: World, settings, monkeypatch):
    def broken_render(*args, **kwargs):
        raise ValueError("template broke")

    monkeypatch.setattr("municipalities.services.render_pdf", broken_render)
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    services.execute_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "ValueError" in job.error
    assert not GeneratedDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "documents").exists()


def test_disk_full_leaves_no_partial_file_and_no_document(world: World, settings, monkeypatch):
    """FileSystemStorage leaves what it wrote when the disk fills up; the pipeline removes it."""
    from django.core.files.storage import FileSystemStorage

    def full_disk(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(b"%PDF-1.7 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    services.execute_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "OSError" in job.error
    assert not GeneratedDocument.objects.exists()
    assert not [p for p in (settings.MEDIA_ROOT / "documents").rglob("*") if p.is_file()]


def test_broker_down_leaves_job_queued_and_sweeper_sends_it_later(world: World, monkeypatch):
    def broker_down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_job, "apply_async", broker_down)
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    assert services.send_job(job_id=job.pk) is False
    job.refresh_from_db()
    assert (job.state, job.enqueued_at) == (Job.State.QUEUED, None)

    monkeypatch.undo()
    assert services.requeue_stuck_jobs() == 1  # in-process: sending runs it
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert GeneratedDocument.objects.filter(job=job).count() == 1


def test_sweeper_gives_back_jobs_of_dead_workers(world: World, settings):
    job = services.enqueue_job(kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None)
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=long_ago, attempts=1)
    services.requeue_stuck_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 2


def approve(document: GeneratedDocument) -> GeneratedDocument:
    document.state = GeneratedDocument.State.APPROVED
    document.approved_at = timezone.now()
    document.save()
    return document


def test_approved_document_cannot_be_changed(world: World):
    document = approve(make_document(world))
    document.title = "Ny titel"
    with pytest.raises(ValidationError):
        document.save()
    with pytest.raises(ValidationError):
        GeneratedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    with pytest.raises(ValidationError):
        document.delete()
    stored = GeneratedDocument.objects.get(pk=document.pk)
    assert stored.title == "Klimaprofil"
    assert stored.verify_checksum()


def test_approved_document_can_only_be_superseded(world: World):
    document = approve(make_document(world))
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=GeneratedDocument.State.SUPERSEDED
    )
    assert GeneratedDocument.objects.get(pk=document.pk).state == GeneratedDocument.State.SUPERSEDED


def test_download_is_private_and_matches_checksum(world: World):
    document = make_document(world)
    response = world.client("coordinator_b").get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert (
        world.client("norole").get(reverse("document-download", args=[document.pk])).status_code
        == 404
    )


def test_job_page_shows_progress_and_then_the_download(world: World):
    job = services.enqueue_job(
        kind=PROFILE_JOB, subject=world.municipality_a, requested_by=world.users["coordinator_a"]
    )
    services.report_progress(job, 40, "Danner PDF")
    client = world.client("coordinator_a")
    running = client.get(reverse("job-detail", args=[job.uuid]), headers={"HX-Request": "true"})
    assert "Danner PDF" in running.content.decode()
    services.execute_job(job_id=job.pk)
    done = client.get(
        reverse("job-detail", args=[job.uuid]), headers={"HX-Request": "true"}
    ).content.decode()
    assert reverse("document-download", args=[job.document.pk]) in done
    assert "hx-trigger" not in done


def _job_of_another_app(kind: str, subject) -> Job:
    """A job whose subject has the same id and model name as `subject` but lives in another app."""
    impostor_type, _ = ContentType.objects.get_or_create(
        app_label="elsewhere", model=subject._meta.model_name
    )
    return Job.objects.create(kind=kind, subject_type=impostor_type, subject_id=subject.pk)


def test_job_lookup_matches_kind_subject_type_and_unfinished_state(world: World):
    municipality = world.municipality_a
    job = services.enqueue_job(kind=PROFILE_JOB, subject=municipality, requested_by=None)
    _job_of_another_app(PROFILE_JOB, municipality)
    Job.objects.create(
        kind="another-kind",
        subject_type=ContentType.objects.get_for_model(municipality),
        subject_id=municipality.pk,
    )
    Job.objects.create(
        kind=PROFILE_JOB,
        subject_type=ContentType.objects.get_for_model(municipality),
        subject_id=municipality.pk,
        state=Job.State.DONE,
    )
    assert list(Job.objects.of_kind(PROFILE_JOB).for_subject(municipality).active()) == [job]


def test_meeting_and_activity_plan_pages_ignore_jobs_of_another_apps_subject(world: World):
    """The pack, minutes and activity plan lookups once matched the model name only."""
    meeting, plan = world.meeting_x, world.activity_plan
    _job_of_another_app(PACK_JOB, meeting)
    _job_of_another_app(MINUTES_JOB, meeting)
    _job_of_another_app(ACTIVITY_PLAN_JOB, plan)
    client = world.client("secretariat")

    page = client.get(reverse("governance:meeting-detail", args=[meeting.pk]))
    assert page.context["pack_job"] is None
    assert page.context["minutes_job"] is None
    page = client.get(reverse("governance:activityplan-detail", args=[plan.year]))
    assert page.context["job"] is None


def test_failing_a_job_keeps_a_finished_jobs_outcome(world: World):
    running = services.enqueue_job(
        kind=PROFILE_JOB, subject=world.municipality_a, requested_by=None
    )
    services.fail_job(job=running, error="Noget gik galt")
    running.refresh_from_db()
    assert (running.state, running.error) == (Job.State.FAILED, "Noget gik galt")
    assert running.finished_at is not None

    done = make_document(world).job
    services.fail_job(job=done, error="For sent")
    done.refresh_from_db()
    assert (done.state, done.error) == (Job.State.DONE, "")
