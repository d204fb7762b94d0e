"""How the Sphinx backend lays out documents on the cluster: the index names, our
analysed terms as Sphinx keywords, outlet and actor names as numbers (and the
``sphinx.sqlite`` file of the names behind them), marker keywords for values and
dates, document ids and their shards.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import zlib
from datetime import date as Date
from pathlib import Path

from search.analysis import terms

SHARD_INDEX = "nf_shard"
DIST_INDEX = "nf"
NAMES_FILE = "sphinx.sqlite"
#: The ranker: Sphinx's BM25 ranker (its own BM25 variant; title weighted as in
#: index.TEXT_FIELDS). Measured on a 5,000-story Reuters sample (24 queries), its top 10
#: shares 0.52 of the Whoosh backend's BM25F top 10; the expression rankers bm25a()/bm25f()
#: gave every document the same weight on these RT indexes (no field lengths), and
#: sum(tf_idf) shared 0.39. Scores of the two backends are not comparable.
RANKER = "bm25, field_weights=(title=2,body=1)"
FIELDS = {None: "@(title,body)", "title": "@title", "body": "@body"}
ALL_TOKEN, NONE_TOKEN = "zall", "znone"
#: Groups (distinct values) a facet query counts at first; more when a facet has that many.
FIRST_GROUPS = 1000
#: Rows per INSERT statement.
INSERT_ROWS = 500
NOT_DATED = 4294967295   # sorts dateless documents last in "oldest"


# --------------------------------------------------------------------------- keywords


def keyword(term: str) -> str:
    """An index term as a Sphinx keyword. Lower-case letters, digits, _ and every non-ASCII
    character stay as they are (the shards' charset_table keeps them, with no case folding:
    terms are lower-cased already); the other characters a term may hold become upper-case
    ASCII, which no term has: . -> Q, * -> R, anything else -> Z and two hex digits.
    Prefix-preserving, so ``term*`` queries work on keywords. (Sphinx keeps the first 42
    characters of a keyword: longer terms that share those match each other.)"""
    if term.isalnum() and (not term.isascii() or term == term.lower()):
        return term
    out = []
    for c in term:
        if not c.isascii() or c.isdigit() or "a" <= c <= "z" or c == "_":
            out.append(c)
        elif c == ".":
            out.append("Q")
        elif c == "*":
            out.append("R")
        else:
            out.append(f"Z{ord(c):02X}")
    return "".join(out)


def keywords(text: str, language: str | None = "en") -> str:
    """The field text Sphinx indexes for `text` (in `language`): its index terms as keywords."""
    return " ".join(keyword(t) for t in terms(text, language))


def value_hash(kind: str, name: str) -> int:
    """The number of an outlet or actor name (63 bits, never 0)."""
    h = int.from_bytes(hashlib.blake2b(f"{kind}\0{name}".encode("utf-8"), digest_size=8).digest(), "big") >> 1
    return h or 1


def tag(kind: str, h: int) -> str:
    return f"z{kind[0]}{h:x}"


_DOC_ID = re.compile(r"^([0-9a-f]{12})(?:-(\d{1,3}))?$")


def sphinx_id(doc_id: str) -> int:
    """The document number of an id (ingest.doc_id: 12 hex digits, maybe -N)."""
    m = _DOC_ID.match(doc_id)
    if m and int(m.group(2) or 1) < 256:
        return (int(m.group(1), 16) << 8) | int(m.group(2) or 1)
    return value_hash("id", doc_id) >> 7 | 1


def shard_of(doc_id: str, shards: int, cluster: int = 0) -> int:
    """The shard of a document: by the hash of its id; a syndicated copy by its cluster, so
    that a cluster's copies share a shard (each shard can then count collapsed results
    exactly, and the shards' counts add up)."""
    if cluster > 0:
        return cluster % shards
    return zlib.crc32(doc_id.encode("utf-8")) % shards


# --------------------------------------------------------------------------- names


class Names:
    """Outlet and actor names behind their numbers, in ``sphinx.sqlite`` of the index folder."""

    def __init__(self, path: Path, *, write: bool = False):
        self.path = path
        self.db = sqlite3.connect(path, timeout=60, check_same_thread=False)
        if write:
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS names (kind TEXT, hash INTEGER, name TEXT, "
                        "PRIMARY KEY (kind, hash))")
        self.db.commit()
        self._version = None
        self._maps: dict[str, dict[int, str]] = {}
        self._new: set[tuple[str, int, str]] = set()
        self._lock = threading.Lock()

    def add(self, kind: str, name: str) -> int:
        h = value_hash(kind, name)
        self._new.add((kind, h, name))
        return h

    def commit(self) -> None:
        if self._new:
            self.db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", sorted(self._new))
            self._new.clear()
        self.db.commit()

    def map(self, kind: str) -> dict[int, str]:
        """number -> name (re-read when another process added names)."""
        with self._lock:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            count = self.db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
            if (version, count) != self._version:
                self._maps = {"outlet": {}, "actor": {}, "language": {}}
                for k, h, n in self.db.execute("SELECT kind, hash, name FROM names"):
                    self._maps.setdefault(k, {})[h] = n
                self._version = (version, count)
            return self._maps.get(kind, {})

    def matching(self, kind: str, text: str) -> list[int]:
        """The numbers a query value stands for, as the Whoosh backend reads it: the exact
        name, else names equal ignoring case; ``Name*``: names starting so (any case)."""
        names = self.map(kind)
        if text.endswith("*") and len(text) > 1:
            low = text[:-1].casefold()
            return [h for h, n in names.items() if n.casefold().startswith(low)]
        h = value_hash(kind, text)
        if h in names:
            return [h]
        low = text.casefold()
        return [h for h, n in names.items() if n.casefold() == low]

    def close(self) -> None:
        self.db.close()


def date_tags(day: Date) -> list[str]:
    """The date marker keywords of a document dated `day`: its century, decade, year, month, day."""
    y = day.year
    return [f"zdc{y // 100}", f"zdx{y // 10}", f"zdy{y}", f"zdm{y}{day.month:02d}", f"zdd{y}{day.month:02d}{day.day:02d}"]


def ints(values) -> str:
    return ",".join(str(int(v)) for v in values) or "0"
