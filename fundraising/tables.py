"""Tables of calls and applications, on screen and exported (CSV, XLSX). Amounts export as
plain numbers so spreadsheets can sum them; choices export their Danish label."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from alliance.tables import DATE, TABLE_ATTRS, IsoDateColumn, NumberColumn, PortalTable

from .models import Application, Call


class CallTable(PortalTable):
    deadline = IsoDateColumn(verbose_name=_("Frist"), **DATE)
    second_deadline = IsoDateColumn(verbose_name=_("Frist, 2. fase"), **DATE)
    title = tables.Column(order_by=("title__lower",), linkify=True, verbose_name=_("Opslag"))
    source = tables.Column(accessor="source__name", verbose_name=_("Kilde"))
    amount_max = NumberColumn(verbose_name=_("Op til (kr.)"))
    cofinancing_rate = NumberColumn(verbose_name=_("Medfinansiering (%)"))
    themes = tables.Column(empty_values=(), orderable=False, verbose_name=_("Temaer"))

    class Meta:
        model = Call
        fields = ()
        sequence = (
            "deadline",
            "second_deadline",
            "title",
            "source",
            "amount_max",
            "cofinancing_rate",
            "themes",
        )
        attrs = TABLE_ATTRS
        order_by = ("deadline",)
        empty_text = _("Ingen åbne opslag passer til filteret.")

    def value_themes(self, record: Call) -> str:
        return "; ".join(theme.name for theme in record.themes.all())  # prefetched

    def render_themes(self, record: Call) -> str:
        return self.value_themes(record) or "—"


class ApplicationTable(PortalTable):
    title = tables.Column(order_by=("title__lower",), linkify=True, verbose_name=_("Ansøgning"))
    state = tables.Column(verbose_name=_("Status"))
    applicant = tables.Column(empty_values=(), orderable=False, verbose_name=_("Ansøger"))
    partners = tables.Column(empty_values=(), orderable=False, verbose_name=_("Partnere"))
    call = tables.Column(
        accessor="call__title", order_by=("call__title__lower",), verbose_name=_("Opslag")
    )
    source = tables.Column(accessor="call__source__name", verbose_name=_("Kilde"))
    responsible = tables.Column(accessor="responsible__name", verbose_name=_("Ansvarlig"))
    amount_applied = NumberColumn(verbose_name=_("Ansøgt (kr.)"))
    amount_granted = NumberColumn(verbose_name=_("Bevilget (kr.)"))
    own_financing = NumberColumn(verbose_name=_("Egenfinansiering (kr.)"))
    submitted_on = IsoDateColumn(verbose_name=_("Indsendt"), **DATE)
    decided_on = IsoDateColumn(verbose_name=_("Afgjort"), **DATE)

    optional_columns = ("partners", "source", "responsible", "own_financing", "decided_on")

    class Meta:
        model = Application
        fields = ()
        sequence = (
            "title",
            "state",
            "applicant",
            "partners",
            "call",
            "source",
            "responsible",
            "amount_applied",
            "amount_granted",
            "own_financing",
            "submitted_on",
            "decided_on",
        )
        attrs = TABLE_ATTRS
        order_by = ("-submitted_on",)
        empty_text = _("Ingen ansøgninger passer til filteret.")

    def value_applicant(self, record: Application) -> str:
        return "; ".join(p.display_name for p in record.partners.all() if p.is_lead)

    def render_applicant(self, record: Application) -> str:
        return self.value_applicant(record) or "—"

    def value_partners(self, record: Application) -> str:
        return "; ".join(p.display_name for p in record.partners.all() if not p.is_lead)

    def render_partners(self, record: Application) -> str:
        return self.value_partners(record) or "—"


class ContributionTable(PortalTable):
    """The export of the alliance's financing (one row per partner and contribution year)."""

    organisation = tables.Column(accessor="organisation__name", verbose_name=_("Partner"))
    starts_on = IsoDateColumn(verbose_name=_("Fra"), **DATE)
    ends_on = IsoDateColumn(verbose_name=_("Til"), **DATE)
    staff_years = tables.Column(verbose_name=_("Årsværk"))
    amount = tables.Column(verbose_name=_("Kontant (kr.)"))
    note = tables.Column(verbose_name=_("Note"))
    source = tables.Column(verbose_name=_("Kilde"))

    class Meta:
        fields = ()
        sequence = (
            "organisation",
            "starts_on",
            "ends_on",
            "staff_years",
            "amount",
            "note",
            "source",
        )
        attrs = TABLE_ATTRS
        orderable = False
