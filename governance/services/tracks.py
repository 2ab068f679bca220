"""Business rules of the governance app: the life of a climate development track."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.versioning import StaleEdit
from municipalities.models import Organisation
from networks.models import KnowledgeResource

from ..models import Body, DevelopmentTrack

State = DevelopmentTrack.State

# The order a track moves through, one step at a time and only forward, except that a proposed
# or qualified track can be sent back to the idea stage.
ORDER = [
    State.IDEA,
    State.PROPOSED,
    State.QUALIFIED,
    State.APPROVED,
    State.RUNNING,
    State.EVALUATED,
    State.CLOSED,
]
BACK_TO_IDEA = {State.PROPOSED, State.QUALIFIED}
PARTICIPANT_KINDS = [Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION]


class TrackRuleError(Exception):
    """A state change the rules of the national agreement (or the track's life) do not allow.
    The message is Danish and meant for the user."""


def allowed_next_states(track: DevelopmentTrack) -> list[str]:
    """The states this track may move to from where it is now."""
    index = ORDER.index(track.state)
    nexts = list(ORDER[index + 1 : index + 2])
    if track.state in BACK_TO_IDEA:
        nexts.insert(0, State.IDEA)
    return nexts


def participating_count(track: DevelopmentTrack) -> int:
    """How many municipalities and regions take part (other organisations do not count)."""
    return track.participants.filter(kind__in=PARTICIPANT_KINDS).count()


def change_track_state(
    *,
    track: DevelopmentTrack,
    to: str,
    by,
    decided_by: Body | None = None,
    decided_on: dt.date | None = None,
) -> DevelopmentTrack:
    """Move `track` to state `to`, enforcing the rules: one step forward along its life (or
    back to "idea" from proposed/qualified); at least `MIN_PARTICIPANTS` municipalities or regions
    to be proposed or beyond; approval records the deciding body and the date (not in the future);
    closing needs an evaluation. Raises TrackRuleError (nothing saved) otherwise. The history
    records `by` as the one who changed it."""
    with transaction.atomic():
        track = DevelopmentTrack.objects.select_for_update().get(pk=track.pk)
        if to not in ORDER or to not in allowed_next_states(track):
            raise TrackRuleError(
                _("Et spor med status “%(from)s” kan ikke få status “%(to)s”.")
                % {"from": track.get_state_display(), "to": dict(State.choices).get(to, to)}
            )
        proposing = ORDER.index(to) >= ORDER.index(State.PROPOSED)
        if proposing and participating_count(track) < DevelopmentTrack.MIN_PARTICIPANTS:
            raise TrackRuleError(
                _(
                    "Et klimaudviklingsspor skal have mindst tre deltagende kommuner eller "
                    "regioner, før det kan foreslås."
                )
            )
        if to == State.APPROVED:
            if decided_by is None or decided_on is None:
                raise TrackRuleError(
                    _("Godkendelsen skal registreres med det organ, der besluttede, og datoen.")
                )
            if decided_on > timezone.localdate():
                raise TrackRuleError(_("Datoen for beslutningen kan ikke ligge i fremtiden."))
            track.decided_by = decided_by
            track.decided_on = decided_on
        if to == State.CLOSED and not track.evaluation.strip():
            raise TrackRuleError(_("Tilføj evalueringen, før sporet afsluttes."))
        if to == State.IDEA:
            track.decided_by = None
            track.decided_on = None
        track.state = to
        track.lock_version += 1
        track._history_user = by
        track.save()
    return track


def save_track(
    *,
    track: DevelopmentTrack,
    participants: Iterable[Organisation],
    by,
    knowledge_resources: Iterable[KnowledgeResource] | None = None,
    expected_version: int | None = None,
) -> DevelopmentTrack:
    """Save the track's description, participants and (when given) the library resources that are
    its knowledge products (never its state or decision) as `by`; with
    `expected_version`, only if nobody saved it since the form was opened (raises StaleEdit
    otherwise). A track that has been proposed keeps at least `MIN_PARTICIPANTS` municipalities
    or regions, and a closed one its evaluation (TrackRuleError otherwise). All or nothing."""
    with transaction.atomic():
        if track.pk is not None:
            current = DevelopmentTrack.objects.select_for_update().get(pk=track.pk)
            if expected_version is not None and current.lock_version != expected_version:
                raise StaleEdit(current)
            track.state = current.state
            track.decided_by_id = current.decided_by_id
            track.decided_on = current.decided_on
            track.lock_version = current.lock_version + 1
        if track.state == State.CLOSED and not track.evaluation.strip():
            raise TrackRuleError(_("Et afsluttet spor skal have en evaluering."))
        track._history_user = by
        track.save()
        track.participants.set(participants)
        if knowledge_resources is not None:
            track.knowledge_resources.set(knowledge_resources)
        proposed = ORDER.index(track.state) >= ORDER.index(State.PROPOSED)
        if proposed and participating_count(track) < DevelopmentTrack.MIN_PARTICIPANTS:
            raise TrackRuleError(
                _(
                    "Et foreslået klimaudviklingsspor skal have mindst tre deltagende kommuner "
                    "eller regioner."
                )
            )
    return track
