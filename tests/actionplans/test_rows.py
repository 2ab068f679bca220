"""The rows' precomputed display values (actionplans/rows.py) print what the per-row template
code printed: the same links, labels, numbers, dates and badges."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation

from actionplans.models import FreshnessPolicy, Initiative
from actionplans.rows import label_initiatives

from ..factories import InitiativeFactory, ThemeFactory

AS_WRITTEN = Template(
    "{% load numbers %}{{ i.get_absolute_url }}|{{ i.get_sector_display }}|"
    "{{ i.get_status_display }}|{{ i.get_phase_display }}|"
    "{% if i.expected_reduction is None %}—{% else %}{{ i.expected_reduction|number }}{% endif %}|"
    '{{ i.last_update_at|date:"Y-m-d" }}|{{ i.last_update_at|date:"SHORT_DATE_FORMAT" }}|'
    "{{ i.freshness_label }}|"
    "{% for t in i.themes.all %}{{ t.name }}{% if not forloop.last %}; {% endif %}{% empty %}—{% endfor %}"
)
PRECOMPUTED = Template(
    "{{ i.url }}|{{ i.sector_label }}|{{ i.status_label }}|{{ i.phase_label }}|"
    "{{ i.reduction_text }}|{{ i.last_update_iso }}|{{ i.last_update_short }}|"
    "{{ i.freshness_text }}|{{ i.theme_names }}"
)


@pytest.mark.parametrize("language", ["da", "en"])
def test_precomputed_values_print_as_the_template_did(world, language):
    FreshnessPolicy.objects.create()
    now = timezone.now()
    ages = [None, 1, 40, 70, 400]
    for n, age in enumerate(ages):
        initiative = InitiativeFactory(
            plan=world.plan_a,
            expected_reduction=None if n % 2 else 1250.5 * n,
            # late in the evening UTC: the day where the reader is can be the next one
            last_update_at=None if age is None else now.replace(hour=23) - dt.timedelta(days=age),
        )
        if n % 2:
            initiative.themes.add(world.theme, ThemeFactory(slug=f"tema-{n}"))
    initiatives = Initiative.objects.with_freshness().prefetch_related("themes")
    with translation.override(language):
        labelled = label_initiatives(initiatives)
        assert len(labelled) == len(ages) + 2
        for initiative in labelled:
            context = Context({"i": initiative})
            assert PRECOMPUTED.render(context) == AS_WRITTEN.render(context)
            badge = render_to_string(
                "actionplans/_freshness_badge.html", {"initiative": initiative}
            ).strip()
            assert badge == (
                f'<span class="badge {initiative.freshness_badge}">'
                f"{initiative.freshness_text}</span>"
            )
