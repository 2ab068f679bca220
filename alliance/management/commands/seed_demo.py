"""Create clearly labelled, deterministic demo data on top of the reference data.

Each app that has demo data provides `<app>/demo.py` with `seed(*, rng, scale) -> list[str]`
(lines to report). Demo people have e-mail addresses at demo.invalid and names marked (demo);
nothing here is a real-world fact."""

import random
import time
from importlib import import_module

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliance.models import User

DEMO_PASSWORD = "klimademo-2026"  # noqa: S105 (demo logins are printed on purpose)
DEMO_DOMAIN = "demo.invalid"
# The demo secretariat's second factor (demo only, printed on purpose): a fixed TOTP secret, so an
# authenticator app, or `seed_demo --code`, gives its codes.
DEMO_TOTP_SECRET = "KLIMADEMOSEKRETARIATDEMOTOTPKEYS"  # noqa: S105
# In dependency order; each app seeds on top of the ones before it.
APPS = ["municipalities", "actionplans", "networks", "governance", "fundraising", "reports"]
LOGINS = [
    ("Sekretariat", f"sekretariat@{DEMO_DOMAIN}"),
    ("Klimakoordinator (København)", f"koordinator@{DEMO_DOMAIN}"),
    ("Medlem af Politisk styregruppe", f"medlem@{DEMO_DOMAIN}"),
]


class Command(BaseCommand):
    help = "Opret demodata (tydeligt mærket) og demologins for hver rolle."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Gang mængden af demodata op.")
        parser.add_argument("--seed", type=int, default=2026, help="Startværdi for tilfældighed.")
        parser.add_argument("--force", action="store_true", help="Kør også når DEBUG er slået fra.")
        parser.add_argument(
            "--code", action="store_true", help="Skriv kun demosekretariatets kode fra lige nu."
        )

    def handle(self, *args, scale: int, seed: int, force: bool, code: bool, **options):
        if code:
            counter = int(time.time()) // 30
            self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demodata oprettes kun i udviklingstilstand (DEBUG). Brug --force, hvis du mener det."
            )
        if scale < 1:
            raise CommandError("--scale skal være mindst 1.")
        if User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
            self.stdout.write("Demodata findes allerede; intet ændret.")
        else:
            rng = random.Random(seed)
            with transaction.atomic():
                for app in APPS:
                    for line in import_module(f"{app}.demo").seed(rng=rng, scale=scale):
                        self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS("Demodata oprettet."))
        secretariat = User.objects.filter(email=LOGINS[0][1]).first()
        if secretariat and not Authenticator.objects.filter(user=secretariat).exists():
            TOTP.activate(secretariat, DEMO_TOTP_SECRET)
        self.stdout.write(f"\nDemologins (adgangskode for alle: {DEMO_PASSWORD}):")
        for role, email in LOGINS:
            self.stdout.write(f"  {role:<34} {email}")
        self.stdout.write(
            f"\nSekretariatet logger ind med totrinsbekræftelse (demo): TOTP-nøgle {DEMO_TOTP_SECRET}"
            " i en godkendelsesapp, eller koden fra lige nu med `manage.py seed_demo --code`."
        )
