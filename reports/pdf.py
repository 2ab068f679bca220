"""The status report as a PDF, laid out in parallel.

Why and how: the report has a chapter per municipality and is the largest document the portal
makes, so its sections are laid out by separate Celery tasks (more workers, faster report) and
joined with qpdf (pikepdf). A continuous contents, page numbers and bookmarks across sections that
were laid out separately come from three phases:

1. Sections (in parallel, one task each; `render_section`): each section's HTML is laid out with
   the print stylesheet and its own running header (the chapter, and the municipality, by CSS
   `string-set`) but *without* page numbers. The task stores its PDF, its page count and
   the page of each heading anchor (WeasyPrint's `document.pages[i].anchors`) as a
   `ReportSection` row (unique per build and key, so a task that runs twice stores one result; the
   result backend is not used).
2. Front matter (`render_front`, once all sections are there): cover and contents, now that every
   heading's page is known. The contents shows the numbers as text, numbered for the front
   matter's length guessed from its entries (`front_pages`); it is laid out again only if the
   guess was wrong.
3. Assembly (`assemble`): front matter and sections are concatenated; cheap WeasyPrint
   documents of empty pages carry only "Side X af Y" (the one thing that needs every section's
   length) and are drawn onto the pages as an overlay; bookmarks are set with pikepdf. With
   workers, another one lays the overlay out meanwhile, from its last part (see
   `assemble_if_complete`), and the assembly takes what it finds in the kept layouts.

The last section task to finish assembles (`assemble_if_complete`, under a row lock on the build,
so only one does). Without workers (the embedded default, Celery eager) the group runs in-process;
with REPORT_PARALLEL off the job renders the sections itself. All paths call the same
`render_section` and `assemble`, so they give the same document (tested: same page count, same
text on every page).
"""

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import pikepdf
from celery import group
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.models import Job
from alliance.pdf import (
    RenderedPdf,
    html_to_pdf,
    join_tagged,
    render_document,
    render_html,
    stamp_artifact,
    style_version,
    write_pdf,
)
from alliance.services import report_progress, store_document

from .content import (
    draft_data,
    report_context,
    report_data,
    section_context,
    section_keys,
    toc_entries,
)
from .models import ReportBuild, ReportingRound, ReportSection, StatusReport

logger = logging.getLogger(__name__)
SECTION_CACHE = "report-sections/cache"  # laid-out parts by content hash (_laid_out)
# How many entries of the contents a page holds (templates/reports/pdf_front.html, the print
# stylesheet; the first page has the heading too): 44 and 47 with the bench's 98 municipalities.
CONTENTS_FIRST_PAGE, CONTENTS_PAGE = 44, 47
LAYOUT_KEPT = timedelta(days=30)
OVERLAY_PART = 50  # pages of page numbers laid out at once (`render_overlay`)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a refused NOWAIT lock


@dataclass(frozen=True)
class RenderedSection:
    key: str
    content: bytes
    page_count: int
    anchors: dict[str, int]


def _laid_out(html: str, *, tagged: bool = True) -> tuple[bytes, int, dict[str, int]]:
    """Lay out HTML, or take the layout kept under a hash of the HTML (its data and templates)
    and the style version, in the media storage that every worker sees: (PDF, page count, the
    page of each contents anchor). Rendering the HTML takes milliseconds, the layout seconds.

    Several workers may lay out the same part at once (the page numbers, see
    `assemble_if_complete`) and write the same names: a kept PDF counts only if it is whole, its
    checksum the one the metadata gives; anything else is laid out again."""
    digest = hashlib.sha256(f"{style_version()}\n{tagged}\n{html}".encode()).hexdigest()
    name = f"{SECTION_CACHE}/{digest}"
    try:
        with default_storage.open(f"{name}.json") as fh:
            meta = json.load(fh)
        with default_storage.open(f"{name}.pdf") as fh:
            content = fh.read()
        if hashlib.sha256(content).hexdigest() == meta.get("sha256"):
            return content, meta["page_count"], meta["anchors"]
    except (FileNotFoundError, json.JSONDecodeError):
        pass  # not laid out yet, being stored by another worker, or pruned (`prune_layouts`)
    document = render_document(html)
    anchors = {
        anchor: index
        for index, page in enumerate(document.pages)
        for anchor in page.anchors
        if anchor.startswith("toc-")
    }
    content = write_pdf(document, tagged=tagged)
    meta = json.dumps(
        {
            "page_count": len(document.pages),
            "anchors": anchors,
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    ).encode()
    # The PDF first, the metadata last: a reader that finds the metadata finds a PDF, whole once
    # its checksum matches (a second writer may find the first's PDF half written; one left half
    # written by a worker that died is replaced).
    for kept, part in ((f"{name}.pdf", content), (f"{name}.json", meta)):
        if default_storage.exists(kept):
            with default_storage.open(kept) as fh:
                if fh.read() != part:
                    default_storage.delete(kept)
        if not default_storage.exists(kept):
            default_storage.save(kept, ContentFile(part))
    return content, len(document.pages), anchors


def prune_layouts(*, older_than: timedelta = LAYOUT_KEPT) -> int:
    """Drop kept layouts made more than `older_than` ago (nightly, alliance/settings.py): a draft
    made again within the round reuses them; an old one is laid out again if ever asked for."""
    if not default_storage.exists(SECTION_CACHE):
        return 0
    cutoff = timezone.now() - older_than
    names = default_storage.listdir(SECTION_CACHE)[1]
    old = [n for n in names if default_storage.get_modified_time(f"{SECTION_CACHE}/{n}") < cutoff]
    # The metadata first: a reader that finds it finds the PDF (`_laid_out`).
    for name in sorted(old, key=lambda n: not n.endswith(".json")):
        default_storage.delete(f"{SECTION_CACHE}/{name}")
    return len(old)


def render_section(context: dict, key: str) -> RenderedSection:
    """Lay out one section of the report (`context`: `report_context` of its data) with its
    running header but no page numbers; note where its headings landed. A rebuild after one
    municipality's change lays out only the section that shows it (`_laid_out`)."""
    html = render_html(
        "reports/pdf_section.html", section_context(context, key), title=context["title"]
    )
    return RenderedSection(key, *_laid_out(html))


def front_pages(entries: int) -> int:
    """The front matter's page count for this many entries of the contents, guessed before it is
    laid out: the cover and the pages of contents. `assemble` lays the front matter out with
    numbers for this length, and again if it came out longer or shorter; the page numbers are
    laid out ahead for it (`lay_out_overlay_if_complete`). A wrong guess costs time, never a
    wrong number: with 98 municipalities a fixed guess of two pages laid the front matter out
    twice and the page numbers on the assembly's own time."""
    more = max(0, entries - CONTENTS_FIRST_PAGE)
    return 2 + -(-more // CONTENTS_PAGE)


def render_front(context: dict, entries: list[tuple[str, str, int, int]]) -> tuple[bytes, int]:
    """Cover and contents; `entries` are (anchor, title, level, page number). Kept like a
    section: the same contents and numbers give the same layout."""
    html = render_html(
        "reports/pdf_front.html", {**context, "entries": entries}, title=context["title"]
    )
    content, pages, _anchors = _laid_out(html)
    return content, pages


def render_overlay(title: str, pages: int, *, from_the_end: bool = False) -> list[bytes]:
    """N empty pages with only "Side X af Y" (none on the cover): the one thing a section cannot
    draw itself, as it needs the whole document's pages. Laid out in parts of OVERLAY_PART pages
    (PDFs, in page order), each kept like a section: a rebuild whose page count did not change
    reuses them. The assembly lays out the parts from the first, the worker beside it from the
    last (`from_the_end`): each takes the parts the other has kept, so they meet in the middle."""
    parts = [
        (first, range(first, min(first + OVERLAY_PART, pages + 1)))
        for first in range(1, pages + 1, OVERLAY_PART)
    ]
    laid_out = {}
    for first, numbers in reversed(parts) if from_the_end else parts:
        html = render_html(
            "reports/pdf_overlay.html", {"numbers": numbers, "total": pages}, title=title
        )
        laid_out[first] = _laid_out(html, tagged=False)[0]
    return [laid_out[first] for first, _numbers in parts]


def assemble(context: dict, sections: list[RenderedSection]) -> RenderedPdf:
    """Front matter + sections, numbered and bookmarked (phases 2 and 3 of the module docstring);
    `context` is `report_context` of the report's data."""
    starts, page = {}, 0
    for section in sections:
        starts[section.key] = page
        page += section.page_count
    body_pages = page
    anchor_page = {
        anchor: starts[s.key] + index for s in sections for anchor, index in s.anchors.items()
    }
    entries = toc_entries(context)
    front_length, front = front_pages(len(entries)), b""
    for _attempt in range(3):
        numbered = [
            (anchor, title, level, front_length + anchor_page.get(anchor, 0) + 1)
            for anchor, title, level in entries
        ]
        front, laid_out = render_front(context, numbered)
        if laid_out == front_length:
            break
        front_length = laid_out

    # qpdf (pikepdf) joins the parts and draws the overlay's page onto each page as a form XObject,
    # without parsing any content: a tenth of pypdf's time for the bench's 129 pages, a smaller file.
    pdf = pikepdf.Pdf.open(io.BytesIO(front))
    # The parts stay open (referenced) until the joined document is saved: it copies from them.
    parts = [pikepdf.Pdf.open(io.BytesIO(section.content)) for section in sections]
    join_tagged(pdf, parts)
    overlays = [
        pikepdf.Pdf.open(io.BytesIO(part))
        for part in render_overlay(context["title"], len(pdf.pages))
    ]
    stamps = [stamp for overlay in overlays for stamp in overlay.pages]
    assert len(stamps) == len(pdf.pages) == front_length + body_pages
    for number, (page, stamp) in enumerate(zip(pdf.pages, stamps, strict=True)):
        stamp_artifact(page, stamp, name=f"/PortalOverlay{number}")
    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.append(pikepdf.OutlineItem(_("Indhold"), 1))
        chapter = None
        for _anchor, title, level, number in numbered:
            item = pikepdf.OutlineItem(title, number - 1)
            (chapter.children if level > 1 and chapter else outline.root).append(item)
            if level == 1:
                chapter = item
    pdf.docinfo["/Title"] = context["title"]
    pdf.docinfo["/Author"] = _("Klimaalliancen i Hovedstadsregionen")
    out = io.BytesIO()
    # A deterministic /ID: the same data gives the same bytes.
    pdf.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return RenderedPdf(content=out.getvalue(), page_count=len(pdf.pages))


def build_single_process(data: dict) -> RenderedPdf:
    """The fallback: every section laid out here, one after the other."""
    context = report_context(data)
    return assemble(context, [render_section(context, key) for key in section_keys(data)])


def watermark(pdf: RenderedPdf) -> RenderedPdf:
    """Lay the draft mark over every page, so no page of a draft passes for the report."""
    mark_pdf = html_to_pdf(render_to_string("reports/pdf_watermark.html"))
    with (
        pikepdf.open(io.BytesIO(mark_pdf.content)) as mark,
        pikepdf.open(io.BytesIO(pdf.content)) as document,
    ):
        for page in document.pages:
            page.add_overlay(mark.pages[0])
        out = io.BytesIO()
        document.save(out)
    return RenderedPdf(content=out.getvalue(), page_count=pdf.page_count)


def run_draft_job(job: Job) -> None:
    """A watermarked draft of an open round's report, on the data as they stand now; stored as a
    document of the round (the secretariat's). One process: a draft is read once, not approved."""
    reporting_round = ReportingRound.objects.get(pk=job.subject_id)
    report_progress(job, 5, _("Henter kommunernes data"))
    with translation.override("da"):
        data = draft_data(reporting_round)
        report_progress(job, 20, _("Sætter udkastet"))
        pdf = watermark(build_single_process(data))
    store_document(job=job, subject=reporting_round, title=data["title"], pdf=pdf)


# --- The job ----------------------------------------------------------------------------------


def run_report_job(job: Job) -> None:
    """Fix the build's data, then lay out the sections (in parallel unless REPORT_PARALLEL is
    off). A re-run (re-delivered message, sweeper) renders only the sections still missing."""
    report = StatusReport.objects.select_related("round").get(pk=job.subject_id)
    with translation.override("da"):
        data = report_data(report)
    build, _created = ReportBuild.objects.get_or_create(
        job=job, defaults={"data": data, "sections": section_keys(data)}
    )
    report_progress(job, 5, _("Henter rapportens data"))
    missing = [
        key
        for key in build.sections
        if key not in set(build.rendered.values_list("key", flat=True))
    ]
    if settings.REPORT_PARALLEL:
        from .tasks import render_report_section

        group(render_report_section.si(job.pk, key) for key in missing).apply_async()
        if not missing:
            assemble_if_complete(job_id=job.pk)
    else:
        for key in missing:
            store_section(job_id=job.pk, key=key)
        assemble_if_complete(job_id=job.pk)


_contexts: dict[tuple, dict] = {}  # a worker process's report context, by its build


def _build_context(build: ReportBuild) -> dict:
    """The report context of a build, once per worker process: the context (every
    municipality's charts) costs a section task more than a short section's layout. A build's
    data are fixed when its job starts, so the build and its job's unique id name them: the data
    (a large JSON document) are read from the database only by a process that has no context for
    them yet. In Danish, as every report."""
    key = (build.pk, build.job.uuid)
    if key not in _contexts:
        with translation.override("da"):
            context = report_context(build.data)
        _contexts.clear()  # one build at a time is what a worker lays out
        _contexts[key] = context
    return _contexts[key]


def _builds():
    """Report builds with their job, without their data until asked for (`_build_context`)."""
    return ReportBuild.objects.defer("data").select_related("job")


def store_section(*, job_id: int, key: str) -> None:
    """Lay out one section of the job's build and keep the result (idempotent)."""
    build = _builds().get(job_id=job_id)
    if build.rendered.filter(key=key).exists():
        return
    context = _build_context(build)
    with translation.override("da"):
        section = render_section(context, key)
    row = ReportSection(
        build=build, key=key, page_count=section.page_count, anchors=section.anchors
    )
    row.file.save(f"{key}.pdf", ContentFile(section.content), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same section, stored by a second run in the meantime
        row.file.storage.delete(row.file.name)
        return
    done = build.rendered.count()
    report_progress(
        build.job,
        10 + int(80 * done / len(build.sections)),
        _("Afsnit %(done)d af %(total)d er sat") % {"done": done, "total": len(build.sections)},
    )


def _locked_build(job_id: int, *, nowait: bool = False) -> ReportBuild:
    return _builds().select_for_update(nowait=nowait).get(job_id=job_id)


def lay_out_overlay_if_complete(job_id: int) -> None:
    """Once every section is in, lay out the page numbers for the report's page count (with the
    front matter's guessed length), kept where `assemble` takes them from (`_laid_out`)."""
    build = _builds().get(job_id=job_id)
    rows = list(build.rendered.values_list("page_count", "anchors"))
    if not build.assembled and len(rows) == len(build.sections):
        # The title alone, not the whole data: this may be a process without the build's context.
        # The contents has an entry for each heading anchor the sections noted.
        title = ReportBuild.objects.values_list("data__title", flat=True).get(pk=build.pk)
        entries = sum(len(anchors) for _pages, anchors in rows)
        with translation.override("da"):
            total = front_pages(entries) + sum(pages for pages, _a in rows)
            render_overlay(title, total, from_the_end=True)


def assemble_if_complete(*, job_id: int) -> None:
    """Merge the sections into the report once all are there; only one caller does it (under a
    lock on the build).

    With workers, the page numbers are laid out beside the assembly, which lays out the front
    matter and joins the parts before it needs them: by an idle worker (the task
    `lay_out_overlay`, sent when the assembly starts) or by a section task that finds the build
    locked by the assembly and would otherwise wait idle. The assembly takes them from the kept
    layouts when they are there in time (for the front matter's guessed length), and lays them
    out itself otherwise. Both are a speed-up only: a failure in either is logged, never the
    report's."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a refused lock leaves the outer transaction usable
                build = _locked_build(job_id, nowait=True)
        except OperationalError as error:  # PostgreSQL's; SQLite has no row locks
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            try:
                with transaction.atomic():  # a failed query leaves the outer one usable
                    lay_out_overlay_if_complete(job_id)
            except Exception:
                logger.exception("Page numbers of job %s not laid out ahead", job_id)
            build = _locked_build(job_id)
        rows = {row.key: row for row in build.rendered.all()}
        if build.assembled or len(rows) < len(build.sections):
            return
        report_progress(build.job, 92, _("Samler rapporten"))
        if settings.REPORT_PARALLEL:
            from .tasks import lay_out_overlay

            try:
                lay_out_overlay.delay(job_id)
            except Exception:  # the broker: the assembly lays them out itself
                logger.exception("Page numbers of job %s not sent to a worker", job_id)
        sections = []
        for key in build.sections:
            with rows[key].file.open("rb") as fh:
                sections.append(
                    RenderedSection(key, fh.read(), rows[key].page_count, rows[key].anchors)
                )
        context = _build_context(build)
        with translation.override("da"):
            pdf = assemble(context, sections)
        report = StatusReport.objects.get(pk=build.job.subject_id)
        store_document(job=build.job, subject=report, title=context["title"], pdf=pdf)
        build.assembled = True
        build.save(update_fields=["assembled"])
    # The parts are not needed once the report is stored.
    names = [row.file.name for row in rows.values()]
    storage = ReportSection.file.field.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
