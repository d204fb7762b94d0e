"""The SphinxQL backend: the same engine on a cluster of `searchd` nodes (Sphinx 2.2
here, Manticore Search in production; both speak SphinxQL over the MySQL protocol).

Layout (local.py generates the configs): N shards, each a real-time
index ``nf_shard``; an article goes to shard ``crc32(id) % N``. A coordinator serves
the distributed index ``nf`` whose agents are the shards; every search goes there.
The index folder (``--index``) keeps what it keeps for Whoosh: the raw captures
(``captures.sqlite``, for ``reindex`` on either backend), and here also
``sphinx.sqlite``, the names behind the outlet and actor numbers.

Text: title and body are indexed as *our* analysed terms (search.analysis.terms: the
same tokens, stop words and Porter stems as the Whoosh index), each written as a
Sphinx keyword (`keyword`), so that both backends match exactly the same documents
(Sphinx's own stem_en and tokenizer differ from Whoosh's on many words). Phrases and
prefixes still work: the terms keep their positions, and a term's keyword starts
with the keyword of any prefix of it. Outlet, actors (MVA) and day are attributes
for filters and FACET counts; outlet and actor values are also marker keywords of a
third field, ``tags``, so that ``outlet:``/``actor:`` may sit anywhere in a query.

The JSON object is the engine's (search/engine.py); the shared parts are used as they are:
request checks, the query parser, the highlighter, the facet objects and the date
interval. Differences from Whoosh: scores (Sphinx's BM25 ranker, so the order of
equal-total results may differ), no "did you mean" suggestion, and a ``date:``
range must be ANDed with the rest of the query (the clear error otherwise).
"""
from __future__ import annotations

import json
import math
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Callable, Iterator

import pymysql

from search import facets as facetlib
from search.facets import FACETS, VALUE_FACETS
from search.analysis import terms
from search.backends.sphinx.schema import (DIST_INDEX, FIRST_GROUPS, NAMES_FILE, NOT_DATED, RANKER, SHARD_INDEX,
                                           Names, ints, keyword, sphinx_id, value_hash)
from search.backends.sphinx.translate import Translator, date_cond
from search.backends.sphinx.writer import SphinxWriter
from search.errors import BadQuery, ClusterUnavailable, DocumentNotFound, IndexNotFound, ShardDown
from search import folder
from search.folder import STORE_FILE
from search.query import DateRange, Node, Terms, parse
from search.results import article_object, copy_object, highlighter
from search.settings import (LOCK_TIMEOUT, SPHINX_CONNECT_TIMEOUT, SPHINX_MAX_GROUPS, SPHINX_READ_TIMEOUT,
                             BackendSettings)
from search.store import CaptureStore

# --------------------------------------------------------------------------- the index


class SphinxBackend:
    """An index folder whose documents live on a SphinxQL cluster."""

    backend = "sphinx"

    def __init__(self, path: Path, settings: BackendSettings):
        self.path = Path(path)
        self.settings = settings
        self.lock = threading.RLock()
        self.names = Names(self.path / NAMES_FILE)
        self._conns: dict[str, pymysql.connections.Connection] = {}
        self.dirty = False   # written to since the last flush

    @classmethod
    def open(cls, path, settings: BackendSettings, *, create: bool = False) -> "SphinxBackend":
        path = Path(path)
        if not ((path / NAMES_FILE).exists() or (path / STORE_FILE).exists()):
            if not create:
                raise IndexNotFound(str(path))
            path.mkdir(parents=True, exist_ok=True)
        return cls(path, settings)

    @property
    def store_path(self) -> Path:
        return self.path / STORE_FILE

    # ------------------------------------------------------------------ connections

    def _connect(self, address: str):
        conn = self._conns.get(address)
        if conn is not None and conn.open:
            return conn
        host, port = address.rsplit(":", 1)
        try:
            conn = pymysql.connect(host=host.strip("[]"), port=int(port), autocommit=True, charset="utf8",
                                   client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS,
                                   connect_timeout=SPHINX_CONNECT_TIMEOUT, read_timeout=SPHINX_READ_TIMEOUT,
                                   write_timeout=SPHINX_READ_TIMEOUT)
        except pymysql.err.OperationalError as exc:
            raise ClusterUnavailable(address, _problem(exc)) from None
        self._conns[address] = conn
        return conn

    def execute(self, address: str, sql: str, args=None, *, sets: int = 1) -> tuple[list[list[tuple]], list[str]]:
        """Run one statement on a node: its result sets (`sets` of them: a FACET query has
        one per facet) and the warnings of SHOW META (a shard that did not answer)."""
        with self.lock:
            for attempt in (0, 1):
                conn = self._connect(address)
                try:
                    with conn.cursor() as cur:
                        cur.execute(sql, args)
                        out = [list(cur.fetchall())]
                        while cur.nextset():
                            out.append(list(cur.fetchall()))
                        warnings = []
                        if sql.lstrip().upper().startswith("SELECT"):
                            cur.execute("SHOW META")
                            warnings = [v for k, v in cur.fetchall() if k == "warning"]
                    return out, warnings
                except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as exc:
                    self._drop(address)
                    code = exc.args[0] if exc.args else 0
                    if code == 1064 or (isinstance(code, int) and code < 2000 and code != 0):
                        raise BadQuery(f"the cluster refused the query: {exc.args[-1]}") from None
                    if attempt:  # a dropped connection is retried once, on a fresh one
                        raise ClusterUnavailable(address, _problem(exc)) from None
                except pymysql.err.ProgrammingError as exc:
                    raise BadQuery(f"the cluster refused the query: {exc.args[-1]}") from None
        raise AssertionError("unreachable")

    def _drop(self, address: str) -> None:
        conn = self._conns.pop(address, None)
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def select(self, sql: str, args=None, *, sets: int = 1, warnings: list[str] | None = None) -> list[list[tuple]]:
        """A query on the coordinator's distributed index; shard warnings go to `warnings`
        (or raise ShardDown when partial results are not allowed)."""
        out, warned = self.execute(self.settings.coordinator, sql, args, sets=sets)
        if warned:
            if self.settings.on_shard_down == "error":
                raise ShardDown(warned)
            if warnings is not None:
                warnings.extend(w for w in warned if w not in warnings)
        return out

    def flush(self) -> None:
        """Save every shard's RAM chunk to disk (FLUSH RTINDEX): what an ingest, delete or
        reindex wrote survives a shard killed later. (Sphinx 2.2.11 as Debian ships it left
        its binlog empty in our tests, so nothing else makes a write durable.)"""
        for address in self.settings.shards:
            self.execute(address, f"FLUSH RTINDEX {SHARD_INDEX}")
        self.dirty = False

    def close(self) -> None:
        with self.lock:
            if self.dirty:
                self.flush()
            for address in list(self._conns):
                self._drop(address)
            self.names.close()

    def __del__(self):
        # An index dropped without close() (a long-lived web app's) still closes its sockets.
        for conn in list(getattr(self, "_conns", {}).values()):
            try:
                conn.close()
            except Exception:
                pass

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, timeout: float = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """The writer lock of the index folder (one writer at a time, as for Whoosh)."""
        with folder.writer_lock(self.path, timeout=timeout, on_wait=on_wait):
            yield

    def writer(self) -> "SphinxWriter":
        return SphinxWriter(self)

    def truncate(self) -> None:
        """Empty every shard (reindex)."""
        for address in self.settings.shards:
            self.execute(address, f"TRUNCATE RTINDEX {SHARD_INDEX}")

    # ------------------------------------------------------------------ searching

    def run(self, node: Node, request, *, exclude: str = "") -> dict:
        """The engine's result object (before took_ms and ordering) for a parsed query."""
        translator = Translator(self.names)
        match, conds = translator.translate(node)
        sel = request.selection
        base = []
        args: list = []
        if match is not None:
            base.append("MATCH(%s)")
            args.append(match)
        if exclude:
            base.append(exclude)
        filters = {}
        if sel.outlet:
            filters["outlet"] = f"outlet IN ({ints(value_hash('outlet', v) for v in sel.outlet)})"
        if sel.actor:
            filters["actor"] = f"actor IN ({ints(value_hash('actor', v) for v in sel.actor)})"
        if sel.language:
            filters["language"] = f"language IN ({ints(value_hash('language', v) for v in sel.language)})"
        if sel.has_date():
            filters["date"] = date_cond(DateRange(sel.date_from, sel.date_to))
        warnings: list[str] = []
        extra = ""

        def where(skip: str | None = None) -> str:
            parts = base + conds + [f for k, f in filters.items() if k != skip]
            return ("WHERE " + " AND ".join(parts)) if parts else ""

        # 1. the facets of every facet with a selection: counted without it
        counts: dict[str, dict] = {}
        # the date histogram counts days, or months or years when the interval is given
        date_attr = {"month": "month", "year": "year"}.get(request.interval or "", "day")
        for name in [n for n in FACETS if n in filters]:
            counts[name] = self._facets(extra, where(name), args, [name], warnings, date_attr=date_attr)
        # 2. the page of hits, with the facets that have no selection and the totals
        own = [n for n in FACETS if n not in filters]
        start = (request.page - 1) * request.per_page
        order = {"relevance": "w DESC, day DESC", "newest": "day DESC, w DESC",
                 "oldest": "dsort ASC, w DESC"}[request.sort]
        group = "GROUP BY collapse WITHIN GROUP ORDER BY " + order + " " if request.collapse else ""
        sql = (f"SELECT id, WEIGHT() AS w, day, cluster, IF(day=0,{NOT_DATED},day) AS dsort{extra} "
               f"FROM {DIST_INDEX} {where()} {group}ORDER BY {order} LIMIT {start},{request.per_page} "
               f"OPTION ranker={RANKER}, max_matches={max(1000, start + request.per_page)}")
        rows = self.select(sql, args, warnings=warnings)[0]
        # (a query of its own: Sphinx 2.2 refuses FACET with a WEIGHT() order on a distributed index)
        got = self._facets(extra, where(), args, own + ["has_actor"], warnings, whole=True, date_attr=date_attr)
        counts.update({k: v for k, v in got.items() if k in own})
        total_documents = sum(got["has_actor"].values())
        total = self._collapsed_total(where(), args, warnings) if request.collapse else total_documents
        # facet objects (shared builders)
        facet_objs = {}
        for name in VALUE_FACETS:
            raw = counts[name]
            names = self.names.map(name)
            by_name = {names.get(h, f"#{h}"): n for h, n in raw["values"].items() if h}
            facet_objs[name] = facetlib.value_facet_from_counts(
                by_name, getattr(sel, name), top=request.facet_top, missing=raw["missing"])
        d = counts["date"]
        facet_objs["date"] = facetlib.date_facet_from_days(d["values"], sel, request.interval, d["missing"],
                                                           coded=date_attr != "day")
        highlight = highlighter(node, translator.languages)
        hits = self._hits(rows, highlight, warnings)
        return {
            "query": request.query, "total": total, "page": request.page, "per_page": request.per_page,
            "hits": hits, "facets": facet_objs, "suggestion": None,
            "pages": max(1, math.ceil(total / request.per_page)), "sort": request.sort,
            "collapsed": request.collapse, "total_documents": int(total_documents), "warnings": warnings,
        }

    def _facets(self, extra: str, where: str, args: list, names: list[str], warnings: list[str],
                whole: bool = False, date_attr: str = "day") -> dict:
        """Counts per value of `names` over the documents of `where` (and has_actor, for the
        actor facet's documents without actors); `whole`: all of them, else the first's."""
        names = names if "has_actor" in names else names + ["has_actor"]
        counted: dict[str, list] = {}
        todo, limit = list(names), FIRST_GROUPS
        while todo:  # a bigger group buffer costs time (it is set up per query): grown where needed
            # One GROUP BY query per facet, sent together (one round trip). Not FACET: on a
            # distributed index it took 2 to 8 times as long for the same counts (bench/cluster.py).
            sql = ";\n".join(
                f"SELECT GROUPBY() AS g, COUNT(*) AS n{extra} FROM {DIST_INDEX} {where} "
                f"GROUP BY {date_attr if name == 'date' else _ATTR[name]} "
                f"ORDER BY n DESC LIMIT {limit} OPTION ranker=none, max_matches={limit}" for name in todo)
            sets = self.select(sql, list(args) * len(todo), warnings=warnings)
            counted.update(zip(todo, sets))
            full = [name for name, rows in zip(todo, sets) if len(rows) >= limit]
            if full and limit >= SPHINX_MAX_GROUPS:
                warnings.append(f"more than {limit} distinct values of {', '.join(full)}: some counts left out")
                break
            todo, limit = full, min(SPHINX_MAX_GROUPS, limit * 10)
        kinds = names
        sets = [counted[name] for name in names]
        got = _read_facets(sets, kinds)
        return got if whole else got[names[0]]

    def _collapsed_total(self, where: str, args: list, warnings: list[str]) -> int:
        """Results once each syndication cluster counts once: COUNT(DISTINCT collapse) on
        each shard, added up (a cluster's copies are on one shard: shard_of). The
        coordinator cannot do it: a distributed COUNT(DISTINCT) is not exact."""
        total = 0
        for i, address in enumerate(self.settings.shards):
            try:
                rows, _ = self.execute(address, f"SELECT COUNT(DISTINCT collapse) AS n FROM {SHARD_INDEX} {where} "
                                       f"OPTION ranker=none", args)
            except ClusterUnavailable as exc:
                if self.settings.on_shard_down == "error":
                    raise ShardDown([str(exc)]) from None
                warned = f"shard {i + 1} ({address}) did not answer: results counted without it"
                if warned not in warnings:
                    warnings.append(warned)
                continue
            total += int(rows[0][0][0]) if rows[0] else 0
        return total

    def _hits(self, rows: list[tuple], highlight, warnings: list[str]) -> list[dict]:
        if not rows:
            return []
        docs = self._docs([r[0] for r in rows], warnings)
        clusters = sorted({r[3] for r in rows if r[3] > 0})
        copies: dict[int, tuple[int, int]] = {}
        if clusters:
            groups = self.select(f"SELECT cluster, outlet, COUNT(*) AS n FROM {DIST_INDEX} "
                                 f"WHERE cluster IN ({ints(clusters)}) GROUP BY cluster, outlet "
                                 f"LIMIT {FIRST_GROUPS} OPTION max_matches={FIRST_GROUPS}", warnings=warnings)[0]
            per: dict[int, list[tuple[int, int]]] = {}
            for c, o, n in groups:
                per.setdefault(c, []).append((o, n))
            for c, outlets in per.items():
                members = sum(n for _, n in outlets)
                if members > 1:
                    copies[c] = (members, sum(1 for o, _ in outlets if o))
        hits = []
        for sid, w, day, c, *_ in rows:
            s = docs.get(sid)
            if s is None:
                continue
            n, o = copies.get(c, (1, 1))
            hits.append({
                "id": s["id"], "title": s.get("title"), "outlet": s.get("outlet"), "date": s.get("date"),
                "actors": [{"name": a, "type": t} for a, t in s.get("actors", [])],
                "url": s.get("url"), "snippet": highlight(s.get("body") or ""), "score": round(float(w), 4),
                "copies": n, "copy_outlets": o, "language": s.get("language"),
            })
        return hits

    def _docs(self, sids: list[int], warnings: list[str] | None = None) -> dict[int, dict]:
        rows = self.select(f"SELECT id, doc FROM {DIST_INDEX} WHERE id IN ({ints(sids)}) LIMIT {len(sids)}",
                           warnings=warnings)[0]
        return {sid: json.loads(doc) for sid, doc in rows}

    def document(self, doc_id: str) -> tuple[dict, int]:
        sid = sphinx_id(doc_id)
        rows = self.select(f"SELECT id, doc, cluster FROM {DIST_INDEX} WHERE id = {sid}")[0]
        if not rows:
            raise DocumentNotFound(doc_id)
        return json.loads(rows[0][1]), rows[0][2]

    # ------------------------------------------------------------------ engine entry points

    def search(self, request) -> dict:
        node = parse(request.query, any_word=request.any_word)
        return self.run(node, request)

    def similar(self, doc_id: str, request) -> dict:
        doc, own = self.document(doc_id)
        text = (doc.get("title") or "") + "\n" + (doc.get("body") or "")
        node = Terms(self.key_terms(text, language=doc.get("language", "en"))) or Terms(("",))
        if not node.terms:
            node = Terms(("",))
        exclude = f"id<>{sphinx_id(doc_id)}" + (f" AND cluster<>{own}" if own > 0 else "")
        return self.run(node, request, exclude=exclude)

    def key_terms(self, text: str, count: int = 25, language: str | None = "en") -> tuple[str, ...]:
        """The document's most telling terms: frequency in it times log inverse document
        frequency in the cluster (CALL KEYWORDS on each shard)."""
        tf = Counter(terms(text, language))
        candidates = [t for t, _ in tf.most_common(200)]
        if not candidates:
            return ()
        df: Counter = Counter()
        total = 0
        for address in self.settings.shards:
            try:
                out, _ = self.execute(address, "CALL KEYWORDS(%s, %s, 1)",
                                      (" ".join(keyword(t) for t in candidates), SHARD_INDEX))
                rows, _ = self.execute(address, f"SELECT COUNT(*) FROM {SHARD_INDEX}")
            except ClusterUnavailable:
                continue   # a shard down: the others' statistics (the search itself warns)
            for row in out[0]:
                df[row[1]] += int(row[3])
            total += int(rows[0][0][0]) if rows[0] else 0
        scored = sorted(candidates, key=lambda t: -tf[t] * math.log(1 + total / (1 + df[keyword(t)])))
        return tuple(scored[:count])

    def explain(self, node: Node) -> list[str]:
        """The SphinxQL this backend sends for the query."""
        match, conds = Translator(self.names).translate(node)
        return [f"  MATCH({match!r})" + "".join(f" AND {c}" for c in conds)]

    def show(self, doc_id: str) -> dict:
        s, c = self.document(doc_id)
        copies = []
        if c > 0:
            rows = self.select(f"SELECT id, doc FROM {DIST_INDEX} WHERE cluster = {int(c)} LIMIT 1000")[0]
            for _, doc in rows:
                o = json.loads(doc)
                if o["id"] != s["id"]:
                    copies.append(copy_object(o))
        return article_object(s, copies)

    def facet_values(self, name: str, request, prefix: str = "") -> dict:
        node = parse(request.query, any_word=request.any_word)
        match, conds = Translator(self.names).translate(node)
        sel = request.selection
        parts, args = [], []
        if match is not None:
            parts.append("MATCH(%s)")
            args.append(match)
        parts += conds
        if sel.outlet and name != "outlet":
            parts.append(f"outlet IN ({ints(value_hash('outlet', v) for v in sel.outlet)})")
        if sel.actor and name != "actor":
            parts.append(f"actor IN ({ints(value_hash('actor', v) for v in sel.actor)})")
        if sel.language and name != "language":
            parts.append(f"language IN ({ints(value_hash('language', v) for v in sel.language)})")
        if sel.has_date():
            parts.append(date_cond(DateRange(sel.date_from, sel.date_to)))
        raw = self._facets("", ("WHERE " + " AND ".join(parts)) if parts else "", args, [name], [])
        names = self.names.map(name)
        by_name = {names.get(h, f"#{h}"): n for h, n in raw["values"].items() if h}
        out = facetlib.value_facet_from_counts(by_name, getattr(sel, name), top=request.facet_top,
                                               prefix=prefix, missing=raw["missing"])
        return out

    def stats(self) -> dict:
        got = self._facets("", "", [], ["outlet", "actor", "date", "cluster", "has_actor"], [], whole=True)
        days = [d for d, n in got["date"]["values"].items() if d > 0 and n > 0]
        stored = CaptureStore(self.store_path, readonly=True) if self.store_path.exists() else None
        size = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        out = {
            "index": str(self.path),
            "documents": int(sum(got["has_actor"].values())),
            "captures": stored.count() if stored else 0,
            "segments": len(self.settings.shards),
            "outlets": sum(1 for h, n in got["outlet"]["values"].items() if h and n),
            "actors": sum(1 for h, n in got["actor"]["values"].items() if h and n),
            "without_outlet": got["outlet"]["missing"],
            "without_date": got["date"]["missing"],
            "first_date": Date.fromordinal(min(days)).isoformat() if days else None,
            "last_date": Date.fromordinal(max(days)).isoformat() if days else None,
            "clusters_with_copies": sum(1 for c, n in got["cluster"].items() if c > 0 and n > 1),
            "bytes": size,
            "backend": "sphinx",
            "nodes": list(self.settings.nodes),
        }
        if stored:
            stored.close()
        return out

    def delete(self, doc_ids: list[str]) -> list[str]:
        sids = {d: sphinx_id(d) for d in doc_ids}
        rows = self.select(f"SELECT id FROM {DIST_INDEX} WHERE id IN ({ints(sids.values())}) "
                           f"LIMIT {len(sids)}")[0]
        present = {r[0] for r in rows}
        missing = [d for d in doc_ids if sids[d] not in present]
        found = [d for d in doc_ids if sids[d] in present]
        if found:
            for address in self.settings.shards:
                self.execute(address, f"DELETE FROM {SHARD_INDEX} WHERE id IN ({ints(sids[d] for d in found)})")
            self.flush()
            CaptureStore.record_deleted(self.store_path, found)
        return missing


#: The attribute each facet counts.
_ATTR = {"outlet": "outlet", "actor": "actor", "language": "language", "date": "day", "has_actor": "has_actor", "cluster": "cluster"}


def _read_facets(sets: list[list[tuple]], kinds: list[str]) -> dict:
    out: dict = {}
    for kind, rows in zip(kinds, sets):
        counts = {int(r[0]): int(r[1]) for r in rows}
        if kind in ("has_actor", "cluster"):
            out[kind] = counts
        else:
            out[kind] = {"values": counts, "missing": counts.get(0, 0)}
    if "actor" in out and "has_actor" in out:
        out["actor"]["missing"] = out["has_actor"].get(0, 0)
    return out


def _problem(exc: Exception) -> str:
    args = getattr(exc, "args", ())
    return str(args[-1]) if args else type(exc).__name__


# --------------------------------------------------------------------------- the folder


def open_backend(path, settings: BackendSettings, *, create: bool = False) -> SphinxBackend:
    """The cluster of `settings` for the index folder at `path`."""
    return SphinxBackend.open(path, settings, create=create)


def writer_lock(path: Path, settings: BackendSettings | None = None, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None, stop=None):
    """The writer lock of the index folder (one writer at a time, as for Whoosh); the
    cluster needs no recovery (REPLACE makes a batch written twice harmless)."""
    return folder.writer_lock(path, timeout=timeout, on_wait=on_wait, stop=stop)


@contextmanager
def rebuilding(path: Path, settings: BackendSettings, store) -> Iterator[tuple[SphinxBackend, bool]]:
    """The cluster's side of ``reindex``: every shard emptied, then filled by the block
    from the stored captures (each batch commits the capture store as an ingest does).
    Yields (the cluster, True). Call while holding the writer lock."""
    index = SphinxBackend.open(path, settings)
    try:
        index.truncate()
        yield index, True
    except BaseException:
        store.db.rollback()
        raise
    finally:
        index.close()
