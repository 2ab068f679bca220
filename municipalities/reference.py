"""Reference data of the municipalities app: organisations and the 29 municipalities.

Read from `organisations.toml` and `municipalities.toml` (see `fixtures/reference/`) and upserted
on natural keys: an organisation by `name`, a municipality by `code`. Each municipality gets an
Organisation of kind "municipality" named by the municipality's official name.

This module also holds the small helpers that the networks and governance loaders share. The
layering is municipalities <- networks <- governance: nothing here imports those apps.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from django.db import models

from .models import Municipality, Organisation

ORGANISATIONS_FILE = "organisations.toml"
MUNICIPALITIES_FILE = "municipalities.toml"

Action = Literal["created", "updated", "unchanged"]


class ReferenceDataError(ValueError):
    """The reference files are inconsistent (unknown name, invalid choice, missing key)."""


def read_toml(directory: Path, filename: str) -> dict[str, Any]:
    path = Path(directory) / filename
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise ReferenceDataError(f"{path}: file not found") from error
    except tomllib.TOMLDecodeError as error:
        raise ReferenceDataError(f"{path}: {error}") from error


def records(data: dict[str, Any], table: str, filename: str) -> list[dict[str, Any]]:
    """The array of tables `[[table]]` in a file, which must be present."""
    rows = data.get(table)
    if not isinstance(rows, list):
        raise ReferenceDataError(f"{filename}: no [[{table}]] records")
    return rows


def required(record: dict[str, Any], key: str, filename: str) -> Any:
    if key not in record:
        raise ReferenceDataError(f"{filename}: record {record!r} lacks {key!r}")
    return record[key]


def check_choice(value: str, choices: type[models.TextChoices], what: str) -> str:
    if value not in choices.values:
        raise ReferenceDataError(f"{what}: {value!r} is not one of {sorted(choices.values)}")
    return value


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, Action]:
    """`update_or_create` on a natural key, but writing only when a value differs.

    So a re-run reports (and writes) nothing when the database already matches the files.
    """
    manager = model._default_manager
    obj = manager.filter(**lookup).first()
    if obj is not None and all(getattr(obj, field) == value for field, value in values.items()):
        return obj, "unchanged"
    obj, created = manager.update_or_create(defaults=values, **lookup)
    return obj, "created" if created else "updated"


def set_exactly(related_manager: Any, objects: Iterable[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly `objects`; True when it had to change."""
    objects = list(objects)
    wanted = {obj.pk for obj in objects}
    current = set(related_manager.values_list("pk", flat=True))
    if wanted == current:
        return False
    related_manager.set(objects)
    return True


def new_counts(*labels: str) -> dict[str, int]:
    return {f"{label} {action}": 0 for label in labels for action in ("created", "updated")}


def tally(counts: dict[str, int], label: str, action: Action) -> None:
    if action != "unchanged":
        counts[f"{label} {action}"] += 1


def resolve_organisation(name: str) -> Organisation:
    """An organisation named in a reference file: a municipality's name stands for its organisation."""
    municipality = Municipality.objects.select_related("organisation").filter(name=name).first()
    if municipality is not None:
        return municipality.organisation
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        raise ReferenceDataError(f"unknown organisation or municipality: {name!r}")
    return organisation


def load(directory: Path) -> dict[str, int]:
    counts = new_counts("organisations", "municipalities")

    data = read_toml(directory, ORGANISATIONS_FILE)
    for record in records(data, "organisation", ORGANISATIONS_FILE):
        name = required(record, "name", ORGANISATIONS_FILE)
        kind = check_choice(
            required(record, "kind", ORGANISATIONS_FILE), Organisation.Kind, f"organisation {name}"
        )
        values = {
            "short_name": record.get("short_name", ""),
            "kind": kind,
            "source": required(record, "source", ORGANISATIONS_FILE),
        }
        # The sources give no websites; one added by hand is kept unless a file states one.
        if "website" in record:
            values["website"] = record["website"]
        _, action = upsert(Organisation, {"name": name}, values)
        tally(counts, "organisations", action)

    data = read_toml(directory, MUNICIPALITIES_FILE)
    for record in records(data, "municipality", MUNICIPALITIES_FILE):
        code = required(record, "code", MUNICIPALITIES_FILE)
        official_name = required(record, "official_name", MUNICIPALITIES_FILE)
        source = required(record, "source", MUNICIPALITIES_FILE)
        organisation_values = {"kind": Organisation.Kind.MUNICIPALITY, "source": source}
        existing = Municipality.objects.filter(code=code).first()
        if existing is not None:
            # Correct the municipality's own organisation in place (also if it was renamed).
            organisation, action = upsert(
                Organisation,
                {"pk": existing.organisation_id},
                {"name": official_name, **organisation_values},
            )
        else:
            organisation, action = upsert(
                Organisation, {"name": official_name}, organisation_values
            )
        tally(counts, "organisations", action)

        _, action = upsert(
            Municipality,
            {"code": code},
            {
                "name": required(record, "name", MUNICIPALITIES_FILE),
                "official_name": official_name,
                "organisation": organisation,
            },
        )
        tally(counts, "municipalities", action)

    return counts
