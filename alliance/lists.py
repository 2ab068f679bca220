"""The one class view behind every filtered list of the portal (django-tables2 + django-filter,
the generic views those libraries are built for): the filter form, the table and its exports on
one page. An app's list names its table, its FilterSet and a scoped `get_queryset()`; the export
buttons reuse that queryset, so a download holds exactly the rows the user sees, on every page."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .exports import SafeExportMixin
from .filters import Paginator
from .tables import choose_columns, remembered_columns


class FilteredTableView(SafeExportMixin, SingleTableMixin, FilterView):
    template_name = "alliance/list_table.html"
    # Only the table pages (not ListView, which answers a bad ?page= with 404): like the other
    # pagers of the portal, a page number that is not one shows the first page, one past the end
    # the last; the paginator also bounds ?per_page=.
    table_pagination = {"per_page": 25}
    paginator_class = Paginator
    heading = ""
    intro = ""
    export_name = ""  # the exported file's name before its date

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        # Exports hold every column; the page shows the ones the reader chose.
        if self.export_trigger_param not in self.request.GET:
            self.column_options = choose_columns(self.request, table)
        return table

    def chosen_column_options(self, table) -> list[dict]:
        table.columns  # noqa: B018  (making the table chooses its columns: get_table)
        return getattr(self, "column_options", [])

    def get_context_data(self, **kwargs):
        context = super(SingleTableMixin, self).get_context_data(
            heading=self.heading, intro=self.intro, **kwargs
        )
        # Built (and counted, once) only when the page renders it: the list body is a cached
        # fragment (alliance/fragments.py), and a cached one needs no table at all.
        context["table"] = SimpleLazyObject(lambda: self.get_table(**self.get_table_kwargs()))
        table = context["table"]
        # The reader's columns are chosen when the table is made; the list body is cached per
        # choice (`column_choice`), so the choice is read here, outside the fragment.
        context["column_options"] = SimpleLazyObject(lambda: self.chosen_column_options(table))
        context["column_choice"] = remembered_columns(self.request, self.get_table_class())
        return context
