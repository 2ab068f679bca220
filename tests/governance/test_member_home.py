"""A member's home (governance:mine, also rendered at `/`) shows the next meeting's pack."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from alliance.models import GeneratedDocument
from governance.models import MeetingPack

pytestmark = pytest.mark.django_db


def add_pack(meeting, *, version):
    document = GeneratedDocument.objects.create(
        kind="meeting-pack",
        subject_type=ContentType.objects.get_for_model(meeting),
        subject_id=meeting.pk,
        title=f"Mødepakke {version}",
        version=version or 99,
        page_count=3,
        size=100,
        sha256="0" * 64,
    )
    return MeetingPack.objects.create(
        meeting=meeting,
        document=document,
        fingerprint=str(version),
        version=version,
        published_at=timezone.now() if version else None,
    )


def test_member_home_offers_the_newest_published_pack_of_the_next_meeting(world):
    world.meeting_x.starts_at = timezone.now() + dt.timedelta(days=5)
    world.meeting_x.save()
    add_pack(world.meeting_x, version=1)
    newest = add_pack(world.meeting_x, version=2)
    add_pack(world.meeting_x, version=None)  # a draft: the secretariat's only
    page = world.client("member").get(reverse("governance:mine")).content.decode()
    assert "Dit næste møde" in page
    assert reverse("document-download", args=[newest.document.pk]) in page
    assert "version 2" in page


def test_without_a_published_pack_the_member_is_told(world):
    world.meeting_x.starts_at = timezone.now() + dt.timedelta(days=5)
    world.meeting_x.save()
    page = world.client("member").get(reverse("governance:mine")).content.decode()
    assert "Mødepakken er ikke udgivet endnu" in page


def test_a_non_member_sees_no_pack_of_another_body(world):
    world.meeting_x.starts_at = timezone.now() + dt.timedelta(days=5)
    world.meeting_x.save()
    pack = add_pack(world.meeting_x, version=1)
    page = world.client("nonmember").get(reverse("governance:mine")).content.decode()
    assert reverse("document-download", args=[pack.document.pk]) not in page
