"""The public knowledge library: tools, guides, tender kits, analyses, presentations and cases.

Anyone, logged in or not, reads the public items; role holders also read the internal ones; the
secretariat registers and edits (networks/policies.py `LibraryPolicy`). Files are served through a
permission-checked view, never from MEDIA_URL. Search is PostgreSQL full text with the Danish
configuration, and a plain substring match on SQLite.

This module holds the library's rules: where a resource comes from (a registry for the apps
above), which uploads are accepted and the page of resources a user may see. Its search and
filter are in `filters.py`, its form in `forms.py`, its views in `views.py` and its seed's loader in
`reference.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from actionplans.models import Theme
from alliance import policy

from .filters import ResourceFilter
from .models import KnowledgeResource

PAGE_SIZE = 20

# --- Where a resource comes from, in apps above the library ------------------------------------

# Apps above networks in the layering (governance: development tracks) attach resources to their own
# records; the library cannot import them. Each registers a function (user, resource) -> a list of
# (label, url) of the records the resource comes from that the user may see, shown on its page.
SOURCE_LINKS: list[Callable[[object, KnowledgeResource], list[tuple[str, str]]]] = []


def register_source_links(function):
    if function not in SOURCE_LINKS:
        SOURCE_LINKS.append(function)
    return function


# --- Upload checks ----------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0",)
# Extension -> the signatures its first bytes may start with, and what to call it in a message.
ALLOWED_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".pdf": ((b"%PDF",), "PDF"),
    ".docx": (ZIP, "Word"),
    ".xlsx": (ZIP, "Excel"),
    ".pptx": (ZIP, "PowerPoint"),
    ".odt": (ZIP, "OpenDocument"),
    ".ods": (ZIP, "OpenDocument"),
    ".odp": (ZIP, "OpenDocument"),
    ".doc": (OLE, "Word"),
    ".xls": (OLE, "Excel"),
    ".ppt": (OLE, "PowerPoint"),
    ".png": ((b"\x89PNG\r\n\x1a\n",), "PNG"),
    ".jpg": ((b"\xff\xd8\xff",), "JPEG"),
    ".jpeg": ((b"\xff\xd8\xff",), "JPEG"),
    ".gif": ((b"GIF87a", b"GIF89a"), "GIF"),
}


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1, use_l10n=True)


def check_upload(upload) -> None:
    """Raise a ValidationError saying why, in Danish, unless the upload is an allowed type (by its
    extension and by its first bytes) within the size limit."""
    extension = Path(upload.name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "Filtypen %(ext)s kan ikke uploades. Tilladt: PDF, Word, Excel, PowerPoint, "
                "OpenDocument og billeder (PNG, JPEG, GIF)."
            )
            % {"ext": extension or _("uden endelse")},
            code="file_type",
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Filen er %(size)s MB; den må højst være %(max)s MB.")
            % {"size": _megabytes(upload.size), "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="file_size",
        )
    signatures, label = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            _("Filen ligner ikke en rigtig %(kind)s.") % {"kind": label}, code="file_content"
        )


# --- The list -------------------------------------------------------------------------------


def library_page(user, params, page_number) -> tuple[ResourceFilter, object]:
    """The filter form and the page of resources the user may see."""
    resources = (
        policy.visible(user, KnowledgeResource)
        .select_related("network", "vip_project", "activity", "municipality")
        .order_by("-year", "title__lower")
    )
    filterset = ResourceFilter(params, queryset=resources)
    results = filterset.qs if filterset.is_valid() else resources.none()
    results = results.prefetch_related(models.Prefetch("themes", Theme.objects.order_by("name")))
    return filterset, Paginator(results, PAGE_SIZE).get_page(page_number)
