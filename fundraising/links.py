"""A funding application as something an agenda item can be about (governance.links): the
meeting shows its live key figures."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.links import Figures, day, number, register_linkable

from .models import Application


def _application_figures(application: Application) -> Figures:
    figures = [
        (_("Status"), application.get_state_display()),
        (_("Opslag"), str(application.call) if application.call_id else "–"),
        (_("Ansøgt beløb"), f"{number(application.amount_applied)} kr."),
    ]
    if application.amount_granted is not None:
        figures.append((_("Bevilget beløb"), f"{number(application.amount_granted)} kr."))
    figures.append((_("Partnere"), number(application.partners.count())))
    if application.deadline:
        figures.append((_("Frist"), day(application.deadline)))
    return figures


register_linkable(
    Application,
    label=gettext_lazy("en ansøgning"),
    url_name="fundraising:application-detail",
    figures=_application_figures,
)
