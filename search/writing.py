"""The one writer: Outcomes in, documents in a backend and captures in the capture
store, committed in batches.

Each batch commits the index first, then the capture store, with ``ingest.journal``
naming the batch's captures in between, so that a crash between the two only makes
the next run redo a batch (`undo_journal`). Works on any backend (search/backends/):
it needs only `writer()` and `path` of it.
"""
from __future__ import annotations

import gc
import json
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from search.backends import Backend
from search.errors import Interrupted
from search.extract.canonical import alias_file
from search.folder import fsync_dir
from search.items import Item, Outcome, capture_key, doc_id
from search.store import CaptureStore
from search.workers import CHUNK, chunks, extracted, release_memory


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
    skipped: dict[str, int] = field(default_factory=dict)   # records that are not pages, by reason

    @property
    def captures(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicates + len(self.failed)

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "duplicates": self.duplicates,
                "failed": [{"source": s, "reason": r} for s, r in self.failed],
                "documents": self.documents, "seconds": round(self.seconds, 3),
                "skipped": dict(self.skipped)}


# --------------------------------------------------------------------------- the writer


#: In the index folder while a batch is being committed: the capture keys that may have
#: documents in the index but not (yet) in the capture store.
JOURNAL_FILE = "ingest.journal"


class BatchWriter:
    """Adds outcomes to an index and its capture store, committing in batches.

    A capture's old documents are deleted only when it may have some: it is in the
    store (an update), or the journal says a batch with it reached the index but not
    the store (a crash between the two commits). Deleting by term for every new
    capture cost a term lookup in every segment, a third of the writer's time.
    """

    def __init__(self, index: Backend, store: CaptureStore, summary: Summary, batch: int, *,
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
        if out.status == "skipped":
            s.skipped[out.reason] = s.skipped.get(out.reason, 0) + 1
            return
        key = capture_key(out.articles[0].get("url") if out.articles else None, out.hints, out.fingerprint)
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
        for name in ("title", "outlet", "date", "url", "author", "provenance", "language"):
            if a.get(name):
                doc[name] = a[name]
        if a.get("terms") is not None:   # title and body analysed by the worker (search.analysis.index_terms)
            doc["terms"] = a["terms"]
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
            self.writer.commit()
            self.writer = None
        if self.commit_store:
            self.store.commit()
            self._write_journal(self.unsure)
        self.batch_keys = []
        self.pending = 0
        self.summary.committed = self.summary.added + self.summary.updated
        self.summary.committed_documents = self.summary.documents
        release_memory()   # a batch's postings and the segment merge are freed: give them back

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
        fsync_dir(self.journal.parent)   # on disk before the index commits

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

#: While the writer runs, a full collection of the garbage collector waits for this many
#: collections of the middle generation (CPython's default: 10).
FULL_COLLECTION_AFTER = 1000


@contextmanager
def few_full_collections() -> Iterator[None]:
    """Full garbage collections only rarely while the writer runs, as before once it ends.

    The writer holds a batch's postings in Whoosh's pool until it commits: hundreds of
    thousands of small objects, and a process ingesting from a list holds every record
    too. Each full collection walks all of them and finds no garbage there (they are let
    go by reference counts). Ingesting 20,000 Reuters records as bench/search_speed.py
    does, the writer made 9 full collections, 0.7 s of its 13.5 s of CPU; with this,
    none. The two younger generations are collected as always."""
    old = gc.get_threshold()
    gc.set_threshold(old[0], old[1], max(old[2], FULL_COLLECTION_AFTER))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def run(index: Backend, store: CaptureStore, items: Iterable[Item], *, workers: int, batch: int,
         store_path: Path | None, on_progress: Progress | None, fresh: bool = False,
         commit_store: bool = True, stop: threading.Event | None = None, what: str = "ingest") -> Summary:
    """Extract and write `items`, committing every `batch` captures (at chunk ends).

    `stop` set (the CLI sets it on Ctrl-C or SIGTERM): the run stops after the chunk in
    hand, commits what it has and raises Interrupted with the summary. A KeyboardInterrupt
    (a second Ctrl-C) drops the batch in hand instead; the last commit stays either way."""
    summary = Summary()
    start, start_cpu = time.perf_counter(), time.process_time()
    w = BatchWriter(index, store, summary, batch, journal=None if fresh else index.path / JOURNAL_FILE,
                    commit_store=commit_store)
    # Once every capture is handed out, the captures still being extracted are counted
    # (`to_come`): a batch in hand at least as big is committed then, while the workers
    # finish them, so that the last commit, which they sit out, is the smaller one.
    to_come: list[int] = []
    with few_full_collections():
        done = 0
        outcomes_of = extracted(chunks(items, min(CHUNK, batch)), workers, store_path, batch,
                                aliases=alias_file(index.path), on_input_end=to_come.append)
        try:
            if stop is not None and stop.is_set():   # asked to stop while waiting for the lock
                raise Interrupted(what, summary)
            for outcomes, cpu in outcomes_of:
                summary.extract_cpu += cpu
                for out in outcomes:
                    w.add(out)
                done += len(outcomes)
                left = to_come.pop() - len(outcomes) if to_come else 0
                if w.pending >= batch or 0 < left <= w.pending:
                    w.commit()
                if on_progress:
                    on_progress(done, summary.documents)
                if stop is not None and stop.is_set():
                    outcomes_of.close()
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
            outcomes_of.close()
            summary.seconds = time.perf_counter() - start
            summary.writer_cpu = time.process_time() - start_cpu
            if workers <= 1:
                summary.writer_cpu -= summary.extract_cpu
    return summary


def undo_journal(index: Backend) -> int | None:
    """Undo a batch that reached the index but not the capture store (the writer died
    between the two commits; ``ingest.journal`` names its captures): their documents are
    deleted from the index, and those of captures the store has (an update that did not
    commit) are written again from the stored capture. Afterwards the index and the store
    agree. Returns the number of captures named, None if there is no journal. Call while
    holding the writer lock."""
    journal = index.path / JOURNAL_FILE
    if not journal.exists():
        return None
    try:
        keys = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        keys = None
    if not isinstance(keys, list):
        journal.unlink(missing_ok=True)   # written atomically, so this is not ours: nothing to undo
        return 0
    store = CaptureStore(index.store_path)
    try:
        w = BatchWriter(index, store, Summary(), batch=len(keys) + 1, journal=None, force=True)
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
            for outcomes, _ in extracted(chunks(items), 1, None, aliases=alias_file(index.path)):
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
