"""Bad input, generated: Hypothesis drives every form of the portal with at least 200 submissions
each (Danish letters, very long text, HTML and script, out-of-range and negative numbers, malformed
dates, empty and whitespace values, tampered hidden fields and choices), as the secretariat and, where
they may post, municipality A's coordinator. Never a server error, and nothing invalid saved: after
every submission the newest rows of every model it wrote to pass `full_clean()`.

The forms are found from tests/url_expectations.py (every URL whose GET shows a form that posts
back to it) and their fields from the rendered HTML, so a new form is driven as soon as its URL has
its row. Each submission runs in a savepoint that is rolled back, so the world is built once per
form.

The seed is fixed (derandomize), so CI runs the same submissions every time; BADINPUT_SEED=<n>
runs another seed, to look for new failures before a change is submitted."""

import datetime
import os
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from governance.models import Meeting

from . import test_url_roles
from .conftest import World
from .factories import AgendaItemFactory, MeetingFactory
from .test_url_roles import named_patterns, row_for, url_for

url_world = test_url_roles.url_world  # the same world, with a job and a document

pytestmark = pytest.mark.badinput

PROJECT_APPS = (
    "alliance",
    "municipalities",
    "actionplans",
    "networks",
    "governance",
    "fundraising",
    "people",
)
POSTERS = ("secretariat", "coordinator_a")
SEED = os.environ.get("BADINPUT_SEED")
# GET pages that show a form but where a POST is not a form submission of that page.
NOT_FORMS = ("login", "password_", "admin:", "account", "set_language")
# The pages that are forms (the others show lists, details and downloads; their filters are GET).
FORM_PAGES = ("create", "update", "import", "decision", "link", "move", "reuse", "attendance",
              "replace")  # fmt: skip
# Pages whose names look like forms but which list things (their filters are GET).
LISTS = ("actionplans:update-list", "governance:decision-log")


def earlier_item(world: World) -> None:
    """item-reuse shows its form only when the body has items on other meetings."""
    AgendaItemFactory(meeting=MeetingFactory(body=world.body_x), title="Tidligere punkt")


# What a form page needs in the world before it shows its form.
PREPARE = {"governance:item-reuse": earlier_item}


class FormParser(HTMLParser):
    """The fields of the page's forms that post back to the page itself."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[dict]] = []
        self._form: list[dict] | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            posts_here = (a.get("method") or "").lower() == "post" and not a.get("action")
            self._form = [] if posts_here else None
            if posts_here:
                self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            self._form.append(
                {"name": a["name"], "type": (a.get("type") or "text").lower(),
                 "value": a.get("value") or "", "options": []}
            )  # fmt: skip
        elif tag == "textarea":
            self._form.append({"name": a["name"], "type": "textarea", "value": "", "options": []})
        elif tag == "select":
            self._select = {
                "name": a["name"],
                "type": "select-multiple" if "multiple" in a else "select",
                "value": "",
                "options": [],
            }
            self._form.append(self._select)
        if tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def form_fields(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    fields = max(parser.forms, key=len, default=[])
    return [f for f in fields if f["name"] != "csrfmiddlewaretoken"]


NASTY = [
    "",
    " ",
    "\t\n ",
    "Æblegrød på Ærø, Østerbro og Åbenrå",
    "<script>alert('æ')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% now 'Y' %}",
    "'; DROP TABLE actionplans_initiative; --",
    "x" * 5000,
    "ø" * 20_000,
    "\u202eomvendt\u200b",
    "0",
    "-1",
    "-999999999999999999999",
    "1e309",
    "NaN",
    "1,5",
    "1.000,50",
    "2026-02-30",
    "31-12-2026",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "null",
]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300),
    st.text(alphabet="æøåÆØÅéü <>&\"'abc123-_.,", min_size=1, max_size=3000),
)
numbers = st.one_of(
    st.integers(min_value=-(10**22), max_value=10**22).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-5, max_value=3000).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.tuples(st.integers(-1, 99999), st.integers(-1, 15), st.integers(-1, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
)
times = st.one_of(
    st.times().map(lambda t: t.isoformat()), st.sampled_from(["25:61", "12", "-1:00"])
)


def value_for(field: dict) -> st.SearchStrategy:
    kind, options = field["type"], list(field["options"])
    if kind in {"submit", "button", "image", "reset"}:
        return st.just(None)
    if kind == "hidden":
        return st.one_of(st.just(field["value"]), st.just(field["value"]), text, numbers)
    if kind in {"checkbox", "radio"}:
        return st.one_of(st.just(None), st.just(field["value"] or "on"), text)
    if kind == "number":
        return st.one_of(numbers, text)
    if kind in {"date", "datetime-local", "month"}:
        both = st.tuples(dates, times).map(lambda p: f"{p[0]}T{p[1]}")
        return st.one_of(dates, both, text) if kind != "date" else st.one_of(dates, text)
    if kind == "time":
        return st.one_of(times, text)
    if kind == "file":
        return st.one_of(
            st.just(None),
            st.builds(
                lambda name, content: SimpleUploadedFile(name, content),
                st.sampled_from(["bilag.pdf", "æøå <script>.pdf", "x" * 300 + ".pdf", "a.exe"]),
                st.one_of(st.just(b"%PDF-1.4\n%%EOF"), st.binary(max_size=2000)),
            ),
        )
    if kind == "select-multiple":
        if not options:
            return st.lists(text, max_size=2)
        return st.one_of(st.lists(st.sampled_from(options), max_size=3), st.lists(text, max_size=2))
    if kind == "select":
        return st.one_of(st.sampled_from(options), text, numbers) if options else text
    return text  # text, textarea, email, url, search, password, tel


def submissions(fields: list[dict]) -> st.SearchStrategy:
    strategies = {f["name"]: st.one_of(st.just(None), value_for(f)) for f in fields}
    return st.fixed_dictionaries(strategies).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def project_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS
        and not m._meta.auto_created
        and m._meta.managed
        and not m.__name__.startswith("Historical")  # django-simple-history's copies
    ]


class WrittenTables:
    """The portal's models whose tables a block of code inserted into or updated (an execute
    wrapper on the connection sees every statement, bulk writes and raw updates included)."""

    WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self):
        self.by_table = {m._meta.db_table: m for m in project_models()}
        self.models: set = set()

    def __call__(self, execute, sql, params, many, context):
        match = self.WRITE.match(sql)
        if match and match.group(1) in self.by_table:
            self.models.add(self.by_table[match.group(1)])
        return execute(sql, params, many, context)


def newest_row_errors(model) -> dict:
    """full_clean's errors on each of the model's newest rows, by pk (the only rows checked)."""
    errors = {}
    for obj in model._base_manager.order_by("-pk")[:3]:
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors[obj.pk] = error.message_dict
    return errors


def invalid_newest_rows() -> dict:
    """Of each model's newest rows, those already invalid in the world (left out of the check)."""
    return {model: set(newest_row_errors(model)) for model in project_models()}


def newest_rows_are_valid(models, baseline: dict) -> list[str]:
    """The newest rows (those a submission just made or changed, or the world's own) of every model
    the submission wrote to must pass full_clean; rows already invalid in the world are left out."""
    return [
        f"{model._meta.label} {pk}: {errors}"
        for model in models
        for pk, errors in newest_row_errors(model).items()
        if pk not in baseline[model]
    ]


def form_urls() -> list[str]:
    names = []
    for name, _ in named_patterns():
        if name.startswith(NOT_FORMS):
            continue
        row = row_for(name, "GET")
        if not any(part in name for part in FORM_PAGES) or name.endswith("-template"):
            continue
        if name in LISTS:
            continue
        if row and any(row.codes[p] == "200" for p in POSTERS):
            names.append(name)
    return sorted(names)


@pytest.mark.parametrize("name", form_urls())
def test_generated_submissions_never_fail(name: str, url_world: World):
    pattern = dict(named_patterns())[name]
    url = url_for(name, pattern, url_world)
    row = row_for(name, "GET")
    posters = [p for p in POSTERS if row.codes[p] == "200"]
    clients = {p: url_world.client(p) for p in posters}
    if name in PREPARE:
        PREPARE[name](url_world)
    page = clients[posters[0]].get(url)
    fields = form_fields(page.content.decode())
    # A form page without a form that posts back means this test drives nothing: fail, not skip.
    assert fields, f"{name} shows no form that posts back to {url}"
    baseline = invalid_newest_rows()

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        derandomize=SEED is None,
        # The first failing submission is reported as found: shrinking a web form takes minutes.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(persona=st.sampled_from(posters), data=submissions(fields))
    def submit(persona, data):
        with transaction.atomic():
            written = WrittenTables()
            with connection.execute_wrapper(written):
                response = clients[persona].post(url, data)
            assert response.status_code < 500, (persona, data)
            problems = newest_rows_are_valid(written.models, baseline)
            assert not problems, (persona, data, problems)
            transaction.set_rollback(True)

    if SEED is not None:
        submit = seed(int(SEED))(submit)
    submit()


def test_the_check_sees_an_invalid_row_written_by_a_bulk_update(url_world: World):
    """The check itself can fail: a queryset update (no signals, no save) is seen and judged."""
    baseline = invalid_newest_rows()
    newest = Meeting.objects.order_by("-pk").first()
    assert newest.pk not in baseline[Meeting]
    with transaction.atomic():
        written = WrittenTables()
        with connection.execute_wrapper(written):
            Meeting.objects.filter(pk=newest.pk).update(
                starts_at=datetime.datetime(1899, 1, 1, tzinfo=datetime.UTC)
            )
        assert written.models == {Meeting}
        problems = newest_rows_are_valid(written.models, baseline)
        transaction.set_rollback(True)
    assert len(problems) == 1 and "'starts_at'" in problems[0]
