"""The public knowledge library: tools, guides, tender kits, analyses, presentations and cases.

Anyone, logged in or not, reads the public items; role holders also read the internal ones; the
secretariat registers and edits (networks/policies.py `LibraryPolicy`). Files are served through a
permission-checked view, never from MEDIA_URL. Search is PostgreSQL full text with the Danish
configuration, and a plain substring match on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.models import Theme
from actionplans.vocabulary_forms import danish_slug
from alliance import formfields, policy
from alliance.downloads import file_response
from alliance.filters import YearFilter
from municipalities.models import Municipality
from municipalities.reference import (
    ReferenceDataError,
    check_choice,
    new_counts,
    read_toml,
    records,
    required,
    set_exactly,
    tally,
    upsert,
)

from .models import KnowledgeResource, Network, VipProject
from .views import _posted

PAGE_SIZE = 20
RESERVED_SLUGS = {"ny"}

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


# --- Search and filters -----------------------------------------------------------------------


def search(qs: QuerySet, text: str) -> QuerySet:
    """Resources matching `text`, best first: Danish full text on PostgreSQL, else substrings."""
    text = text.strip()
    if not text:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="danish") + SearchVector(
            "summary", weight="B", config="danish"
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        return (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "title__lower")
        )
    return qs.filter(Q(title__icontains=text) | Q(summary__icontains=text))


class ResourceFilter(django_filters.FilterSet):
    """The list's filters; GET parameters, so a filtered list is a link that can be shared."""

    q = django_filters.CharFilter(label=gettext_lazy("Søg"), method="filter_search")
    tema = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Tema"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=gettext_lazy("Alle temaer"),
    )
    netvaerk = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Netværk"),
        field_name="network",
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label=gettext_lazy("Alle netværk"),
    )
    type = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"),
        field_name="kind",
        choices=KnowledgeResource.Kind.choices,
        empty_label=gettext_lazy("Alle typer"),
    )
    aar = YearFilter(label=gettext_lazy("År"), field_name="year")

    class Meta:
        model = KnowledgeResource
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        return search(qs, value)


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


# --- Form -------------------------------------------------------------------------------------


class ResourceForm(forms.ModelForm):
    class Meta:
        model = KnowledgeResource
        formfield_callback = formfields.formfield
        fields = [
            "title",
            "summary",
            "kind",
            "themes",
            "network",
            "year",
            "source",
            "vip_project",
            "municipality",
            "source_note",
            "file",
            "url",
            "is_public",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}),
        }
        error_messages = {
            "year": {
                "min_value": gettext_lazy("Året skal være mellem 2000 og 2100."),
                "max_value": gettext_lazy("Året skal være mellem 2000 og 2100."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("order", "name")
        self.fields["network"].queryset = Network.objects.order_by("name")
        self.fields["vip_project"].queryset = VipProject.objects.order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument eller billede (PNG, JPEG, GIF), højst "
            "%(max)s MB."
        ) % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.initial.get("file"):
            check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or "file" in self.errors
        if not has_file and not cleaned.get("url") and "url" not in self.errors:
            raise ValidationError(_("Angiv enten en fil eller et link."), code="file_or_link")
        return cleaned

    def save(self, commit=True):
        resource = super().save(commit=False)
        if not resource.slug:
            resource.slug = unique_slug(resource.title)
        if commit:
            resource.save()
            self.save_m2m()
        return resource


def unique_slug(title: str) -> str:
    base = danish_slug(title)[:70]
    if base in RESERVED_SLUGS or base == "tema":
        base = f"{base}-ressource"
    slug, number = base, 2
    while KnowledgeResource.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Views ------------------------------------------------------------------------------------


@login_not_required
def resource_list(request: HttpRequest) -> HttpResponse:
    filterset, page = library_page(request.user, request.GET, request.GET.get("side"))
    params = request.GET.copy()
    params.pop("side", None)
    context = {
        "filter": filterset,
        "page": page,
        "query_string": params.urlencode(),
        "can_create": policy.can_create(request.user, KnowledgeResource),
    }
    return render(request, "networks/library_list.html", context)


@login_not_required
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = policy.get_visible_or_404(
        request.user,
        KnowledgeResource.objects.select_related(
            "network", "vip_project", "activity", "municipality"
        ).prefetch_related("themes"),
        slug=slug,
    )
    vip = resource.vip_project
    context = {
        "resource": resource,
        "can_edit": policy.can_edit(request.user, resource),
        # The project's page is for role holders; a visitor reads its name only.
        "vip_url": vip.get_absolute_url() if vip and policy.can_view(request.user, vip) else "",
        "source_links": [link for links in SOURCE_LINKS for link in links(request.user, resource)],
    }
    return render(request, "networks/library_detail.html", context)


@login_not_required
def resource_download(request: HttpRequest, slug: str) -> FileResponse:
    resource = policy.get_visible_or_404(request.user, KnowledgeResource, slug=slug)
    if not resource.file:
        raise Http404
    filename = f"{resource.slug}{Path(resource.file.name).suffix.lower()}"
    response = file_response(resource.file.open("rb"), filename=filename)
    response["Cache-Control"] = "public, max-age=3600" if resource.is_public else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def resource_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, KnowledgeResource)
    form = ResourceForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resource = form.save()
        messages.success(request, _("Ressourcen “%(title)s” er oprettet.") % {"title": resource})
        return redirect(resource)
    return render(request, "networks/library_form.html", {"form": form})


def resource_update(request: HttpRequest, slug: str) -> HttpResponse:
    resource = policy.get_editable_or_404(request.user, KnowledgeResource, slug=slug)
    form = ResourceForm(_posted(request), request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ressourcen “%(title)s” er gemt.") % {"title": resource})
        return redirect(resource)
    return render(request, "networks/library_form.html", {"form": form, "resource": resource})


# --- Reference data ---------------------------------------------------------------------------

LIBRARY_FILE = "library.toml"


def _by_slug(model, slug: str | None, what: str):
    if not slug:
        return None
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist as error:
        raise ReferenceDataError(f"{LIBRARY_FILE}: unknown {what} {slug!r}") from error


def load_library(directory: Path) -> dict[str, int]:
    """Upsert the library's seed (`library.toml`) by slug; a resource's themes are set exactly as
    the file lists them. Files added in the portal are kept, and links where the file gives none."""
    counts = new_counts("library resources")
    data = read_toml(directory, LIBRARY_FILE)
    for record in records(data, "resource", LIBRARY_FILE):
        slug = required(record, "slug", LIBRARY_FILE)
        municipality = record.get("municipality")
        values = {
            "title": required(record, "title", LIBRARY_FILE),
            "summary": required(record, "summary", LIBRARY_FILE).strip(),
            "kind": check_choice(
                required(record, "kind", LIBRARY_FILE), KnowledgeResource.Kind, slug
            ),
            "source": check_choice(
                required(record, "source", LIBRARY_FILE), KnowledgeResource.Source, slug
            ),
            "year": record.get("year"),
            "source_note": record.get("source_note", ""),
            "vip_project": _by_slug(VipProject, record.get("vip_project"), "VIP project"),
            "network": _by_slug(Network, record.get("network"), "network"),
            "municipality": (
                Municipality.objects.filter(name=municipality).first() if municipality else None
            ),
            "is_public": record.get("is_public", True),
        }
        # A link from the file (the source's own address) is set; without one, a link added in
        # the portal is kept.
        if "url" in record:
            values["url"] = record["url"]
        if municipality and values["municipality"] is None:
            raise ReferenceDataError(f"{LIBRARY_FILE}: unknown municipality {municipality!r}")
        resource, action = upsert(KnowledgeResource, {"slug": slug}, values)
        themes = [_by_slug(Theme, theme, "theme") for theme in record.get("themes", [])]
        if set_exactly(resource.themes, themes) and action == "unchanged":
            action = "updated"
        tally(counts, "library resources", action)
    return counts
