"""Views of a meeting's pack and minutes: the secretariat builds and publishes the pack, builds
the minutes and puts their approval on the next agenda. Each is a POST back to the meeting."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance import policy
from alliance.versioning import StaleEdit

from ..models import Meeting
from ..services import packs
from ..services.meetings import MeetingRuleError


@require_POST
def pack_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    try:
        packs.request_pack(meeting=meeting, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Mødepakken bygges nu. Siden viser, hvor langt den er."))
    return redirect(meeting)


@require_POST
def pack_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    try:
        packs.publish_pack(meeting=meeting, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Mødepakken er udgivet, og organets medlemmer har fået en e-mail med et link."),
        )
    return redirect(meeting)


@require_POST
def minutes_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    try:
        packs.request_minutes(meeting=meeting, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Referatet dannes nu."))
    return redirect(meeting)


@require_POST
def minutes_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    try:
        packs.add_minutes_approval_item(meeting=meeting, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Punktet om godkendelse af referatet er sat på dagsordenen."))
    return redirect(meeting)
