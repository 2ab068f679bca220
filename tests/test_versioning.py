"""One optimistic-locking mechanism for every app (alliance/versioning.py): an edit form carries
the version it was read at, a create form carries none, and an edit without a readable version is
refused with a Danish message instead of being saved unchecked."""

import pytest
from django.urls import reverse

from alliance.versioning import Versioned, VersionedForm
from fundraising.forms import CallForm
from governance.forms.activityplan import ActivityForm, PlanForm
from governance.forms.meetings import FollowUpForm, ItemForm, MeetingForm
from governance.forms.tracks import TrackForm
from governance.models import (
    ActivityPlan,
    AgendaItem,
    DevelopmentTrack,
    FollowUp,
    Meeting,
    PlannedActivity,
)
from reports.forms import NarrativeForm
from reports.models import StatusReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "form_class", [TrackForm, PlanForm, ActivityForm, MeetingForm, ItemForm, FollowUpForm]
)
def test_governance_forms_use_the_shared_versioned_form(form_class):
    assert issubclass(form_class, VersionedForm)


def test_reports_and_fundraising_forms_use_the_shared_versioned_form():
    assert issubclass(NarrativeForm, VersionedForm)
    assert issubclass(CallForm, VersionedForm)


@pytest.mark.parametrize(
    "model",
    [Meeting, AgendaItem, FollowUp, DevelopmentTrack, ActivityPlan, PlannedActivity, StatusReport],
)
def test_versioned_models_inherit_the_shared_base(model):
    assert issubclass(model, Versioned)


def test_a_create_form_carries_no_version():
    assert "lock_version" not in TrackForm().fields


def test_an_edit_form_carries_the_stored_version(world):
    form = TrackForm(instance=world.track)
    assert form.fields["lock_version"].initial == world.track.lock_version


def test_a_track_edit_without_its_version_is_refused_in_danish(world):
    """Before the one mechanism, the track form's version was optional and a missing one saved
    over whatever was stored, unchecked."""
    track = world.track
    response = world.client("secretariat").post(
        reverse("governance:track-update", kwargs={"pk": track.pk}), {"title": "Ny titel"}
    )
    assert response.status_code == 200
    assert "Formularen kunne ikke læses" in response.content.decode()
    track.refresh_from_db()
    assert (track.title, track.lock_version) == ("Fælles ladeinfrastruktur", 1)
