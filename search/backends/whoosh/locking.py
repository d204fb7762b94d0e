"""The writer lock of a Whoosh index folder: the folder's lock (search/folder.py),
and on taking it, recovery from a writer that died (safety.recover: leftovers, an
interrupted reindex, a batch that reached the index but not the capture store);
on letting go, the new segments sealed with their checksums.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from search import folder
from search.backends.whoosh import safety
from search.backends.whoosh.index import Index
from search.backends.whoosh.schema import WHOOSH_DIR
from search.settings import LOCK_TIMEOUT
from search.writing import JOURNAL_FILE, undo_journal


def writer_lock(path: Path, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None, stop=None):
    """`folder.writer_lock` for a Whoosh index folder (see the module doc)."""
    path = Path(path)

    def recover(stale: str) -> None:
        if stale:
            safety.log.warning("the previous writer (%s) stopped without finishing; checking the index", stale)
        for note in safety.recover(path, undo_journal=_undo_journal):
            safety.log.warning("%s", note)

    def release() -> None:
        try:
            safety.seal(path / WHOOSH_DIR)
        except OSError as exc:   # a full disk: the next writer records them
            safety.log.warning("could not record the new segments' checksums (%s)", exc.strerror or exc)

    return folder.writer_lock(path, timeout=timeout, on_wait=on_wait, stop=stop, recover=recover, release=release)


def _undo_journal(path: Path) -> int | None:
    if not (path / JOURNAL_FILE).exists():
        return None
    index = Index.open(path)
    try:
        return undo_journal(index)
    finally:
        index.close()
