import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")

app = Celery("alliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def settle_collector(**kwargs) -> None:
    """A pool process has the tasks' modules (WeasyPrint among them) loaded: keep them out of its
    collections too (alliance.collector)."""
    from .collector import settle

    settle()
