"""The one search function, and the JSON-able objects the CLI and the web app show.

`search(index, SearchRequest(...))` returns a plain dict (the object of
``newsfacet search --json`` and of ``GET /api/search``)::

    {query, total, page, per_page, took_ms, hits, facets, suggestion,
     pages, sort, collapsed, total_documents, warnings}

hits: ``{id, title, outlet, date, actors, url, snippet, score, copies, copy_outlets}``;
facets: ``{outlet, actor, date}``, each ``{values: [{value, count, selected}], truncated,
missing, counts}`` (date also ``interval``, ``from``, ``to``).

`index` is any Backend (search/backends/): the functions here check the request,
call the backend and give every backend's answer the same shape.
"""
from __future__ import annotations

import time

from search.facets import VALUE_FACETS
from search.backends import Backend
from search.errors import BadQuery
from search.request import SORTS, SearchRequest

__all__ = ["SORTS", "SearchRequest", "search", "similar", "show", "facet_values", "stats", "delete"]

_KEYS = ("query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion",
         "pages", "sort", "collapsed", "total_documents")


def search(index: Backend, request: SearchRequest) -> dict:
    """Run a search: ranked page of hits, facet counts over all matches, suggestion."""
    started = time.perf_counter()
    request.check()
    return _ordered(index.search(request), started)


def similar(index: Backend, doc_id: str, request: SearchRequest | None = None) -> dict:
    """More like this: documents sharing the document's most telling words (its own
    syndicated copies left out)."""
    started = time.perf_counter()
    request = request or SearchRequest()
    request.check()
    result = index.similar(doc_id, request)
    result["query"] = f"similar:{doc_id}"
    return _ordered(result, started)


def _ordered(result: dict, started: float) -> dict:
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
    for f in (result.get("facets") or {}).values():
        f["counts"] = "documents"   # every syndicated copy counts, also when results are collapsed
    out = {k: result.get(k) for k in _KEYS}
    out["warnings"] = result.get("warnings") or []   # e.g. a shard of the cluster that did not answer
    return out


def show(index: Backend, doc_id: str) -> dict:
    """One document: its article fields, its syndicated copies and what was dropped."""
    return index.show(doc_id)


def facet_values(index: Backend, name: str, request: SearchRequest, prefix: str = "") -> dict:
    """The values of facet `name` (outlet, actor or language) whose words start with `prefix`, counted
    over the request's matches with the other facets' selections (for "search in facet")."""
    if name not in VALUE_FACETS:
        raise BadQuery(f"unknown facet {name!r}", hint="facets with values to search: " + ", ".join(VALUE_FACETS))
    request.check()
    out = index.facet_values(name, request, prefix)
    out["counts"] = "documents"
    return out


def stats(index: Backend) -> dict:
    """Sizes of the index: documents, captures, outlets, actors, dates, clusters, bytes."""
    return index.stats()


def delete(index: Backend, doc_ids: list[str]) -> list[str]:
    """Delete documents by id (they stay deleted through re-ingest and reindex).
    Returns the ids that were not found. Call while holding the writer lock."""
    return index.delete(doc_ids)
