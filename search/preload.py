"""What every ingest worker reads and none writes, loaded once before the workers start.

The ingest workers (search/workers.py) are forked from multiprocessing's fork server,
which imports this module when it starts: it loads the language detector's model
(langid.py's tables, about 60 MB of flat arrays) and the pipeline's word lists, and each
worker forked afterwards shares those pages with the fork server instead of loading its
own copy. The arrays are never written, so their pages stay shared for the whole ingest
(Python objects are touched by reference counting, and may be copied in part).
"""
from __future__ import annotations

from search.extract import language, pipeline  # noqa: F401  (pipeline: its word lists, on import)

language.warm()
