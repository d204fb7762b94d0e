"""Extraction in worker processes: chunks of Items in, Outcomes out (articles with
their syndication signature and their text fields already analysed), in order.

Captures are extracted in chunks, so that lines repeating across a chunk count as
furniture. `extracted` runs them in a process pool (or in this process), a bounded
number of chunks ahead of the one writer.
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
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Iterator

from search import syndication
from search.analysis import index_terms
from search.extract.language import settle_languages
from search.errors import CaptureError, NewsfacetError
from search.extract import pipeline
from search.extract.canonical import alias_file
from search.extract.article import Actor, Article
from search.extract.capture import Capture, read_capture
from search.extract.records import Payload, finish
from search.items import Item, Outcome, fingerprint
from search.store import CaptureStore, compress, decompress

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


_worker_store: CaptureStore | None = None
#: The alias file of the index being written (its folder's aliases.json), for actor names.
_worker_aliases: Path | None = None


def _init_worker(store_path: str | None, aliases: str | None = None) -> None:
    global _worker_store, _worker_aliases
    _worker_store = CaptureStore(Path(store_path), readonly=True) if store_path else None
    _worker_aliases = Path(aliases) if aliases else None


def _close_worker_store() -> None:
    global _worker_store, _worker_aliases
    _worker_aliases = None
    if _worker_store is not None:
        _worker_store.close()
        _worker_store = None


def _init_pool_worker(store_path: str | None, writer_pid: int | None = None,
                      aliases: str | None = None) -> None:
    # Ctrl-C reaches the whole process group, SIGTERM may too: the writer decides when
    # the workers stop (it shuts the pool down), so a worker never dies with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if writer_pid is not None:
        threading.Thread(target=_exit_with, args=(writer_pid,), daemon=True).start()
    _init_worker(store_path, aliases)


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


def _capture_of(item: Item) -> Capture:
    if item.path is not None:
        return read_capture(item.path)
    if item.data is not None:   # a record of an archive, mailbox or feed, decoded here
        return Payload(item.source, item.data, item.hints, kind=item.kind, charset=item.charset).capture()
    return Capture(source=item.source, text=item.text or "", kind=item.kind, encoding="utf-8")


def extract_chunk(items: list[Item], store: CaptureStore | None = None) -> list[Outcome]:
    """Read and extract a chunk of items (in a worker process, or in this one).

    Only the chunk's text captures are held decoded together (their repeated lines are
    furniture); an HTML page waits for its turn as the compressed text that goes to the
    store, and a record's bytes are let go (`item.data`) once decoded: a chunk of 32 web
    pages held at once was 15-25 MB of text a worker (non-ASCII pages take 2 or 4 bytes
    a character), beside their bytes."""
    store = store if store is not None else _worker_store
    outcomes: list[Outcome | None] = []
    captures: list[tuple[int, Capture] | None] = []
    for item in items:
        if item.problem:
            outcomes.append(Outcome(item.source, "failed", item.problem))
            continue
        if item.skip:
            outcomes.append(Outcome(item.source, "skipped", item.skip))
            continue
        try:
            capture = _capture_of(item)
        except CaptureError as exc:
            outcomes.append(Outcome(item.source, "failed", exc.problem))
            continue
        except Exception as exc:  # a bug with one file must not stop the batch
            outcomes.append(Outcome(item.source, "failed", f"internal error: {type(exc).__name__}: {exc}"))
            continue
        item.data = None
        fp = fingerprint(capture.kind, capture.text, item.hints)
        if store is not None and store.has_fingerprint(fp):
            outcomes.append(Outcome(item.source, "unchanged", fingerprint=fp))
            continue
        outcomes.append(Outcome(item.source, "ok", fingerprint=fp, kind=capture.kind,
                                data=compress(capture.text), hints=item.hints))
        if capture.kind != "text":
            capture.text = None   # decompressed from the outcome's data when its turn comes
        captures.append((len(outcomes) - 1, capture))
    try:
        common = pipeline.batch_furniture(c.text for _, c in captures if c.kind == "text")
    except Exception:
        common = frozenset()
    extracted = []
    for k, (i, capture) in enumerate(captures):
        captures[k] = None        # each capture's text let go once extracted
        out = outcomes[i]
        try:
            if capture.text is None:
                capture.text = decompress(out.data)
            extracted.append((out, _extract(capture, out.hints, common, store)))
        except NewsfacetError as exc:
            out.status, out.reason = "failed", str(exc)
        except Exception as exc:
            out.status, out.reason = "failed", f"extraction failed: {type(exc).__name__}: {exc}"
        del capture
    # articles too short to tell their language take the one most of the chunk's are in
    settle_languages([a for _, articles in extracted for a in articles])
    for out, articles in extracted:
        out.articles = []
        for article in articles:
            record = article.to_dict()
            record["signature"] = syndication.signature(article.body)
            # The text fields analysed here, in parallel, rather than by the one writer.
            record["terms"] = {"title": index_terms(record.get("title") or "", article.language),
                               "body": index_terms(record["body"], article.language)}
            out.articles.append(record)
    return outcomes


def _extract(capture: Capture, hints: dict, common: frozenset[str],
             store: CaptureStore | None = None) -> list[Article]:
    day = Date.fromisoformat(hints["date"]) if hints.get("date") else None
    aliases = _worker_aliases or (alias_file(store.path.parent) if store is not None else None)
    articles = pipeline.extract_capture(capture, url=hints.get("url"), outlet=hints.get("outlet"),
                                        date=day, common_lines=common, aliases=aliases,
                                        clean=bool(hints.get("clean")))
    articles = finish(articles, hints, aliases, capture.text)   # a record's fallbacks and provenance (extract/records.py)
    main = articles[0]
    if hints.get("title"):
        main.title = hints["title"]
    if hints.get("actors"):
        main.actors = [Actor(name, kind) for name, kind in hints["actors"]]
    return articles


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
    start = time.process_time()
    outcomes = extract_chunk(items)
    release_memory()
    return outcomes, time.process_time() - start


def extracted(chunks: Iterable[list[Item]], workers: int, store_path: Path | None,
               batch: int = CHUNK, aliases: Path | None = None) -> Iterator[tuple[list[Outcome], float]]:
    """Outcomes chunk by chunk, in order, from `workers` processes (1: this process).
    `aliases`: the alias file of the index written to (else the store's folder's)."""
    if workers <= 1:
        _init_worker(str(store_path) if store_path and store_path.exists() else None,
                     str(aliases) if aliases else None)
        try:
            for chunk in chunks:
                yield _timed_chunk(chunk)
        finally:
            _close_worker_store()
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
                pending.append((pool.submit(_timed_chunk, _Handover(chunk)), size))
                del chunk   # the pool's copy is let go once sent
                chars += size
                while pending and (len(pending) >= ahead or (chars > AHEAD_CHARS and len(pending) > workers)):
                    future, size = pending.popleft()
                    chars -= size
                    yield future.result()
            while pending:
                yield pending.popleft()[0].result()
        finally:
            # Stopped early (interrupted, or the writer failed): drop the queued chunks; the
            # pool's own shutdown below waits only for those a worker already has. (Not
            # shutdown(wait=False) then again: at exit that raced in CPython's pool thread.)
            for future, _ in pending:
                future.cancel()
