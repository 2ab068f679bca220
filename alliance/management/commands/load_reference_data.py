"""Load the reference data (fixtures/reference/*.toml) into the database.

Idempotent and safe on every deploy: each app's loader upserts on natural keys, so a second run
creates and changes nothing, and a run after a hand edit puts the reference facts back. All
loaders run in one transaction: a broken file leaves the database as it was.
"""

import importlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# In dependency order; each app has a `reference` module with `load(directory) -> dict[str, int]`.
APPS = ("municipalities", "actionplans", "networks", "governance", "fundraising")


class Command(BaseCommand):
    help = "Indlæser referencedata (kommuner, organisationer, netværk, VIP-projekter, organer)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "reference",
            help="Folder with the reference TOML files (default: fixtures/reference).",
        )

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(f"No reference data folder: {directory}")
        results: dict[str, dict[str, int]] = {}
        app = ""
        try:
            with transaction.atomic():
                for app in APPS:
                    loader = importlib.import_module(f"{app}.reference")
                    results[app] = loader.load(directory)
        except (KeyError, ValueError) as error:
            raise CommandError(f"Reference data not loaded ({app}): {error}") from error

        changes = 0
        for app, counts in results.items():
            changes += sum(counts.values())
            summary = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
            self.stdout.write(f"{app}: {summary or 'unchanged'}")
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {changes} change(s)."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference data already up to date."))
