"""Python's cyclic garbage collector, set for the portal's long-running processes.

With Python's defaults (a young collection every 700 new containers; a full one, which walks every
object, whenever the long-lived ones grew by a quarter) the collector took a quarter of the status
report's layout time on the bench data (WeasyPrint makes millions of short-lived containers) and
about a tenth of an uncached page's. Two settings (issue 20):

- `gc.freeze()` once the application is loaded: what start-up made (modules, models, templates,
  stylesheets) lives as long as the process, so collections stop walking it; in a forked worker
  they also stop writing to the pages it shares with its parent.
- a young generation of 10,000 containers: a fiftieth of the collections. A full collection
  comes later, so a worker laying out the report peaks higher (about 310 MB against 185 MB for
  all 21 sections in one process), within the workers' memory limit
  (CELERY_WORKER_MAX_MEMORY_PER_CHILD).
"""

import gc

YOUNG_GENERATION = 10_000


def settle() -> None:
    """Collect what start-up left, then keep what remains out of every later collection."""
    gc.set_threshold(YOUNG_GENERATION, 10, 10)
    gc.collect()
    gc.freeze()
