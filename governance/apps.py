from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styregrupper og møder")

    def ready(self) -> None:
        from . import (  # noqa: F401  (register rules, links, the approving body and job kinds)
            activityplan,
            digest,
            links,
            packs,
            policies,
            tasks,
            tracks,
        )
