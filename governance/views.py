from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alliance import policy, roles

from .models import Body, BodyRelation, Meeting, Membership, Seat


def _current_members():
    return Prefetch(
        "memberships",
        Membership.objects.current().select_related("appointed_by", "deputy_for"),
        to_attr="current_members",
    )


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = policy.visible(request.user, Body).prefetch_related(
        Prefetch("relations_out", BodyRelation.objects.select_related("target"))
    )
    return render(
        request,
        "governance/body_list.html",
        {
            "regional": [b for b in bodies if b.level == Body.Level.REGIONAL],
            "national": [b for b in bodies if b.level == Body.Level.NATIONAL],
            "my_body_ids": roles.body_ids(request.user),
        },
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = policy.get_visible_or_404(
        request.user,
        Body.objects.prefetch_related(
            _current_members(),
            Prefetch("seats", Seat.objects.select_related("appointed_by")),
            Prefetch("relations_out", BodyRelation.objects.select_related("target")),
            Prefetch("relations_in", BodyRelation.objects.select_related("source")),
        ),
        slug=slug,
    )
    meetings = policy.visible(request.user, Meeting).filter(body=body)
    former = body.memberships.filter(end__lt=timezone.localdate()).order_by("-end")
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "upcoming": meetings.upcoming()[:10],
            "past": meetings.filter(starts_at__lt=timezone.now())[:10],
            "sees_meetings": roles.is_secretariat(request.user)
            or body.pk in roles.body_ids(request.user),
            "former_members": former,
            "can_edit": roles.is_secretariat(request.user),
        },
    )


def my_bodies(request: HttpRequest) -> HttpResponse:
    """A member's home page: the bodies they sit on and their coming meetings."""
    memberships = (
        Membership.objects.current()
        .filter(user=request.user)
        .select_related("body")
        .order_by("body__level", "body__order")
    )
    meetings = policy.visible(request.user, Meeting).upcoming().select_related("body")[:20]
    return render(
        request, "governance/my_bodies.html", {"memberships": memberships, "meetings": meetings}
    )
