"""The Sphinx backend's writer: documents as rows of the shards' real-time index,
buffered per shard and sent at commit.
"""
from __future__ import annotations

import json
from datetime import date as Date

import pymysql

from search.backends.sphinx.schema import (ALL_TOKEN, INSERT_ROWS, NAMES_FILE, SHARD_INDEX, Names, date_tags,
                                           ints, keywords, shard_of, sphinx_id, tag, value_hash)

# --------------------------------------------------------------------------- the writer


class SphinxWriter:
    """What the batch writer (search/writing.py) needs of a backend: add a document, delete a capture's
    documents, commit, cancel. Rows are buffered per shard and sent at commit
    (deletions first); REPLACE makes a batch sent twice (after a crash) harmless."""

    def __init__(self, index):   # a SphinxBackend (backend.py)
        self.index = index
        self.names = Names(index.path / NAMES_FILE, write=True)
        self.shards = index.settings.shards
        self.rows: list[list[str]] = [[] for _ in self.shards]
        self.deleted_captures: list[int] = []

    def delete_by_term(self, field: str, value: str) -> None:
        assert field == "capture"
        self.deleted_captures.append(value_hash("capture", value))

    def add_document(self, **doc) -> None:
        did = doc["id"]
        sid = sphinx_id(did)
        outlet = self.names.add("outlet", doc["outlet"]) if doc.get("outlet") else 0
        actors = sorted({self.names.add("actor", a.strip()) for a in (doc.get("actor") or "").split(",")
                         if a.strip()})
        language = self.names.add("language", doc["language"]) if doc.get("language") else 0
        cluster = int(doc.get("cluster") or 0)
        tags = [ALL_TOKEN] + ([tag("outlet", outlet)] if outlet else []) + [tag("actor", a) for a in actors]
        tags += [tag("language", language)] if language else []
        if doc.get("day"):
            tags += date_tags(Date.fromordinal(int(doc["day"])))
        stored = {k: doc.get(k) for k in ("id", "capture", "title", "outlet", "date", "url", "author", "source",
                                          "actors", "dropped", "body", "provenance", "language")}
        esc = self.index_escape
        day = int(doc.get("day") or 0)
        d = Date.fromordinal(day) if day > 0 else None
        month, year = (d.year * 12 + d.month - 1, d.year) if d else (0, 0)
        lang = doc.get("language")
        row = (f"({sid},{esc(keywords(doc.get('title') or '', lang))},{esc(keywords(doc.get('body') or '', lang))},"
               f"{esc(' '.join(tags))},{day},{month},{year},{outlet},({ints(actors) if actors else ''}),"
               f"{1 if actors else 0},{cluster},{cluster if cluster > 0 else -sid},"
               f"{value_hash('capture', doc['capture'])},{esc(json.dumps(stored, ensure_ascii=False))},{language})")
        self.rows[shard_of(did, len(self.shards), cluster)].append(row)

    @staticmethod
    def index_escape(text: str) -> str:
        return "'" + pymysql.converters.escape_string(text) + "'"

    def commit(self, **_) -> None:
        if self.deleted_captures:
            hashes = sorted(set(self.deleted_captures))
            for address in self.shards:
                for i in range(0, len(hashes), 1000):
                    self.index.execute(address, f"DELETE FROM {SHARD_INDEX} WHERE capture IN ({ints(hashes[i:i + 1000])})")
            self.deleted_captures = []
        cols = "id,title,body,tags,day,month,year,outlet,actor,has_actor,cluster,collapse,capture,doc,language"
        for address, rows in zip(self.shards, self.rows):
            for i in range(0, len(rows), INSERT_ROWS):
                self.index.execute(address, f"REPLACE INTO {SHARD_INDEX} ({cols}) VALUES "
                                   + ",".join(rows[i:i + INSERT_ROWS]))
        self.rows = [[] for _ in self.shards]
        self.index.dirty = True
        self.names.commit()
        self.names.close()   # ingest takes a new writer for the next batch

    def cancel(self) -> None:
        self.rows = [[] for _ in self.shards]
        self.deleted_captures = []
        self.names.close()
