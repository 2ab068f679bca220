from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styregrupper og møder")

    def ready(self) -> None:
        from alliance import fragments

        from . import digest, homes, links, policies, selectors, tasks  # noqa: F401  (rules, home, links, job kinds)
        from .services import activityplan  # noqa: F401  (registers the approving body)

        fragments.register_clock(selectors.next_meeting_start)
