"""Production settings pass Django's deployment checks; development defaults stay safe."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Q2v!pX9zR4mW8bT1nY6cF3hJ5sL0dG2aE7uI9oP4qZ8xV1-only-for-the-deploy-check",
    "ALLOWED_HOSTS": "klimaalliancen.example.dk",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Test-only switches of this process must not leak into the production check.
    project_vars = {
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DEBUG",
        "SECRET_KEY",
        "HTTPS",
        "TESTING",
        "REDIS_URL",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
    }
    clean = {k: v for k, v in os.environ.items() if k not in project_vars}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_are_host_bound_and_secure():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "31536000",
        "True",
    ]


def test_content_security_policy_forbids_inline_scripts(db):
    response = Client().get("/velkommen/")
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]


def test_embedded_default_is_sqlite_with_in_process_jobs():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'],"
        " s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])",
        env={"DEBUG": "true"},
    )
    engine, eager, cache = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert cache.endswith("LocMemCache")
