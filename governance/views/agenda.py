"""Views of agenda items: creating, reusing, editing, ordering and moving them, linking them to
a portal object, their decision and minutes, attachments and follow-ups, and the decision log."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alliance import history, policy
from alliance.downloads import file_response
from alliance.forms import posted
from alliance.lists import FilteredTableView
from alliance.models import GeneratedDocument
from alliance.versioning import StaleEdit

from .. import links, selectors
from ..filters import DecisionFilter
from ..forms.meetings import (
    AttachmentForm,
    DecisionForm,
    FollowUpForm,
    ItemForm,
    LinkForm,
    MoveForm,
    ReuseForm,
)
from ..models import AgendaAttachment, AgendaItem, FollowUp, Meeting
from ..services import meetings
from ..services.meetings import MeetingRuleError
from ..tables import DecisionTable
from .pages import form_page, item_crumbs, meeting_crumbs

# --- Agenda items -----------------------------------------------------------------------------


def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    form = ItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = meetings.add_item(meeting=meeting, item=form.save(commit=False), by=request.user)
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Punktet er sat på dagsordenen."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Nyt punkt på dagsordenen"),
        crumbs=meeting_crumbs(meeting),
        submit=_("Opret punktet"),
        cancel=meeting.get_absolute_url(),
    )


def item_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick an item from one of the body's earlier meetings to copy onto this agenda."""
    meeting = policy.get_editable_or_404(
        request.user, Meeting.objects.select_related("body"), pk=pk
    )
    candidates = selectors.reusable_items(meeting)
    if request.method == "POST":
        form = ReuseForm(request.POST, candidates=candidates)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["item"]))
        else:
            try:
                meetings.reuse_item(source=form.cleaned_data["item"], into=meeting, by=request.user)
            except (MeetingRuleError, StaleEdit) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Punktet er kopieret til dagsordenen."))
            return redirect(meeting)
    context = {
        "meeting": meeting,
        "candidates": candidates[:100],
        "crumbs": meeting_crumbs(meeting),
    }
    return render(request, "governance/item_reuse.html", context)


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
        "crumbs": meeting_crumbs(item.meeting),
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
    form = ItemForm(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.save_item(
                item=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Redigér punktet"),
        crumbs=item_crumbs(item),
        submit=_("Gem punktet"),
        cancel=item.get_absolute_url(),
    )


@require_POST
def item_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.get_editable_or_404(
        request.user, AgendaItem.objects.select_related("meeting"), pk=pk
    )
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        meetings.move_item(item=item, step=step, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dagsordenen er omordnet."))
    return redirect(item.meeting)


def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = MoveForm(posted(request), item=item)
    if request.method == "POST" and form.is_valid():
        try:
            moved = meetings.move_item_to_meeting(
                item=item, to=form.cleaned_data["meeting"], by=request.user
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Punktet er flyttet."))
            return redirect(moved)
    return form_page(
        request,
        form=form,
        title=_("Flyt punktet til et andet møde"),
        crumbs=item_crumbs(item),
        submit=_("Flyt punktet"),
        cancel=item.get_absolute_url(),
    )


def item_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    initial = {"address": _linked_url(item.linked_object)}
    form = LinkForm(posted(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.link_item(item=item, obj=form.cleaned_data["address"], by=request.user)
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Linket er gemt."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Link punktet til et portalobjekt"),
        crumbs=item_crumbs(item),
        submit=_("Gem linket"),
        cancel=item.get_absolute_url(),
        intro=_("Punktet og mødepakken viser objektets nøgletal, som de er, når pakken bygges."),
    )


def item_decision(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = DecisionForm(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.record_decision(
                item=item,
                outcome=form.cleaned_data.get("outcome", ""),
                decision_text=form.cleaned_data.get("decision_text", ""),
                minutes=form.cleaned_data["minutes"],
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Beslutning og referat er gemt."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Beslutning og referat"),
        crumbs=item_crumbs(item),
        submit=_("Gem"),
        cancel=item.get_absolute_url(),
    )


# --- Attachments ------------------------------------------------------------------------------


def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = AttachmentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.add_attachment(item=item, by=request.user, **form.upload())
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Bilaget er tilføjet."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Tilføj bilag"),
        crumbs=item_crumbs(item),
        submit=_("Tilføj bilaget"),
        cancel=item.get_absolute_url(),
        files=True,
    )


def attachment_replace(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = policy.get_editable_or_404(
        request.user, AgendaAttachment.objects.select_related("item__meeting__body"), pk=pk
    )
    item = attachment.item
    initial = {"title": attachment.title}
    form = AttachmentForm(posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.replace_attachment(attachment=attachment, by=request.user, **form.upload())
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Bilaget er erstattet."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Erstat bilaget “%(title)s”") % {"title": attachment.title},
        crumbs=item_crumbs(item),
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
    try:
        meetings.remove_attachment(attachment=attachment, by=request.user)
    except (MeetingRuleError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Bilaget er fjernet."))
    return redirect(attachment.item)


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
    form = FollowUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        form.instance.item = item
        try:
            meetings.save_follow_up(follow_up=form.save(commit=False), by=request.user)
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Opfølgningen er oprettet."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Ny opfølgning"),
        crumbs=item_crumbs(item),
        submit=_("Opret opfølgningen"),
        cancel=item.get_absolute_url(),
    )


def follow_up_update(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = policy.get_editable_or_404(
        request.user, FollowUp.objects.select_related("item__meeting__body"), pk=pk
    )
    item = follow_up.item
    form = FollowUpForm(posted(request), instance=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.save_follow_up(
                follow_up=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except (StaleEdit, MeetingRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect(item)
    return form_page(
        request,
        form=form,
        title=_("Redigér opfølgningen"),
        crumbs=item_crumbs(item),
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
