"""Searching the Whoosh backend's arrays: matches and BM25F scores (evaluate.py),
facet counts (facets.py), the order of results and one page of them (syndicated
copies collapsed), hits, and "did you mean".
"""
from __future__ import annotations

import math

import numpy as np

from search.analysis import query_languages, terms
from search.backends.whoosh import facets
from search.backends.whoosh.columns import Columns
from search.backends.whoosh.evaluate import Evaluator
from search.errors import DocumentNotFound
from search.query import Node, words
from search.request import SearchRequest
from search.results import WORD_RE, highlighter, single_term

#: Fewer hits than this and a spelling suggestion is looked for.
SUGGEST_BELOW = 3


def run(cols: Columns, node: Node, request: SearchRequest, exclude: np.ndarray | None = None) -> dict:
    matches = Evaluator(cols).run(node)
    base = matches.mask
    if exclude is not None:
        base &= ~exclude
    sel = request.selection
    masks = facets.selection_masks(cols, sel)
    final = facets.apply(base, masks)
    docs = np.flatnonzero(final)
    start = (request.page - 1) * request.per_page
    page_docs, total = page_of(cols, docs, matches.score, request.sort, request.collapse, start, request.per_page)
    highlight = highlighter(node, query_languages(cols.values.get("language", ())))
    hits = [_hit(cols, int(d), float(matches.score[d]), highlight) for d in page_docs]
    facet_objs = facets.compute(cols, base, sel, top=request.facet_top, interval=request.interval, masks=masks)
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


def sort(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str) -> np.ndarray:
    """`docs` in result order (all of them)."""
    return docs[np.lexsort(_sort_keys(cols, docs, score, sort))]


def page_of(cols: Columns, docs: np.ndarray, score: np.ndarray, sort: str, collapse: bool,
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
            order = one_per_cluster(cols, order)
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


def one_per_cluster(cols: Columns, order: np.ndarray) -> np.ndarray:
    """The first document of each syndication cluster, in order."""
    clusters = cols.cluster[order]
    single = clusters == 0
    _, first = np.unique(clusters, return_index=True)
    keep = np.zeros(len(order), dtype=bool)
    keep[first] = True
    keep |= single
    return order[keep]


# --------------------------------------------------------------------------- hits


def docnum_of(cols: Columns, doc_id: str) -> int:
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
        "copies": copies, "copy_outlets": outlets, "language": s.get("language"),
    }


def _copies(cols: Columns, docnum: int) -> tuple[int, int]:
    """How many documents (live) are in the document's cluster, and in how many outlets."""
    c = cols.cluster[docnum]
    if c == 0 or cols.cluster_size[c] <= 1:
        return 1, 1
    members = cols.cluster_members(int(c))
    outlets = cols.ords["outlet"][members]
    return len(members), len(np.unique(outlets[outlets >= 0]))


def cluster_members(cols: Columns, docnum: int) -> list[int]:
    c = cols.cluster[docnum]
    if c == 0:
        return [docnum]
    return cols.cluster_members(int(c)).tolist()


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
        analysed = terms(w.text)
        if len(analysed) != 1 or reader.doc_frequency("body", analysed[0]) > 0:
            continue
        found = corrector.suggest(analysed[0], limit=1, maxdist=2)
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
        for m in WORD_RE.finditer(body):
            if single_term(m.group(0).lower()) == stem:
                return m.group(0).lower()
    return None
