"""The Whoosh index of an index folder: opening and creating it, a searcher that is
reused across queries and refreshed after commits, its per-document arrays, and a
writer for one batch. (The Backend interface on top of it: backend.py.)

Readers never take the writer lock: a searcher reads the last commit.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3PerDocReader, _lenfield
from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from search.backends.whoosh.codec import CODEC, BatchWriter
from search.backends.whoosh.columns import Columns
from search.backends.whoosh.safety import durable_storage
from search.backends.whoosh.schema import ARRAYS_DIR, SCHEMA, WHOOSH_DIR
from search.errors import IndexDamaged, IndexLocked, IndexNotFound
from search.folder import STORE_FILE

#: How long opening an index retries while a writer replaces the file it was reading.
OPEN_RETRY_SECONDS = 5.0


def _open_segment_files(searcher: Searcher) -> None:
    """Open the per-document files of every segment `searcher` reads (see
    `Index._open_searcher`), and make each segment's reader answer "has this column?"
    from what it opened rather than by looking in the folder again."""
    schema = searcher.schema
    for reader, _ in searcher.reader().leaf_readers():
        perdoc = getattr(reader, "_perdoc", None)
        if not isinstance(perdoc, W3PerDocReader):
            continue    # an empty index's reader has no files
        perdoc._cached_reader("_stored", STORED_COLUMN)
        for name, field in schema.items():
            if field.scorable:
                perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
            if field.column_type and perdoc.has_column(name):
                perdoc.column_reader(name, field.column_type)   # keeps the file open
        perdoc.has_column = frozenset(perdoc._colfiles).__contains__


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
        # A writer may delete the TOC just listed (a newer one replaces it), and a reindex
        # swaps the folder: try again for a moment instead of failing a reader.
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            try:
                if whoosh_index.exists_in(str(wdir)):
                    return cls(path, whoosh_index.FileIndex(durable_storage(wdir), indexname="MAIN"))
                if not (path / (WHOOSH_DIR + ".new")).exists() and not (path / (WHOOSH_DIR + ".swap")).exists():
                    break
            except (OSError, EmptyIndexError) as exc:
                if time.monotonic() >= deadline:
                    raise IndexDamaged(str(path), f"{type(exc).__name__}: {exc}") from exc
            except Exception as exc:   # a TOC that does not unpickle, a wrong size: damage
                raise IndexDamaged(str(path), f"{type(exc).__name__}: {exc}"[:300]) from exc
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        if not create:
            raise IndexNotFound(str(path))
        wdir.mkdir(parents=True, exist_ok=True)
        return cls(path, whoosh_index.FileIndex.create(durable_storage(wdir), SCHEMA, "MAIN"))

    @property
    def store_path(self) -> Path:
        return self.path / STORE_FILE

    # ------------------------------------------------------------------ reading

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed if a writer committed since it was opened."""
        with self.lock:
            if self._searcher is None:
                self._searcher = self._open_searcher()
                return self._searcher
            try:
                if not self._searcher.up_to_date():
                    # Not Searcher.refresh(): it reuses segment readers whose deletions changed.
                    fresh = self._open_searcher()
                    self._searcher.close()
                    self._searcher = fresh
            except (OSError, EmptyIndexError):
                # A writer is between two states (a reindex swapping folders): keep answering
                # from the last commit this searcher has; the next query looks again.
                pass
            return self._searcher

    def _open_searcher(self) -> Searcher:
        """A new searcher on the last commit, with every file it will read already open.

        Whoosh opens a segment's stored fields, field lengths and columns on first use,
        by name in the index folder. A reindex swaps that folder for a new one, so a
        searcher opened before the swap would look for them among the new index's files,
        find none, and fail in the middle of a search. Opened here, they are read through
        open files whatever later happens to the names. A swap between reading the table
        of contents and opening the files (the names are gone) is tried again.
        """
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            searcher = self.whoosh.searcher()
            try:
                _open_segment_files(searcher)
                return searcher
            except OSError:
                searcher.close()
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def columns(self):
        """Per-document arrays (facet values, lengths, postings reader) of the current searcher."""
        with self.lock:
            searcher = self.searcher()
            if self._columns is None or self._columns.searcher is not searcher:
                self._columns = Columns(searcher, previous=self._columns, cache_dir=self.path / ARRAYS_DIR)
            return self._columns

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def close(self) -> None:
        with self.lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._columns = None

    def __del__(self):
        # An index dropped without close() (a long-lived web app's, a test's) still closes
        # its segment files, which are real files since segments are not compound.
        try:
            if self._searcher is not None:
                self._searcher.close()
        except Exception:
            pass

    # ------------------------------------------------------------------ writing

    def writer(self) -> SegmentWriter:
        """A Whoosh writer for one batch; call only while holding the writer lock.

        Posting blocks are written uncompressed (Whoosh's default zlib-compresses each
        block of 128 postings): it costs disk, and saves a zlib call per block both when
        writing and when every query reads postings. Each block says whether it is
        compressed, so indexes written either way read the same.

        Segments are left as separate files, not assembled into one compound file:
        Whoosh reads a compound file through an mmap but copies each part it opens
        into memory (BufferFile wraps it in a BytesIO), so a searcher held the whole
        index in its resident memory (about 700 MB at 100,000 documents).
        """
        try:
            writer = BatchWriter(self.whoosh, timeout=30.0, limitmb=256, codec=CODEC, compound=False)
        except whoosh_index.LockError:   # Whoosh's own lock, held by a program that is not newsfacet
            raise IndexLocked(str(self.path), 30.0, "a program other than newsfacet (whoosh/MAIN_WRITELOCK)") from None
        for name, field in SCHEMA.items():   # an index made before a stored field was added gets it
            if name not in writer.schema and not field.indexed:
                writer.add_field(name, field)
        return writer

