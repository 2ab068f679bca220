"""Filters for the lists of initiatives, plans, tasks and updates.

Filters on many-to-many relations (themes, participants, networks) use `pk__in` subqueries rather
than joins, so a joint initiative with several matching rows still appears exactly once and no
DISTINCT is needed (which would fight the ordering by annotated columns).
"""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance import policy
from alliance.filters import BoundedDateFilter, BoundedNumberFilter, YearFilter, share_choices
from municipalities.models import Municipality

from .models import (
    Freshness,
    FreshnessPolicy,
    Initiative,
    InitiativeQuerySet,
    Plan,
    ProgressUpdate,
    Sector,
    Task,
    Theme,
)

REVISION_SOON_DAYS = 365
ALL = _("Alle")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _visible_municipalities(request) -> QuerySet:
    if request is None:
        return Municipality.objects.none()
    return policy.visible(request.user, Municipality).order_by("name")


def _networks(request) -> QuerySet:
    # actionplans sits below networks in the layers: reach the model through the relation.
    network_model = Initiative._meta.get_field("networks").related_model
    if request is None:
        return network_model.objects.none()
    return policy.visible(request.user, network_model)


def _update_authors(request) -> QuerySet:
    if request is None:
        return get_user_model().objects.none()
    authored = policy.visible(request.user, ProgressUpdate).values("author_id")
    return get_user_model().objects.filter(pk__in=authored).order_by("name")


def initiatives_of_municipality(qs: QuerySet, municipality: Municipality) -> QuerySet:
    """Lead or participant: a joint initiative belongs to every municipality that carries it."""
    joint = Initiative.participants.through.objects.filter(municipality=municipality)
    return qs.filter(Q(plan__municipality=municipality) | Q(pk__in=joint.values("initiative_id")))


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=_visible_municipalities,
        empty_label=ALL,
        method="by_municipality",
    )
    sector = django_filters.ChoiceFilter(label=_("Sektor"), choices=Sector.choices, empty_label=ALL)
    theme = django_filters.ModelChoiceFilter(
        label=_("Tema"), queryset=Theme.objects.all(), method="by_theme", empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Initiative.Status.choices, empty_label=ALL
    )
    freshness = django_filters.ChoiceFilter(
        label=_("Opdatering"), choices=Freshness.choices, empty_label=ALL
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Netværk"), queryset=_networks, method="by_network", empty_label=ALL
    )
    year = YearFilter(label=_("Aktiv i år"), method="active_in_year")
    # The dashboard's figures per municipality link here: the lead municipality only (a joint
    # initiative counts once, for the municipality whose plan carries it), the overdue ones (the
    # reminders' rule) and the active ones updated lately.
    lead = django_filters.ModelChoiceFilter(
        label=_("Ledende kommune"),
        queryset=_visible_municipalities,
        empty_label=ALL,
        field_name="plan__municipality",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Kun forældede og aldrig opdaterede"),
        method="by_overdue",
        widget=forms.CheckboxInput,
    )
    updated_within = BoundedNumberFilter(
        label=_("Aktive, opdateret inden for (dage)"),
        method="by_updated_within",
        min_value=1,
        max_value=3650,
    )

    class Meta:
        model = Initiative
        fields = [
            "q",
            "municipality",
            "sector",
            "theme",
            "status",
            "freshness",
            "network",
            "year",
            "lead",
            "overdue",
            "updated_within",
        ]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # "Kommune" and "Ledende kommune" offer the same municipalities: one query for both.
            share_choices(super().form, "municipality", "lead")
        return super().form

    def search(self, qs, name, value):
        words = Q()
        for field in ("title", "description", "responsible_unit", "contact_name"):
            words |= Q(**{f"{field}__icontains": value})
        return qs.filter(words)

    def by_municipality(self, qs, name, value):
        return initiatives_of_municipality(qs, value)

    def by_theme(self, qs, name, value):
        tagged = Initiative.themes.through.objects.filter(theme=value)
        return qs.filter(pk__in=tagged.values("initiative_id"))

    def by_network(self, qs, name, value):
        linked = Initiative.networks.through.objects.filter(network=value)
        return qs.filter(pk__in=linked.values("initiative_id"))

    def by_overdue(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            InitiativeQuerySet.overdue_condition(FreshnessPolicy.current(), timezone.now())
        )

    def by_updated_within(self, qs, name, value):
        return qs.filter(InitiativeQuerySet.updated_within_condition(value))

    def active_in_year(self, qs, name, value):
        """Started by that year and not ended before it (no end year: still running)."""
        return qs.filter(start_year__lte=value).filter(
            Q(end_year__gte=value) | Q(end_year__isnull=True)
        )


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Plan.Status.choices, empty_label=ALL
    )
    revision_soon = django_filters.BooleanFilter(
        label=_("Revision inden for 12 måneder"),
        method="by_revision_soon",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Plan
        fields = ["status", "revision_soon"]

    def by_revision_soon(self, qs, name, value):
        if not value:
            return qs
        return qs.revision_due_within(REVISION_SOON_DAYS)


class TaskFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=_visible_municipalities,
        empty_label=ALL,
        field_name="initiative__plan__municipality",
    )
    late = django_filters.BooleanFilter(
        label=_("Kun forsinkede"), method="by_late", widget=forms.CheckboxInput
    )
    due_within = BoundedNumberFilter(
        label=_("Frist inden for (dage)"), method="by_due_within", min_value=0, max_value=3650
    )

    class Meta:
        model = Task
        fields = ["municipality", "late", "due_within"]

    def by_late(self, qs, name, value):
        return qs.late() if value else qs

    def by_due_within(self, qs, name, value):
        today = timezone.localdate()
        return qs.filter(
            completed_on__isnull=True,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=value),
        )


class UpdateFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=_visible_municipalities,
        empty_label=ALL,
        field_name="initiative__plan__municipality",
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Forfatter"), queryset=_update_authors, empty_label=ALL
    )
    date_from = BoundedDateFilter(
        label=_("Fra dato"), field_name="date", lookup_expr="gte", widget=DATE_INPUT
    )
    date_to = BoundedDateFilter(
        label=_("Til dato"), field_name="date", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = ProgressUpdate
        fields = ["municipality", "author", "date_from", "date_to"]
