"""The capture store: every raw capture ingested, compressed, in one SQLite file
in the index folder (``captures.sqlite``), so that `newsfacet reindex` can
rebuild the index without the original files; plus the MinHash signatures and
LSH bands that assign syndication clusters, and the ids the user deleted.
"""
from __future__ import annotations

import json
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Iterator

from search import syndication

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    key TEXT PRIMARY KEY,        -- canonical URL, else content fingerprint
    fingerprint TEXT NOT NULL,   -- of the capture text, its kind and the hints
    source TEXT NOT NULL,
    kind TEXT NOT NULL,          -- text | html
    hints TEXT NOT NULL,         -- JSON: url, outlet, date, title, actors
    data BLOB NOT NULL,          -- zlib-compressed UTF-8 text
    ids TEXT NOT NULL,           -- JSON list of the document ids it gave
    stored_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS captures_fingerprint ON captures(fingerprint);
CREATE TABLE IF NOT EXISTS signatures (id TEXT PRIMARY KEY, cluster INTEGER NOT NULL, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_band ON bands(band);
CREATE INDEX IF NOT EXISTS bands_id ON bands(id);
CREATE TABLE IF NOT EXISTS deleted (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def deflate(data: bytes, level: int = 6) -> bytes:
    """`zlib.compress(data, level)`, with a window and hash table sized to the data.

    zlib's defaults (a 32 KB window, a 64 KB hash table) are set up, cleared and freed on
    every call: for a news story's 1-5 KB that is most of the work (68 us for 1.2 KB, 10 us
    with a 4 KB window). A window at least as long as the data finds the same matches, and
    the result is an ordinary zlib stream (`zlib.decompress` reads it, as it reads any)."""
    bits = min(15, max(10, (len(data) + 262).bit_length()))   # 262: deflate's look-ahead
    packer = zlib.compressobj(level, zlib.DEFLATED, bits, min(8, max(1, bits - 7)))
    return packer.compress(data) + packer.flush()


def compress(text: str) -> bytes:
    """A capture's text as the store keeps it (done by the ingest workers)."""
    return deflate(text.encode("utf-8"), 6)


def decompress(data: bytes) -> str:
    """The text that `compress` was given."""
    return zlib.decompress(data).decode("utf-8")


#: The page cache of a store being written (MB; SQLite's default is 2 MB). Every new
#: document looks up and adds 16 LSH bands at random places of the bands index, which
#: outgrows any cache (about 120 bytes a band with its two indexes: 38 MB at 20,000
#: documents); the captures' pages pass through the same cache as they are written, and
#: would fill any size with pages never read again. A cache sized to hold the whole
#: bands index (as this was, up to 128 MB) saved 1.7 CPU seconds in 20,000 documents
#: (the store alone: random signatures, 40 KB captures, commits of 1,000), 0.1 ms a
#: document against about 40 ms to extract one, for 22 MB more of the writer's memory;
#: 8 or 24 MB cost the same as 16, and 8 is 8 MB less of the writer's (bench/archives.py).
CACHE_MB = 8


class CaptureStore:
    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._next_cluster: int | None = None
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=60)
        else:
            self.db = sqlite3.connect(self.path, timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk when it returns (one fsync per batch), so that a
            # power cut never loses a store commit the index already has (see writing.py).
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
            self.db.commit()
            self.db.execute(f"PRAGMA cache_size=-{CACHE_MB * 1024}")

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # ------------------------------------------------------------------ captures

    def has_fingerprint(self, fingerprint: str) -> bool:
        return self.db.execute("SELECT 1 FROM captures WHERE fingerprint = ? LIMIT 1",
                               (fingerprint,)).fetchone() is not None

    def fingerprint_of(self, key: str) -> str | None:
        row = self.db.execute("SELECT fingerprint FROM captures WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, fingerprint: str, source: str, kind: str, hints: dict, data: bytes,
            ids: list[str]) -> None:
        """Store a capture; `data` is its text as `compress` gives it."""
        self.db.execute(
            "INSERT OR REPLACE INTO captures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, fingerprint, source, kind, json.dumps(hints), data, json.dumps(ids), time.time()))

    def captures(self) -> Iterator[tuple[str, str, str, dict, str]]:
        """Every stored capture: (key, source, kind, hints, text)."""
        for key, source, kind, hints, data in self.db.execute(
                "SELECT key, source, kind, hints, data FROM captures ORDER BY rowid"):
            yield key, source, kind, json.loads(hints), decompress(data)

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]

    def ids(self) -> Iterator[tuple[str, list[str]]]:
        """(key, document ids) of every stored capture."""
        for key, ids in self.db.execute("SELECT key, ids FROM captures"):
            yield key, json.loads(ids)

    def capture(self, key: str) -> tuple[str, str, dict, str] | None:
        """(source, kind, hints, text) of one stored capture, or None."""
        row = self.db.execute("SELECT source, kind, hints, data FROM captures WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return row[0], row[1], json.loads(row[2]), decompress(row[3])

    # ------------------------------------------------------------------ meta

    def get_meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:   # a store written before the meta table
            return None
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ deletions

    def mark_deleted(self, ids: list[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO deleted VALUES (?)", [(i,) for i in ids])

    @classmethod
    def record_deleted(cls, path: Path, ids: list[str]) -> None:
        """Mark documents deleted in the store at `path` (a backend's delete), committed:
        they stay deleted through re-ingest and reindex."""
        store = cls(path)
        try:
            store.mark_deleted(ids)
            store.commit()
        finally:
            store.close()

    def deleted(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM deleted")}

    # ------------------------------------------------------------------ clusters

    def assign_cluster(self, doc_id: str, sig: bytes | None, *, new: bool = False) -> int:
        """The syndication cluster number of a document: a copy's, else a new one (0: too short
        to tell). `new`: the caller knows the document has no signature here yet."""
        if sig is None:
            return 0
        row = None if new else self.db.execute("SELECT cluster, sig FROM signatures WHERE id = ?",
                                               (doc_id,)).fetchone()
        if row is not None and syndication.resemblance(row[1], sig) >= syndication.THRESHOLD:
            return row[0]  # the same document again: keep its cluster
        keys = syndication.bands(sig)
        marks = ",".join("?" * len(keys))
        best, best_sim = None, syndication.THRESHOLD
        for other, other_cluster, other_sig in self.db.execute(
                f"SELECT DISTINCT s.id, s.cluster, s.sig FROM bands b JOIN signatures s ON s.id = b.id "
                f"WHERE b.band IN ({marks}) AND b.id != ? LIMIT 50", (*keys, doc_id)):
            sim = syndication.resemblance(other_sig, sig)
            if sim >= best_sim:
                best, best_sim = other_cluster, sim
        if best is None:
            if self._next_cluster is None:
                self._next_cluster = self.db.execute("SELECT COALESCE(MAX(cluster), 0) + 1 FROM signatures").fetchone()[0]
            best, self._next_cluster = self._next_cluster, self._next_cluster + 1
        if row is not None:
            self.db.execute("DELETE FROM bands WHERE id = ?", (doc_id,))
        self.db.executemany("INSERT INTO bands VALUES (?, ?)", [(k, doc_id) for k in keys])
        self.db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)", (doc_id, best, sig))
        return best
