"""Views of meetings: the calendar, a meeting with its agenda and packs, agenda items with their
attachments, decisions and follow-ups, attendance and minutes, the decision log, and the
secretariat's editing of members. Members read what their bodies publish; the secretariat edits.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alliance import exports, feeds, history, policy
from alliance.downloads import file_response
from alliance.lists import FilteredTableView
from alliance.models import GeneratedDocument, Job
from alliance.versioning import StaleEdit
from networks import ical

from . import links, meetings, packs
from .filters import DecisionFilter
from .meeting_forms import (
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    FollowUpForm,
    ItemForm,
    LinkForm,
    MeetingForm,
    MembershipForm,
    MoveForm,
    ReuseForm,
)
from .meetings import MeetingRuleError
from .models import AgendaAttachment, AgendaItem, Attendance, Body, FollowUp, Meeting, Membership
from .tables import DecisionTable
from .tracks import _posted


def _form_page(request, *, form, title, crumbs, submit, cancel, intro="", files=False):
    """One page for the simple forms here: heading, form, save and cancel."""
    context = {
        "form": form,
        "title": title,
        "crumbs": crumbs,
        "submit": submit,
        "cancel": cancel,
        "intro": intro,
        "files": files,
    }
    return render(request, "governance/form_page.html", context)


def _form_view(request, form, *, save, success: str, done, **page) -> HttpResponse:
    """Bind-validate-save for the form pages: on a valid POST, `save(form)` calls one service;
    a refusal (stale edit, workflow rule) becomes a Danish form error and nothing typed is lost.
    `done(result)` gives the object to go to afterwards."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(done(result))
    return _form_page(request, form=form, **page)


def _body_crumbs(body: Body) -> list:
    return [(_("Organer"), reverse("governance:body-list")), (str(body), body.get_absolute_url())]


def _meeting_crumbs(meeting: Meeting) -> list:
    return [*_body_crumbs(meeting.body), (meeting.title, meeting.get_absolute_url())]


def _item_crumbs(item: AgendaItem) -> list:
    return [*_meeting_crumbs(item.meeting), (str(item), item.get_absolute_url())]


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

    def save(form):
        meeting = form.save(commit=False)
        meeting.body = body
        return meetings.save_meeting(meeting=meeting, by=request.user)

    return _form_view(
        request,
        MeetingForm(_posted(request)),
        save=save,
        success=_("Mødet er oprettet."),
        done=lambda meeting: meeting,
        title=_("Nyt møde i %(body)s") % {"body": body},
        crumbs=_body_crumbs(body),
        submit=_("Opret mødet"),
        cancel=body.get_absolute_url(),
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_visible_or_404(request.user, Meeting.objects.select_related("body"), pk=pk)
    is_secretariat = policy.can(request.user, "manage", Meeting)
    items = (
        policy.visible(request.user, AgendaItem)
        .filter(meeting=meeting)
        .prefetch_related("attachments", "follow_ups")
        .select_related("linked_type")
    )
    packs_qs = policy.visible(request.user, meeting.packs.select_related("document"))
    context = {
        "meeting": meeting,
        "items": items,
        "hidden_closed": 0
        if is_secretariat or not meeting.is_published
        else meeting.items.filter(is_closed=True).count() - items.filter(is_closed=True).count(),
        "published_packs": packs_qs.filter(version__isnull=False).order_by("-version"),
        "follow_ups": policy.visible(request.user, FollowUp).filter(
            pk__in=meetings.open_follow_ups_before(meeting).values("pk")
        ),
        "minutes": policy.visible(request.user, GeneratedDocument)
        .for_subject(meeting)
        .filter(kind=meetings.MINUTES_JOB)
        .order_by("-version"),
        "is_secretariat": is_secretariat,
        "has_started": meeting.starts_at <= timezone.now(),
    }
    if is_secretariat:
        draft = packs.latest_draft(meeting)
        jobs = Job.objects.for_subject(meeting).active()
        context |= {
            "draft": draft,
            "draft_is_current": draft is not None and packs.is_current(draft),
            "pack_job": jobs.of_kind(packs.PACK_JOB).first(),
            "minutes_job": jobs.of_kind(meetings.MINUTES_JOB).first(),
            "attendance": Attendance.objects.filter(meeting=meeting)
            .select_related("membership")
            .order_by("-present", "membership__person_name"),
        }
    return render(request, "governance/meeting_detail.html", context)


def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    return _form_view(
        request,
        MeetingForm(_posted(request), instance=meeting),
        save=lambda form: meetings.save_meeting(
            meeting=form.save(commit=False),
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
        ),
        success=_("Mødet er gemt."),
        done=lambda _result: meeting,
        title=_("Redigér mødet"),
        crumbs=_meeting_crumbs(meeting),
        submit=_("Gem mødet"),
        cancel=meeting.get_absolute_url(),
    )


def _do(request, action, success: str, redirect_to):
    """Run a workflow step; show its Danish refusal as an error message instead."""
    try:
        action()
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(redirect_to)


@require_POST
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    return _do(
        request,
        lambda: meetings.mark_held(meeting=meeting, by=request.user),
        _("Mødet er markeret som afholdt."),
        meeting,
    )


@require_POST
def pack_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    return _do(
        request,
        lambda: packs.request_pack(meeting=meeting, by=request.user),
        _("Mødepakken bygges nu. Siden viser, hvor langt den er."),
        meeting,
    )


@require_POST
def pack_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    return _do(
        request,
        lambda: packs.publish_pack(meeting=meeting, by=request.user),
        _("Mødepakken er udgivet, og organets medlemmer har fået en e-mail med et link."),
        meeting,
    )


@require_POST
def minutes_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    return _do(
        request,
        lambda: packs.request_minutes(meeting=meeting, by=request.user),
        _("Referatet dannes nu."),
        meeting,
    )


@require_POST
def minutes_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(request.user, Meeting, pk=pk)
    return _do(
        request,
        lambda: packs.add_minutes_approval_item(meeting=meeting, by=request.user),
        _("Punktet om godkendelse af referatet er sat på dagsordenen."),
        meeting,
    )


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    present = Attendance.objects.filter(meeting=meeting, present=True)
    form = AttendanceForm(
        _posted(request),
        members=meetings.members_at(meeting),
        initial={"present": list(present.values_list("membership_id", flat=True))},
    )
    return _form_view(
        request,
        form,
        save=lambda form: meetings.record_attendance(
            meeting=meeting, present=form.cleaned_data["present"], by=request.user
        ),
        success=_("Fremmødet er gemt."),
        done=lambda _result: meeting,
        title=_("Fremmøde"),
        crumbs=_meeting_crumbs(meeting),
        submit=_("Gem fremmødet"),
        cancel=meeting.get_absolute_url(),
        intro=_("Markér de medlemmer, der var til stede. De øvrige registreres med afbud."),
    )


# --- Agenda items -----------------------------------------------------------------------------


def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    return _form_view(
        request,
        ItemForm(_posted(request)),
        save=lambda form: meetings.add_item(
            meeting=meeting, item=form.save(commit=False), by=request.user
        ),
        success=_("Punktet er sat på dagsordenen."),
        done=lambda item: item,
        title=_("Nyt punkt på dagsordenen"),
        crumbs=_meeting_crumbs(meeting),
        submit=_("Opret punktet"),
        cancel=meeting.get_absolute_url(),
    )


def item_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick an item from one of the body's earlier meetings to copy onto this agenda."""
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    candidates = (
        AgendaItem.objects.filter(meeting__body_id=meeting.body_id)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )
    if request.method == "POST":
        form = ReuseForm(request.POST, candidates=candidates)
        if form.is_valid():
            source = form.cleaned_data["item"]
            return _do(
                request,
                lambda: meetings.reuse_item(source=source, into=meeting, by=request.user),
                _("Punktet er kopieret til dagsordenen."),
                meeting,
            )
        messages.error(request, " ".join(form.errors["item"]))
    return render(
        request,
        "governance/item_reuse.html",
        {"meeting": meeting, "candidates": candidates[:100], "crumbs": _meeting_crumbs(meeting)},
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.get_visible_or_404(
        request.user, AgendaItem.objects.select_related("meeting__body", "linked_type"), pk=pk
    )
    linked = item.linked_object
    manages = policy.can(request.user, "manage", Meeting)
    context = {
        "item": item,
        "meeting": item.meeting,
        "linked": links.describe(linked),
        "linked_url": _linked_url(linked),
        "linked_subject": _document_subject(request.user, linked),
        "attachments": item.attachments.all(),
        "follow_ups": item.follow_ups.select_related("responsible_user"),
        "can_edit": manages,
        "history": history.merged(
            [
                (AgendaItem, item.history.all(), ""),
                (FollowUp, FollowUp.history.filter(item_id=item.pk), "description"),
            ],
            limit=15,
        )
        if manages
        else [],
        "crumbs": _meeting_crumbs(item.meeting),
    }
    return render(request, "governance/item_detail.html", context)


def _document_subject(user, obj):
    """For a linked document (an activity plan's version, a meeting's minutes): the object it is
    a version of, if it has a page this user may see."""
    if not isinstance(obj, GeneratedDocument):
        return None
    subject = obj.subject
    if subject is None or not hasattr(subject, "get_absolute_url"):
        return None
    return subject if policy.can_view(user, subject) else None


def _linked_url(obj) -> str:
    if isinstance(obj, GeneratedDocument):
        return reverse("document-download", args=[obj.pk])
    return obj.get_absolute_url() if obj is not None else ""


def _editable_item(request: HttpRequest, pk: int) -> AgendaItem:
    return policy.get_editable_or_404(
        request.user, AgendaItem.objects.select_related("meeting__body"), pk=pk
    )


def item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    return _form_view(
        request,
        ItemForm(_posted(request), instance=item),
        save=lambda form: meetings.save_item(
            item=form.save(commit=False),
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
        ),
        success=_("Punktet er gemt."),
        done=lambda _result: item,
        title=_("Redigér punktet"),
        crumbs=_item_crumbs(item),
        submit=_("Gem punktet"),
        cancel=item.get_absolute_url(),
    )


@require_POST
def item_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.get_editable_or_404(
        request.user, AgendaItem.objects.select_related("meeting"), pk=pk
    )
    step = -1 if request.POST.get("direction") == "up" else 1
    return _do(
        request,
        lambda: meetings.move_item(item=item, step=step, by=request.user),
        _("Dagsordenen er omordnet."),
        item.meeting,
    )


def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    return _form_view(
        request,
        MoveForm(_posted(request), item=item),
        save=lambda form: meetings.move_item_to_meeting(
            item=item, to=form.cleaned_data["meeting"], by=request.user
        ),
        success=_("Punktet er flyttet."),
        done=lambda moved: moved,
        title=_("Flyt punktet til et andet møde"),
        crumbs=_item_crumbs(item),
        submit=_("Flyt punktet"),
        cancel=item.get_absolute_url(),
    )


def item_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    initial = {"address": _linked_url(item.linked_object)}
    return _form_view(
        request,
        LinkForm(_posted(request), user=request.user, initial=initial),
        save=lambda form: meetings.link_item(
            item=item, obj=form.cleaned_data["address"], by=request.user
        ),
        success=_("Linket er gemt."),
        done=lambda _result: item,
        title=_("Link punktet til et portalobjekt"),
        crumbs=_item_crumbs(item),
        submit=_("Gem linket"),
        cancel=item.get_absolute_url(),
        intro=_("Punktet og mødepakken viser objektets nøgletal, som de er, når pakken bygges."),
    )


def item_decision(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = DecisionForm(_posted(request), instance=item)
    if item.kind != AgendaItem.Kind.DECISION:
        form.fields.pop("outcome")
        form.fields.pop("decision_text")
    return _form_view(
        request,
        form,
        save=lambda form: meetings.record_decision(
            item=item,
            outcome=form.cleaned_data.get("outcome", ""),
            decision_text=form.cleaned_data.get("decision_text", ""),
            minutes=form.cleaned_data["minutes"],
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
        ),
        success=_("Beslutning og referat er gemt."),
        done=lambda _result: item,
        title=_("Beslutning og referat"),
        crumbs=_item_crumbs(item),
        submit=_("Gem"),
        cancel=item.get_absolute_url(),
    )


# --- Attachments ------------------------------------------------------------------------------


def _upload(form: AttachmentForm) -> dict:
    return {
        "title": form.cleaned_data["title"],
        "name": form.cleaned_data["file"].name,
        "content": form.content,
        "page_count": form.page_count,
    }


def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    return _form_view(
        request,
        AttachmentForm(_posted(request), request.FILES or None),
        save=lambda form: meetings.add_attachment(item=item, by=request.user, **_upload(form)),
        success=_("Bilaget er tilføjet."),
        done=lambda _result: item,
        title=_("Tilføj bilag"),
        crumbs=_item_crumbs(item),
        submit=_("Tilføj bilaget"),
        cancel=item.get_absolute_url(),
        files=True,
    )


def attachment_replace(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = policy.get_editable_or_404(
        request.user, AgendaAttachment.objects.select_related("item__meeting__body"), pk=pk
    )
    item = attachment.item
    return _form_view(
        request,
        AttachmentForm(
            _posted(request), request.FILES or None, initial={"title": attachment.title}
        ),
        save=lambda form: meetings.replace_attachment(
            attachment=attachment, by=request.user, **_upload(form)
        ),
        success=_("Bilaget er erstattet."),
        done=lambda _result: item,
        title=_("Erstat bilaget “%(title)s”") % {"title": attachment.title},
        crumbs=_item_crumbs(item),
        submit=_("Erstat bilaget"),
        cancel=item.get_absolute_url(),
        intro=_("Udgivne versioner af mødepakken beholder det gamle bilag."),
        files=True,
    )


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = policy.get_editable_or_404(
        request.user, AgendaAttachment.objects.select_related("item__meeting"), pk=pk
    )
    return _do(
        request,
        lambda: meetings.remove_attachment(attachment=attachment, by=request.user),
        _("Bilaget er fjernet."),
        attachment.item,
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = policy.get_visible_or_404(request.user, AgendaAttachment, pk=pk)
    response = file_response(attachment.file.open("rb"), filename=attachment.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = attachment.sha256
    return response


# --- Follow-ups -------------------------------------------------------------------------------


def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)

    def save(form):
        follow_up = form.save(commit=False)
        follow_up.item = item
        return meetings.save_follow_up(follow_up=follow_up, by=request.user)

    return _form_view(
        request,
        FollowUpForm(_posted(request)),
        save=save,
        success=_("Opfølgningen er oprettet."),
        done=lambda _result: item,
        title=_("Ny opfølgning"),
        crumbs=_item_crumbs(item),
        submit=_("Opret opfølgningen"),
        cancel=item.get_absolute_url(),
    )


def follow_up_update(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = policy.get_editable_or_404(
        request.user, FollowUp.objects.select_related("item__meeting__body"), pk=pk
    )
    item = follow_up.item
    return _form_view(
        request,
        FollowUpForm(_posted(request), instance=follow_up),
        save=lambda form: meetings.save_follow_up(
            follow_up=form.save(commit=False),
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
        ),
        success=_("Opfølgningen er gemt."),
        done=lambda _result: item,
        title=_("Redigér opfølgningen"),
        crumbs=_item_crumbs(item),
        submit=_("Gem opfølgningen"),
        cancel=item.get_absolute_url(),
    )


# --- The decision log -------------------------------------------------------------------------


class DecisionLogView(FilteredTableView):
    """Every recorded decision the user may read, newest first, filtered and exported."""

    table_class = DecisionTable
    filterset_class = DecisionFilter
    export_name = "beslutninger"
    heading = gettext_lazy("Beslutninger")
    intro = gettext_lazy(
        "Organernes afgørelser på beslutningspunkter, med åbne opfølgninger. Lukkede punkter ses "
        "kun af dem, der har adgang til dem."
    )

    def get_queryset(self):
        return (
            policy.visible(self.request.user, AgendaItem)
            .exclude(outcome="")
            .select_related("meeting__body")
            .annotate(open_follow_ups=Count("follow_ups", filter=Q(follow_ups__state="open")))
            .order_by("-meeting__starts_at", "position")
        )


# --- Members ----------------------------------------------------------------------------------


def _save_membership(form: MembershipForm, *, body: Body, by) -> Membership:
    membership = form.save(commit=False)
    membership.body = body
    membership._history_user = by
    membership.save()
    return membership


def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require_create(request.user, Membership)
    body = policy.get_visible_or_404(request.user, Body, slug=slug)
    return _form_view(
        request,
        MembershipForm(_posted(request), body=body),
        save=lambda form: _save_membership(form, body=body, by=request.user),
        success=_("Medlemmet er tilføjet."),
        done=lambda _result: body,
        title=_("Nyt medlem af %(body)s") % {"body": body},
        crumbs=_body_crumbs(body),
        submit=_("Tilføj medlemmet"),
        cancel=body.get_absolute_url(),
    )


def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = policy.get_editable_or_404(
        request.user, Membership.objects.select_related("body"), pk=pk
    )
    body = membership.body
    return _form_view(
        request,
        MembershipForm(_posted(request), instance=membership, body=body),
        save=lambda form: _save_membership(form, body=body, by=request.user),
        success=_("Medlemskabet er gemt."),
        done=lambda _result: body,
        title=_("Redigér medlemskab: %(name)s") % {"name": membership.person_name},
        crumbs=_body_crumbs(body),
        submit=_("Gem medlemskabet"),
        cancel=body.get_absolute_url(),
        intro=_("Når et medlem træder ud, så skriv slutdatoen; historikken bevares."),
    )
