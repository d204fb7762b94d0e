"""The index folder, whatever the backend: its shared files, the writer lock, and
write errors (disk full, read-only) as named errors.

Layout of an index folder::

    captures.sqlite    the raw captures, compressed, for `reindex` (search/store.py)
    newsfacet.lock     the writer lock (one writer at a time; `writer_lock`)
    aliases.json       the user's actor merges (search/extract/canonical.py)
    whoosh/, arrays/   the Whoosh backend's index (search/backends/whoosh/schema.py)
    sphinx.sqlite      the Sphinx backend's value names (search/backends/sphinx/)

Readers never take the lock: a searcher reads the last commit.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from search.errors import IndexLocked, IndexWriteError
from search.settings import LOCK_TIMEOUT

STORE_FILE = "captures.sqlite"
LOCK_FILE = "newsfacet.lock"


@contextmanager
def writer_lock(path: Path, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None, stop=None,
                recover: Callable[[str], None] | None = None,
                release: Callable[[], None] | None = None) -> Iterator[None]:
    """The newsfacet writer lock of an index folder: one writer at a time.

    The lock is an flock on ``newsfacet.lock``: the system drops it when its holder
    dies, so a crashed writer never leaves the index locked. A live holder makes this
    wait (calling `on_wait` once with who holds it) up to `timeout` seconds, then raise
    IndexLocked. `stop` (a threading.Event) set while waiting: KeyboardInterrupt,
    nothing was written.

    Once the lock is ours, `recover` (the backend's) is called with what the lock file
    says of its last holder: text left there means that holder died holding it (a clean
    exit empties it). `release` is called when the block ends without an error."""
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
            if stop is not None and stop.is_set():
                raise KeyboardInterrupt
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(0.2)
        # The lock is ours. Text left in the file means its last holder died holding it
        # (a clean exit empties it): recover from whatever it left half done.
        stale = _holder(fd)
        try:
            try:   # who holds it, for the message of a writer that waits; best effort (disk full)
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}\n".encode(), 0)
            except OSError:
                pass
            if recover is not None:
                recover(stale)
            yield
            if release is not None:
                release()
        finally:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 100, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""


def fsync_dir(path: Path) -> None:
    """Flush a folder (its entries: a rename, a new file) to disk; best effort."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- write errors

_NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def write_problem(exc: BaseException) -> str | None:
    """The plain-words problem of a failed write (disk full, read-only), or None if
    `exc` is something else."""
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        return "no space left on the disk" if exc.errno != errno.EFBIG else "a file grew beyond the size allowed"
    if isinstance(exc, OSError) and exc.errno in _READ_ONLY:
        return "the folder is read-only" if exc.errno == errno.EROFS else "permission denied"
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "full" in text:
            return "no space left on the disk"
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return "the folder is read-only"
        if "disk i/o error" in text:
            return "a disk input/output error (the disk may be full)"
    return None


@contextmanager
def write_errors(path: Path) -> Iterator[None]:
    """Turn disk-full and read-only failures inside the block into IndexWriteError."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as exc:
        problem = write_problem(exc)
        if problem is None:
            raise
        raise IndexWriteError(str(path), problem) from exc
