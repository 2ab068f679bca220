"""Reference data of the networks app: the three thematic networks, the seven VIP projects and
the knowledge library's seed.

Read from `networks.toml` and `vip_projects.toml` (see `fixtures/reference/`), upserted by slug.
A project's leads and participants are set exactly as the file lists them. Runs after the
municipalities loader, whose organisations it refers to.
"""

from __future__ import annotations

from pathlib import Path

from actionplans.models import Theme
from municipalities.models import Municipality
from municipalities.reference import (
    ReferenceDataError,
    check_choice,
    new_counts,
    read_toml,
    records,
    required,
    resolve_organisation,
    set_exactly,
    tally,
    upsert,
)

from .models import KnowledgeResource, Network, VipProject

NETWORKS_FILE = "networks.toml"
VIP_PROJECTS_FILE = "vip_projects.toml"


def _network(slug: str) -> Network:
    try:
        return Network.objects.get(slug=slug)
    except Network.DoesNotExist as error:
        raise ReferenceDataError(f"{VIP_PROJECTS_FILE}: unknown network {slug!r}") from error


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("networks", "VIP projects")

    data = read_toml(directory, NETWORKS_FILE)
    for record in records(data, "network", NETWORKS_FILE):
        _, action = upsert(
            Network,
            {"slug": required(record, "slug", NETWORKS_FILE)},
            {
                "name": required(record, "name", NETWORKS_FILE),
                "description": record.get("description", "").strip(),
                "started_year": record.get("started_year"),
                "source": required(record, "source", NETWORKS_FILE),
            },
        )
        tally(counts, "networks", action)

    data = read_toml(directory, VIP_PROJECTS_FILE)
    for record in records(data, "project", VIP_PROJECTS_FILE):
        continued_by = record.get("continued_by")
        project, action = upsert(
            VipProject,
            {"slug": required(record, "slug", VIP_PROJECTS_FILE)},
            {
                "name": required(record, "name", VIP_PROJECTS_FILE),
                "start_year": record.get("start_year"),
                "end_year": record.get("end_year"),
                "participants_note": record.get("participants_note", ""),
                "continued_by": _network(continued_by) if continued_by else None,
                "summary": record.get("summary", "").strip(),
                "results": record.get("results", "").strip(),
                "tools": record.get("tools", "").strip(),
                "source": required(record, "source", VIP_PROJECTS_FILE),
            },
        )
        leads = [resolve_organisation(name) for name in record.get("leads", [])]
        participants = [resolve_organisation(name) for name in record.get("participants", [])]
        leads_changed = set_exactly(project.leads, leads)
        participants_changed = set_exactly(project.participants, participants)
        if action == "unchanged" and (leads_changed or participants_changed):
            action = "updated"
        tally(counts, "VIP projects", action)

    counts.update(load_library(directory))
    return counts


# --- The library's seed: fixtures/reference/library.toml ---------------------------------------

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
