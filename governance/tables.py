"""Tables of the governance app, shown on screen and exported (CSV, XLSX)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from alliance.tables import DATE, TABLE_ATTRS, IsoDateColumn, NumberColumn, PortalTable

from .models import AgendaItem


class DecisionTable(PortalTable):
    date = IsoDateColumn(accessor="meeting__starts_at", verbose_name=_("Dato"), **DATE)
    body = tables.Column(accessor="meeting__body__name", verbose_name=_("Organ"))
    meeting = tables.Column(
        accessor="meeting__title", order_by=("meeting__title__lower",), verbose_name=_("Møde")
    )
    position = NumberColumn(verbose_name=_("Punkt"))
    title = tables.Column(order_by=("title__lower",), linkify=True, verbose_name=_("Overskrift"))
    outcome = tables.Column(verbose_name=_("Afgørelse"))
    decision_text = tables.Column(verbose_name=_("Beslutning"))
    open_follow_ups = NumberColumn(verbose_name=_("Åbne opfølgninger"))

    class Meta:
        model = AgendaItem
        fields = ()
        sequence = (
            "date",
            "body",
            "meeting",
            "position",
            "title",
            "outcome",
            "decision_text",
            "open_follow_ups",
        )
        attrs = TABLE_ATTRS
        order_by = ("-date", "position")
        empty_text = _("Ingen beslutninger passer til filteret.")
