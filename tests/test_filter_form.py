"""The filter form written cheaply: the same <option> markup as the loop over subwidgets it
replaces (alliance/templatetags/fields.py), and the municipalities read once for both of the
initiative list's municipality selects."""

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality

AS_WRITTEN = Template(
    "{% for option in field.subwidgets %}<option value=\"{{ option.data.value|stringformat:'s' }}\""
    "{% if option.data.selected %} selected{% endif %}>{{ option.data.label }}</option>\n    "
    "{% endfor %}"
)
WRITTEN_IN_PYTHON = Template("{% load fields %}{% select_options field %}")


class Choices(forms.Form):
    single = forms.ChoiceField(choices=[("", "Alle"), ("a", "Æ & <b>"), ("b", "B"), ("a", "Igen")])
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    grouped = forms.ChoiceField(choices=[("Gruppe", [("1", "Én"), ("2", "To")]), ("3", "Tre")])
    maybe = forms.NullBooleanField()
    municipality = forms.ModelChoiceField(Municipality.objects.order_by("name"), required=False)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"single": "a", "several": ["x", "z"], "grouped": "2", "maybe": "true"},
        {"single": "zz", "several": ["q"], "grouped": "3", "maybe": "false"},
        {"municipality": "first"},
    ],
)
def test_options_are_written_as_the_loop_wrote_them(world, data):
    if data.get("municipality") == "first":
        data = {"municipality": str(world.municipality_b.pk)}
    form = Choices(data or None)
    for field in form:
        context = Context({"field": field})
        assert WRITTEN_IN_PYTHON.render(context) == AS_WRITTEN.render(context), field.name


def test_the_initiative_list_reads_the_municipalities_once(world, settings):
    settings.FRAGMENT_CACHE = False
    client = world.client("secretariat")
    url = reverse("actionplans:initiative-list")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, {"lead": world.municipality_a.pk}).content.decode()
    choices = [
        q["sql"]
        for q in captured.captured_queries
        # every municipality by name (on PostgreSQL read through a server-side cursor: DECLARE …)
        if 'FROM "municipalities_municipality" ORDER BY "municipalities_municipality"."name"'
        in q["sql"]
    ]
    assert len(choices) == 1
    # both selects offer every municipality; only the lead one has A selected
    assert page.count(f'<option value="{world.municipality_b.pk}">Frederiksberg</option>') == 2
    assert page.count(f'<option value="{world.municipality_a.pk}" selected>København') == 1
    assert page.count(f'<option value="{world.municipality_a.pk}">København') == 1
