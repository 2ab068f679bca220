"""What governance's views share: the simple form page and the breadcrumbs."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import ActivityPlan, AgendaItem, Body, Meeting


def form_page(request, *, form, title, crumbs, submit, cancel, intro="", files=False):
    """One page for the simple forms: heading, form, save and cancel."""
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


def body_crumbs(body: Body) -> list:
    return [(_("Organer"), reverse("governance:body-list")), (str(body), body.get_absolute_url())]


def meeting_crumbs(meeting: Meeting) -> list:
    return [*body_crumbs(meeting.body), (meeting.title, meeting.get_absolute_url())]


def item_crumbs(item: AgendaItem) -> list:
    return [*meeting_crumbs(item.meeting), (str(item), item.get_absolute_url())]


def activityplan_crumbs(plan: ActivityPlan | None = None) -> list:
    crumbs = [
        (_("Organer"), reverse("governance:body-list")),
        (_("Aktivitetsplaner"), reverse("governance:activityplan-list")),
    ]
    if plan is not None:
        crumbs.append((str(plan), plan.get_absolute_url()))
    return crumbs
