"""Workflows of the job and document pipeline.

A job is a row (`Job`) first and a broker message second: the row is created in the request's
transaction, the message is sent after commit, and a periodic sweeper re-sends messages for jobs
that never started (Redis down, worker lost). Every job kind's runner is idempotent: a second run of
a job that already produced its document does nothing.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GeneratedDocument, Job
from .pdf import RenderedPdf

logger = logging.getLogger(__name__)


class TransientJobError(Exception):
    """A failure worth retrying (database or broker hiccup), as opposed to a bug or bad data."""


@dataclass(frozen=True)
class JobKind:
    name: str
    subject_model: type[models.Model]
    run: Callable[[Job], None]
    # True: whoever may see the subject may download every version of the document (a profile).
    # False: only the secretariat sees drafts; others see approved versions (reports, packs).
    visible_with_subject: bool


# The job kinds, by name. A job row stores only its kind's name; the pipeline (execute_job) and
# the document policy find the runner and the subject model here. It is a registry because
# alliance sits below the apps and must not import them: each app registers its kinds in its own
# tasks.py (imported by its AppConfig.ready), so that module lists all of the app's background work.
_job_kinds: dict[str, JobKind] = {}


def register_job_kind(
    name: str,
    *,
    subject_model: type[models.Model],
    run: Callable[[Job], None],
    visible_with_subject: bool = False,
) -> None:
    """Register the function that carries out jobs of one kind. It receives the job, reports
    progress with `report_progress`, and finishes with `store_document` (or `finish_job`)."""
    _job_kinds[name] = JobKind(name, subject_model, run, visible_with_subject)


def job_kinds() -> list[JobKind]:
    return list(_job_kinds.values())


def job_kind(name: str) -> JobKind:
    return _job_kinds[name]


def enqueue_job(*, kind: str, subject: models.Model, requested_by) -> Job:
    """Create the job row and send it to a worker once the transaction commits. A job of the same
    kind for the same subject that is still queued or running is returned instead of a second one."""
    if kind not in _job_kinds:
        raise ValueError(f"Unknown job kind {kind!r}")
    with transaction.atomic():
        active = Job.objects.select_for_update().of_kind(kind).for_subject(subject).active().first()
        if active:
            return active
        job = Job.objects.create(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            requested_by=requested_by if requested_by and requested_by.is_authenticated else None,
        )
        transaction.on_commit(lambda: send_job(job_id=job.pk))
    return job


def send_job(*, job_id: int) -> bool:
    """Hand the job to the broker. If the broker is down the job stays queued; the sweeper sends
    it again later. Never raises: a user's request must not fail because Redis is away."""
    from .tasks import run_job

    try:
        run_job.apply_async(args=(job_id,), retry=False)
    except Exception:  # kombu raises several unrelated types when the broker is unreachable
        logger.warning("Could not send job %s to the broker; the sweeper will retry", job_id)
        return False
    Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(enqueued_at=timezone.now())
    return True


def report_progress(job: Job, percent: int, text: str = "") -> None:
    job.progress, job.progress_text = max(0, min(100, percent)), text[:200]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, progress_text=job.progress_text)


def execute_job(*, job_id: int) -> None:
    """Run one job; safe to call again for the same job (a re-delivered or re-sent message)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            fail_job(
                job=job, error=_("Jobbet blev opgivet efter %(n)d forsøg.") % {"n": job.attempts}
            )
            return
        job.state, job.started_at = Job.State.RUNNING, timezone.now()
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["state", "started_at", "attempts", "error"])
    try:
        _job_kinds[job.kind].run(job)
    except (TransientJobError, OperationalError, InterfaceError):
        # Worth another try: the task retries with back-off, up to JOB_MAX_ATTEMPTS runs.
        Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(state=Job.State.QUEUED)
        raise
    except Exception as exc:
        logger.exception("Job %s failed", job.pk)
        fail_job(job=job, error=failure_message(exc))
        return


def failure_message(exc: BaseException) -> str:
    """What the user is told about a job that broke: the kind of error, never its details."""
    return _("Dokumentet kunne ikke dannes (%(error)s).") % {"error": type(exc).__name__}


def fail_job(*, job: Job, error: str) -> None:
    """Mark the job failed with a message for the user. A job that has already finished keeps
    its outcome: a late failure (a parallel part of the job, say) must not undo a done job."""
    Job.objects.filter(pk=job.pk).active().update(
        state=Job.State.FAILED, error=error, finished_at=timezone.now()
    )


def finish_job(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE, progress=100, progress_text="", finished_at=timezone.now()
    )


def store_document(
    *, job: Job, subject: models.Model, title: str, pdf: RenderedPdf, extension: str = "pdf"
) -> GeneratedDocument:
    """Save the job's PDF as the next version of its subject's document and finish the job.
    A job that bundles several PDFs passes the ZIP's bytes and extension="zip"; the page count is
    then the pages of all its PDFs.

    Idempotent: the document is unique per job, so a second run returns the first document.
    The file is written before the row; if the row cannot be saved the file is removed again, so a
    failure (disk full, say) leaves neither an empty file nor a document without a file.
    """
    existing = GeneratedDocument.objects.filter(job=job).first()
    if existing:
        finish_job(job)
        return existing
    subject_type = ContentType.objects.get_for_model(subject)
    with transaction.atomic():
        # Lock the job row: a second worker holding the same message waits here, then sees the
        # document and stops.
        Job.objects.select_for_update().get(pk=job.pk)
        existing = GeneratedDocument.objects.filter(job=job).first()
        if existing:
            finish_job(job)
            return existing
        latest = GeneratedDocument.objects.filter(
            kind=job.kind, subject_type=subject_type, subject_id=subject.pk
        ).aggregate(v=Max("version"))["v"]
        document = GeneratedDocument(
            kind=job.kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            version=(latest or 0) + 1,
            title=title,
            sha256=hashlib.sha256(pdf.content).hexdigest(),
            size=len(pdf.content),
            page_count=pdf.page_count,
            job=job,
            generated_by=job.requested_by,
        )
        name = f"{job.kind}-{subject.pk}-v{document.version}-{job.uuid.hex[:12]}.{extension}"
        storage = document.file.storage
        target = document.file.field.generate_filename(document, name)
        existed = storage.exists(target)
        try:
            document.file.save(name, ContentFile(pdf.content), save=False)
            document.save()
            finish_job(job)
        except BaseException:
            if document.file.name:
                storage.delete(document.file.name)
            elif not existed and storage.exists(target):
                # The storage failed mid-write (disk full) and left a partial file behind.
                storage.delete(target)
            raise
    return document


def requeue_stuck_jobs(*, now=None) -> int:
    """Send again the jobs that never reached a worker, and give back jobs whose worker died long
    ago (past the hard time limit). Returns how many jobs were sent."""
    now = now or timezone.now()
    stale_queue = now - timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    dead_run = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    Job.objects.filter(state=Job.State.RUNNING, started_at__lt=dead_run).update(
        state=Job.State.QUEUED, enqueued_at=None
    )
    stuck = Job.objects.filter(state=Job.State.QUEUED).filter(
        models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=stale_queue)
    )
    sent = 0
    for job_id in stuck.values_list("pk", flat=True):
        sent += send_job(job_id=job_id)
    return sent


def approve_document(*, document: GeneratedDocument, by, at=None) -> GeneratedDocument:
    """Approve (freeze) this version of a document; the version approved before it, if any, is
    superseded. From here on its bytes and checksum never change (see GeneratedDocument.save)."""
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if document.state == GeneratedDocument.State.APPROVED:
            return document
        if document.state == GeneratedDocument.State.SUPERSEDED:
            raise ValueError("A superseded document cannot be approved again")
        GeneratedDocument.objects.filter(
            kind=document.kind,
            subject_type=document.subject_type,
            subject_id=document.subject_id,
            state=GeneratedDocument.State.APPROVED,
        ).update(state=GeneratedDocument.State.SUPERSEDED)
        document.state = GeneratedDocument.State.APPROVED
        document.approved_at = at or timezone.now()
        document.save(update_fields=["state", "approved_at"])
    logger.info("Document %s approved by %s", document.pk, getattr(by, "pk", None))
    return document
