from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self) -> None:
        from . import homes, policies, tasks  # noqa: F401  (register the home, rules and job kinds)
