"""Reference data of the networks app: the three thematic networks and the seven VIP projects.

Read from `networks.toml` and `vip_projects.toml` (see `fixtures/reference/`), upserted by slug.
A project's leads and participants are set exactly as the file lists them. Runs after the
municipalities loader, whose organisations it refers to.
"""

from __future__ import annotations

from pathlib import Path

from municipalities.reference import (
    ReferenceDataError,
    new_counts,
    read_toml,
    records,
    required,
    resolve_organisation,
    set_exactly,
    tally,
    upsert,
)

from .library import load_library  # the library's seed: fixtures/reference/library.toml
from .models import Network, VipProject

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
