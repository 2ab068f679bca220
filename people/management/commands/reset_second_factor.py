"""The way back after a lost phone, from the command line (the person page has the same button):
manage.py reset_second_factor person@example.dk --by secretariat@example.dk"""

from django.core.management.base import BaseCommand, CommandError

from alliance.models import User
from people.services import reset_second_factor


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes and end their sessions."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person who lost their device")
        parser.add_argument("--by", required=True, help="the secretariat member who checked it")

    def handle(self, *args, email: str, by: str, **options):
        person = User.objects.filter(email__iexact=email).first()
        secretary = User.objects.filter(email__iexact=by, is_secretariat=True).first()
        if person is None:
            raise CommandError(f"No account with the e-mail address {email}")
        if secretary is None:
            raise CommandError(f"No secretariat account with the e-mail address {by}")
        removed = reset_second_factor(user=person, by=secretary)
        self.stdout.write(f"{person.email}: {removed} authenticators removed, sessions ended.")
