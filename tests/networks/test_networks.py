"""The networks area: who reads, who edits, and what bad input gets back."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.models import Activity, Attendance, NetworkMember, WorkPlan

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    InitiativeFactory,
    KnowledgeResourceFactory,
    NetworkFactory,
)

pytestmark = pytest.mark.django_db


def activity_data(**overrides) -> dict:
    start = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "kind": "webinar",
        "title": "Webinar om tung transport",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "online_url": "https://example.dk/webinar",
    }
    return data | overrides


@pytest.mark.parametrize("persona", ["secretariat", "coordinator_a", "coordinator_b", "member"])
def test_role_holders_read_the_network_page(world, persona):
    response = world.client(persona).get(world.network.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert world.municipality_a.organisation.name in content
    assert "tovholder" in content
    assert "Netværksmøde om elbiler" in content
    assert world.vip_project.name in content


def test_network_page_shows_linked_and_theme_sharing_initiatives(world):
    world.network.focus_themes.add(world.theme)  # initiative_a has this theme, A is a member
    world.network.initiatives.add(world.initiative_b)  # B is no member, but it is linked
    other = InitiativeFactory(plan=world.plan_b, title="Cykelstier i Frederiksberg")
    other.themes.add(world.theme)  # shares a theme, but B is not a member: not shown
    content = world.client("member").get(world.network.get_absolute_url()).content.decode()
    assert "Ladestandere i København" in content
    assert "Ladestandere i Frederiksberg" in content
    assert "Cykelstier i Frederiksberg" not in content


def test_network_page_query_count_does_not_grow_with_data(world):
    world.network.focus_themes.add(world.theme)
    client = world.client("secretariat")
    url = world.network.get_absolute_url()

    def count() -> int:
        client.get(url)  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            initiative = InitiativeFactory(plan=world.plan_a, title=f"Indsats {i}")
            initiative.themes.add(world.theme)
            world.network.initiatives.add(InitiativeFactory(plan=world.plan_a))
            ActivityFactory(network=world.network)
            ActivityFactory(
                network=world.network, starts_at=timezone.now() - dt.timedelta(days=i + 1)
            )

    add(1)
    once = count()
    add(9)
    assert count() == once


def test_activity_list_shows_coming_and_past(world):
    ActivityFactory(
        network=world.network, title="Gammelt møde", starts_at=timezone.now() - dt.timedelta(days=3)
    )
    client = world.client("coordinator_b")
    coming = client.get(reverse("networks:activity-list")).content.decode()
    past = client.get(reverse("networks:activity-list") + "?past=1").content.decode()
    assert "Netværksmøde om elbiler" in coming and "Gammelt møde" not in coming
    assert "Gammelt møde" in past and "Netværksmøde om elbiler" not in past


def test_secretariat_registers_an_activity(world):
    response = world.client("secretariat").post(
        reverse("networks:activity-create"), activity_data(network=world.network.pk)
    )
    activity = Activity.objects.get(title="Webinar om tung transport")
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.network == world.network
    assert activity.created_by == world.users["secretariat"]


def test_activity_must_end_after_it_starts(world):
    data = activity_data()
    data["ends_at"] = data["starts_at"]
    response = world.client("secretariat").post(reverse("networks:activity-create"), data)
    assert response.status_code == 200
    assert "Aktiviteten skal slutte efter, den starter." in response.content.decode()
    assert not Activity.objects.filter(title=data["title"]).exists()


def test_activity_needs_a_valid_link_or_a_place(world):
    client = world.client("secretariat")
    bad_url = client.post(
        reverse("networks:activity-create"), activity_data(online_url="ikke-en-url")
    )
    assert "Skriv en gyldig webadresse" in bad_url.content.decode()
    nowhere = client.post(reverse("networks:activity-create"), activity_data(online_url=""))
    assert "Angiv et sted eller et link til onlinedeltagelse." in nowhere.content.decode()
    missing = client.post(reverse("networks:activity-create"), {})
    assert "Skriv aktivitetens titel." in missing.content.decode()
    assert Activity.objects.count() == 1  # only the world's


@pytest.mark.parametrize("persona", ["coordinator_a", "coordinator_b", "member"])
def test_other_roles_cannot_register_or_change_activities(world, persona):
    client = world.client(persona)
    assert client.post(reverse("networks:activity-create"), activity_data()).status_code == 403
    update = reverse("networks:activity-update", kwargs={"pk": world.activity.pk})
    assert client.post(update, activity_data(title="Ændret")).status_code == 404
    attendance = reverse("networks:attendance-create", kwargs={"pk": world.activity.pk})
    org = world.municipality_a.organisation.pk
    assert client.post(attendance, {"organisation": org, "participants": 3}).status_code == 404
    world.activity.refresh_from_db()
    assert world.activity.title == "Netværksmøde om elbiler"
    assert Activity.objects.count() == 1 and not Attendance.objects.exists()


def test_attendance_is_recorded_once_per_organisation(world):
    client = world.client("secretariat")
    url = reverse("networks:attendance-create", kwargs={"pk": world.activity.pk})
    org = world.municipality_a.organisation.pk
    assert client.post(url, {"organisation": org, "participants": 4}).status_code == 302
    again = client.post(url, {"organisation": org, "participants": 2})
    assert "Fremmødet fra Københavns Kommune er allerede registreret" in again.content.decode()
    zero = client.post(
        url, {"organisation": world.municipality_b.organisation.pk, "participants": 0}
    )
    assert "Antallet af deltagere skal være mindst 1." in zero.content.decode()
    assert list(world.activity.attendance.values_list("participants", flat=True)) == [4]


def test_activity_page_shows_total_attendance(world):
    AttendanceFactory(
        activity=world.activity, organisation=world.municipality_a.organisation, participants=4
    )
    AttendanceFactory(
        activity=world.activity, organisation=world.municipality_b.organisation, participants=3
    )
    response = world.client("member").get(world.activity.get_absolute_url())
    assert response.context["total"] == 7
    assert "Frederiksberg" in response.content.decode()


def test_secretariat_adds_and_removes_a_member(world):
    client = world.client("secretariat")
    url = reverse("networks:member-create", kwargs={"slug": world.network.slug})
    response = client.post(
        url,
        {
            "organisation": world.municipality_b.organisation.pk,
            "contact_name": "Bente Bach",
            "contact_email": "bente@example.dk",
            "is_lead": "on",
        },
    )
    assert response.status_code == 302
    member = NetworkMember.objects.get(
        network=world.network, organisation__municipality=world.municipality_b
    )
    assert member.is_lead and member.contact_email == "bente@example.dk"
    delete = reverse("networks:member-delete", kwargs={"slug": world.network.slug, "pk": member.pk})
    assert client.post(delete).status_code == 302
    assert not NetworkMember.objects.filter(pk=member.pk).exists()


def test_coordinator_cannot_remove_members_or_edit_work_plans(world):
    client = world.client("coordinator_a")
    delete = reverse(
        "networks:member-delete", kwargs={"slug": world.network.slug, "pk": world.network_member.pk}
    )
    assert client.post(delete).status_code == 404
    assert NetworkMember.objects.filter(pk=world.network_member.pk).exists()
    plan = reverse("networks:workplan-update", kwargs={"slug": world.network.slug, "year": 2026})
    assert client.post(plan, {"text": "Ny plan"}).status_code == 404
    assert not WorkPlan.objects.exists()


def test_member_of_another_network_cannot_be_removed_through_this_one(world):
    other = NetworkFactory(name="Energi", slug="energi")
    url = reverse(
        "networks:member-delete", kwargs={"slug": other.slug, "pk": world.network_member.pk}
    )
    assert world.client("secretariat").post(url).status_code == 404
    assert NetworkMember.objects.filter(pk=world.network_member.pk).exists()


def test_secretariat_writes_a_work_plan_per_year(world):
    client = world.client("secretariat")
    url = reverse("networks:workplan-update", kwargs={"slug": world.network.slug, "year": 2026})
    assert client.post(url, {"text": "Fire møder om ladeinfrastruktur."}).status_code == 302
    assert client.post(url, {"text": "Fem møder."}).status_code == 302
    assert WorkPlan.objects.get(network=world.network, year=2026).text == "Fem møder."
    assert "Skriv arbejdsplanen." in client.post(url, {"text": ""}).content.decode()
    outside = reverse("networks:workplan-update", kwargs={"slug": world.network.slug, "year": 1999})
    assert client.get(outside).status_code == 404


def test_vip_page_shows_the_continuing_network(world):
    world.vip_project.summary = "Kommunerne udviklede fælles udbudskrav."
    world.vip_project.save()
    response = world.client("coordinator_b").get(world.vip_project.get_absolute_url())
    content = response.content.decode()
    assert "Kommunerne udviklede fælles udbudskrav." in content
    assert world.network.get_absolute_url() in content


def test_vip_page_lists_the_projects_library_resources(world):
    project = world.vip_project
    project.tools = "Et udbudskit\nEn guide"
    project.save()
    kit = KnowledgeResourceFactory(title="Udbudskit fra projektet", vip_project=project)
    internal = KnowledgeResourceFactory(
        title="Intern note fra projektet", vip_project=project, is_public=False
    )
    KnowledgeResourceFactory(title="Et andet projekts guide")
    response = world.client("coordinator_b").get(project.get_absolute_url())
    body = response.content.decode()
    assert "<li>Et udbudskit</li>" in body and "<li>En guide</li>" in body
    assert kit.get_absolute_url() in body
    assert internal.get_absolute_url() in body  # role holders read the internal items
    assert "Et andet projekts guide" not in body
    assert response.context["resource_count"] == 2


def test_vip_page_query_count_does_not_grow_with_resources(world):
    client = world.client("member")
    url = world.vip_project.get_absolute_url()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    KnowledgeResourceFactory(vip_project=world.vip_project)
    once = count()
    for _ in range(9):
        KnowledgeResourceFactory(vip_project=world.vip_project)
    assert count() == once


def test_resource_page_links_to_its_vip_project_for_role_holders(world):
    resource = KnowledgeResourceFactory(
        title="Udbudskit", vip_project=world.vip_project, source="vip_project"
    )
    member = world.client("member").get(resource.get_absolute_url()).content.decode()
    assert world.vip_project.get_absolute_url() in member
    anonymous = world.client("anonymous").get(resource.get_absolute_url()).content.decode()
    assert world.vip_project.name in anonymous  # the name, without a link to a login page
    assert world.vip_project.get_absolute_url() not in anonymous


def test_network_list_counts_members(world):
    response = world.client("member").get(reverse("networks:network-list"))
    network = response.context["networks"].get(pk=world.network.pk)
    assert network.member_count == 1 and network.coming_count == 1
