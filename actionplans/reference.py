"""Reference data of the actionplans app: the theme vocabulary (`themes.toml`), upserted by slug.
Themes the secretariat adds in the portal are never touched."""

from __future__ import annotations

from pathlib import Path

from municipalities.reference import (
    check_choice,
    new_counts,
    read_toml,
    records,
    required,
    tally,
    upsert,
)

from .models import FreshnessPolicy, Theme

THEMES_FILE = "themes.toml"


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("themes")
    for record in records(read_toml(directory, THEMES_FILE), "theme", THEMES_FILE):
        _, action = upsert(
            Theme,
            {"slug": required(record, "slug", THEMES_FILE)},
            {
                "name": required(record, "name", THEMES_FILE),
                "kind": check_choice(required(record, "kind", THEMES_FILE), Theme.Kind, "kind"),
                "reference_share": record.get("reference_share"),
                "order": record.get("order", 0),
                "source": required(record, "source", THEMES_FILE),
            },
        )
        tally(counts, "themes", action)
    # The freshness thresholds are settings the secretariat edits; only the first run creates them.
    if not FreshnessPolicy.objects.exists():
        FreshnessPolicy.objects.create()
        counts["freshness rules created"] = 1
    return counts
