"""Bad GET input, generated: Hypothesis drives the filter, sort and page parameters of every page
with out-of-range, malformed and hostile values (huge, negative, zero, float and exponent numbers,
malformed dates, very long strings, NUL and control characters, HTML and SQL-ish text, Danish
letters, unknown sort keys, repeated parameters), as the secretariat, municipality A's coordinator,
a member and, where the page is public, an anonymous visitor. Never a server error.

The pages are those of tests/url_expectations.py that one of these personas may GET (200). Each
page's parameter names are found, not listed: from its FilterSet's fields, its table's orderable
columns and page parameters (class views), from the GET forms and the query-string links in the
rendered page (function views: the library, the reminders, the meeting calendar, ...), and every
name the code reads from request.GET directly. Lists get more examples than other pages.

The seed is fixed (derandomize), so CI runs the same examples every time; BADINPUT_SEED=<n> runs
another seed, to look for new failures locally."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from . import test_url_roles
from .conftest import World
from .test_url_roles import named_patterns, row_for, url_for

url_world = test_url_roles.url_world  # the same world, with a job and a document

pytestmark = pytest.mark.badinput

PERSONAS = ("secretariat", "coordinator_a", "member", "anonymous")
LIST_EXAMPLES = 60  # pages with a filter, a table or query-string links
OTHER_EXAMPLES = 8  # pages that may only read a parameter directly (a form's initial value)
SEED = os.environ.get("BADINPUT_SEED")
PROJECT_DIRS = ("alliance", "municipalities", "actionplans", "networks", "governance",
                "fundraising", "reports")  # fmt: skip


def read_directly() -> set[str]:
    """Every parameter name the code reads from request.GET itself."""
    found = set()
    read = re.compile(r"request\.GET(?:\.get|\.getlist)?[(\[]\s*[\"']([^\"']+)[\"']")
    for folder in PROJECT_DIRS:
        for path in (Path(django_settings.BASE_DIR) / folder).rglob("*.py"):
            found.update(read.findall(path.read_text()))
    return found


class GetParameters(HTMLParser):
    """Names (and the values the page itself offers) of the page's GET forms and of its links
    that carry a query string back to the same page."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.found: dict[str, set[str]] = {}
        self._in_get_form = False
        self._select: str | None = None

    def add(self, name: str, value: str | None = None) -> None:
        values = self.found.setdefault(name, set())
        if value:
            values.add(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.path
            self._in_get_form = (a.get("method") or "get").lower() == "get" and (
                urlsplit(action).path in ("", self.path)
            )
        elif tag == "a" and a.get("href"):
            url = urlsplit(a["href"])
            if url.query and url.path in ("", self.path):
                for name, value in parse_qsl(url.query, keep_blank_values=True):
                    self.add(name, value)
        elif self._in_get_form and a.get("name") and tag in ("input", "select", "textarea"):
            self.add(a["name"], a.get("value"))
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._in_get_form and self._select:
            self.add(self._select, a.get("value"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False
        elif tag == "select":
            self._select = None


def class_view_parameters(path: str) -> dict[str, set[str]]:
    """A FilterSet's fields, a table's sort keys, page and page-size parameters, the export one."""
    view = getattr(resolve(path).func, "view_class", None)
    found: dict[str, set[str]] = {}
    filterset = getattr(view, "filterset_class", None)
    if filterset:
        for name in filterset.base_filters:
            found[name] = set()
    table = getattr(view, "table_class", None)
    if table:
        columns = [name for name, column in table.base_columns.items() if column.orderable]
        found[table._meta.order_by_field] = {*columns, *(f"-{c}" for c in columns)}
        found[table._meta.page_field] = {"1", "2"}
        found[table._meta.per_page_field] = {"25"}
    if trigger := getattr(view, "export_trigger_param", None):
        found[trigger] = set(getattr(view, "export_formats", ()))
    return found


NUMBERS = ["99999", "0", "-1", "1e10", "1E10", "1e400", "-1e10", "1.5", "1,5", "2026.0", "NaN",
           "inf", "-inf", "9" * 40, "-" + "9" * 40, "0x10", "²", "١٢", " 7 ", "+3", "2_026",
           "00", "-0"]  # fmt: skip
DATES = ["2026-02-30", "0001-01-01", "9999-12-31", "99999-01-01", "31-12-2026", "2026-13-01",
         "2026-1-1", "0000-00-00", "-2026-01-01", "2026-01-01T25:61", "1899-12-31", "31.12.2026",
         "2026-W01"]  # fmt: skip
STRINGS = ["", " ", "\t\n", "x" * 5000, "ø" * 3000, "\x00", "a\x00b", "\x01\x08\x1b[0m\x7f",
           "<script>alert('æ')</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}",
           "'; DROP TABLE actionplans_initiative; --", "' OR '1'='1", "%", "_", "\\", "%00",
           "Æblegrød på Ærø, Østerbro og Åbenrå", "\u202eomvendt\u200b", "nope", "-nope", "--",
           "title,-title", "true", "on", "null", "[]", "../../etc/passwd", "🙂"]  # fmt: skip

BAD = NUMBERS + DATES + STRINGS
hostile = st.one_of(
    st.sampled_from(BAD),
    st.sampled_from(BAD),  # twice: the known troublemakers a third of the time
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.tuples(st.integers(-1, 99999), st.integers(-1, 15), st.integers(-1, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
)


def value_for(known: set[str]) -> st.SearchStrategy:
    """Half the time a value the page offers (so a valid sort key meets a bad page number)."""
    return st.one_of(st.sampled_from(sorted(known)), hostile) if known else hostile


def queries(own: dict[str, set[str]], direct: set[str]) -> st.SearchStrategy:
    """One to three of the page's own parameters (few, so that one bad value is not hidden behind
    another that makes the filter form invalid first), each once or repeated, and now and then a
    name the code reads elsewhere or a made-up one."""
    names = sorted(own)
    picked = st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)
    own_part = (picked if names else st.just([])).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {n: st.lists(value_for(own[n]), min_size=1, max_size=3) for n in chosen}
        )
    )
    other_name = st.one_of(st.sampled_from(sorted(direct)), hostile)
    others = st.lists(st.tuples(other_name, st.lists(hostile, min_size=1, max_size=2)), max_size=2)
    return st.tuples(own_part, others).map(lambda parts: {**dict(parts[1]), **parts[0]})


def get_pages() -> list[str]:
    names = []
    for name, _ in named_patterns():
        row = row_for(name, "GET")
        if not name.startswith("admin:") and any(row.codes[p] == "200" for p in PERSONAS):
            names.append(name)
    return sorted(names)


@pytest.mark.parametrize("name", get_pages())
def test_generated_query_strings_never_fail(name: str, url_world: World):
    url = url_for(name, dict(named_patterns())[name], url_world)
    row = row_for(name, "GET")
    personas = [p for p in PERSONAS if row.codes[p] == "200"]
    clients = {p: url_world.client(p) for p in personas}
    path = urlsplit(url).path
    parameters = class_view_parameters(path)
    for persona in personas:
        page = clients[persona].get(url)
        if page.get("Content-Type", "").startswith("text/html"):
            parser = GetParameters(path)
            parser.feed(page.content.decode())
            for key, values in parser.found.items():
                parameters.setdefault(key, set()).update(values)
    examples = LIST_EXAMPLES if parameters else OTHER_EXAMPLES

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        derandomize=SEED is None,
        # The first failing query is reported as found: shrinking a web request takes minutes.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(persona=st.sampled_from(personas), query=queries(parameters, read_directly()))
    def request(persona, query):
        response = clients[persona].get(url, query)
        assert response.status_code < 500, (persona, url, query)

    if SEED is not None:
        request = seed(int(SEED))(request)
    request()
