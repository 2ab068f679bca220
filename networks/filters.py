"""The library's search and filters (GET parameters, so a filtered list is a link to share)."""

import django_filters
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from actionplans.models import Theme
from alliance.filters import YearFilter

from .models import KnowledgeResource, Network


def search(qs: QuerySet, text: str) -> QuerySet:
    """Resources matching `text`, best first: Danish full text on PostgreSQL, else substrings."""
    text = text.strip()
    if not text:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="danish") + SearchVector(
            "summary", weight="B", config="danish"
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        return (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "title__lower")
        )
    return qs.filter(Q(title__icontains=text) | Q(summary__icontains=text))


class ResourceFilter(django_filters.FilterSet):
    """The list's filters; GET parameters, so a filtered list is a link that can be shared."""

    q = django_filters.CharFilter(label=gettext_lazy("Søg"), method="filter_search")
    tema = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Tema"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=gettext_lazy("Alle temaer"),
    )
    netvaerk = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Netværk"),
        field_name="network",
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label=gettext_lazy("Alle netværk"),
    )
    type = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"),
        field_name="kind",
        choices=KnowledgeResource.Kind.choices,
        empty_label=gettext_lazy("Alle typer"),
    )
    aar = YearFilter(label=gettext_lazy("År"), field_name="year")

    class Meta:
        model = KnowledgeResource
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        return search(qs, value)
