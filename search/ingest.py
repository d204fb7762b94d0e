"""Ingest: captures in, documents in the index; and reindex, the same from the
stored captures.

Extraction runs in worker processes (search/workers.py); one writer, this process,
adds the documents and commits in batches (search/writing.py): the index first,
then the capture store, so that a crash between the two only makes the next run
redo a batch.

A capture is identified by its canonical URL, else by the fingerprint of its
content (search/items.py). Ingesting it again updates its documents (or leaves
them, if nothing changed); the same capture twice in one run is a duplicate.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable, Iterable

from search import backends
from search.errors import IndexNotFound, Interrupted
from search.folder import STORE_FILE, write_errors
from search.items import Item, items_from_paths
from search.settings import INGEST_BATCH, LOCK_TIMEOUT, BackendSettings, default_workers
from search.store import CaptureStore
from search.writing import JOURNAL_FILE, Progress, Summary, run, undo_journal


def ingest(index_path: str | os.PathLike, paths: Iterable[str], *, outlet: str | None = None,
           clean: bool = False, workers: int | None = None, batch: int = INGEST_BATCH, lock_timeout: float = LOCK_TIMEOUT,
           on_wait: Callable[[str], None] | None = None, on_progress: Progress | None = None,
           stop: threading.Event | None = None, settings: BackendSettings | None = None) -> Summary:
    """Ingest the captures named by `paths` (see items_from_paths) into the index at `index_path`,
    creating it if needed. Returns what was done; a capture that fails is counted, not raised.
    `clean`: the captures are already clean, indexed as given (`--as-is`).

    Raises Interrupted (with the summary of what was committed) when `stop` is set or on
    KeyboardInterrupt, IndexWriteError when the disk is full or the folder read-only."""
    return ingest_items(index_path, items_from_paths(paths, outlet=outlet, clean=clean), workers=workers, batch=batch,
                        lock_timeout=lock_timeout, on_wait=on_wait, on_progress=on_progress, stop=stop,
                        settings=settings)


def ingest_items(index_path: str | os.PathLike, items: Iterable[Item], *, workers: int | None = None,
                 batch: int = INGEST_BATCH, lock_timeout: float = LOCK_TIMEOUT,
                 on_wait: Callable[[str], None] | None = None,
                 on_progress: Progress | None = None, stop: threading.Event | None = None,
                 settings: BackendSettings | None = None) -> Summary:
    """`ingest` for items already made (records built by a program, or a benchmark);
    `settings`: the backend to write to (default: the Whoosh index in the folder)."""
    path = Path(index_path)
    with write_errors(path), backends.writer_lock(path, settings, timeout=lock_timeout, on_wait=on_wait, stop=stop):
        index = backends.open_index(path, settings, create=True)
        try:
            store = CaptureStore(index.store_path)
        except BaseException:
            index.close()
            raise
        try:
            return run(index, store, items, workers=workers or default_workers(), batch=batch,
                       store_path=index.store_path, on_progress=on_progress, stop=stop)
        except Exception as exc:
            # Failed between the index's commit and the store's (a full disk): undo that
            # batch now, so that readers do not see it until the next writer would.
            # (Not when the user stopped it at once: that is left to the next writer.)
            store.close()
            if not isinstance(exc, Interrupted) and (path / JOURNAL_FILE).exists():
                try:
                    undo_journal(index)
                except Exception:
                    pass          # the next writer, or `newsfacet check`, does it
            raise
        finally:
            store.close()
            index.close()


def reindex(index_path: str | os.PathLike, *, workers: int | None = None, batch: int = INGEST_BATCH,
            lock_timeout: float = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None,
            on_progress: Progress | None = None, stop: threading.Event | None = None,
            settings: BackendSettings | None = None) -> Summary:
    """Rebuild the index from the stored captures (after the extractor improved, or to
    recover a damaged index, or to move an index folder between backends): every stored
    capture is extracted again and written to an empty index that the backend then puts
    in place (`backends.rebuilding`: for Whoosh a new folder swapped in atomically, for
    the cluster its shards emptied first). The live index itself is not opened: it may
    be damaged."""
    path = Path(index_path)
    with write_errors(path), backends.writer_lock(path, settings, timeout=lock_timeout, on_wait=on_wait, stop=stop):
        if not (path / STORE_FILE).exists():
            raise IndexNotFound(str(path))
        store = CaptureStore(path / STORE_FILE)
        try:
            with backends.rebuilding(path, settings, store) as (target, commit_store):
                # Every stored capture is extracted again: mark them all as changed (in the
                # store's open transaction: a reindex that does not finish changes nothing).
                store.db.execute("UPDATE captures SET fingerprint = 'reindex:' || fingerprint")
                reader = CaptureStore(store.path, readonly=True)
                try:
                    stored = (Item(source, text=text, kind=kind, hints=hints)
                              for _, source, kind, hints, text in reader.captures())
                    summary = run(target, store, stored, workers=workers or default_workers(), batch=batch,
                                  store_path=None, on_progress=on_progress, fresh=True,
                                  commit_store=commit_store, stop=stop, what="reindex")
                finally:
                    reader.close()
            summary.committed, summary.committed_documents = summary.added + summary.updated, summary.documents
            return summary
        finally:
            store.close()
