"""Every URL pattern × every persona × GET/POST, against the checked-in table in url_expectations.py."""

import fnmatch
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alliance.models import GeneratedDocument, Job
from alliance.pdf import RenderedPdf
from alliance.services import store_document

from .conftest import PERSONAS, World
from .url_expectations import KWARGS, TABLE


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    codes: dict[str, str]


def parse_table() -> list[Row]:
    rows = []
    for line in TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        name, method, *codes = line.split()
        assert len(codes) == len(PERSONAS), f"wrong number of columns in: {line}"
        rows.append(Row(name, method, dict(zip(PERSONAS, codes, strict=True))))
    return rows


def named_patterns(resolver=None, namespace="") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += named_patterns(entry, ns)
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
        else:
            # Only the Django admin has unnamed patterns (its legacy redirects and catch-all);
            # they cannot be reversed, and they sit behind the admin's own staff check.
            assert namespace == "admin:", f"unnamed URL pattern outside the admin: {entry.pattern}"
    return found


ROWS = parse_table()


def row_for(name: str, method: str) -> Row | None:
    exact = [r for r in ROWS if r.name == name and r.method == method]
    if exact:
        return exact[0]
    globbed = [
        r for r in ROWS if "*" in r.name and r.method == method and fnmatch.fnmatch(name, r.name)
    ]
    return globbed[0] if globbed else None


def url_for(name: str, pattern: URLPattern, world: World) -> str:
    if name in KWARGS:
        return reverse(name, kwargs=KWARGS[name](world))
    regex = pattern.pattern.regex
    if regex.groups and not regex.groupindex:  # positional groups (simple_history's admin views)
        return reverse(name, args=["1"] * regex.groups)
    return reverse(name, kwargs=kwargs_for(name, pattern, world))


def kwargs_for(name: str, pattern: URLPattern, world: World) -> dict:
    """Arguments that point at world A's objects (so B's coordinator is the outsider)."""
    job = world.job
    known = {
        "code": world.municipality_a.code,
        "slug": world.body_x.slug,
        "uuid": job.uuid,
        "pk": world.document.pk,
        "uidb64": "MQ",
        "token": "set-password",
        # The admin's generated URLs:
        "object_id": "1",
        "id": "1",
        "history_id": "1",
        "app_label": "alliance",
        "content_type_id": ContentType.objects.get_for_model(Job).pk,
    }
    groups = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(pattern.pattern))
    names = [a or b for a, b in groups]
    missing = [n for n in names if n not in known]
    assert not missing, f"no sample value for {missing} in {name}: {pattern.pattern}"
    return {n: known[n] for n in names}


@pytest.fixture
def url_world(world: World) -> World:
    world.job = Job.objects.create(
        kind="municipality-profile",
        subject_type=ContentType.objects.get_for_model(world.municipality_a),
        subject_id=world.municipality_a.pk,
        requested_by=world.users["coordinator_a"],
    )
    world.document = store_document(
        job=world.job,
        subject=world.municipality_a,
        title="Klimaprofil: København",
        pdf=RenderedPdf(content=b"%PDF-1.7 test", page_count=1),
    )
    return world


def test_every_url_pattern_has_an_expectation():
    names = {name for name, _ in named_patterns()}
    missing = sorted(n for n in names if not row_for(n, "GET"))
    assert not missing, f"URL patterns without a GET expectation in url_expectations.py: {missing}"
    stale = sorted(r.name for r in ROWS if "*" not in r.name and r.name not in names)
    stale += sorted(name for name in KWARGS if name not in names)
    assert not stale, f"expectations for URLs that no longer exist: {stale}"


def test_table_rows_are_unique():
    keys = [(r.name, r.method) for r in ROWS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_url_roles(url_world: World, persona: str, method: str):
    failures = []
    login_url = reverse(settings.LOGIN_URL)
    for name, pattern in named_patterns():
        row = row_for(name, method)
        if row is None:
            continue  # POST rows are only listed where POST means something different from GET
        url = url_for(name, pattern, url_world)
        client = url_world.client(persona)
        response = client.get(url) if method == "GET" else client.post(url, {})
        expected = row.codes[persona]
        if expected == "L":
            ok = response.status_code == 302 and response["Location"].startswith(login_url)
        else:
            ok = response.status_code == int(expected)
        if not ok:
            failures.append(
                f"{method} {name} ({url}) as {persona}: {response.status_code}, expected {expected}"
            )
    assert not failures, "\n".join(failures)


def test_posts_without_expectation_are_refused_or_harmless(url_world: World):
    """URLs with no POST row must not change anything when POSTed to by any persona."""
    before = (Job.objects.count(), GeneratedDocument.objects.count())
    for name, pattern in named_patterns():
        if name.startswith("admin:") or row_for(name, "POST") is not None:
            continue
        url = url_for(name, pattern, url_world)
        for persona in PERSONAS:
            response = url_world.client(persona).post(url, {})
            assert response.status_code in {302, 403, 404, 405} or response.status_code == 200
    assert (Job.objects.count(), GeneratedDocument.objects.count()) == before
