from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Klimaalliancen")

    def ready(self) -> None:
        from . import policies  # noqa: F401  (registers the rules)
        from .formfields import guard_choice_ids

        guard_choice_ids()
