"""The one search function, and the JSON-able objects the CLI and the web app show.

`search(index, SearchRequest(...))` returns a plain dict (the object of
``newsfacet search --json`` and of ``GET /api/search``)::

    {query, total, page, per_page, took_ms, hits, facets, suggestion,
     pages, sort, collapsed, total_documents}

hits: ``{id, title, outlet, date, actors, url, snippet, score, copies, copy_outlets}``;
facets: ``{outlet, actor, date}``, each ``{values: [{value, count, selected}], truncated,
missing, counts}`` (date also ``interval``, ``from``, ``to``).
"""
from __future__ import annotations

import functools
import html
import itertools
import math
import re
import time
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np

from search import facets
from search.backends.whoosh.columns import Columns
from search.errors import BadQuery, DocumentNotFound
from search.backends.whoosh.evaluate import Evaluator, analyze
from search.backends.whoosh.index import Index, merge_tiered, terms as _terms
from search.query import Node, Terms, Word, parse, words
from search.settings import FACET_TOP, MAX_PER_PAGE, MAX_RESULT_WINDOW

SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 240
#: Fewer hits than this and a spelling suggestion is looked for.
SUGGEST_BELOW = 3


@dataclass
class SearchRequest:
    query: str = ""
    outlet: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    date_from: Date | None = None
    date_to: Date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    any_word: bool = False
    collapse: bool = True
    interval: str | None = None      # date histogram: day | month | year (None: from the span)
    facet_top: int = FACET_TOP

    def check(self) -> None:
        """Raise BadQuery for parameters out of bounds."""
        if self.sort not in SORTS:
            raise BadQuery(f"unknown sort {self.sort!r}", hint="sort by " + ", ".join(SORTS))
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery(f"per page must be from 1 to {MAX_PER_PAGE}")
        if self.page < 1 or (self.page - 1) * self.per_page >= MAX_RESULT_WINDOW:
            raise BadQuery(f"page must be from 1 to {MAX_RESULT_WINDOW // self.per_page}",
                           hint="narrow the search instead of paging this deep")
        if self.interval is not None and self.interval not in facets.INTERVALS:
            raise BadQuery(f"unknown interval {self.interval!r}", hint="day, month or year")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadQuery("--from is after --to")
        if not 1 <= self.facet_top <= 1000:
            raise BadQuery("facet size must be from 1 to 1000")

    @property
    def selection(self) -> facets.Selection:
        return facets.Selection(list(self.outlet), list(self.actor), self.date_from, self.date_to)


# --------------------------------------------------------------------------- search


def search(index: Index, request: SearchRequest) -> dict:
    """Run a search: ranked page of hits, facet counts over all matches, suggestion."""
    started = time.perf_counter()
    request.check()
    if not isinstance(index, Index):  # another backend (search/backend.py)
        return _ordered({**index.search(request), "took_ms": round((time.perf_counter() - started) * 1000, 1)})
    node = parse(request.query, any_word=request.any_word)
    with index.lock:
        cols = index.columns()
        result = _run(cols, node, request)
        if result["total"] < SUGGEST_BELOW and request.query.strip():
            result["suggestion"] = suggest(cols, request.query, node)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return _ordered(result)


def similar(index: Index, doc_id: str, request: SearchRequest | None = None) -> dict:
    """More like this: documents sharing the document's most telling words (its own
    syndicated copies left out)."""
    started = time.perf_counter()
    request = request or SearchRequest()
    request.check()
    if not isinstance(index, Index):
        result = index.similar(doc_id, request)
        result.update(query=f"similar:{doc_id}", took_ms=round((time.perf_counter() - started) * 1000, 1))
        return _ordered(result)
    with index.lock:
        cols = index.columns()
        docnum = _docnum(cols, doc_id)
        stored = cols.searcher.stored_fields(docnum)
        text = (stored.get("title") or "") + "\n" + (stored.get("body") or "")
        terms = tuple(t for t, _ in cols.searcher.key_terms_from_text("body", text, numterms=25))
        node = Terms(terms) if terms else Terms(("",))
        own = cols.cluster[docnum]
        exclude = cols.cluster == own if own > 0 else np.zeros(cols.size, dtype=bool)
        exclude[docnum] = True
        result = _run(cols, node, request, exclude=exclude)
    result["query"] = f"similar:{doc_id}"
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return _ordered(result)


def _ordered(result: dict) -> dict:
    keys = ("query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion",
            "pages", "sort", "collapsed", "total_documents")
    out = {k: result.get(k) for k in keys}
    out["warnings"] = result.get("warnings") or []   # e.g. a shard of the cluster that did not answer
    return out


def _run(cols: Columns, node: Node, request: SearchRequest, exclude: np.ndarray | None = None) -> dict:
    matches = Evaluator(cols).run(node)
    base = matches.mask
    if exclude is not None:
        base &= ~exclude
    sel = request.selection
    masks = facets.selection_masks(cols, sel)
    final = facets.apply(base, masks)
    docs = np.flatnonzero(final)
    start = (request.page - 1) * request.per_page
    page_docs, total = _page(cols, docs, matches.score, request.sort, request.collapse, start, request.per_page)
    highlight = _highlighter(node)
    hits = [_hit(cols, int(d), float(matches.score[d]), highlight) for d in page_docs]
    facet_objs = facets.compute(cols, base, sel, top=request.facet_top, interval=request.interval, masks=masks)
    for f in facet_objs.values():
        f["counts"] = "documents"   # every syndicated copy counts, also when results are collapsed
    return {
        "query": request.query, "total": total, "page": request.page, "per_page": request.per_page,
        "hits": hits, "facets": facet_objs, "suggestion": None,
        "pages": max(1, math.ceil(total / request.per_page)), "sort": request.sort,
        "collapsed": request.collapse, "total_documents": int(len(docs)),
    }


def _sort_keys(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str) -> tuple:
    """lexsort keys (last is primary) of the result order. Ties: newer first, then index order."""
    days = cols.day[docs]
    if sort == "relevance":
        return (-days, -score[docs])
    dated = (days >= 0)
    return (-score[docs], days if sort == "oldest" else -days, ~dated)  # dateless last


def _primary(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str) -> np.ndarray:
    """One number per document, ascending in result order (equal for documents the later keys decide)."""
    if sort == "relevance":
        return -score[docs].astype(np.float64)
    days = cols.day[docs].astype(np.float64)
    key = days if sort == "oldest" else -days
    return np.where(days >= 0, key, np.inf)  # dateless last


def _sort(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str) -> np.ndarray:
    """`docs` in result order (all of them)."""
    return docs[np.lexsort(_sort_keys(cols, docs, score, sort))]


def _page(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str, collapse: bool,
          start: int, count: int) -> tuple[np.ndarray, int]:
    """The documents of one page of results (in order), and the number of results.

    Only the head of the order is sorted: the documents whose primary key is within
    the `want` best (np.partition; ties at the edge included, so the head is exactly
    the first documents of the full order), widened while collapsing leaves too few.
    """
    total = _collapsed_count(cols, docs) if collapse else len(docs)
    want = start + count
    if want > total or not len(docs):
        want = total
    k = min(len(docs), max(4 * want, 64))
    key = _primary(cols, docs, score, sort) if k < len(docs) else None
    while True:
        if k >= len(docs):
            head = docs
        else:
            edge = np.partition(key, k - 1)[k - 1]
            head = docs[key <= edge]
        order = head[np.lexsort(_sort_keys(cols, head, score, sort))]
        if collapse:
            order = _one_per_cluster(cols, order)
        if len(order) >= want or len(head) == len(docs):
            return order[start:start + count], total
        k *= 4


def _collapsed_count(cols: Columns, docs: np.ndarray) -> int:
    """Results once each syndication cluster is shown once."""
    clusters = cols.cluster[docs]
    clustered = clusters[clusters > 0]
    seen = np.zeros(len(cols.cluster_size), dtype=bool)
    seen[clustered] = True
    return int(len(docs) - len(clustered) + np.count_nonzero(seen))


def _one_per_cluster(cols: Columns, order: np.ndarray) -> np.ndarray:
    """The first document of each syndication cluster, in order."""
    clusters = cols.cluster[order]
    single = clusters == 0
    _, first = np.unique(clusters, return_index=True)
    keep = np.zeros(len(order), dtype=bool)
    keep[first] = True
    keep |= single
    return order[keep]


# --------------------------------------------------------------------------- hits


def _docnum(cols: Columns, doc_id: str) -> int:
    docnum = cols.searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFound(doc_id)
    return docnum


def _hit(cols: Columns, docnum: int, score: float, highlight) -> dict:
    s = cols.searcher.stored_fields(docnum)
    copies, outlets = _copies(cols, docnum)
    return {
        "id": s["id"], "title": s.get("title"), "outlet": s.get("outlet"), "date": s.get("date"),
        "actors": [{"name": n, "type": t} for n, t in s.get("actors", [])],
        "url": s.get("url"), "snippet": highlight(s.get("body") or ""), "score": round(score, 4),
        "copies": copies, "copy_outlets": outlets,
    }


def _copies(cols: Columns, docnum: int) -> tuple[int, int]:
    """How many documents (live) are in the document's cluster, and in how many outlets."""
    c = cols.cluster[docnum]
    if c == 0 or cols.cluster_size[c] <= 1:
        return 1, 1
    members = cols.cluster_members(int(c))
    outlets = cols.ords["outlet"][members]
    return len(members), len(np.unique(outlets[outlets >= 0]))


def _cluster_members(cols: Columns, docnum: int) -> list[int]:
    c = cols.cluster[docnum]
    if c == 0:
        return [docnum]
    return cols.cluster_members(int(c)).tolist()


# --------------------------------------------------------------------------- snippets

_WORD_RE = re.compile(r"\w+")


def _highlighter(node: Node):
    """A function body -> HTML-escaped snippet with the query's words in <mark>."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for w in words(node):
        if w.field not in (None, "body"):
            continue
        if w.kind == "prefix":
            prefixes.append(w.text.lower())
        else:
            stems.update(analyze(w.text))
    if isinstance(node, Terms):
        stems.update(node.terms)
    return lambda body: snippet(body, stems, prefixes)


def _stem(word: str) -> str | None:
    toks = _terms(word)
    return toks[0] if len(toks) == 1 else None


@functools.lru_cache(maxsize=256)
def _cues(stems: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern | None:
    """A pattern finding the words (``\\w+``, any case) that start with a query word's stem
    less its last letter (the stem of a word is checked after), or with a prefix."""
    cues = {s[:max(2, len(s) - 1)] for s in stems} | set(prefixes)
    cues = sorted((c for c in cues if _WORD_RE.fullmatch(c)), key=len, reverse=True)
    if not cues:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues)) + r")\w*", re.IGNORECASE)


def snippet(body: str, stems: set[str], prefixes: list[str] = (), width: int = SNIPPET_CHARS) -> str:
    """The passage of `body` (about `width` characters) with the most query words, HTML-escaped,
    query words in <mark>. The start of the body when no word matches."""
    body = " ".join(body[:100_000].split())
    spans = []
    cues = _cues(frozenset(stems), tuple(prefixes))
    if cues is not None:
        for m in cues.finditer(body):   # only the words that start like a query word
            low = m.group(0).lower()
            if any(low.startswith(p) for p in prefixes) or _stem(low) in stems:
                spans.append((m.start(), m.end(), low))
    if spans:
        best, best_score = 0, -1
        for i, (s, _, _) in enumerate(spans):
            inside = {w for (_, _, w) in itertools.takewhile(lambda sp: sp[0] < s + width - 40, spans[i:])}
            if len(inside) > best_score:
                best, best_score = i, len(inside)
        start = max(0, spans[best][0] - 40)
    else:
        start = 0
    if start > 0:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for s, e, _ in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(body[pos:s], quote=False))
        out.append("<mark>" + html.escape(body[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(body[pos:end], quote=False))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(body) else "")


# --------------------------------------------------------------------------- did you mean


def suggest(cols: Columns, query: str, node: Node) -> str | None:
    """The query with misspelt words replaced by the closest words in the index, or None."""
    reader = cols.searcher.reader()
    corrector = reader.corrector("body")
    replaced = query
    changed = False
    for w in sorted(words(node), key=lambda w: -w.start):
        if w.kind != "word" or w.field not in (None, "body", "title"):
            continue
        terms = analyze(w.text)
        if len(terms) != 1 or reader.doc_frequency("body", terms[0]) > 0:
            continue
        found = corrector.suggest(terms[0], limit=1, maxdist=2)
        if not found:
            continue
        surface = _surface(cols, found[0]) or found[0]
        token = query[w.start:w.end]
        prefix = token[: len(token) - len(w.text)]  # keep a field: prefix
        replaced = replaced[:w.start] + prefix + surface + replaced[w.end:]
        changed = True
    return replaced if changed else None


def _surface(cols: Columns, stem: str) -> str | None:
    """A word of the index text that stems to `stem` (stems are not always words)."""
    ids, _ = cols.postings("body", stem)
    for docnum in ids[:3].tolist():
        body = cols.searcher.stored_fields(int(docnum)).get("body") or ""
        for m in _WORD_RE.finditer(body):
            if _stem(m.group(0).lower()) == stem:
                return m.group(0).lower()
    return None


# --------------------------------------------------------------------------- documents


def show(index: Index, doc_id: str) -> dict:
    """One document: its article fields, its syndicated copies and what was dropped."""
    if not isinstance(index, Index):
        return index.show(doc_id)
    with index.lock:
        cols = index.columns()
        docnum = _docnum(cols, doc_id)
        s = cols.searcher.stored_fields(docnum)
        copies = []
        for other in _cluster_members(cols, docnum):
            if other != docnum:
                copies.append(copy_object(cols.searcher.stored_fields(other)))
    return article_object(s, copies)


def copy_object(stored: dict) -> dict:
    """A syndicated copy as `show` lists it, from its stored fields (any backend)."""
    return {"id": stored["id"], "outlet": stored.get("outlet"), "date": stored.get("date"),
            "url": stored.get("url"), "title": stored.get("title")}


def article_object(stored: dict, copies: list[dict]) -> dict:
    """The object `show` returns, from a document's stored fields (any backend)."""
    return {
        "id": stored["id"], "source": stored.get("source"), "url": stored.get("url"),
        "title": stored.get("title"), "outlet": stored.get("outlet"), "date": stored.get("date"),
        "author": stored.get("author"),
        "actors": [{"name": n, "type": t} for n, t in stored.get("actors", [])],
        "body": stored.get("body") or "",
        "dropped": [{"text": t, "reason": r} for t, r in stored.get("dropped", [])],
        "copies": copies,
    }


def facet_values(index: Index, name: str, request: SearchRequest, prefix: str = "") -> dict:
    """The values of facet `name` (outlet or actor) whose words start with `prefix`, counted
    over the request's matches with the other facets' selections (for "search in facet")."""
    if name not in ("outlet", "actor"):
        raise BadQuery(f"unknown facet {name!r}", hint="facets with values to search: outlet, actor")
    request.check()
    if not isinstance(index, Index):
        return index.facet_values(name, request, prefix)
    node = parse(request.query, any_word=request.any_word)
    with index.lock:
        cols = index.columns()
        base = Evaluator(cols).run(node).mask
        sel = request.selection
        docs = facets.apply(base, facets.selection_masks(cols, sel), name)
        out = facets.value_facet(cols, name, docs, getattr(sel, name), top=request.facet_top, prefix=prefix)
    out["counts"] = "documents"
    return out


def stats(index: Index) -> dict:
    """Sizes of the index: documents, captures, outlets, actors, dates, clusters, bytes."""
    from search.store import CaptureStore

    if not isinstance(index, Index):
        return index.stats()
    with index.lock:
        cols = index.columns()
        live = cols.live
        days = cols.day[live & (cols.day >= 0)]
        stored = CaptureStore(index.store_path, readonly=True) if index.store_path.exists() else None
        size = sum(p.stat().st_size for p in index.path.rglob("*") if p.is_file())
        out = {
            "index": str(index.path),
            "documents": int(cols.live_count),
            "captures": stored.count() if stored else 0,
            "segments": len(cols.leaves),
            "outlets": int(len(np.unique(cols.ords["outlet"][live & (cols.ords["outlet"] >= 0)]))),
            "actors": int(len(np.unique(cols.multi["actor"][1]))),
            "without_outlet": int((live & (cols.ords["outlet"] < 0)).sum()),
            "without_date": int((live & (cols.day < 0)).sum()),
            "first_date": Date.fromordinal(int(days.min())).isoformat() if len(days) else None,
            "last_date": Date.fromordinal(int(days.max())).isoformat() if len(days) else None,
            "clusters_with_copies": int((cols.cluster_size > 1).sum()),
            "bytes": size,
        }
        if stored:
            stored.close()
    return out


def delete(index: Index, doc_ids: list[str]) -> list[str]:
    """Delete documents by id (they stay deleted through re-ingest and reindex).
    Returns the ids that were not found. Call while holding the writer lock."""
    from search.store import CaptureStore

    if not isinstance(index, Index):
        return index.delete(doc_ids)
    with index.lock:
        searcher = index.searcher()
        missing = [d for d in doc_ids if searcher.document_number(id=d) is None]
    found = [d for d in doc_ids if d not in missing]
    if found:
        writer = index.writer()
        for d in found:
            writer.delete_by_term("id", d)
        writer.commit(mergetype=merge_tiered)
        store = CaptureStore(index.store_path)
        store.mark_deleted(found)
        store.commit()
        store.close()
    return missing
