"""The privacy notice (privatlivspolitik): the text the secretariat keeps, or until they have
saved one, a default made from what the portal itself knows (what it stores, why, for how long).
What only the organisation can say (who the data controller is, the legal basis, the data
processors) is not invented: the default marks it with a line starting "!!", which the page shows
to the secretariat as a note to fill in and hides from everyone else."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .models import PrivacyNotice

TO_FILL = "!!"


def default_text() -> str:
    days = {
        "attempts": settings.RETENTION_LOGIN_ATTEMPTS_DAYS,
        "reminders": settings.RETENTION_REMINDERS_DAYS,
        "jobs": settings.RETENTION_JOBS_DAYS,
        "history": settings.RETENTION_HISTORY_DAYS,
        "invitation": settings.INVITATION_VALID_DAYS,
    }
    return "\n\n".join(
        [
            _("## Dataansvarlig"),
            _(
                "Portalen drives af sekretariatet for Klimaalliancen i Hovedstadsregionen, som "
                "består af medarbejdere fra Gate 21 og Region Hovedstaden."
            ),
            _(
                "!! Sekretariatet skal skrive, hvem der er dataansvarlig, og hvordan den "
                "dataansvarlige og en eventuel databeskyttelsesrådgiver kontaktes."
            ),
            _("## Hvilke oplysninger og hvorfor"),
            _(
                "Portalen gemmer navn, e-mailadresse, stilling og telefonnummer på "
                "klimakoordinatorer, medlemmer af alliancens organer og kontaktpersoner, så "
                "sekretariatet og kommunerne kan følge op på klimaplanerne, holde møder i "
                "organerne og sende påmindelser om opdateringer, opfølgninger og frister."
            ),
            _(
                "Portalen gemmer også, hvem der har ændret hvad (historik), hvilke påmindelser der "
                "er sendt til hvem, og forsøg på at logge ind (for at beskytte kontiene mod "
                "gætteangreb)."
            ),
            _("## Retsgrundlag"),
            _("!! Sekretariatet skal skrive retsgrundlaget for behandlingen."),
            _("## Hvem ser oplysningerne"),
            _(
                "Sekretariatet ser alle oplysninger. Klimakoordinatorer og medlemmer af organerne "
                "ser navne og kontaktoplysninger på dem, de arbejder sammen med i portalen."
            ),
            _(
                "!! Sekretariatet skal skrive, hvilke databehandlere (fx drift og udsendelse af "
                "e-mail) der behandler oplysningerne på sekretariatets vegne."
            ),
            _("## Hvor længe"),
            _(
                "Invitationslinks virker i %(invitation)s dage. Loginforsøg slettes efter "
                "%(attempts)s dage, udløbne sessioner hver nat, sendte påmindelser efter "
                "%(reminders)s dage og afsluttede baggrundsjob efter %(jobs)s dage. I historik, der "
                "er ældre end %(history)s dage, fjernes personoplysningerne."
            )
            % days,
            _(
                "Når en person ikke længere skal have adgang, lukker sekretariatet kontoen. På "
                "anmodning sletter sekretariatet personens navn, e-mail og telefon overalt i "
                "portalen; alliancens egne optegnelser bevares uden personoplysningerne."
            ),
            _("## Dine rettigheder"),
            _(
                "Du kan bede sekretariatet om indsigt i de oplysninger, portalen har om dig (du får "
                "dem som en fil), og om at få dem rettet eller slettet. Du kan klage til "
                "Datatilsynet."
            ),
        ]
    )


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "to_fill"
    text: str


def blocks(text: str) -> list[Block]:
    """The text as headings and paragraphs: blank lines separate paragraphs, "## " starts a
    heading, "!!" starts a note for the secretariat."""
    found = []
    for part in text.replace("\r\n", "\n").split("\n\n"):
        part = part.strip()
        if part.startswith("## "):
            found.append(Block("heading", part[3:].strip()))
        elif part.startswith(TO_FILL):
            found.append(Block("to_fill", part[len(TO_FILL) :].strip()))
        elif part:
            found.append(Block("paragraph", part))
    return found


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.order_by("pk").first()


def current_text() -> str:
    notice = current_notice()
    return notice.text if notice else default_text()
