from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapportering og statusrapport")

    def ready(self) -> None:
        from . import digest, homes, maps, panels, policies, tasks  # noqa: F401  (rules, home, panel, jobs, digest, map)
