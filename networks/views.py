"""The thematic networks, their activities and the VIP projects they continue.

Everyone with a role reads; the secretariat registers and edits (networks/policies.py). Objects
come through the policy: an edit URL of an object the user may not change is a 404, and a page for
an action the user's role does not allow at all (registering an activity) is a 403.
"""

from functools import cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actionplans.models import Initiative
from actionplans.rows import label_initiatives
from alliance import exports, feeds, policy
from alliance.downloads import file_response
from alliance.forms import posted

from . import ical
from .forms import ActivityForm, AttendanceForm, MemberForm, ResourceForm, WorkPlanForm
from .library import SOURCE_LINKS, library_page
from .models import Activity, KnowledgeResource, Network, NetworkMember, VipProject, WorkPlan

ACTIVITIES_ON_NETWORK_PAGE = 8
ACTIVITIES_IN_LIST = 100
INITIATIVES_ON_NETWORK_PAGE = 25
FEED_LIMIT = 500
RESOURCES_ON_VIP_PAGE = 25


# --- Networks ---------------------------------------------------------------------------------


def network_list(request: HttpRequest) -> HttpResponse:
    networks = (
        policy.visible(request.user, Network)
        .annotate(
            member_count=Count("members", distinct=True),
            coming_count=Count(
                "activities", filter=Q(activities__starts_at__gte=timezone.now()), distinct=True
            ),
        )
        .prefetch_related("focus_themes")
    )
    return render(request, "networks/network_list.html", {"networks": networks})


def related_initiatives(network: Network):
    """Initiatives in current plans that are linked to the network, or that a member
    municipality carries and that share one of the network's focus themes."""
    # Two pk__in subqueries rather than an OR across joins with DISTINCT over the wide rows; the
    # themes and the members as subqueries too: a chain of eight joins took PostgreSQL 17 ms to
    # plan (and 1.5 ms to run), twice a page.
    links = Network.initiatives.through.objects.filter(network=network)
    by_theme = Initiative.objects.filter(
        themes__in=Network.focus_themes.through.objects.filter(network=network).values("theme"),
        plan__municipality__organisation__in=NetworkMember.objects.filter(network=network).values(
            "organisation"
        ),
    ).order_by()
    return (
        Initiative.objects.in_current_plans()
        .filter(Q(pk__in=links.values("initiative")) | Q(pk__in=by_theme.values("pk")))
        .annotate(is_linked=Exists(links.filter(initiative=OuterRef("pk"))))
        .select_related("plan__municipality")
        .order_by("-is_linked", "plan__municipality__name", "title__lower")
    )


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's body is a cached fragment (alliance/fragments.py): what it shows is read only
    when it is not cached. An activity's start moves it from coming to past (the networks clock)."""
    network = policy.get_visible_or_404(request.user, Network, slug=slug)
    activities = policy.visible(request.user, Activity).filter(network=network)
    work_plans = SimpleLazyObject(lambda: list(network.work_plans.all()))
    this_year = timezone.localdate().year
    initiatives = policy.visible(request.user, related_initiatives(network))
    context = {
        "network": network,
        "members": network.members.select_related("organisation"),
        "work_plans": work_plans,
        "this_year": this_year,
        "this_year_missing": SimpleLazyObject(
            lambda: not any(p.year == this_year for p in work_plans)
        ),
        "upcoming": activities.upcoming()[:ACTIVITIES_ON_NETWORK_PAGE],
        "past": activities.past()[:ACTIVITIES_ON_NETWORK_PAGE],
        "initiatives": SimpleLazyObject(
            lambda: label_initiatives(initiatives[:INITIATIVES_ON_NETWORK_PAGE])
        ),
        "initiative_count": SimpleLazyObject(initiatives.count),
        "can_edit": policy.can_edit(request.user, network),
    }
    return render(request, "networks/network_detail.html", context)


def member_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = policy.get_editable_or_404(request.user, Network, slug=slug)
    form = MemberForm(posted(request), network=network)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(
            request, _("%(name)s er tilføjet netværket.") % {"name": member.organisation}
        )
        return redirect(network)
    return render(request, "networks/member_form.html", {"form": form, "network": network})


@require_POST
def member_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    member = policy.get_editable_or_404(
        request.user,
        NetworkMember.objects.select_related("network", "organisation"),
        network__slug=slug,
        pk=pk,
    )
    member.delete()
    messages.success(
        request, _("%(name)s er fjernet fra netværket.") % {"name": member.organisation}
    )
    return redirect(member.network)


def workplan_update(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    network = policy.get_editable_or_404(request.user, Network, slug=slug)
    if not 2023 <= year <= 2100:
        raise Http404
    work_plan = network.work_plans.filter(year=year).first() or WorkPlan(network=network, year=year)
    form = WorkPlanForm(posted(request), instance=work_plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Arbejdsplanen for %(year)s er gemt.") % {"year": year})
        return redirect(network)
    return render(
        request, "networks/workplan_form.html", {"form": form, "network": network, "year": year}
    )


# --- VIP projects -----------------------------------------------------------------------------


def vip_list(request: HttpRequest) -> HttpResponse:
    projects = policy.visible(request.user, VipProject).select_related("continued_by")
    projects = projects.prefetch_related("leads")
    return render(request, "networks/vip_list.html", {"projects": projects})


def vip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    projects = VipProject.objects.select_related("continued_by").prefetch_related(
        "leads", "participants"
    )
    project = policy.get_visible_or_404(request.user, projects, slug=slug)
    resources = policy.visible(request.user, KnowledgeResource).filter(vip_project=project)
    context = {
        "project": project,
        "resources": resources.order_by("title__lower")[:RESOURCES_ON_VIP_PAGE],
        "resource_count": resources.count(),
    }
    return render(request, "networks/vip_detail.html", context)


# --- Activities -------------------------------------------------------------------------------


def activity_list(request: HttpRequest) -> HttpResponse:
    show_past = request.GET.get("past") == "1"
    activities = policy.visible(request.user, Activity).select_related("network")
    activities = activities.past() if show_past else activities.upcoming()
    context = {
        "activities": activities[:ACTIVITIES_IN_LIST],
        "total": activities.count(),
        "show_past": show_past,
        "can_create": policy.can_create(request.user, Activity),
        "feed_url": request.build_absolute_uri(
            feeds.feed_url(request.user, "networks:activity-feed-token")
        ),
    }
    return render(request, "networks/activity_list.html", context)


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_visible_or_404(
        request.user, Activity.objects.select_related("network"), pk=pk
    )
    attendance = list(activity.attendance.select_related("organisation"))
    can_edit = policy.can_edit(request.user, activity)
    context = {
        "activity": activity,
        "attendance": attendance,
        "total": sum(a.participants for a in attendance),
        "can_edit": can_edit,
        "attendance_form": AttendanceForm(activity=activity) if can_edit else None,
    }
    return render(request, "networks/activity_detail.html", context)


def activity_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, Activity)
    form = ActivityForm(posted(request), initial={"network": request.GET.get("netvaerk")})
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        activity = form.save()
        messages.success(request, _("Aktiviteten er registreret."))
        return redirect(activity)
    return render(request, "networks/activity_form.html", {"form": form, "activity": None})


def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_editable_or_404(request.user, Activity, pk=pk)
    form = ActivityForm(posted(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Aktiviteten er gemt."))
        return redirect(activity)
    return render(request, "networks/activity_form.html", {"form": form, "activity": activity})


def attendance_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = policy.get_editable_or_404(request.user, Activity, pk=pk)
    form = AttendanceForm(posted(request), activity=activity)
    if request.method == "POST" and form.is_valid():
        attendance = form.save()
        messages.success(
            request,
            _("Fremmødet fra %(name)s er registreret.") % {"name": attendance.organisation},
        )
        return redirect(activity)
    return render(request, "networks/attendance_form.html", {"form": form, "activity": activity})


def _feed(request: HttpRequest, user) -> HttpResponse:
    """The coming activities `user` may see as an iCalendar feed. UIDs are stable, so calendar
    apps update an event in place when it changes."""
    activities = policy.visible(user, Activity).upcoming().select_related("network")
    events = [
        ical.Event(
            uid=f"activity-{a.pk}@{ical.UID_DOMAIN}",
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            summary=a.title,
            location=a.location or a.online_url,
            url=request.build_absolute_uri(a.get_absolute_url()),
            description="\n".join(
                filter(None, [a.network.name if a.network else "", a.description])
            ),
        )
        for a in activities[:FEED_LIMIT]
    ]
    body = ical.calendar(events, name=_("Klimaalliancens aktiviteter"), now=timezone.now())
    return exports.download_response(
        body, content_type="text/calendar; charset=utf-8", filename="aktiviteter.ics", inline=True
    )


@require_GET
def activity_feed(request: HttpRequest) -> HttpResponse:
    """The feed for the logged-in user (a download from the browser)."""
    return _feed(request, request.user)


@login_not_required
@require_GET
def activity_feed_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The feed at the user's secret address, for calendar apps, which cannot log in: the token
    (alliance/feeds.py) stands for the user; a forged or renewed one is a 404."""
    user = feeds.user_from_feed_token(token)
    if user is None:
        raise Http404
    response = _feed(request, user)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- The library ----------------------------------------------------------------------------


@login_not_required
def resource_list(request: HttpRequest) -> HttpResponse:
    """The search, the count and the results are a cached fragment per address: searched only
    when not cached."""
    found = cache(lambda: library_page(request.user, request.GET, request.GET.get("side")))
    params = request.GET.copy()
    params.pop("side", None)
    context = {
        "filter": SimpleLazyObject(lambda: found()[0]),
        "page": SimpleLazyObject(lambda: found()[1]),
        "query_string": params.urlencode(),
        "can_create": policy.can_create(request.user, KnowledgeResource),
    }
    return render(request, "networks/library_list.html", context)


@login_not_required
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = policy.get_visible_or_404(
        request.user,
        KnowledgeResource.objects.select_related(
            "network", "vip_project", "activity", "municipality"
        ).prefetch_related("themes"),
        slug=slug,
    )
    vip = resource.vip_project
    context = {
        "resource": resource,
        "can_edit": policy.can_edit(request.user, resource),
        # The project's page is for role holders; a visitor reads its name only.
        "vip_url": vip.get_absolute_url() if vip and policy.can_view(request.user, vip) else "",
        "source_links": [link for links in SOURCE_LINKS for link in links(request.user, resource)],
    }
    return render(request, "networks/library_detail.html", context)


@login_not_required
def resource_download(request: HttpRequest, slug: str) -> FileResponse:
    resource = policy.get_visible_or_404(request.user, KnowledgeResource, slug=slug)
    if not resource.file:
        raise Http404
    filename = f"{resource.slug}{Path(resource.file.name).suffix.lower()}"
    response = file_response(resource.file.open("rb"), filename=filename)
    response["Cache-Control"] = "public, max-age=3600" if resource.is_public else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def resource_create(request: HttpRequest) -> HttpResponse:
    policy.require_create(request.user, KnowledgeResource)
    form = ResourceForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resource = form.save()
        messages.success(request, _("Ressourcen “%(title)s” er oprettet.") % {"title": resource})
        return redirect(resource)
    return render(request, "networks/library_form.html", {"form": form})


def resource_update(request: HttpRequest, slug: str) -> HttpResponse:
    resource = policy.get_editable_or_404(request.user, KnowledgeResource, slug=slug)
    form = ResourceForm(posted(request), request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ressourcen “%(title)s” er gemt.") % {"title": resource})
        return redirect(resource)
    return render(request, "networks/library_form.html", {"form": form, "resource": resource})
