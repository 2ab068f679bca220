"""The status report's parts (sections, front matter, numbering overlay) are laid out once per
content: a rebuild of the same data lays out nothing and gives the same bytes; a change to one
municipality lays out the one section that shows it (reports/pdf.py, _laid_out); kept layouts
older than a month are pruned nightly."""

import copy
import datetime as dt

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation

from alliance.pdf import render_document, render_html
from reports import pdf as reports_pdf
from reports.content import report_context, report_data, section_keys, toc_entries
from reports.pdf import (
    SECTION_CACHE,
    _laid_out,
    build_single_process,
    front_pages,
    prune_layouts,
    render_front,
)
from reports.tasks import prune_layouts as prune_layouts_task
from tests.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process_jobs")]


def laid_out() -> set[str]:
    """The layouts kept so far (one PDF per section content)."""
    if not default_storage.exists(SECTION_CACHE):
        return set()
    return {name for name in default_storage.listdir(SECTION_CACHE)[1] if name.endswith(".pdf")}


def test_a_rebuild_lays_out_only_the_changed_section(world: World):
    translation.activate("da")
    data = report_data(world.status_report)
    first = build_single_process(data)
    kept = laid_out()
    assert len(kept) >= len(section_keys(data)) + 2  # and the front matter and the overlay

    again = build_single_process(copy.deepcopy(data))
    assert laid_out() == kept
    assert again.content == first.content  # byte-stable

    changed = copy.deepcopy(data)
    changed["snapshot"]["municipalities"][0]["initiatives"][0]["title"] = "Ændret indsats"
    rebuilt = build_single_process(changed)
    assert len(laid_out() - kept) == 1
    assert rebuilt.content != first.content


# Around each page break of the contents: 37 municipalities fill its first page, 84 its second.
@pytest.mark.parametrize("municipalities", [3, 37, 38, 84, 85, 131])
def test_the_front_matters_length_is_guessed_right_however_long_the_contents(
    world: World, municipalities: int
):
    """The assembly numbers the contents for the front matter's guessed length (`front_pages`)
    and lays it out again only when the guess was wrong, and the page numbers are laid out ahead
    for that length: with a right guess the front matter is laid out once."""
    translation.activate("da")
    context = report_context(report_data(world.status_report))
    context["municipalities"] = [
        {"anchor": f"toc-m{n}", "name": f"Benchkommune {n}"} for n in range(municipalities)
    ]
    entries = [(anchor, title, level, 400) for anchor, title, level in toc_entries(context)]
    assert render_front(context, entries)[1] == front_pages(len(entries))


def test_old_layouts_are_pruned_and_laid_out_again_when_asked_for(world: World):
    translation.activate("da")
    data = report_data(world.status_report)
    first = build_single_process(data)
    kept = laid_out()
    assert prune_layouts() == 0  # all new
    assert laid_out() == kept
    assert prune_layouts(older_than=dt.timedelta(0)) == 2 * len(kept)  # each PDF and its metadata
    assert laid_out() == set()
    assert build_single_process(copy.deepcopy(data)).content == first.content
    assert laid_out() == kept
    schedule = settings.CELERY_BEAT_SCHEDULE["prune-report-layouts"]
    assert schedule["task"] == prune_layouts_task.name


def test_a_kept_layout_that_is_not_whole_is_laid_out_again(world: World, monkeypatch):
    """Two workers may lay out the same part at once: one may find the other's PDF half written
    beside whole metadata, or one left half written by a worker that died. A kept PDF counts
    only when its checksum is the metadata's, and a layout replaces one that is not whole."""
    translation.activate("da")
    html = render_html(
        "reports/pdf_overlay.html", {"numbers": range(1, 4), "total": 3}, title="Statusrapport"
    )
    content, pages, _anchors = _laid_out(html, tagged=False)
    (name,) = laid_out()
    path = default_storage.path(f"{SECTION_CACHE}/{name}")
    with open(path, "r+b") as fh:
        fh.truncate(len(content) // 2)
    layouts = []
    monkeypatch.setattr(
        reports_pdf,
        "render_document",
        lambda *a, **k: layouts.append(1) or render_document(*a, **k),
    )
    again, again_pages, _anchors = _laid_out(html, tagged=False)
    assert layouts == [1] and again == content and again_pages == pages == 3
    # The half-written PDF was replaced: the next one takes the kept layout.
    assert _laid_out(html, tagged=False)[0] == content and layouts == [1]
