from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import policy, roles

from ..models import Body, BodyRelation, Meeting, MeetingPack, Membership, Seat


def _current_members():
    return Prefetch(
        "memberships",
        Membership.objects.current().select_related("appointed_by", "deputy_for"),
        to_attr="current_members",
    )


# Which relation puts a body under another in the tree (the first that applies).
TREE_KINDS = [
    BodyRelation.Kind.REPORTS_TO,
    BodyRelation.Kind.PREPARES_FOR,
    BodyRelation.Kind.FOLLOWS,
]


def body_tree(bodies: list[Body]) -> list[dict]:
    """The bodies as a tree: each body under the body it reports to (else prepares for, else
    follows); bodies with none of these are roots. Other relations are listed on the body."""
    by_id = {body.pk: body for body in bodies}
    parent_of: dict[int, tuple[int, str]] = {}
    for body in bodies:
        relations = sorted(body.relations_out.all(), key=lambda r: TREE_KINDS.index(r.kind))
        for relation in relations:
            if relation.target_id in by_id:
                parent_of[body.pk] = (relation.target_id, relation.get_kind_display())
                break

    def node(body: Body, relation: str = "") -> dict:
        children = [b for b in bodies if parent_of.get(b.pk, (None,))[0] == body.pk]
        return {
            "body": body,
            "relation": relation,
            "children": [node(child, parent_of[child.pk][1]) for child in children],
        }

    return [node(body) for body in bodies if body.pk not in parent_of]


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = list(
        policy.visible(request.user, Body).prefetch_related(
            Prefetch("relations_out", BodyRelation.objects.select_related("target"))
        )
    )
    regional = [b for b in bodies if b.level == Body.Level.REGIONAL]
    national = [b for b in bodies if b.level == Body.Level.NATIONAL]
    return render(
        request,
        "governance/body_list.html",
        {
            "regional": regional,
            "national": national,
            "trees": [(_("Regionalt"), body_tree(regional)), (_("Nationalt"), body_tree(national))],
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
            "sees_meetings": policy.policy_for(Meeting).sees_meetings_of(request.user, body),
            "former_members": former,
            "can_edit": policy.can_create(request.user, Membership),
            "can_create_meeting": policy.can_create(request.user, Meeting),
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
    next_meeting = meetings[0] if meetings else None
    return render(
        request,
        "governance/my_bodies.html",
        {
            "memberships": memberships,
            "meetings": meetings,
            "next_meeting": next_meeting,
            "next_pack": current_pack(request.user, next_meeting) if next_meeting else None,
        },
    )


def current_pack(user, meeting: Meeting) -> MeetingPack | None:
    """The newest version of the meeting's pack that this user may read (the members: published
    versions only, by the pack policy)."""
    packs = policy.visible(user, MeetingPack).filter(meeting=meeting, version__isnull=False)
    return packs.select_related("document").order_by("-version").first()
