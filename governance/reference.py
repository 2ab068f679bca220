"""Reference data of the governance app: the bodies, their seats and the relations between them.

Read from `bodies.toml` (see `fixtures/reference/`). Bodies are upserted by slug, seats by
(body, description), relations by (source, target, kind). The seats of a reference body and the
relations between reference bodies are set exactly: rows the file does not list are deleted.
Memberships (people) and meetings are not reference data and are never touched.
"""

from __future__ import annotations

from pathlib import Path

from municipalities.reference import (
    ReferenceDataError,
    check_choice,
    new_counts,
    read_toml,
    records,
    required,
    resolve_organisation,
    tally,
    upsert,
)

from .models import Body, BodyRelation, Role, Seat

BODIES_FILE = "bodies.toml"


def _load_seats(body: Body, seat_records: list[dict], counts: dict[str, int]) -> None:
    keep: list[int] = []
    for order, record in enumerate(seat_records, start=1):
        description = required(record, "description", BODIES_FILE)
        role = check_choice(
            required(record, "role", BODIES_FILE), Role, f"{body.slug}: seat {description!r}"
        )
        appointed_by = record.get("appointed_by")
        seat, action = upsert(
            Seat,
            {"body": body, "description": description},
            {
                "role": role,
                "count": record.get("count"),
                "appointed_by": resolve_organisation(appointed_by) if appointed_by else None,
                "order": order,
            },
        )
        tally(counts, "seats", action)
        keep.append(seat.pk)
    deleted, _ = Seat.objects.filter(body=body).exclude(pk__in=keep).delete()
    counts["seats deleted"] += deleted


def _body(bodies: dict[str, Body], slug: str) -> Body:
    if slug not in bodies:
        raise ReferenceDataError(f"{BODIES_FILE}: relation names unknown body {slug!r}")
    return bodies[slug]


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("bodies", "seats", "relations")
    counts["seats deleted"] = 0
    counts["relations deleted"] = 0

    data = read_toml(directory, BODIES_FILE)
    bodies: dict[str, Body] = {}
    for record in records(data, "body", BODIES_FILE):
        slug = required(record, "slug", BODIES_FILE)
        body, action = upsert(
            Body,
            {"slug": slug},
            {
                "name": required(record, "name", BODIES_FILE),
                "level": check_choice(required(record, "level", BODIES_FILE), Body.Level, slug),
                "mandate": record.get("mandate", "").strip(),
                "decision_rule": record.get("decision_rule", ""),
                # Absent in the file means the sources do not say: stored as null.
                "meetings_per_year": record.get("meetings_per_year"),
                "meeting_frequency_note": record.get("meeting_frequency_note", ""),
                "order": record.get("order", 0),
                "source": required(record, "source", BODIES_FILE),
            },
        )
        tally(counts, "bodies", action)
        bodies[slug] = body
        _load_seats(body, record.get("seat", []), counts)

    keep: list[int] = []
    for record in data.get("relation", []):
        required(record, "source", BODIES_FILE)
        relation, action = upsert(
            BodyRelation,
            {
                "source": _body(bodies, required(record, "from", BODIES_FILE)),
                "target": _body(bodies, required(record, "to", BODIES_FILE)),
                "kind": check_choice(
                    required(record, "kind", BODIES_FILE), BodyRelation.Kind, "relation"
                ),
            },
            {"note": record.get("note", "")},
        )
        tally(counts, "relations", action)
        keep.append(relation.pk)
    reference_bodies = list(bodies.values())
    deleted, _ = (
        BodyRelation.objects.filter(source__in=reference_bodies, target__in=reference_bodies)
        .exclude(pk__in=keep)
        .delete()
    )
    counts["relations deleted"] += deleted

    return counts
