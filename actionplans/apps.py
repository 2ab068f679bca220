from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Klimaplaner")

    def ready(self) -> None:
        from alliance import fragments

        from . import digest, maps, panels, policies, selectors  # noqa: F401  (rules, panel, digest, map)

        fragments.register_clock(selectors.next_freshness_change)
