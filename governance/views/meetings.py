"""Views of meetings: the calendar and its feed, a meeting's page, its editing, attendance, and
the secretariat's editing of a body's members. Members read what their bodies publish; the
secretariat edits."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alliance import exports, feeds, policy
from alliance.forms import posted
from alliance.fragments import cached_html
from alliance.versioning import StaleEdit
from networks import ical

from .. import selectors
from ..forms.meetings import AttendanceForm, MeetingForm, MembershipForm
from ..models import Attendance, Body, Meeting, Membership
from ..services import meetings
from ..services.meetings import MeetingRuleError
from .pages import body_crumbs, form_page, meeting_crumbs

# --- The calendar -----------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings of the bodies the user sits on (all bodies for the secretariat)."""
    visible = policy.visible(request.user, Meeting).select_related("body")
    body_slug = request.GET.get("organ", "")
    if body_slug:
        visible = visible.filter(body__slug=body_slug)
    now = timezone.now()
    context = {
        "upcoming": visible.filter(starts_at__gte=now).order_by("starts_at")[:50],
        "past": visible.filter(starts_at__lt=now).order_by("-starts_at")[:20],
        "bodies": policy.visible(request.user, Body).filter(
            pk__in=policy.visible(request.user, Meeting).values("body_id")
        ),
        "current_body": body_slug,
        "feed_url": request.build_absolute_uri(
            feeds.feed_url(request.user, "governance:meeting-ics-token")
        ),
    }
    return render(request, "governance/meeting_list.html", context)


def _meeting_feed(request: HttpRequest, user) -> HttpResponse:
    """The meetings `user` may see, from a month back, as an iCalendar feed. UIDs are stable, so
    calendar apps move an event when the meeting moves."""
    since = timezone.now() - dt.timedelta(days=31)
    visible = (
        policy.visible(user, Meeting)
        .filter(starts_at__gte=since)
        .select_related("body")
        .order_by("starts_at")
    )
    events = [
        ical.Event(
            uid=f"meeting-{m.pk}@{ical.UID_DOMAIN}",
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            summary=f"{m.body}: {m.title}",
            location=m.location or m.online_url,
            url=request.build_absolute_uri(m.get_absolute_url()),
            description=m.get_state_display(),
        )
        for m in visible[:500]
    ]
    body = ical.calendar(events, name=_("Møder i klimaalliancen"), now=timezone.now())
    return exports.download_response(
        body, content_type="text/calendar; charset=utf-8", filename="møder.ics", inline=True
    )


@require_GET
def meeting_ics(request: HttpRequest) -> HttpResponse:
    """The feed for the logged-in user (a download from the browser)."""
    return _meeting_feed(request, request.user)


@login_not_required
@require_GET
def meeting_ics_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The feed at the user's secret address (alliance/feeds.py), for calendar apps."""
    user = feeds.user_from_feed_token(token)
    if user is None:
        raise Http404
    response = _meeting_feed(request, user)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Meetings ---------------------------------------------------------------------------------


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require_create(request.user, Meeting)
    body = policy.get_visible_or_404(request.user, Body, slug=slug)
    form = MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        form.instance.body = body
        try:
            meeting = meetings.save_meeting(meeting=form.save(commit=False), by=request.user)
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mødet er oprettet."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("Nyt møde i %(body)s") % {"body": body},
        crumbs=body_crumbs(body),
        submit=_("Opret mødet"),
        cancel=body.get_absolute_url(),
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The page's body is a cached fragment (alliance/fragments.py). The secretariat's running
    jobs are no versioned write (their progress is written many times a second), so their state
    is part of the entry's key."""
    meeting = policy.get_visible_or_404(request.user, Meeting.objects.select_related("body"), pk=pk)
    is_secretariat = policy.can(request.user, "manage", Meeting)
    jobs = selectors.meeting_jobs(meeting) if is_secretariat else {}

    def body() -> str:
        context = {
            "meeting": meeting,
            **selectors.meeting_agenda(request.user, meeting, is_secretariat=is_secretariat),
            "is_secretariat": is_secretariat,
            "has_started": meeting.starts_at <= timezone.now(),
            **jobs,
        }
        if is_secretariat:
            context |= selectors.meeting_workbench(meeting)
        return render_to_string("governance/_meeting_body.html", context, request=request)

    job_states = [
        (job.pk, job.state, job.progress, job.progress_text) for job in jobs.values() if job
    ]
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "body": cached_html(request, "meeting", body, vary=(meeting.pk, *job_states)),
        },
    )


def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    form = MeetingForm(posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.save_meeting(
                meeting=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("Redigér mødet"),
        crumbs=meeting_crumbs(meeting),
        submit=_("Gem mødet"),
        cancel=meeting.get_absolute_url(),
    )


@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    try:
        meetings.mark_held(meeting=meeting, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Mødet er markeret som afholdt."))
    return redirect(meeting)


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    present = Attendance.objects.filter(meeting=meeting, present=True)
    form = AttendanceForm(
        posted(request),
        members=meetings.members_at(meeting),
        initial={"present": list(present.values_list("membership_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.record_attendance(
                meeting=meeting, present=form.cleaned_data["present"], by=request.user
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Fremmødet er gemt."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("Fremmøde"),
        crumbs=meeting_crumbs(meeting),
        submit=_("Gem fremmødet"),
        cancel=meeting.get_absolute_url(),
        intro=_("Markér de medlemmer, der var til stede. De øvrige registreres med afbud."),
    )


# --- Members ----------------------------------------------------------------------------------


def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require_create(request.user, Membership)
    body = policy.get_visible_or_404(request.user, Body, slug=slug)
    form = MembershipForm(posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        meetings.save_membership(membership=form.save(commit=False), body=body, by=request.user)
        messages.success(request, _("Medlemmet er tilføjet."))
        return redirect(body)
    return form_page(
        request,
        form=form,
        title=_("Nyt medlem af %(body)s") % {"body": body},
        crumbs=body_crumbs(body),
        submit=_("Tilføj medlemmet"),
        cancel=body.get_absolute_url(),
    )


def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = policy.get_editable_or_404(
        request.user, Membership.objects.select_related("body"), pk=pk
    )
    body = membership.body
    form = MembershipForm(posted(request), instance=membership, body=body)
    if request.method == "POST" and form.is_valid():
        meetings.save_membership(membership=form.save(commit=False), body=body, by=request.user)
        messages.success(request, _("Medlemskabet er gemt."))
        return redirect(body)
    return form_page(
        request,
        form=form,
        title=_("Redigér medlemskab: %(name)s") % {"name": membership.person_name},
        crumbs=body_crumbs(body),
        submit=_("Gem medlemskabet"),
        cancel=body.get_absolute_url(),
        intro=_("Når et medlem træder ud, så skriv slutdatoen; historikken bevares."),
    )
