import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Municipality


class MunicipalityTable(tables.Table):
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(linkify=True, verbose_name=_("Kommune"))
    coordinators = tables.Column(
        empty_values=(), orderable=False, verbose_name=_("Klimakoordinatorer")
    )

    class Meta:
        model = Municipality
        fields = ("code", "name", "coordinators")
        attrs = {"class": "table table--compact", "aria-describedby": "municipality-table-caption"}
        order_by = "name"

    def render_coordinators(self, record: Municipality) -> str:
        people = getattr(record, "active_coordinators", [])
        if not people:
            return "—"
        return format_html_join(", ", "{}", ((c.user.name,) for c in people))
