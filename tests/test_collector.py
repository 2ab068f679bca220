"""The garbage collector's settings for the portal's processes (alliance/collector.py): set once
Django has loaded the apps, and again in every Celery pool process once it has started."""

import gc

from celery.signals import worker_process_init

from alliance import collector


def test_loaded_application_is_kept_out_of_collections():
    assert gc.get_threshold()[0] == collector.YOUNG_GENERATION
    assert gc.get_freeze_count() > 0  # what start-up made (this process is set up like the web's)


def test_pool_process_keeps_its_loaded_modules_out_of_collections():
    loaded = [[index] for index in range(1_000)]  # as a pool process's modules, made after start-up
    frozen = gc.get_freeze_count()
    worker_process_init.send(sender=None)
    assert gc.get_freeze_count() >= frozen + len(loaded)
    assert gc.get_threshold()[0] == collector.YOUNG_GENERATION
