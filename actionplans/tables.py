"""The tables of initiatives, plans, tasks and updates, shown on screen and exported (CSV, XLSX).

Choice columns export their Danish label; numbers export as plain numbers so spreadsheets can sum
them. Rows come from the view's scoped, filtered queryset, never from the table itself.

The columns define the headers, sorting and the exported values. The most visited table, the
initiatives, writes its rows in its own template: django-tables2's cell-by-cell rendering was
two thirds of the page's time (measured by `make bench`, see the README).
"""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from alliance.tables import DATE, TABLE_ATTRS, IsoDateColumn, NumberColumn, PortalTable

from .models import Freshness, Initiative, Plan, ProgressUpdate, Task
from .rows import label_initiatives


class InitiativeTable(PortalTable):
    title = tables.Column(order_by=("title__lower",), linkify=True, verbose_name=_("Indsats"))
    municipality = tables.Column(
        accessor="plan__municipality__name",
        verbose_name=_("Kommune"),
        order_by=("plan__municipality__name", "title__lower"),
    )
    sector = tables.Column(verbose_name=_("Sektor"))
    themes = tables.Column(empty_values=(), orderable=False, verbose_name=_("Temaer"))
    status = tables.Column(verbose_name=_("Status"))
    phase = tables.Column(verbose_name=_("Fase"))
    percent_done = NumberColumn(verbose_name=_("Færdig (%)"))
    expected_reduction = NumberColumn(verbose_name=_("Reduktion (ton CO2e/år)"))
    freshness = tables.Column(verbose_name=_("Opdatering"))
    last_update_at = IsoDateColumn(verbose_name=_("Senest opdateret"), **DATE)
    # Only in the exported files: the rest of what the import sheet reads (so that an exported list
    # can be edited in Excel and imported back), and the ID and version that match an edited row
    # to its initiative and refuse it if the initiative changed since (actionplans.importers).
    description = tables.Column(visible=False, verbose_name=_("Beskrivelse"))
    start_year = tables.Column(visible=False, verbose_name=_("Startår"))
    end_year = tables.Column(visible=False, verbose_name=_("Slutår"))
    responsible_unit = tables.Column(visible=False, verbose_name=_("Ansvarlig enhed"))
    contact_name = tables.Column(visible=False, verbose_name=_("Kontaktperson"))
    contact_email = tables.Column(visible=False, verbose_name=_("Kontaktpersonens e-mail"))
    id = tables.Column(visible=False, verbose_name=_("ID"))
    lock_version = tables.Column(visible=False, verbose_name=_("Version"))

    optional_columns = ("themes", "phase", "percent_done")

    class Meta:
        model = Initiative
        fields = ()
        sequence = (
            "title",
            "municipality",
            "sector",
            "themes",
            "status",
            "phase",
            "percent_done",
            "expected_reduction",
            "freshness",
            "last_update_at",
            "description",
            "start_year",
            "end_year",
            "responsible_unit",
            "contact_name",
            "contact_email",
            "id",
            "lock_version",
        )
        attrs = TABLE_ATTRS
        order_by = ("municipality", "title")
        empty_text = _("Ingen indsatser passer til filteret.")
        template_name = "actionplans/initiative_table.html"

    def page_records(self) -> list[Initiative]:
        """The initiatives on the current page, labelled for the rows written by the template
        (links, labels, numbers and dates computed once a page, not once a cell)."""
        return label_initiatives(row.record for row in self.paginated_rows)

    def value_themes(self, record: Initiative) -> str:
        return "; ".join(theme.name for theme in record.themes.all())  # prefetched

    def value_freshness(self, value: str) -> str:
        return str(Freshness(value).label)


class PlanTable(PortalTable):
    municipality = tables.Column(
        accessor="municipality__name", verbose_name=_("Kommune"), linkify=False
    )
    title = tables.Column(order_by=("title__lower",), linkify=True, verbose_name=_("Plan"))
    version = NumberColumn(verbose_name=_("Version"))
    status = tables.Column(verbose_name=_("Status"))
    adopted_on = IsoDateColumn(verbose_name=_("Politisk vedtaget"), **DATE)
    revision_due = IsoDateColumn(
        verbose_name=_("Revision senest"), order_by=("adopted_on",), **DATE
    )
    reduction_target_2030 = NumberColumn(verbose_name=_("Reduktionsmål 2030 (%)"))
    net_zero_year = tables.Column(verbose_name=_("Nettonul"))

    class Meta:
        model = Plan
        fields = ()
        sequence = (
            "municipality",
            "title",
            "version",
            "status",
            "adopted_on",
            "revision_due",
            "reduction_target_2030",
            "net_zero_year",
        )
        attrs = TABLE_ATTRS
        order_by = ("municipality",)
        empty_text = _("Ingen planer passer til filteret.")


class TaskTable(PortalTable):
    title = tables.Column(order_by=("title__lower",), verbose_name=_("Milepæl"))
    initiative = tables.Column(
        accessor="initiative__title",
        order_by=("initiative__title__lower",),
        verbose_name=_("Indsats"),
        linkify=lambda record: record.initiative.get_absolute_url(),
    )
    municipality = tables.Column(
        accessor="initiative__plan__municipality__name", verbose_name=_("Kommune")
    )
    due_date = IsoDateColumn(verbose_name=_("Frist"), **DATE)
    completed_on = IsoDateColumn(verbose_name=_("Afsluttet"), **DATE)
    responsible = tables.Column(verbose_name=_("Ansvarlig"))
    late = tables.BooleanColumn(
        accessor="is_late", verbose_name=_("Forsinket"), orderable=False, yesno=(_("Ja"), "")
    )

    class Meta:
        model = Task
        fields = ()
        sequence = (
            "title",
            "initiative",
            "municipality",
            "due_date",
            "completed_on",
            "responsible",
            "late",
        )
        attrs = TABLE_ATTRS
        order_by = ("due_date",)
        empty_text = _("Ingen milepæle passer til filteret.")

    def value_late(self, value: bool) -> str:
        return str(_("Ja")) if value else ""


class UpdateTable(PortalTable):
    date = IsoDateColumn(verbose_name=_("Dato"), **DATE)
    initiative = tables.Column(
        accessor="initiative__title",
        order_by=("initiative__title__lower",),
        verbose_name=_("Indsats"),
        linkify=lambda record: record.initiative.get_absolute_url(),
    )
    municipality = tables.Column(
        accessor="initiative__plan__municipality__name", verbose_name=_("Kommune")
    )
    status = tables.Column(verbose_name=_("Status"))
    percent_done = NumberColumn(verbose_name=_("Færdig (%)"))
    author = tables.Column(verbose_name=_("Forfatter"), order_by=("author__name",))
    note = tables.Column(verbose_name=_("Bemærkning"), orderable=False)

    class Meta:
        model = ProgressUpdate
        fields = ()
        sequence = (
            "date",
            "initiative",
            "municipality",
            "status",
            "percent_done",
            "author",
            "note",
        )
        attrs = TABLE_ATTRS
        order_by = ("-date",)
        empty_text = _("Ingen opdateringer passer til filteret.")

    def render_note(self, value: str) -> str:
        return value if len(value) <= 120 else f"{value[:117]}…"


# The region's scorecard: one row per municipality (actionplans.selectors.scorecard_rows).
class ScorecardTable(PortalTable):
    municipality = tables.Column(verbose_name=_("Kommune"), linkify=lambda record: record["url"])
    plan_status = tables.Column(verbose_name=_("Planens status"), default="—")
    revision_due = IsoDateColumn(verbose_name=_("Revision senest"), default="—")
    total = NumberColumn(verbose_name=_("Indsatser"))
    not_started = NumberColumn(verbose_name=Initiative.Status.NOT_STARTED.label)
    in_progress = NumberColumn(verbose_name=Initiative.Status.IN_PROGRESS.label)
    delayed = NumberColumn(verbose_name=Initiative.Status.DELAYED.label)
    completed = NumberColumn(verbose_name=Initiative.Status.COMPLETED.label)
    on_hold = NumberColumn(verbose_name=Initiative.Status.ON_HOLD.label)
    cancelled = NumberColumn(verbose_name=Initiative.Status.CANCELLED.label)
    recent_share = NumberColumn(verbose_name=_("Opdateret seneste 60 dage (%)"), default="—")
    stale = NumberColumn(verbose_name=_("Ikke opdateret længe"))
    late_tasks = NumberColumn(verbose_name=_("Milepæle over frist"))
    last_update = IsoDateColumn(verbose_name=_("Seneste opdatering"), default="—")

    class Meta:
        attrs = {
            "class": "table table--extracompact table--scorecard",
            "aria-describedby": "scorecard-caption",
        }
        order_by = "municipality"
        # Its rows are written out in the template, as the initiative list's (actionplans.tables).
        template_name = "actionplans/scorecard_table.html"

    def value_municipality(self, value):  # exports: the name, not the link
        return value
