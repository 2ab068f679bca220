from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Personer og persondata")

    def ready(self) -> None:
        from . import policies  # noqa: F401  (register rules)
