from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Netværk")

    def ready(self) -> None:
        from alliance import fragments

        from . import maps, policies, profile, selectors  # noqa: F401  (rules, profile section, map)

        fragments.register_clock(selectors.next_activity_start)
