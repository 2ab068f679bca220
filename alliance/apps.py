from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Klimaalliancen")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import policies  # noqa: F401  (registers the rules)
        from .db import register_lower_transform, unicode_sqlite

        register_lower_transform()
        connection_created.connect(unicode_sqlite, dispatch_uid="alliance-unicode-sqlite")
