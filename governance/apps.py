from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styregrupper og møder")

    def ready(self) -> None:
        from . import (
            policies,  # noqa: F401  (registers the rules)
            tracks,  # noqa: F401  (links library resources to their tracks)
        )
