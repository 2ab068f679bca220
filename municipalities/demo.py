"""Demo people for the municipalities: a secretariat login and one coordinator per municipality."""

import random
from functools import cache

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from alliance.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD
from alliance.models import User

from .models import Coordinator, Municipality

FIRST_NAMES = [
    "Anne",
    "Bo",
    "Camilla",
    "Dennis",
    "Emma",
    "Frederik",
    "Gitte",
    "Henrik",
    "Ida",
    "Jakob",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Oliver",
    "Pernille",
    "Rasmus",
    "Sofie",
    "Thomas",
    "Ulla",
    "Vibeke",
    "William",
    "Yasmin",
    "Zenia",
]
LAST_NAMES = [
    "Andersen",
    "Bach",
    "Christensen",
    "Dahl",
    "Eriksen",
    "Frost",
    "Hansen",
    "Holm",
    "Jensen",
    "Kjær",
    "Larsen",
    "Madsen",
    "Nielsen",
    "Olsen",
    "Poulsen",
    "Sørensen",
    "Thomsen",
    "Vestergaard",
    "Østergaard",
    "Aagaard",
]


@cache
def demo_password_hash() -> str:
    # Hashing is deliberately slow; every demo login shares the password, so hash it once.
    return make_password(DEMO_PASSWORD)


def demo_user(email: str, name: str, **extra) -> User:
    user = User(email=f"{email}@{DEMO_DOMAIN}", name=f"{name} (demo)", **extra)
    user.password = demo_password_hash()
    user.save()
    return user


def seed(*, rng: random.Random, scale: int) -> list[str]:
    municipalities = list(Municipality.objects.order_by("code"))
    if len(municipalities) != 29:
        raise CommandError("Referencedata mangler: kør først `manage.py load_reference_data`.")
    demo_user("sekretariat", "Sekretariatsmedarbejder", is_secretariat=True)
    for municipality in municipalities:
        login = "koordinator" if municipality.code == 101 else f"koordinator.{municipality.code}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        Coordinator.objects.create(
            user=demo_user(login, name),
            municipality=municipality,
            title="Klimakoordinator",
            phone=f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
    return [f"1 sekretariatsbruger og {len(municipalities)} klimakoordinatorer"]
