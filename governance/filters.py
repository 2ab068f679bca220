"""Filters of the decision log."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliance import policy
from alliance.filters import BoundedNumberFilter, YearFilter

from .models import AgendaItem, Body, FollowUp


def _bodies(request):
    return policy.visible(request.user, Body) if request else Body.objects.none()


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    body = django_filters.ModelChoiceFilter(
        field_name="meeting__body", queryset=_bodies, label=_("Organ"), empty_label=_("Alle")
    )
    outcome = django_filters.ChoiceFilter(
        choices=AgendaItem.Outcome.choices, label=_("Afgørelse"), empty_label=_("Alle")
    )
    year = YearFilter(field_name="meeting__starts_at", lookup_expr="year", label=_("År"))

    follow_up_due_within = BoundedNumberFilter(
        label=_("Åben opfølgning med frist inden for (dage)"),
        method="by_follow_up_due",
        min_value=0,
        max_value=3650,
    )

    class Meta:
        model = AgendaItem
        fields = ["q", "body", "outcome", "year", "follow_up_due_within"]

    def by_follow_up_due(self, queryset, name, value):
        """Decisions with an open follow-up due by then, overdue ones included."""
        due = FollowUp.objects.open_due_within(value)
        return queryset.filter(pk__in=due.values("item_id"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(decision_text__icontains=value))
