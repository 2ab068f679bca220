from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styregrupper og møder")

    def ready(self) -> None:
        from alliance import fragments

        from . import digest, links, policies, selectors, tasks  # noqa: F401  (register rules, links, job kinds)
        from .services import activityplan  # noqa: F401  (registers the approving body)

        fragments.register_clock(selectors.next_meeting_start)
