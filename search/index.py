"""The index folder: the Whoosh schema, opening and creating, the writer lock, and
a searcher that is reused across queries and refreshed after commits.

Layout of an index folder::

    whoosh/            the Whoosh index (segments, TOC)
    captures.sqlite    the raw captures, compressed, for `reindex` (see store.py)
    newsfacet.lock     the writer lock (one writer at a time; see `Index.writing`)

Readers never take the lock: a searcher reads the last commit.
"""
from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from whoosh import fields, index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import NumericColumn
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from .errors import IndexLocked, IndexNotFound
from .settings import LOCK_TIMEOUT

#: Tokenise, lower-case, drop English stop words, Porter-stem. Used for title and
#: body at index time and for query words, so both sides agree.
ANALYZER = StemmingAnalyzer(cachesize=200_000)

#: The fields. Only title and body are scored; outlet and actor are exact values,
#: day and cluster per-document numbers; all four are read as arrays (columns.py).
SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    capture=fields.ID(stored=True),        # key of the capture it came from (re-ingest replaces)
    title=fields.TEXT(analyzer=ANALYZER, stored=True),
    body=fields.TEXT(analyzer=ANALYZER, stored=True),
    outlet=fields.ID(stored=True),          # exact, as extracted
    date=fields.STORED,                     # YYYY-MM-DD; dateless documents have none
    day=fields.COLUMN(NumericColumn("i", default=0)),      # date.toordinal(); 0: no date
    actor=fields.KEYWORD(commas=True, lowercase=False, scorable=False),  # canonical names
    actors=fields.STORED,                   # [[name, type], ...]
    author=fields.STORED,
    url=fields.ID(stored=True),
    source=fields.STORED,
    cluster=fields.COLUMN(NumericColumn("i", default=0)),  # syndication cluster number; 0: none
    dropped=fields.STORED,                  # [[text, reason], ...]
)

#: Fields searched by words without a field name, and their weights in ranking.
TEXT_FIELDS: dict[str, float] = {"title": 2.0, "body": 1.0}

WHOOSH_DIR = "whoosh"
STORE_FILE = "captures.sqlite"
LOCK_FILE = "newsfacet.lock"


def exists(path: Path) -> bool:
    """True if `path` holds a newsfacet index."""
    return whoosh_index.exists_in(str(Path(path) / WHOOSH_DIR))


class Index:
    """One index folder. Thread-safe for searching (one search at a time per object)."""

    def __init__(self, path: Path, ix: whoosh_index.Index):
        self.path = Path(path)
        self.whoosh = ix
        self.lock = threading.RLock()      # guards the searcher and its caches
        self._searcher: Searcher | None = None
        self._columns = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = False) -> "Index":
        """Open the index at `path`; with `create`, make it if it does not exist.

        Raises IndexNotFound when there is none and `create` is false.
        """
        path = Path(path)
        wdir = path / WHOOSH_DIR
        if whoosh_index.exists_in(str(wdir)):
            return cls(path, whoosh_index.open_dir(str(wdir)))
        if not create:
            raise IndexNotFound(str(path))
        wdir.mkdir(parents=True, exist_ok=True)
        return cls(path, whoosh_index.create_in(str(wdir), SCHEMA))

    @property
    def store_path(self) -> Path:
        return self.path / STORE_FILE

    # ------------------------------------------------------------------ reading

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed if a writer committed since it was opened."""
        with self.lock:
            if self._searcher is None:
                self._searcher = self.whoosh.searcher()
            elif not self._searcher.up_to_date():
                # Not Searcher.refresh(): it reuses segment readers whose deletions changed.
                self._searcher.close()
                self._searcher = self.whoosh.searcher()
            return self._searcher

    def columns(self):
        """Per-document arrays (facet values, lengths, postings reader) of the current searcher."""
        from .columns import Columns  # numpy is only needed once searching

        with self.lock:
            searcher = self.searcher()
            if self._columns is None or self._columns.searcher is not searcher:
                self._columns = Columns(searcher, previous=self._columns)
            return self._columns

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def close(self) -> None:
        with self.lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._columns = None

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a whole ingest, delete or reindex.

        The lock is an flock on ``newsfacet.lock``: the system drops it when its
        holder dies, so a crashed writer never leaves the index locked. A live
        holder makes this wait (calling `on_wait` once with who holds it) up to
        `timeout` seconds, then raise IndexLocked.
        """
        with writer_lock(self.path, timeout=timeout, on_wait=on_wait):
            yield

    def writer(self) -> SegmentWriter:
        """A Whoosh writer for one batch; call only while holding `writing()`."""
        return self.whoosh.writer(timeout=30.0, limitmb=256)


@contextmanager
def writer_lock(path: Path, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """The newsfacet writer lock of an index folder (see `Index.writing`)."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            holder = _holder(fd)
            waited = time.monotonic() - start
            if waited >= timeout:
                raise IndexLocked(str(path), waited, holder)
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 100, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
