"""Views of the climate development tracks ("klimaudviklingsspor"). Everyone with a role reads;
the secretariat registers, edits and moves a track through its states."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.forms import posted
from alliance.versioning import StaleEdit
from networks.models import KnowledgeResource

from ..forms.tracks import TrackForm, TrackStateForm
from ..models import DevelopmentTrack
from ..services.tracks import PARTICIPANT_KINDS, TrackRuleError, change_track_state, save_track


def track_list(request: HttpRequest) -> HttpResponse:
    tracks = (
        policy.visible(request.user, DevelopmentTrack)
        .select_related("decided_by")
        .annotate(
            participant_count=Count(
                "participants", filter=Q(participants__kind__in=PARTICIPANT_KINDS)
            )
        )
    )
    state = request.GET.get("status", "")
    if state in DevelopmentTrack.State.values:
        tracks = tracks.filter(state=state)
    context = {
        "tracks": tracks,
        "states": DevelopmentTrack.State.choices,
        "current_state": state,
        "can_create": policy.can_create(request.user, DevelopmentTrack),
    }
    return render(request, "governance/track_list.html", context)


def _detail(request, track, state_form=None, status=200) -> HttpResponse:
    can_edit = policy.can_edit(request.user, track)
    if can_edit and state_form is None:
        state_form = TrackStateForm(track=track)
    context = {
        "track": track,
        "participants": track.participants.order_by("kind", "name"),
        # Public resources to anyone with a role, internal ones as the library's policy says.
        "resources": policy.visible(request.user, KnowledgeResource)
        .filter(development_tracks=track)
        .order_by("title__lower"),
        "other_products": [line for line in track.other_products.splitlines() if line.strip()],
        "can_edit": can_edit,
        "state_form": state_form if can_edit else None,
        "history": track.history.select_related("history_user")[:10],
    }
    return render(request, "governance/track_detail.html", context, status=status)


def track_detail(request: HttpRequest, pk: int) -> HttpResponse:
    track = policy.get_visible_or_404(
        request.user, DevelopmentTrack.objects.select_related("decided_by"), pk=pk
    )
    return _detail(request, track)


def track_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, DevelopmentTrack)
    form = TrackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        track = save_track(
            track=form.save(commit=False),
            participants=form.cleaned_data["participants"],
            knowledge_resources=form.cleaned_data["knowledge_resources"],
            by=request.user,
        )
        messages.success(request, _("Klimaudviklingssporet er oprettet."))
        return redirect(track)
    return render(request, "governance/track_form.html", {"form": form, "track": None})


def track_update(request: HttpRequest, pk: int) -> HttpResponse:
    track = policy.get_editable_or_404(request.user, DevelopmentTrack, pk=pk)
    form = TrackForm(posted(request), instance=track)
    if request.method == "POST" and form.is_valid():
        try:
            save_track(
                track=form.save(commit=False),
                participants=form.cleaned_data["participants"],
                knowledge_resources=form.cleaned_data["knowledge_resources"],
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except (StaleEdit, TrackRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Klimaudviklingssporet er gemt."))
            return redirect(track)
    return render(request, "governance/track_form.html", {"form": form, "track": track})


@require_POST
def track_state(request: HttpRequest, pk: int) -> HttpResponse:
    track = policy.get_editable_or_404(request.user, DevelopmentTrack, pk=pk)
    form = TrackStateForm(request.POST, track=track)
    if form.is_valid():
        try:
            track = change_track_state(track=track, by=request.user, **form.cleaned_data)
        except TrackRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Sporet har nu status “%(state)s”.") % {"state": track.get_state_display()},
            )
            return redirect(track)
    track.refresh_from_db()
    return _detail(request, track, state_form=form)
