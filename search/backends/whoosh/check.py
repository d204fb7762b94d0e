"""`newsfacet check`: verify an index folder and say what is wrong in plain words.

With the writer lock (waiting for a running writer, as any writer does), so that
what it compares is one committed state, and so that it can clean up after a
writer that died (safety.recover: temporary files, an interrupted reindex or
batch). On a read-only folder it checks without the lock and cleans nothing.

What is verified:

- the table of contents (the newest ``_MAIN_N.toc``) reads;
- every file of every segment is there, with the size and CRC-32 recorded when
  it was written (``whoosh/newsfacet.json``);
- every segment opens; its stored fields, document ids, facet terms, columns and a
  sample of its posting lists read; each document's stored id is its indexed id;
- the documents match the capture store: every stored capture's documents are in
  the index once (ids deleted with `newsfacet delete` aside), and every document
  comes from a stored capture;
- the saved per-segment arrays (``arrays/``) are those the segments give.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from search.backends.whoosh import safety
from search.errors import IndexNotFound, IndexWriteError
from search.backends.whoosh.locking import writer_lock
from search.backends.whoosh.schema import ARRAYS_DIR, SCHEMA, WHOOSH_DIR
from search.folder import STORE_FILE, write_errors
from search.settings import LOCK_TIMEOUT

#: One posting list in this many is read in full (all of them: the whole index).
POSTINGS_SAMPLE = 16
#: Most examples named per kind of problem.
EXAMPLES = 5


@dataclass
class Report:
    path: str
    documents: int = 0           # live documents in the index
    segments: int = 0
    captures: int = 0            # stored captures
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)    # what was cleaned, and remarks
    recovered: list[str] = field(default_factory=list)  # what recovery after a dead writer did (also logged)
    locked: bool = True          # checked holding the writer lock

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"index": self.path, "ok": self.ok, "documents": self.documents, "segments": self.segments,
                "captures": self.captures, "problems": self.problems, "notes": self.recovered + self.notes}


def check(index_path: str | os.PathLike, *, lock_timeout: float = LOCK_TIMEOUT,
          on_wait: Callable[[str], None] | None = None) -> Report:
    """Verify the index at `index_path` (see the module doc)."""
    path = Path(index_path)
    wdir = path / WHOOSH_DIR
    if not wdir.is_dir() and not (path / safety.NEW_DIR).is_dir() and not (path / STORE_FILE).exists():
        raise IndexNotFound(str(path))
    report = Report(str(path))
    notes: list[str] = []
    handler = _Collect(notes)
    safety.log.addHandler(handler)
    try:
        with write_errors(path), writer_lock(path, timeout=lock_timeout, on_wait=on_wait):
            _verify(path, report, clean=True)
    except IndexWriteError as exc:
        if "read-only" not in exc.problem and "permission" not in exc.problem:
            raise
        report = Report(str(path), locked=False)
        report.notes.append(f"{exc.problem}: checked without the writer lock, nothing cleaned")
        _verify(path, report, clean=False)
    finally:
        safety.log.removeHandler(handler)
    report.recovered = notes
    return report


class _Collect(logging.Handler):
    """Collects what recovery says (safety.log) for the report."""

    def __init__(self, out: list[str]):
        super().__init__(logging.WARNING)
        self.out = out

    def emit(self, record):
        self.out.append(record.getMessage())


def _verify(path: Path, report: Report, *, clean: bool) -> None:
    from whoosh.filedb.filestore import FileStorage


    wdir = path / WHOOSH_DIR
    problems = report.problems
    if not clean:
        left = safety.leftovers(wdir) if _readable_toc(wdir) else []
        if left:
            report.notes.append(f"{len(left)} leftover file(s) of an interrupted writer (the next writer removes them)")
        if (path / "ingest.journal").exists():
            problems.append("a batch reached the index but not the capture store (ingest.journal); "
                            "the next ingest or check with write access undoes it")
    try:
        gen, segments = safety.toc_state(wdir)
    except Exception as exc:
        problems.append(f"the table of contents of the index cannot be read ({_describe(exc)})")
        return
    report.segments = len(segments)
    files_of = safety.segment_files(wdir, segments)
    sums = safety.read_manifest(wdir).get("files") or {}
    storage = FileStorage(str(wdir))
    live_ids: list[str] = []
    saved_arrays = path / ARRAYS_DIR
    current_ids = set()
    for seg in segments:
        segid = seg.segment_id()
        current_ids.add(segid)
        names = files_of.get(segid, [])
        label = f"segment {segid} ({seg.doc_count()} documents)"
        if not names:
            problems.append(f"{label}: its files are missing")
            continue
        damaged = [n for n in names if n in sums and _sum(wdir / n) != sums[n]]
        missing = [n for n in sums if n.startswith(segid + ".") and n not in names]
        if damaged:
            problems.append(f"{label}: file(s) damaged since they were written (size or checksum differs): "
                            + ", ".join(damaged))
        if missing:
            problems.append(f"{label}: file(s) missing: " + ", ".join(missing))
        try:
            ids, arrays = _read_segment(storage, SCHEMA, seg)
        except Exception as exc:
            problems.append(f"{label}: cannot be read ({_describe(exc)})")
            continue
        live_ids.extend(ids)
        _check_saved_arrays(saved_arrays, segid, arrays, report, clean)
    report.documents = len(live_ids)
    if clean and saved_arrays.is_dir():
        stale = [p for p in saved_arrays.glob("*.pickle") if p.name.split(".", 1)[0] not in current_ids]
        for p in stale:
            p.unlink(missing_ok=True)
        if stale:
            report.notes.append(f"removed {len(stale)} saved array file(s) of segments no longer in the index")
    _compare_with_store(path, live_ids, report)


def _readable_toc(wdir: Path) -> bool:
    try:
        safety.toc_state(wdir)
        return True
    except Exception:
        return False


def _sum(p: Path) -> list[int] | None:
    try:
        return safety.file_sum(p)
    except OSError:
        return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return type(exc).__name__ + (f": {text[:200]}" if text else "")


def _read_segment(storage, schema, seg):
    """Read a segment through: stored fields of every document, the id terms, the facet
    terms, columns and lengths (columns.segment_arrays), a sample of posting lists.
    Returns (ids of its live documents, its arrays)."""
    from whoosh.reading import SegmentReader

    from search.backends.whoosh.columns import segment_arrays, field_postings, segment_postings

    reader = SegmentReader(storage, schema, seg)
    try:
        n = reader.doc_count_all()
        if n != seg.doc_count_all():
            raise ValueError(f"it holds {n} documents, the table of contents says {seg.doc_count_all()}")
        indexed = {}
        for value, docnums in field_postings(reader, "id"):
            for d in docnums.tolist():
                indexed[d] = value
        live = []
        for docnum in range(n):
            stored = reader.stored_fields(docnum)
            if reader.is_deleted(docnum):
                continue
            sid = stored.get("id")
            if sid is None or indexed.get(docnum) != sid:
                raise ValueError(f"document {docnum}: stored id {sid!r} is not its indexed id {indexed.get(docnum)!r}")
            live.append(sid)
        arrays = segment_arrays(reader)
        for i, (fieldname, text) in enumerate(reader.all_terms()):
            if i % POSTINGS_SAMPLE == 0:
                ids, _ = segment_postings(reader, fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
                if len(ids) and (ids.min() < 0 or ids.max() >= n):
                    raise ValueError(f"a posting of {fieldname}:{text!r} points past the segment's end")
        return live, arrays
    finally:
        reader.close()


def _check_saved_arrays(folder: Path, segid: str, built, report: Report, clean: bool) -> None:
    from search.backends.whoosh.columns import load_saved, saved_path

    if not folder.is_dir():
        return
    saved_file = saved_path(folder, segid)
    if not saved_file.exists():
        return
    saved = load_saved(folder, segid)
    if saved is not None and _same_arrays(saved, built):
        return
    if clean:
        saved_file.unlink(missing_ok=True)
        report.notes.append(f"removed the saved arrays of segment {segid}: they differed from the segment "
                            "(the next search builds them again)")
    else:
        report.problems.append(f"the saved arrays of segment {segid} differ from the segment "
                               f"(delete {saved_file} or the whole arrays/ folder)")


def _same_arrays(a, b) -> bool:
    try:
        if a.doccount != b.doccount:
            return False
        for f, (values, ords) in b.single.items():
            if a.single[f][0] != values or not np.array_equal(a.single[f][1], ords):
                return False
        for f, (values, docs, ords) in b.multi.items():
            av, ad, ao = a.multi[f]
            if av != values or not np.array_equal(ad, docs) or not np.array_equal(ao, ords):
                return False
        for group_a, group_b in ((a.lengths, b.lengths), (a.numbers, b.numbers)):
            for f, arr in group_b.items():
                if not np.array_equal(group_a[f], arr):
                    return False
        return True
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _compare_with_store(path: Path, live_ids: list[str], report: Report) -> None:
    from search.store import CaptureStore

    problems = report.problems
    store_file = path / STORE_FILE
    if not store_file.exists():
        if live_ids:
            problems.append(f"the capture store ({STORE_FILE}) is missing: {len(live_ids)} documents have "
                            "no stored capture, and `newsfacet reindex` cannot rebuild them")
        return
    try:
        store = CaptureStore(store_file, readonly=True)
        try:
            expected: set[str] = set()
            captures = 0
            for _, ids in store.ids():
                captures += 1
                expected.update(ids)
            deleted = store.deleted()
        finally:
            store.close()
    except Exception as exc:
        if "no such table" in str(exc):   # created by a writer killed before its first commit: empty
            expected, captures, deleted = set(), 0, set()
        else:
            problems.append(f"the capture store ({STORE_FILE}) cannot be read ({_describe(exc)})")
            return
    report.captures = captures
    expected -= deleted
    counts = Counter(live_ids)
    twice = sorted(i for i, c in counts.items() if c > 1)
    if twice:
        problems.append(f"{len(twice)} document(s) are in the index more than once (duplicates), e.g. "
                        + ", ".join(twice[:EXAMPLES]))
    have = set(counts)
    missing = sorted(expected - have)
    extra = sorted(have - expected)
    if missing:
        problems.append(f"{len(missing)} document(s) of stored captures are missing from the index, e.g. "
                        + ", ".join(missing[:EXAMPLES]))
    if extra:
        problems.append(f"{len(extra)} document(s) in the index come from no stored capture, e.g. "
                        + ", ".join(extra[:EXAMPLES]))
