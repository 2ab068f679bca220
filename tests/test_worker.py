"""A real Celery worker process, over the real broker (Redis) and database (PostgreSQL), carries out
the climate-profile job, and a re-sent message for the same job makes no second document.

Runs where the real stack is configured (REDIS_URL and a PostgreSQL DATABASE_URL, as in CI)."""

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader

from alliance import services
from alliance.models import GeneratedDocument, Job
from municipalities.services import PROFILE_JOB
from reports.models import ReportBuild
from reports.pdf import build_single_process
from reports.services import request_report

from .factories import MunicipalityFactory
from .reports.factories import add_reports

# One xdist process runs these one after the other (make test: --dist loadgroup): their workers
# share the broker's queue, so a worker started for one test could take another's tasks, look for
# its job in the wrong test database and fail it.
pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
]

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def start_worker(settings, concurrency: int = 1):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TESTING": "true",
        "SECRET_KEY": "worker-test",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "alliance",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process


def stop_worker(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)


@pytest.fixture
def worker(settings):
    process = start_worker(settings)
    yield process
    stop_worker(process)


@pytest.fixture
def two_workers(settings):
    process = start_worker(settings, concurrency=2)
    yield process
    stop_worker(process)


def wait_for(predicate, timeout: float = 60.0):
    """Poll the database until the worker has done its part (the worker is another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


def test_worker_generates_profile_once(worker, settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test needs a real broker"
    municipality = MunicipalityFactory(
        code=169, name="Høje-Taastrup", official_name="Høje-Taastrup Kommune"
    )
    job = services.enqueue_job(kind=PROFILE_JOB, subject=municipality, requested_by=None)  # commits

    done = wait_for(lambda: Job.objects.filter(pk=job.pk, state=Job.State.DONE).first())
    assert done.attempts == 1
    document = GeneratedDocument.objects.get(job=job)
    content = Path(settings.MEDIA_ROOT, document.file.name).read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == document.sha256

    # The same message delivered again (a lost acknowledgement, a sweeper re-send): no second copy.
    assert services.send_job(job_id=job.pk)
    probe = services.enqueue_job(kind=PROFILE_JOB, subject=municipality, requested_by=None)
    wait_for(lambda: Job.objects.filter(pk=probe.pk, state=Job.State.DONE).exists())
    # The worker handles one message at a time, so the re-sent one was consumed before the probe.
    assert GeneratedDocument.objects.filter(job=job).count() == 1
    assert GeneratedDocument.objects.count() == 2
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_workers_build_the_status_report_in_parallel(two_workers, settings, world):
    """The report's sections are laid out by separate tasks on the worker's two processes, the last
    one assembles, and the result is the document the single-process fallback makes."""
    assert not settings.CELERY_TASK_ALWAYS_EAGER and settings.REPORT_PARALLEL
    add_reports(world)
    report = world.status_report
    job = request_report(report=report, by=world.users["secretariat"])  # commits

    done = wait_for(
        lambda: Job.objects.filter(pk=job.pk, state__in=[Job.State.DONE, Job.State.FAILED]).first(),
        timeout=300,
    )
    assert done.state == Job.State.DONE, done.error
    build = ReportBuild.objects.get(job=job)
    assert build.assembled
    assert sorted(build.rendered.values_list("key", flat=True)) == sorted(build.sections)
    document = GeneratedDocument.objects.get(job=job)
    content = Path(settings.MEDIA_ROOT, document.file.name).read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256

    parallel = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    single = build_single_process(build.data)
    reference = [page.extract_text() for page in PdfReader(io.BytesIO(single.content)).pages]
    assert len(parallel) == document.page_count == single.page_count
    assert parallel == reference
