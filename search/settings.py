"""Settings: where the index lives, and the bounds that keep every query fast.

The environment is read here and nowhere else.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the index folder (used when --index is not given).
INDEX_ENV = "NEWSFACET_INDEX"
#: The index folder when neither --index nor NEWSFACET_INDEX says otherwise.
DEFAULT_INDEX = "index"

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 2000
#: Most query words (terms, phrases, prefixes) in one query.
MAX_QUERY_TERMS = 150
#: Most index words one prefix (``pri*``) may expand to.
MAX_PREFIX_EXPANSION = 2000
#: Shortest prefix before ``*``.
MIN_PREFIX_CHARS = 2
#: Largest page of results.
MAX_PER_PAGE = 100
#: Deepest page: results beyond MAX_RESULT_WINDOW are not paged to.
MAX_RESULT_WINDOW = 10_000
#: Facet values listed per facet (outlet, actor) unless asked otherwise.
FACET_TOP = 10
#: How long a writer waits for another one to finish, in seconds.
LOCK_TIMEOUT = 600.0
#: Captures per commit while ingesting.
INGEST_BATCH = 1000


def index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The index folder: `explicit` (``--index``), else $NEWSFACET_INDEX, else ./index."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(INDEX_ENV, "").strip()
    return Path(env) if env else Path(DEFAULT_INDEX)


def default_workers() -> int:
    """Extraction worker processes: the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
