from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self) -> None:
        from . import policies, tasks  # noqa: F401  (register rules and job kinds)
