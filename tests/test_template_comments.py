"""A `{# … #}` comment ends on its own line: Django shows a comment that runs on to the next line
as text on the page (a list page once showed one to every user)."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_short_comment_closes_on_its_line():
    open_ended = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_ended == []
