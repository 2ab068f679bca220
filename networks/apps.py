from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Netværk")

    def ready(self) -> None:
        from . import maps, policies, profile  # noqa: F401  (rules, profile section, map)
