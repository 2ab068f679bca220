"""Choices of many (a many-to-many field) refuse an id beyond 64 bits as an invalid choice: the
database driver would raise OverflowError, a server error (alliance/formfields.py)."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from alliance import formfields
from governance.forms.meetings import AttendanceForm
from tests.portal_forms import portal_form_classes

pytestmark = pytest.mark.django_db


def test_an_id_beyond_64_bits_is_an_invalid_choice(world):
    form = AttendanceForm(
        data={"present": [str(2**64)]}, members=world.meeting_x.body.memberships.all()
    )
    assert not form.is_valid()
    assert str(2**64) in form.errors["present"][0]  # "… er ikke en af de tilgængelige …"


# The admin's own forms build URL fields without assume_scheme (our ModelForms pass it).
@pytest.mark.filterwarnings("ignore:The default scheme will be changed")
def test_every_choice_of_many_in_forms_and_admin_is_guarded():
    """A form or admin page that builds Django's field directly would give the 500 back."""
    form_classes = portal_form_classes()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    form_classes += [model_admin.get_form(request) for model_admin in admin.site._registry.values()]
    checked = 0
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                checked += 1
                assert isinstance(field, formfields.ModelMultipleChoiceField), (form_class, name)
    assert checked > 10
