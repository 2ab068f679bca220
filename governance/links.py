"""Portal objects an agenda item can be about, and their live key figures; and, the other way,
the links from a library resource back to the development tracks that produced it.

An item links to a plan, an initiative, a development track, a generated document awaiting
approval (and, registered by the apps above us, a funding application). The secretariat links by
pasting the object's address in the portal; the item page and the meeting pack then show the
object's key figures as they are at that moment.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.defaultfilters import date as date_filter
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.models import Freshness, Initiative, Plan
from alliance import policy
from alliance.formatting import format_number
from alliance.models import GeneratedDocument
from networks.library import register_source_links
from networks.models import KnowledgeResource

from .models import DevelopmentTrack

Figures = list[tuple[str, str]]


@dataclass(frozen=True)
class Linkable:
    model: type[models.Model]
    label: str
    url_name: str  # the page (or download) whose address identifies the object
    figures: Callable[[models.Model], Figures]


_linkables: dict[type[models.Model], Linkable] = {}


def register_linkable(
    model: type[models.Model], *, label: str, url_name: str, figures: Callable
) -> None:
    _linkables[model] = Linkable(model, label, url_name, figures)


def linkable_labels() -> list[str]:
    return [str(linkable.label) for linkable in _linkables.values()]


def object_from_address(address: str, *, user) -> models.Model:
    """The object behind a portal address (full URL or path) that this user may see; a Danish
    ValidationError otherwise."""
    path = urlparse(address.strip()).path or "/"
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    for linkable in _linkables.values():
        if match and match.view_name == linkable.url_name:
            try:
                return policy.get_visible_or_404(user, linkable.model, **match.kwargs)
            except Http404:
                break
    raise ValidationError(
        _("Adressen peger ikke på %(kinds)s, som du har adgang til.")
        % {"kinds": ", ".join(linkable_labels())}
    )


def describe(obj: models.Model | None) -> dict | None:
    """Kind, title and live key figures of a linked object (None if it is gone)."""
    if obj is None:
        return None
    linkable = _linkables.get(type(obj))
    if linkable is None:
        return None
    return {
        "kind": str(linkable.label),
        "title": str(obj),
        "figures": [(str(label), str(value)) for label, value in linkable.figures(obj)],
    }


def content_type_for(obj: models.Model | None) -> ContentType | None:
    return ContentType.objects.get_for_model(obj) if obj is not None else None


def number(value) -> str:
    return "–" if value is None else format_number(value)


def day(value) -> str:
    return date_filter(value, "j. F Y") if value else "–"


def _plan_figures(plan: Plan) -> Figures:
    current = plan.initiatives.all()
    return [
        (_("Kommune"), plan.municipality.name),
        (_("Status"), plan.get_status_display()),
        (_("Politisk vedtaget"), day(plan.adopted_on)),
        (_("Revision senest"), day(plan.revision_due)),
        (_("Reduktionsmål 2030"), f"{number(plan.reduction_target_2030)} %"),
        (_("Indsatser"), number(current.count())),
    ]


def _initiative_figures(initiative: Initiative) -> Figures:
    return [
        (_("Kommune"), initiative.municipality.name),
        (_("Status"), initiative.get_status_display()),
        (_("Gennemført"), f"{initiative.percent_done} %"),
        (_("Forventet reduktion"), f"{number(initiative.expected_reduction)} t CO2e"),
        (
            _("Senest opdateret"),
            day(initiative.last_update_on)
            if initiative.last_update_on
            else str(Freshness.NO_UPDATE.label),
        ),
    ]


def _track_figures(track: DevelopmentTrack) -> Figures:
    figures = [
        (_("Status"), track.get_state_display()),
        (_("Deltagere"), number(track.participants.count())),
        (_("Budget"), f"{number(track.budget)} kr." if track.budget is not None else "–"),
    ]
    if track.decided_by_id:
        figures.append((_("Godkendt"), f"{track.decided_by}, {day(track.decided_on)}"))
    return figures


def _document_figures(document: GeneratedDocument) -> Figures:
    return [
        (_("Dokument"), f"{document.title}, version {document.version}"),
        (_("Status"), document.get_state_display()),
        (_("Sider"), number(document.page_count)),
        (_("Dannet"), day(document.generated_at)),
        ("SHA-256", document.sha256[:16] + "…"),
    ]


register_linkable(
    Plan,
    label=gettext_lazy("en klimaplan"),
    url_name="actionplans:plan-detail",
    figures=_plan_figures,
)
register_linkable(
    Initiative,
    label=gettext_lazy("en indsats"),
    url_name="actionplans:initiative-detail",
    figures=_initiative_figures,
)
register_linkable(
    DevelopmentTrack,
    label=gettext_lazy("et klimaudviklingsspor"),
    url_name="governance:track-detail",
    figures=_track_figures,
)
register_linkable(
    GeneratedDocument,
    label=gettext_lazy("et dannet dokument"),
    url_name="document-download",
    figures=_document_figures,
)


@register_source_links
def track_links(user, resource: KnowledgeResource) -> list[tuple[str, str]]:
    """On a library resource's page: the development tracks it is a knowledge product of, for a
    user who may see them (an anonymous visitor sees none)."""
    tracks = policy.visible(user, DevelopmentTrack).filter(knowledge_resources=resource)
    return [
        (_("Klimaudviklingssporet “%(title)s”") % {"title": track.title}, track.get_absolute_url())
        for track in tracks.order_by("title__lower")
    ]
