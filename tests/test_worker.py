"""A real Celery worker process, over the real broker (Redis) and database (PostgreSQL), carries out
the climate-profile job, and a re-sent message for the same job makes no second document.

Runs where the real stack is configured (REDIS_URL and a PostgreSQL DATABASE_URL, as in CI)."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from alliance import services
from alliance.models import GeneratedDocument, Job
from municipalities.services import PROFILE_JOB

from .factories import MunicipalityFactory

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    )


@pytest.fixture
def worker(settings):
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
            "--concurrency=1",
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
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)


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
