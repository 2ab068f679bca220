from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Klimaalliancen")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import accounts, collector, fragments, policies  # noqa: F401  (rules, receivers)
        from .db import register_lower_transform, unicode_sqlite

        register_lower_transform()
        connection_created.connect(unicode_sqlite, dispatch_uid="alliance-unicode-sqlite")
        # Every write on every connection bumps the version of the cached fragments.
        connection_created.connect(fragments.install, dispatch_uid="alliance-fragment-writes")
        collector.settle()  # every process: web, workers, commands (collector's docstring)
