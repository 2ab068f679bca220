"""Rendering Django templates to PDF with WeasyPrint and the shared print stylesheet."""

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlparse

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

PRINT_STYLESHEET = "print/print.css"


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
    """What besides the HTML decides a layout: the print stylesheet and the WeasyPrint version."""
    with open(finders.find(PRINT_STYLESHEET), "rb") as fh:
        stylesheet = fh.read()
    return hashlib.sha256(stylesheet + weasyprint.__version__.encode()).hexdigest()[:16]


def render_html(template_name: str, context: dict, *, title: str, language: str = "da") -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "document_title": title})


def render_document(html: str):
    """Lay out HTML with the print stylesheet; the WeasyPrint document knows where each anchor
    landed (`document.pages[i].anchors`), for callers that post-process pages."""
    stylesheet = CSS(filename=finders.find(PRINT_STYLESHEET), url_fetcher=static_url_fetcher)
    return HTML(
        string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_url_fetcher
    ).render(stylesheets=[stylesheet])


def html_to_pdf(html: str) -> RenderedPdf:
    document = render_document(html)
    return RenderedPdf(content=document.write_pdf(), page_count=len(document.pages))


def render_pdf(
    template_name: str, context: dict, *, title: str, language: str = "da"
) -> RenderedPdf:
    """Render a template that extends `pdf/base.html` to a PDF (A4, running header, "Side X af Y",
    contents with page numbers, bookmarks from headings, embedded fonts, Danish hyphenation)."""
    return html_to_pdf(render_html(template_name, context, title=title, language=language))
