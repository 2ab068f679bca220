from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Klimaplaner")

    def ready(self) -> None:
        from . import digest, panels, policies  # noqa: F401  (the rules, the panel, the digest)
