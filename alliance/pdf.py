"""Rendering Django templates to PDF with WeasyPrint and the shared print stylesheet.

Every PDF is tagged PDF/UA-1 (`PDF_VARIANT`): the document language comes from `<html lang>`, the
title from `<title>` (shown by viewers: DisplayDocTitle), headings, lists and tables (with header
cells) become the structure tree and headings the bookmarks. An inline SVG chart becomes a Figure
whose alternative text is its `<title>` and `<desc>` (the finding; see `chart_images` and `chart_alternatives`).
Documents joined or stamped with pikepdf afterwards stay tagged through `join_tagged` and
`stamp_artifact`; pages of other PDFs drawn onto tagged pages keep their own tags through
`draw_pages_tagged`.
"""

import base64
import hashlib
import html as html_module
import logging
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

from alliance import svg_text

logger = logging.getLogger(__name__)
svg_text.install()

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
        if url.startswith(CHART_IMAGE):  # a chart (`chart_images`), drawn from its own bytes
            svg = base64.b64decode(url[len(CHART_IMAGE) :])
            return URLFetcherResponse(url, svg, headers={"Content-Type": "image/svg+xml"})
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


@cache
def print_stylesheets() -> list[CSS]:
    """The print stylesheets, parsed once a process (as `style_version` reads them once): parsing
    them took a tenth of a short document's layout."""
    return [
        CSS(filename=finders.find(name), url_fetcher=static_url_fetcher)
        for name in PRINT_STYLESHEETS
    ]


def render_html(template_name: str, context: dict, *, title: str, language: str = "da") -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "document_title": title})


# An SVG's <title> directly followed by its <desc>, as alliance.charts and the maps write them.
_SVG_TITLE_DESC = re.compile(
    r"(<title\b[^>]*>)([^<]*)(</title>\s*<desc\b[^>]*>)([^<]*)(</desc>)", re.IGNORECASE
)


def _alternative(title: str, desc: str) -> str:
    """A figure's alternative text: its title and its finding."""
    title, desc = title.strip(), desc.strip()
    if not desc or html_module.unescape(desc) == html_module.unescape(title):
        return title
    return f"{title.rstrip('.')}. {desc}"


def chart_alternatives(html: str) -> str:
    """WeasyPrint takes an inline SVG Figure's alternative text from its <title> only; the
    finding is in its <desc>. An SVG title is not drawn, so the PDF's copy of it carries both."""
    return _SVG_TITLE_DESC.sub(
        lambda m: f"{m[1]}{_alternative(m[2], m[4])}{m[3]}{m[4]}{m[5]}", html
    )


# A chart's SVG as alliance.charts._svg writes it: its height, then its <title> and <desc>.
_CHART_SVG = re.compile(
    r'<svg xmlns="http://www.w3.org/2000/svg" class="chart__plot" width="100%" '
    r'height="(?P<height>\d+)".*?<title\b[^>]*>(?P<title>[^<]*)</title>\s*'
    r"<desc\b[^>]*>(?P<desc>[^<]*)</desc>.*?</svg>",
    re.DOTALL,
)
CHART_IMAGE = "data:image/svg+xml;base64,"


def chart_images(html: str) -> str:
    """A chart's SVG becomes an image of the same size for WeasyPrint. Inline, each of its
    elements went through the HTML parser and the style cascade (a third of a report's layout
    time); as an image it is read as XML and drawn the same. Its alternative text (the Figure's
    in the tagged PDF) is the title and the finding: an image has no <desc>."""

    def image(match: re.Match) -> str:
        alt = _alternative(match["title"], match["desc"])
        svg = match[0].replace(' width="100%"', "", 1)
        data = base64.b64encode(svg.encode()).decode()
        return (
            f'<img class="chart__plot" alt="{alt}" src="{CHART_IMAGE}{data}" '
            f'style="width: 100%; height: {match["height"]}px">'
        )

    return _CHART_SVG.sub(image, html)


# The numbers behind a chart (alliance.charts._table) are for the screen: print.css hides them, and
# in a PDF the chart's alternative text holds them. Hidden elements still cost WeasyPrint their
# styles (a third of a chart's layout time), so they are left out before it reads the HTML.
_CHART_TABLE = re.compile(r'<details class="chart__table">.*?</details>', re.DOTALL)


def render_document(html: str):
    """Lay out HTML with the print stylesheet; the WeasyPrint document knows where each anchor
    landed (`document.pages[i].anchors`), for callers that post-process pages. Write it with
    `write_pdf`, so it is tagged."""
    return HTML(
        string=chart_alternatives(chart_images(_CHART_TABLE.sub("", html))),
        base_url=settings.SITE_URL + "/",
        url_fetcher=static_url_fetcher,
    ).render(stylesheets=print_stylesheets())


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


# --- Pages of other PDFs drawn onto tagged pages (a meeting pack's attachments) ---------------

_STANDARD_TYPES = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)


def _standard_type(name: pikepdf.Name, role_map) -> pikepdf.Name:
    """A custom structure type (a word processor's "Heading1") as the standard type its document
    maps it to; P where it maps to none."""
    seen = set()
    while str(name)[1:] not in _STANDARD_TYPES and name not in seen:
        seen.add(name)
        if role_map is None or name not in role_map:
            return pikepdf.Name.P
        name = role_map[name]
    return name if str(name)[1:] in _STANDARD_TYPES else pikepdf.Name.P


class _Graft:
    """The structure of one tagged source PDF rebuilt in the target PDF, its marked content now
    inside the form XObjects its pages were drawn as: every reference to a source page becomes a
    marked-content reference to (target page, form XObject), links (OBJR) are left out (the
    drawing does not copy annotations), and IDs are prefixed to stay unique."""

    def __init__(self, pdf: pikepdf.Pdf, source: pikepdf.Pdf, drawn: dict, prefix: str):
        self.pdf, self.drawn, self.prefix = pdf, drawn, prefix
        self.page_of = {page.obj.objgen: index for index, page in enumerate(source.pages)}
        self.role_map = source.Root.StructTreeRoot.get("/RoleMap")
        self.by_mcid: dict[int, dict[int, pikepdf.Object]] = {}  # source page → MCID → element

    def top_level(self, source: pikepdf.Pdf, part) -> list:
        """The source's top-level elements rebuilt under `part` (a Document's children)."""
        made, top = [], source.Root.StructTreeRoot.K
        for node in top if isinstance(top, pikepdf.Array) else [top]:
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if _standard_type(node.S, self.role_map) == pikepdf.Name.Document:
                inner = node.get("/K")
                made += [self.kid(kid, part, None) for kid in self._list(inner)]
            else:
                made.append(self.kid(node, part, None))
        return [element for element in made if element is not None]

    @staticmethod
    def _list(kids) -> list:
        return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

    def element(self, node, parent, page: int | None) -> pikepdf.Object:
        if "/Pg" in node and node.Pg.objgen in self.page_of:
            page = self.page_of[node.Pg.objgen]
        new = self.pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=_standard_type(node.S, self.role_map), P=parent
            )
        )
        for key in ("/Alt", "/ActualText", "/E", "/Lang", "/T"):
            if key in node:
                new[key] = pikepdf.String(str(node[key]))
        if "/ID" in node:
            new.ID = pikepdf.String(self.prefix + str(node.ID))
        attributes = node.get("/A")
        if isinstance(attributes, pikepdf.Dictionary):
            copied = pikepdf.Dictionary({k: v for k, v in attributes.items() if k != "/Headers"})
            if "/Headers" in attributes:
                copied.Headers = pikepdf.Array(
                    [pikepdf.String(self.prefix + str(h)) for h in attributes.Headers]
                )
            new.A = copied
        made = [self.kid(kid, new, page) for kid in self._list(node.get("/K"))]
        new.K = pikepdf.Array([kid for kid in made if kid is not None])
        return new

    def kid(self, kid, parent, page: int | None):
        if isinstance(kid, int):
            return self.content(kid, parent, page)
        if not isinstance(kid, pikepdf.Dictionary):
            return None
        if kid.get("/Type") == "/MCR":
            if "/Pg" in kid and kid.Pg.objgen in self.page_of:
                page = self.page_of[kid.Pg.objgen]
            return self.content(int(kid.MCID), parent, page)
        if kid.get("/Type") == "/OBJR" or "/S" not in kid:
            return None
        return self.element(kid, parent, page)

    def content(self, mcid: int, parent, page: int | None):
        if page not in self.drawn:
            return None
        target, formx = self.drawn[page]
        self.by_mcid.setdefault(page, {})[mcid] = parent
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=mcid, Pg=target, Stm=formx)


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _add_to_parent_tree(pdf: pikepdf.Pdf, value) -> int:
    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    key = max([int(nums[i]) for i in range(0, len(nums), 2)] + [-1]) + 1
    nums.append(key)
    nums.append(value)
    root.ParentTreeNextKey = key + 1
    return key


def _is_tagged(source: pikepdf.Pdf) -> bool:
    mark_info = source.Root.get("/MarkInfo")
    return (
        "/StructTreeRoot" in source.Root
        and isinstance(mark_info, pikepdf.Dictionary)
        and bool(mark_info.get("/Marked", False))
    )


def draw_pages_tagged(
    pdf: pikepdf.Pdf,
    source: pikepdf.Pdf,
    placements: dict[int, int],
    area_of,
    *,
    label: str,
) -> None:
    """Draw pages of `source` onto pages of the tagged `pdf` (made by `write_pdf`):
    `placements` maps a source page index to the target page index, `area_of(page)` gives the
    rectangle to draw into (llx, lly, urx, ury). What the source has stays: a tagged source's structure (headings,
    paragraphs, tables, figures with their alternative text) joins the target's tree, in a Part
    placed where the first drawn page begins; an untagged source's pages become one Figure each,
    whose alternative text says what they are (`label`), so no drawn content is left untagged."""
    tagged = _is_tagged(source)
    drawn: dict[int, tuple[pikepdf.Object, pikepdf.Object]] = {}
    names: dict[int, pikepdf.Name] = {}
    for source_index, target_index in sorted(placements.items()):
        target = pdf.pages[target_index]
        formx = pdf.copy_foreign(source.pages[source_index].as_form_xobject())
        names[source_index] = target.add_resource(formx, pikepdf.Name.XObject)
        drawn[source_index] = (target.obj, formx)

    document = _structure_document(pdf)
    part = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part, P=document, T=label)
    )
    kids: list = []
    if tagged:
        try:
            graft = _Graft(pdf, source, drawn, prefix=f"a{len(document.K)}-")
            kids = graft.top_level(source, part)
        except (AttributeError, KeyError, TypeError, ValueError, pikepdf.PdfError):
            # A structure tree we cannot read (an uploaded file made by a careless tool): the
            # pages are then named figures, as for an untagged attachment.
            logger.warning("An attachment's structure tree could not be read: %s", label)
            tagged, kids = False, []
    if tagged:
        for source_index, (_page, formx) in drawn.items():
            elements = graft.by_mcid.get(source_index, {})
            if elements:
                array = [elements.get(n) for n in range(max(elements) + 1)]
                formx.StructParents = _add_to_parent_tree(pdf, pikepdf.Array(array))
    parent_tree = _parent_tree(pdf)
    for source_index, target_index in sorted(placements.items()):
        target = pdf.pages[target_index]
        formx = drawn[source_index][1]
        placement = target.calc_form_xobject_placement(
            formx, names[source_index], pikepdf.Rectangle(*area_of(target))
        )
        if tagged:
            wrapped = b"q\n" + placement + b"\nQ\n"
        else:
            entries = parent_tree[int(target.obj.StructParents)]
            figure = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.Figure,
                    P=part,
                    Pg=target.obj,
                    Alt=pikepdf.String(label),
                    K=len(entries),
                )
            )
            figure.A = pikepdf.Dictionary(
                O=pikepdf.Name.Layout, BBox=pikepdf.Array(area_of(target))
            )
            wrapped = b"/Figure <</MCID %d>> BDC\nq\n" % len(entries) + placement + b"\nQ\nEMC\n"
            entries.append(figure)
            kids.append(figure)
        target.contents_add(b"q\n", prepend=True)
        target.contents_add(b"Q\n" + wrapped)
    part.K = pikepdf.Array(kids)
    _insert_at_page(pdf, document, part, min(placements.values()))


def _insert_at_page(pdf: pikepdf.Pdf, document, element, page_index: int) -> None:
    """Insert `element` among the document's children after the last one with content on the
    pages before `page_index`, so the reading order follows the pages."""
    parent_tree = _parent_tree(pdf)
    before = set()
    for page in pdf.pages[:page_index]:
        for entry in parent_tree.get(int(page.obj.get("/StructParents", -1)), []):
            node = entry
            while isinstance(node, pikepdf.Dictionary) and "/P" in node:
                if node.P.objgen == document.objgen:
                    before.add(node.objgen)
                    break
                node = node.P
    position = 0
    for index, kid in enumerate(document.K):
        if isinstance(kid, pikepdf.Dictionary) and kid.objgen in before:
            position = index + 1
    document.K.insert(position, element)
