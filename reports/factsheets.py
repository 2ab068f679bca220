"""The municipalities' fact sheets: one A4 page per municipality from a closed round's snapshot
(the same data as the status report, so the two never disagree), extending the climate profile
(municipalities.services) with the plan, initiatives, indicators and emissions.

One job makes all of them. They are laid out as one WeasyPrint document (fonts and stylesheet
loaded once) and then written one municipality at a time (`Document.copy`), found by the anchor
each sheet starts with, so a sheet that ran over a page would still come out whole. The job stores
them as one ZIP; it is the secretariat's (it holds every municipality's data, reported or not).
"""

import copy
import io
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans.selectors import FINISHED
from actionplans.vocabulary_forms import danish_slug
from alliance.models import GeneratedDocument, Job
from alliance.pdf import RenderedPdf, render_document, render_html, write_pdf
from alliance.services import enqueue_job, report_progress, store_document
from municipalities.models import Municipality

from .content import emission_chart, municipality_context
from .models import ReportingRound, StatusReport

FACTSHEETS_JOB = "municipality-factsheets"
# What a sheet shows, and the shorter version for a sheet that ran over a page (long titles,
# many coordinators): laid out once more with less, so every sheet is one page.
FULL = {"initiatives": 5, "indicators": 3, "coordinators": 4, "title_chars": 64, "chart_height": 80}
COMPACT = {
    "initiatives": 3,
    "indicators": 2,
    "coordinators": 2,
    "title_chars": 40,
    "chart_height": 60,
}


def sheet_context(m: dict, year: int, coordinators: list, limits: dict = FULL) -> dict:
    """One municipality's sheet: the status report's dressing of its data plus a few key figures."""
    sheet = municipality_context(m, year)
    active = [i for i in m["initiatives"] if i["status"] not in FINISHED]
    updated = sum(1 for i in active if i["updated_in_year"])
    for indicator in sheet["indicators"]:
        values = [(int(y), v) for y, v in indicator["values"].items() if int(y) <= year]
        indicator["latest"] = max(values) if values else None  # (year, value as text)
    sheet.update(
        anchor=f"fact-m{m['code']}",
        limits=limits,
        active_count=len(active),
        updated_share=round(100 * updated / len(active)) if active else None,
        key_initiatives=sheet["key_initiatives"][: limits["initiatives"]],
        more_initiatives=max(sheet["initiative_count"] - limits["initiatives"], 0),
        key_indicators=sheet["indicators"][: limits["indicators"]],
        more_indicators=max(len(sheet["indicators"]) - limits["indicators"], 0),
        coordinators=coordinators[: limits["coordinators"]],
        more_coordinators=max(len(coordinators) - limits["coordinators"], 0),
        # Full width and lower than in the report, so the page holds it at a legible size.
        emission_chart=emission_chart(
            m["emissions"],
            title=_("Udledning efter sektor: %(name)s") % {"name": m["name"]},
            key=f"fact-m{m['code']}-emissions",
            plot_height=limits["chart_height"],
        ),
    )
    return sheet


def _lay_out(sheets: list[dict], context: dict) -> list[RenderedPdf]:
    """The sheets laid out as one document, written out one sheet at a time."""
    with translation.override("da"):
        html = render_html(
            "reports/factsheets_pdf.html",
            {**context, "sheets": sheets},
            title=_("Faktaark %(year)s") % {"year": context["year"]},
        )
    document = render_document(html)
    starts = {}  # a sheet's anchor is on each page its box reaches: keep the first
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("fact-m"):
                starts.setdefault(anchor, index)
    bounds = [starts[sheet["anchor"]] for sheet in sheets] + [len(document.pages)]
    out = []
    for n, sheet in enumerate(sheets):
        pages = document.pages[bounds[n] : bounds[n + 1]]
        part = document.copy(pages)
        part.metadata = copy.copy(document.metadata)  # each sheet's own title
        part.metadata.title = f"{document.metadata.title}: {sheet['name']}"
        out.append(RenderedPdf(write_pdf(part), len(pages)))
    return out


def render_factsheets(reporting_round: ReportingRound) -> list[tuple[dict, RenderedPdf]]:
    """Every municipality's sheet as its own PDF, in the snapshot's order (by name)."""
    snapshot = reporting_round.snapshot
    year = reporting_round.year
    coordinators = {m.code: m.active_coordinators for m in Municipality.objects.with_coordinators()}
    context = {
        "year": year,
        "closed_at": reporting_round.closed_at,
        "region": snapshot["region"],
        "generated_at": timezone.now(),
    }
    municipalities = snapshot["municipalities"]

    def sheets(limits: dict, indexes) -> list[dict]:
        with translation.override("da"):
            return [
                sheet_context(
                    municipalities[n], year, coordinators.get(municipalities[n]["code"], []), limits
                )
                for n in indexes
            ]

    full = sheets(FULL, range(len(municipalities)))
    pdfs = _lay_out(full, context)
    over = [n for n, pdf in enumerate(pdfs) if pdf.page_count > 1]
    if over:
        compact = sheets(COMPACT, over)
        for n, sheet, pdf in zip(over, compact, _lay_out(compact, context), strict=True):
            full[n], pdfs[n] = sheet, pdf
    return list(zip(full, pdfs, strict=True))


def build_factsheets(reporting_round: ReportingRound) -> RenderedPdf:
    """All the sheets in one ZIP (its page count: the pages of all the sheets)."""
    buffer = io.BytesIO()
    pages = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet, pdf in render_factsheets(reporting_round):
            name = (
                f"faktaark-{reporting_round.year}-{sheet['code']}-{danish_slug(sheet['name'])}.pdf"
            )
            archive.writestr(name, pdf.content)
            pages += pdf.page_count
    return RenderedPdf(buffer.getvalue(), pages)


def request_factsheets(*, report: StatusReport, by) -> Job:
    return enqueue_job(kind=FACTSHEETS_JOB, subject=report, requested_by=by)


def factsheet_documents(report: StatusReport):
    return (
        GeneratedDocument.objects.for_subject(report)
        .filter(kind=FACTSHEETS_JOB)
        .order_by("-version")
    )


def run_factsheets_job(job: Job) -> None:
    report = StatusReport.objects.select_related("round").get(pk=job.subject_id)
    report_progress(job, 10, _("Sætter faktaarkene"))
    bundle = build_factsheets(report.round)
    report_progress(job, 90, _("Gemmer faktaarkene"))
    with translation.override("da"):
        title = _("Faktaark %(year)s") % {"year": report.round.year}
    store_document(job=job, subject=report, title=title, pdf=bundle, extension="zip")
