"""Ingest: captures in, documents in the index.

Extraction runs in worker processes (chunks of captures, so that lines
repeating across a chunk count as furniture); one writer, this process, adds
the documents and commits in batches: the Whoosh index first, then the capture
store, so that a crash between the two only makes the next run redo a batch.

A capture is identified by its canonical URL, else by the fingerprint of its
content. Ingesting it again updates its documents (or leaves them, if nothing
changed); the same capture twice in one run is a duplicate.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from search import syndication as cluster
from search.extract import pipeline
from search.extract.article import Actor, Article
from search.extract.canonical import alias_file
from search.extract.capture import Capture, clean_text, iter_capture_paths, looks_like_html, read_capture
from search.backends import open_index
from search.errors import CaptureError, Interrupted, NewsfacetError
from search.backends.whoosh.index import Analyzed, AnalyzedText, Index, STORE_FILE, WHOOSH_DIR, index_terms, merge_tiered, writer_lock
from search.backends.whoosh.safety import NEW_DIR, _fsync_dir, durable_storage, new_build, seal, swap_in, write_errors, write_manifest
from search.settings import INGEST_BATCH, LOCK_TIMEOUT, BackendSettings, default_workers
from search.store import CaptureStore, compress

#: Files read as JSON Lines records (one object per line) instead of as captures.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Captures handed to a worker at a time.
CHUNK = 32
#: At most this many captures (and at most a batch) are extracted ahead of the writer.
AHEAD_CAPTURES = 2048
#: Query-string parameters that do not change the page (dropped from canonical URLs).
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid", "at_medium", "at_campaign")


# --------------------------------------------------------------------------- results


@dataclass
class Summary:
    """What an ingest did."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    documents: int = 0          # documents written (a capture may give two)
    seconds: float = 0.0
    extract_cpu: float = 0.0    # CPU seconds spent extracting (in the workers), for benchmarks
    writer_cpu: float = 0.0     # CPU seconds of this process (the one writer)
    committed: int = 0          # captures added or updated by the commits so far
    committed_documents: int = 0

    @property
    def captures(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicates + len(self.failed)

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "duplicates": self.duplicates,
                "failed": [{"source": s, "reason": r} for s, r in self.failed],
                "documents": self.documents, "seconds": round(self.seconds, 3)}


@dataclass
class Item:
    """One capture to ingest: a file to read, or a record's text."""
    source: str
    path: str | None = None
    text: str | None = None
    kind: str = "text"
    hints: dict = field(default_factory=dict)   # url, outlet, date (ISO), title, actors
    problem: str | None = None                  # already failed (bad record, missing file)


@dataclass
class Outcome:
    """What a worker made of an Item."""
    source: str
    status: str                  # "ok" | "unchanged" | "failed"
    reason: str = ""
    fingerprint: str = ""
    kind: str = "text"
    data: bytes = b""            # the capture's text, compressed for the store (store.compress)
    hints: dict = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)   # Article.to_dict() + "signature"


# --------------------------------------------------------------------------- inputs


def items_from_paths(paths: Iterable[str], *, outlet: str | None = None) -> Iterator[Item]:
    """Items for files, folders (recursive), globs and JSON Lines files of records."""
    base_hints = {"outlet": outlet} if outlet else {}
    for path, problem in iter_capture_paths(paths):
        if problem is not None:
            yield Item(problem.source, problem=problem.problem)
        elif path.lower().endswith(RECORD_SUFFIXES):
            yield from items_from_records(path, outlet=outlet)
        else:
            yield Item(path, path=path, hints=dict(base_hints))


def items_from_records(path: str, *, outlet: str | None = None) -> Iterator[Item]:
    """Items for a JSON Lines file: objects with `url` and `html` or `text` (and optionally
    `outlet`, `date`, `title`, `actors`)."""
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        yield Item(path, problem=(exc.strerror or str(exc)).lower())
        return
    with f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            yield record_item(f"{path}:{lineno}", line, outlet=outlet)


def record_item(source: str, line: str, *, outlet: str | None = None) -> Item:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Item(source, problem=f"not a JSON object ({exc.msg})")
    if not isinstance(record, dict):
        return Item(source, problem="not a JSON object")
    body = record.get("html") if record.get("html") else record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Item(source, problem="a record needs \"html\" or \"text\"")
    hints: dict = {}
    for key in ("url", "outlet", "title"):
        if isinstance(record.get(key), str) and record[key].strip():
            hints[key] = record[key].strip()
    if outlet:
        hints["outlet"] = outlet
    if record.get("date"):
        try:
            hints["date"] = Date.fromisoformat(str(record["date"])[:10]).isoformat()
        except ValueError:
            return Item(source, problem=f"bad date {record['date']!r} (YYYY-MM-DD)")
    actors = record.get("actors")
    if isinstance(actors, list):
        hints["actors"] = [[a, "person"] if isinstance(a, str) else [a.get("name"), a.get("type", "person")]
                           for a in actors if isinstance(a, str) or (isinstance(a, dict) and a.get("name"))]
    text = clean_text(body)
    kind = "html" if record.get("html") or looks_like_html(text) else "text"
    return Item(source, text=text, kind=kind, hints=hints)


# --------------------------------------------------------------------------- identity


def canonical_url(url: str | None) -> str | None:
    """The URL with what does not change the page removed (scheme, www., fragment,
    tracking parameters, trailing slash); None if it is not a web address."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.").removesuffix(":80").removesuffix(":443")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    path = parts.path.rstrip("/") or ""
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


def fingerprint(kind: str, text: str, hints: dict) -> str:
    data = json.dumps([kind, " ".join(text.split()), hints], sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def doc_id(key: str, n: int) -> str:
    """The id of the n-th article (0: the main one) of the capture with `key`."""
    h = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return h if n == 0 else f"{h}-{n + 1}"


# --------------------------------------------------------------------------- workers

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
    return Capture(source=item.source, text=item.text or "", kind=item.kind, encoding="utf-8")


def extract_chunk(items: list[Item], store: CaptureStore | None = None) -> list[Outcome]:
    """Read and extract a chunk of items (in a worker process, or in this one)."""
    store = store if store is not None else _worker_store
    outcomes: list[Outcome | None] = []
    captures: list[tuple[int, Capture]] = []
    for item in items:
        if item.problem:
            outcomes.append(Outcome(item.source, "failed", item.problem))
            continue
        try:
            capture = _capture_of(item)
        except CaptureError as exc:
            outcomes.append(Outcome(item.source, "failed", exc.problem))
            continue
        except Exception as exc:  # a bug with one file must not stop the batch
            outcomes.append(Outcome(item.source, "failed", f"internal error: {type(exc).__name__}: {exc}"))
            continue
        fp = fingerprint(capture.kind, capture.text, item.hints)
        if store is not None and store.has_fingerprint(fp):
            outcomes.append(Outcome(item.source, "unchanged", fingerprint=fp))
            continue
        outcomes.append(Outcome(item.source, "ok", fingerprint=fp, kind=capture.kind,
                                data=compress(capture.text), hints=item.hints))
        captures.append((len(outcomes) - 1, capture))
    try:
        common = pipeline.batch_furniture(c.text for _, c in captures if c.kind == "text")
    except Exception:
        common = frozenset()
    for i, capture in captures:
        out = outcomes[i]
        try:
            articles = _extract(capture, out.hints, common, store)
        except NewsfacetError as exc:
            out.status, out.reason = "failed", str(exc)
            continue
        except Exception as exc:
            out.status, out.reason = "failed", f"extraction failed: {type(exc).__name__}: {exc}"
            continue
        out.articles = []
        for article in articles:
            record = article.to_dict()
            record["signature"] = cluster.signature(article.body)
            # The text fields analysed here, in parallel, rather than by the one writer.
            record["terms"] = {"title": index_terms(record.get("title") or ""),
                               "body": index_terms(record["body"])}
            out.articles.append(record)
    return outcomes


def _extract(capture: Capture, hints: dict, common: frozenset[str],
             store: CaptureStore | None = None) -> list[Article]:
    day = Date.fromisoformat(hints["date"]) if hints.get("date") else None
    articles = pipeline.extract_capture(capture, url=hints.get("url"), outlet=hints.get("outlet"),
                                        date=day, common_lines=common,
                                        aliases=_worker_aliases or (alias_file(store.path.parent)
                                                                    if store is not None else None))
    main = articles[0]
    if hints.get("title"):
        main.title = hints["title"]
    if hints.get("actors"):
        main.actors = [Actor(name, kind) for name, kind in hints["actors"]]
    return articles


def _chunks(items: Iterable[Item], size: int = CHUNK) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _timed_chunk(items: list[Item]) -> tuple[list[Outcome], float]:
    start = time.process_time()
    outcomes = extract_chunk(items)
    return outcomes, time.process_time() - start


def _extracted(chunks: Iterable[list[Item]], workers: int, store_path: Path | None,
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
    initarg = str(store_path) if store_path and store_path.exists() else None
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=_init_pool_worker,
                             initargs=(initarg, os.getpid(), str(aliases) if aliases else None)) as pool:
        pending: deque = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_timed_chunk, chunk))
                if len(pending) >= ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            # Stopped early (interrupted, or the writer failed): drop the queued chunks; the
            # pool's own shutdown below waits only for those a worker already has. (Not
            # shutdown(wait=False) then again: at exit that raced in CPython's pool thread.)
            for future in pending:
                future.cancel()


# --------------------------------------------------------------------------- the writer


#: In the index folder while a batch is being committed: the capture keys that may have
#: documents in the index but not (yet) in the capture store.
JOURNAL_FILE = "ingest.journal"


class _Writer:
    """Adds outcomes to an index and its capture store, committing in batches.

    A capture's old documents are deleted only when it may have some: it is in the
    store (an update), or the journal says a batch with it reached the index but not
    the store (a crash between the two commits). Deleting by term for every new
    capture cost a term lookup in every segment, a third of the writer's time.
    """

    def __init__(self, index: Index, store: CaptureStore, summary: Summary, batch: int, *,
                 journal: Path | None = None, commit_store: bool = True, force: bool = False):
        self.index, self.store, self.summary, self.batch = index, store, summary, batch
        self.commit_store = commit_store   # False: reindex, whose store changes commit with the swap
        self.force = force                 # True: write captures even if the store has them as they are
        self.deleted = store.deleted()
        self.seen: set[str] = set()
        self.writer = None
        self.pending = 0
        self.journal = journal          # None: a fresh index (reindex), nothing to delete
        self.unsure: set[str] = set()
        if journal is not None and journal.exists():
            try:
                self.unsure = set(json.loads(journal.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                self.unsure = set()
        self.batch_keys: list[str] = []

    def add(self, out: Outcome) -> None:
        s = self.summary
        if out.status == "failed":
            s.failed.append((out.source, out.reason))
            return
        if out.status == "unchanged":
            s.unchanged += 1
            return
        key = canonical_url(out.articles[0].get("url") if out.articles else None) or out.fingerprint
        if key in self.seen:
            s.duplicates += 1
            return
        self.seen.add(key)
        previous = self.store.fingerprint_of(key)
        if previous == out.fingerprint and not self.force:
            s.unchanged += 1
            return
        if self.writer is None:
            self.writer = self.index.writer()
        # a capture neither stored nor maybe half-written before: its documents are new
        new = previous is None and key not in self.unsure
        if self.journal is not None and not new:
            self.writer.delete_by_term("capture", key)
            self.unsure.discard(key)
        self.batch_keys.append(key)
        ids = []
        for n, record in enumerate(out.articles):
            did = doc_id(key, n)
            if did in self.deleted:
                continue
            self.writer.add_document(**self._document(did, key, record, new))
            ids.append(did)
        self.store.put(key, out.fingerprint, out.source, out.kind, out.hints, out.data, ids)
        s.documents += len(ids)
        if previous is None:
            s.added += 1
        else:
            s.updated += 1
        self.pending += 1

    def _document(self, did: str, key: str, a: dict, new: bool = False) -> dict:
        doc = {"id": did, "capture": key, "body": a["body"], "source": a["source"],
               "cluster": self.store.assign_cluster(did, a.get("signature"), new=new),
               "actors": [[x["name"], x["type"]] for x in a["actors"]],
               "dropped": [[d["text"], d["reason"]] for d in a["dropped"]]}
        for name in ("title", "outlet", "date", "url", "author"):
            if a.get(name):
                doc[name] = a[name]
        terms = a.get("terms")
        if terms is not None:
            schema = self.writer.schema
            for name in ("title", "body"):
                if name in doc and isinstance(schema[name], AnalyzedText):
                    doc["_stored_" + name] = doc[name]
                    doc[name] = Analyzed(terms[name])
        if a.get("date"):
            doc["day"] = Date.fromisoformat(a["date"]).toordinal()
        names = [x["name"].replace(",", " ").strip() for x in a["actors"]]
        if any(names):
            doc["actor"] = ",".join(n for n in names if n)
        return doc

    def commit(self) -> None:
        """Index first, then the store (see the module doc); the journal around them.

        Called between chunks only (a chunk's captures are extracted together, their
        shared lines judged as furniture), so that a run interrupted and run again
        extracts exactly the chunks a single run would have."""
        if self.writer is not None:
            self._write_journal(self.unsure.union(self.batch_keys))
            self.writer.commit(mergetype=merge_tiered)
            self.writer = None
        if self.commit_store:
            self.store.commit()
            self._write_journal(self.unsure)
        self.batch_keys = []
        self.pending = 0
        self.summary.committed = self.summary.added + self.summary.updated
        self.summary.committed_documents = self.summary.documents

    def _write_journal(self, keys: set[str]) -> None:
        if self.journal is None:
            return
        if not keys:
            self.journal.unlink(missing_ok=True)
            return
        tmp = self.journal.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(sorted(keys), f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.journal)
        _fsync_dir(self.journal.parent)   # on disk before the index commits

    def cancel(self) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.cancel()
        except Exception:   # a failed commit (disk full) may fail to close too: still let go of the lock
            lock = getattr(writer, "writelock", None)
            try:
                if lock is not None and lock.fd is not None:
                    lock.release()
            except Exception:
                pass


Progress = Callable[[int, int], None]   # (captures done, documents written so far)


def _run(index: Index, store: CaptureStore, items: Iterable[Item], *, workers: int, batch: int,
         store_path: Path | None, on_progress: Progress | None, fresh: bool = False,
         commit_store: bool = True, stop: threading.Event | None = None, what: str = "ingest") -> Summary:
    """Extract and write `items`, committing every `batch` captures (at chunk ends).

    `stop` set (the CLI sets it on Ctrl-C or SIGTERM): the run stops after the chunk in
    hand, commits what it has and raises Interrupted with the summary. A KeyboardInterrupt
    (a second Ctrl-C) drops the batch in hand instead; the last commit stays either way."""
    summary = Summary()
    start, start_cpu = time.perf_counter(), time.process_time()
    w = _Writer(index, store, summary, batch, journal=None if fresh else index.path / JOURNAL_FILE,
                commit_store=commit_store)
    done = 0
    chunks = _extracted(_chunks(items, min(CHUNK, batch)), workers, store_path, batch,
                        aliases=alias_file(index.path))
    try:
        if stop is not None and stop.is_set():   # asked to stop while waiting for the lock
            raise Interrupted(what, summary)
        for outcomes, cpu in chunks:
            summary.extract_cpu += cpu
            for out in outcomes:
                w.add(out)
            done += len(outcomes)
            if w.pending >= batch:
                w.commit()
            if on_progress:
                on_progress(done, summary.documents)
            if stop is not None and stop.is_set():
                chunks.close()
                w.commit()
                raise Interrupted(what, summary)
        w.commit()
    except KeyboardInterrupt:
        w.cancel()       # what was committed stays; the rest is redone by the next run
        raise Interrupted(what, summary) from None
    except BaseException:
        w.cancel()
        raise
    finally:
        chunks.close()
        summary.seconds = time.perf_counter() - start
        summary.writer_cpu = time.process_time() - start_cpu
        if workers <= 1:
            summary.writer_cpu -= summary.extract_cpu
    return summary


def ingest(index_path: str | os.PathLike, paths: Iterable[str], *, outlet: str | None = None,
           workers: int | None = None, batch: int = INGEST_BATCH, lock_timeout: float = LOCK_TIMEOUT,
           on_wait: Callable[[str], None] | None = None, on_progress: Progress | None = None,
           stop: threading.Event | None = None, settings: BackendSettings | None = None) -> Summary:
    """Ingest the captures named by `paths` (see items_from_paths) into the index at `index_path`,
    creating it if needed. Returns what was done; a capture that fails is counted, not raised.

    Raises Interrupted (with the summary of what was committed) when `stop` is set or on
    KeyboardInterrupt, IndexWriteError when the disk is full or the folder read-only."""
    return ingest_items(index_path, items_from_paths(paths, outlet=outlet), workers=workers, batch=batch,
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
    with write_errors(path), writer_lock(path, timeout=lock_timeout, on_wait=on_wait, stop=stop):
        index = open_index(path, settings, create=True)
        try:
            store = CaptureStore(index.store_path)
        except BaseException:
            index.close()
            raise
        try:
            return _run(index, store, items, workers=workers or default_workers(), batch=batch,
                        store_path=index.store_path, on_progress=on_progress, stop=stop)
        except Exception as exc:
            # Failed between the index's commit and the store's (a full disk): undo that
            # batch now, so that readers do not see it until the next writer would.
            # (Not when the user stopped it at once: that is left to the next writer.)
            store.close()
            if not isinstance(exc, Interrupted) and (path / JOURNAL_FILE).exists():
                try:
                    undo_journal(path)
                except Exception:
                    pass          # the next writer, or `newsfacet check`, does it
            raise
        finally:
            store.close()
            index.close()


def undo_journal(path: Path) -> int:
    """Undo a batch that reached the index but not the capture store (the writer died
    between the two commits; ``ingest.journal`` names its captures): their documents are
    deleted from the index, and those of captures the store has (an update that did not
    commit) are written again from the stored capture. Afterwards the index and the store
    agree. Returns the number of captures named. Call while holding the writer lock."""
    journal = path / JOURNAL_FILE
    try:
        keys = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        keys = None
    if not isinstance(keys, list):
        journal.unlink(missing_ok=True)   # written atomically, so this is not ours: nothing to undo
        return 0
    index = Index.open(path)
    store = CaptureStore(index.store_path)
    try:
        w = _Writer(index, store, Summary(), batch=len(keys) + 1, journal=None, force=True)
        w.writer = index.writer()
        for key in keys:
            w.writer.delete_by_term("capture", key)
        items = []
        for key in keys:
            stored = store.capture(key)
            if stored is not None:
                source, kind, hints, text = stored
                items.append(Item(source, text=text, kind=kind, hints=hints))
        try:
            for outcomes, _ in _extracted(_chunks(items), 1, None, aliases=alias_file(path)):
                for out in outcomes:
                    w.add(out)
            w.commit()
        except BaseException:
            w.cancel()
            raise
        journal.unlink(missing_ok=True)
        return len(keys)
    finally:
        store.close()
        index.close()


def reindex(index_path: str | os.PathLike, *, workers: int | None = None, batch: int = INGEST_BATCH,
            lock_timeout: float = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None,
            on_progress: Progress | None = None, stop: threading.Event | None = None) -> Summary:
    """Rebuild the index from the stored captures (after the extractor improved, or to
    recover a damaged index): into a new folder, then swapped in.

    Two-phase: the new index is built in ``whoosh.new/`` while the capture store's
    changes (document ids, clusters) stay in one open transaction; the store commits
    with the new index's build id (the commit point), then the folders are exchanged
    atomically. Killed before the store commit: the old index and store are intact
    and the next writer deletes ``whoosh.new/``; after it: the next writer finishes
    the swap (safety.recover). Readers keep the old index until they look again."""
    from whoosh import index as whoosh_index

    from search.backends.whoosh.index import SCHEMA

    path = Path(index_path)
    with write_errors(path), writer_lock(path, timeout=lock_timeout, on_wait=on_wait, stop=stop):
        if not (path / STORE_FILE).exists():   # (the live index itself may be damaged: not opened)
            from search.errors import IndexNotFound
            raise IndexNotFound(str(path))
        store = CaptureStore(path / STORE_FILE)
        new_dir, live_dir = path / NEW_DIR, path / WHOOSH_DIR
        shutil.rmtree(new_dir, ignore_errors=True)
        committed = False
        try:
            new_dir.mkdir()
            fresh = Index(path, whoosh_index.FileIndex.create(durable_storage(new_dir), SCHEMA, "MAIN"))
            # Every stored capture is extracted again: mark them all as changed (in the
            # store's open transaction: a reindex that does not finish changes nothing).
            store.db.execute("UPDATE captures SET fingerprint = 'reindex:' || fingerprint")
            reader = CaptureStore(store.path, readonly=True)
            try:
                stored = (Item(source, text=text, kind=kind, hints=hints)
                          for _, source, kind, hints, text in reader.captures())
                summary = _run(fresh, store, stored, workers=workers or default_workers(), batch=batch,
                               store_path=None, on_progress=on_progress, fresh=True, commit_store=False,
                               stop=stop, what="reindex")
            finally:
                fresh.close()
                reader.close()
            build = new_build()
            write_manifest(new_dir, {"build": build})
            seal(new_dir)
            store.set_meta("build", build)
            store.commit()            # the commit point
            committed = True
            swap_in(new_dir, live_dir)
            summary.committed, summary.committed_documents = summary.added + summary.updated, summary.documents
            return summary
        except BaseException:
            if not committed:
                store.db.rollback()
                shutil.rmtree(new_dir, ignore_errors=True)
            raise
        finally:
            store.close()
