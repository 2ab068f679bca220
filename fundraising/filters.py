"""Filters of the lists of calls and applications (GET parameters: a filtered list is a link).
Many-to-many filters use `pk__in` subqueries, so no row appears twice and no DISTINCT is needed."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actionplans.models import Theme
from alliance import policy
from alliance.filters import BoundedNumberFilter, YearFilter
from municipalities.models import Municipality

from .models import Application, Call, FundingSource, Partner

ALL = _("Alle")


def _sources(request) -> QuerySet:
    if request is None:
        return FundingSource.objects.none()
    return policy.visible(request.user, FundingSource).order_by("name")


def _municipalities(request) -> QuerySet:
    if request is None:
        return Municipality.objects.none()
    return policy.visible(request.user, Municipality).order_by("name")


class CallFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Tema"), queryset=Theme.objects.order_by("name"), method="by_theme", empty_label=ALL
    )
    source = django_filters.ModelChoiceFilter(label=_("Kilde"), queryset=_sources, empty_label=ALL)
    kind = django_filters.ChoiceFilter(
        label=_("Type kilde"),
        field_name="source__kind",
        choices=FundingSource.Kind.choices,
        empty_label=ALL,
    )

    due_within = BoundedNumberFilter(
        label=_("Frist inden for (dage)"), method="by_due_within", min_value=0, max_value=3650
    )

    class Meta:
        model = Call
        fields = ["theme", "source", "kind", "due_within"]

    def by_due_within(self, qs, name, value):
        return qs.deadline_within(value)

    def by_theme(self, qs, name, value):
        tagged = Call.themes.through.objects.filter(theme=value)
        return qs.filter(pk__in=tagged.values("call_id"))


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=Application.State.choices, empty_label=ALL
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=_municipalities, method="by_municipality", empty_label=ALL
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Kilde"), queryset=_sources, field_name="call__source", empty_label=ALL
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Tema"), queryset=Theme.objects.order_by("name"), method="by_theme", empty_label=ALL
    )
    year = YearFilter(label=_("Indsendt i år"), field_name="submitted_on__year")

    class Meta:
        model = Application
        fields = ["q", "state", "municipality", "source", "theme", "year"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(notes__icontains=value)
        )

    def by_municipality(self, qs, name, value):
        partners = Partner.objects.filter(organisation__municipality=value)
        return qs.filter(pk__in=partners.values("application_id"))

    def by_theme(self, qs, name, value):
        tagged = Call.themes.through.objects.filter(theme=value)
        return qs.filter(call__in=tagged.values("call_id"))
