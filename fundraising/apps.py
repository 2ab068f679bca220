from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundraisingConfig(AppConfig):
    name = "fundraising"
    verbose_name = _("Fundraising")

    def ready(self) -> None:
        from . import (  # noqa: F401  (rules, the panel, agenda links, the activity plan's frame)
            activityplan,
            digest,
            links,
            matching,
            policies,
        )
