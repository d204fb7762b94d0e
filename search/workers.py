"""Extraction in worker processes: chunks of Items in, Outcomes out (articles with
their syndication signature and their text fields already analysed), in order.

Captures are extracted in chunks, so that lines repeating across a chunk count as
furniture. `extracted` runs them (extraction.py) in a process pool (or in this process),
a bounded number of chunks ahead of the one writer. extraction.py is imported where a
chunk is extracted, not here: the writer, which imports this module, then never loads
the pipeline (about 13 MB) unless it extracts itself (one process).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

from search.items import Item, Outcome

#: Captures handed to a worker at a time.
CHUNK = 32
#: At most this many captures (and at most a batch) are extracted ahead of the writer.
AHEAD_CAPTURES = 2048
#: ... and at most this many characters of captures held in hand (the records of an archive,
#: a mailbox or a feed come with their text, not as a path): memory stays flat.
AHEAD_CHARS = 24_000_000

# --------------------------------------------------------------------------- workers

try:   # glibc only; elsewhere release_memory does nothing
    _malloc_trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
except (OSError, AttributeError):
    _malloc_trim = None


def release_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's malloc_trim). A process's
    heap grows to its largest chunk's needs and keeps that peak for good without this:
    about 50 MB more in each worker on WCXB pages (bench/archives.py)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _init_pool_worker(store_path: str | None, writer_pid: int | None = None,
                      aliases: str | None = None) -> None:
    # Ctrl-C reaches the whole process group, SIGTERM may too: the writer decides when
    # the workers stop (it shuts the pool down), so a worker never dies with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if writer_pid is not None:
        threading.Thread(target=_exit_with, args=(writer_pid,), daemon=True).start()
    from search import extraction   # in the worker (see the module doc)

    extraction.init_worker(store_path, aliases)


def _exit_with(pid: int) -> None:
    """Exit when process `pid` (the writer) is gone: a writer killed outright (SIGKILL)
    cannot shut its pool down, and a worker waiting for work would wait for ever."""
    try:
        import select

        fd = os.pidfd_open(pid)
        select.select([fd], [], [])
    except (AttributeError, OSError):
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except OSError:
                pass
    os._exit(1)


def chunks(items: Iterable[Item], size: int = CHUNK) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            full = [chunk]
            chunk = []
            yield full.pop()   # not held here meanwhile (see _Handover)
    if chunk:
        yield chunk


class _Handover:
    """A chunk on its way to a worker, which the writer lets go of once it is pickled (sent):
    the pool keeps the arguments of every call until its result is back, and a chunk of an
    archive's records carries their pages' bytes (about 7 MB for 32 web pages), three or
    four chunks at a time. Unpickles as the list of items."""
    __slots__ = ("items",)

    def __init__(self, items: list[Item]):
        self.items = items

    def __reduce__(self):
        items, self.items = self.items, None
        return list, (items,)


def _timed_chunk(items: list[Item]) -> tuple[list[Outcome], float]:
    from search import extraction   # in the worker, or in the writer extracting itself (see the module doc)

    start = time.process_time()
    outcomes = extraction.extract_chunk(items)
    release_memory()
    return outcomes, time.process_time() - start


def extracted(chunks: Iterable[list[Item]], workers: int, store_path: Path | None,
               batch: int = CHUNK, aliases: Path | None = None,
               on_input_end: Callable[[int], None] | None = None) -> Iterator[tuple[list[Outcome], float]]:
    """Outcomes chunk by chunk, in order, from `workers` processes (1: this process).
    `aliases`: the alias file of the index written to (else the store's folder's).
    `on_input_end`: called once, with workers, when every capture has been handed out,
    with the number of captures whose outcomes are still to come."""
    if workers <= 1:
        from search import extraction   # this process extracts (see the module doc)

        extraction.init_worker(str(store_path) if store_path and store_path.exists() else None,
                               str(aliases) if aliases else None)
        try:
            for chunk in chunks:
                yield _timed_chunk(chunk)
        finally:
            extraction.close_worker_store()
        return
    # A process pool that fails (BrokenProcessPool) if a worker dies, instead of replacing it
    # for ever; a bounded number of chunks ahead of the writer, so memory stays flat. Enough
    # of them that the workers keep extracting while the writer commits a batch (the pool's
    # own thread hands them out meanwhile), else they sat idle through every commit.
    ahead = max(4 * workers, min(AHEAD_CAPTURES, batch) // CHUNK)
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # The fork server loads the workers' shared tables once (search/preload.py); it
        # reads this only when it starts, so a later pool of the same process has them too.
        context.set_forkserver_preload(["search.preload"])
    initarg = str(store_path) if store_path and store_path.exists() else None
    with ProcessPoolExecutor(workers, mp_context=context,
                             initializer=_init_pool_worker,
                             initargs=(initarg, os.getpid(), str(aliases) if aliases else None)) as pool:
        pending: deque = deque()
        chars = 0   # of the captures in hand
        try:
            for chunk in chunks:
                size = sum(len(item.text or item.data or "") for item in chunk)
                pending.append((pool.submit(_timed_chunk, _Handover(chunk)), size, len(chunk)))
                del chunk   # the pool's copy is let go once sent
                chars += size
                while pending and (len(pending) >= ahead or (chars > AHEAD_CHARS and len(pending) > workers)):
                    future, size, _ = pending.popleft()
                    chars -= size
                    yield future.result()
            if on_input_end is not None:
                on_input_end(sum(count for _, _, count in pending))
            while pending:
                yield pending.popleft()[0].result()
        finally:
            # Stopped early (interrupted, or the writer failed): drop the queued chunks; the
            # pool's own shutdown below waits only for those a worker already has. (Not
            # shutdown(wait=False) then again: at exit that raced in CPython's pool thread.)
            for future, _, _ in pending:
                future.cancel()
