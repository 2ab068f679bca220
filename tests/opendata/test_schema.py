"""schemathesis against /api/v1/openapi.json: every operation, positive and negative cases,
derandomized (a fixed seed) so CI sees the same cases every run. No server error, no response
outside its documented status codes, content types or schema; negative data refused with a 4xx.

The public operations declare an optional key (security `[{bearer}, {}]`): the check that a
declared key is enforced (`ignored_auth`) does not apply to them. The restricted ones are called
with a key of every scope, so their 200 answers are checked against the schema too."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.generation import GenerationMode

from opendata.api import openapi_document
from opendata.models import ApiToken, Publication
from opendata.services import issue_token

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()  # called in process, through Django's WSGI handler
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=25,
    deterministic=True,
)
schema.config.seed = 21
schema.config.update(base_url="http://localhost")


@pytest.fixture
def in_test_transaction():
    """Django's WSGI handler closes the database connection after each request; the test
    client switches that off, and so must a call straight through the handler, or PostgreSQL
    loses the test's transaction after the first request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(world, settings, in_test_transaction):
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_PER_ADDRESS = "100000/m"
    Publication.objects.create(municipality=world.municipality_a, is_public=True)
    _, key = issue_token(holder="CI", purpose="", scopes=list(ApiToken.Scope.values), by=None)
    cache.clear()
    return key


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_api_conforms_to_its_openapi_document(case, api_world):
    headers = {"Authorization": f"Bearer {api_world}"} if "/export/" in case.path else None
    case.call_and_validate(headers=headers, excluded_checks=[checks.ignored_auth])
