from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Åbne data")

    def ready(self) -> None:
        from . import panels, policies  # noqa: F401  (rules, the municipality page's section)
