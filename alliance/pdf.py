"""Rendering Django templates to PDF with WeasyPrint and the shared print stylesheet.

Every PDF is tagged PDF/UA-1 (`PDF_VARIANT`): the document language comes from `<html lang>`, the
title from `<title>` (shown by viewers: DisplayDocTitle), headings, lists and tables (with header
cells) become the structure tree and headings the bookmarks. An inline SVG chart becomes a Figure
whose alternative text is its `<title>` and `<desc>` (the finding; see `chart_alternatives`).
Documents joined or stamped with pikepdf afterwards stay tagged through `join_tagged` and
`stamp_artifact`.
"""

import hashlib
import html as html_module
import mimetypes
import os
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlparse

import pikepdf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

# The print stylesheet, then the charts' (shared with the pages).
PRINT_STYLESHEETS = ("print/print.css", "css/charts.css")
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def collected_static(name: str) -> str | None:
    """A file collected into STATIC_ROOT: in production {% static %} gives the hashed names of the
    manifest storage, which only exist there (the finders know the original names)."""
    try:
        candidate = staticfiles_storage.path(name)
    except NotImplementedError:
        return None
    return candidate if os.path.isfile(candidate) else None


class StaticUrlFetcher(URLFetcher):
    """Resolve static files from disk and refuse everything else: a PDF never reaches the network."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = unquote(urlparse(url).path)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith(static_prefix):
            name = path[len(static_prefix) :]
            try:
                found = finders.find(name) or collected_static(name)
            except SuspiciousFileOperation:  # a path that climbs out of the static folders
                found = None
            if found:
                with open(found, "rb") as fh:
                    mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, fh.read(), headers={"Content-Type": mime_type})
        raise URLFetchingError(f"Not allowed in a PDF: {url}")


static_url_fetcher = StaticUrlFetcher()


@cache
def style_version() -> str:
    """What besides the HTML decides a layout: the print stylesheet, the WeasyPrint version and
    the PDF variant (tagging)."""
    stylesheet = b""
    for name in PRINT_STYLESHEETS:
        with open(finders.find(name), "rb") as fh:
            stylesheet += fh.read()
    versions = f"{weasyprint.__version__} {PDF_VARIANT}".encode()
    return hashlib.sha256(stylesheet + versions).hexdigest()[:16]


def render_html(template_name: str, context: dict, *, title: str, language: str = "da") -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "document_title": title})


# An SVG's <title> directly followed by its <desc>, as alliance.charts writes every chart.
_SVG_TITLE_DESC = re.compile(
    r"(<title\b[^>]*>)([^<]*)(</title>\s*<desc\b[^>]*>)([^<]*)(</desc>)", re.IGNORECASE
)


def chart_alternatives(html: str) -> str:
    """WeasyPrint takes a Figure's alternative text from the SVG's <title> only; the finding is in
    its <desc>. An SVG title is not drawn, so the PDF's copy of it carries both."""

    def join(match: re.Match) -> str:
        title, desc = match[2].strip(), match[4].strip()
        if not desc or html_module.unescape(desc) == html_module.unescape(title):
            return match[0]
        text = f"{title.rstrip('.')}. {desc}"
        return f"{match[1]}{text}{match[3]}{match[4]}{match[5]}"

    return _SVG_TITLE_DESC.sub(join, html)


def render_document(html: str):
    """Lay out HTML with the print stylesheet; the WeasyPrint document knows where each anchor
    landed (`document.pages[i].anchors`), for callers that post-process pages. Write it with
    `write_pdf`, so it is tagged."""
    stylesheets = [
        CSS(filename=finders.find(name), url_fetcher=static_url_fetcher)
        for name in PRINT_STYLESHEETS
    ]
    return HTML(
        string=chart_alternatives(html),
        base_url=settings.SITE_URL + "/",
        url_fetcher=static_url_fetcher,
    ).render(stylesheets=stylesheets)


def write_pdf(document, *, tagged: bool = True) -> bytes:
    """The laid-out document as PDF/UA-1; `tagged=False` only for a layer that is stamped onto
    tagged pages as an artifact (`stamp_artifact`)."""
    return document.write_pdf(pdf_variant=PDF_VARIANT if tagged else None)


def html_to_pdf(html: str, *, tagged: bool = True) -> RenderedPdf:
    document = render_document(html)
    return RenderedPdf(content=write_pdf(document, tagged=tagged), page_count=len(document.pages))


def render_pdf(
    template_name: str, context: dict, *, title: str, language: str = "da"
) -> RenderedPdf:
    """Render a template that extends `pdf/base.html` to a PDF (A4, running header, "Side X af Y",
    contents with page numbers, bookmarks from headings, embedded fonts, Danish hyphenation)."""
    return html_to_pdf(render_html(template_name, context, title=title, language=language))


# --- Tagged PDFs joined and stamped with pikepdf ----------------------------------------------


def stamp_artifact(page: pikepdf.Page, stamp: pikepdf.Page, *, name: str | None = None) -> None:
    """Draw `stamp` (a page of an untagged PDF: running header, page number) onto `page` as
    pagination artifact, so a screen reader skips it and the page's own tags stay as they were.
    A `name` (unique per page: pages may share resources) instead of pikepdf's random one keeps
    the bytes the same for the same data."""
    formx = stamp.as_form_xobject()
    name = page.add_resource(formx, pikepdf.Name.XObject, pikepdf.Name(name) if name else None)
    placement = page.calc_form_xobject_placement(formx, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n/Artifact <</Type /Pagination>> BDC\n" + placement + b"\nEMC\n")
    page.contents_coalesce()


def _structure_document(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _prefix_ids(element: pikepdf.Dictionary, prefix: str) -> None:
    """Table header cells have IDs that are unique per WeasyPrint document only."""
    stack = [element]
    while stack:
        node = stack.pop()
        if "/ID" in node:
            node.ID = pikepdf.String(prefix + str(node.ID))
        attributes = node.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(prefix + str(h)) for h in attributes.Headers]
            )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                stack.append(kid)


def _copy(pdf: pikepdf.Pdf, value):
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in value])
    return pdf.copy_foreign(value) if value.is_indirect else value


def join_tagged(pdf: pikepdf.Pdf, parts: list[pikepdf.Pdf]) -> None:
    """Append the pages of tagged PDFs (all made by `write_pdf`) to the tagged `pdf`, keeping it
    one tagged document: its catalogue (language, title, PDF/UA metadata) and one structure tree
    holding every part's elements in order, with each page's and link's entry in the parent tree
    renumbered. Keep the parts open until `pdf` is saved: it copies from them."""
    document = _structure_document(pdf)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    for index, part in enumerate(parts, start=1):
        part_document = _structure_document(part)
        _prefix_ids(part_document, f"p{index}-")
        first_page = len(pdf.pages)
        pdf.pages.extend(part.pages)
        part_nums = part.Root.StructTreeRoot.ParentTree.Nums
        offset = next_key
        for i in range(0, len(part_nums), 2):
            key = int(part_nums[i]) + offset
            nums.append(key)
            nums.append(_copy(pdf, part_nums[i + 1]))
            next_key = max(next_key, key + 1)
        for page in pdf.pages[first_page:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for kid in part_document.K:
            copied = _copy(pdf, kid)
            copied.P = document
            document.K.append(copied)
