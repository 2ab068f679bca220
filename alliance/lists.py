"""The one class view behind every filtered list of the portal (django-tables2 + django-filter,
the generic views those libraries are built for): the filter form, the table and its exports on
one page. An app's list names its table, its FilterSet and a scoped `get_queryset()`; the export
buttons reuse that queryset, so a download holds exactly the rows the user sees, on every page."""

from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .exports import SafeExportMixin
from .filters import Paginator
from .tables import choose_columns


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(heading=self.heading, intro=self.intro, **kwargs)
        # After the table is made (in super()), which chooses its columns.
        context["column_options"] = getattr(self, "column_options", [])
        return context
