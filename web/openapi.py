"""The OpenAPI 3 document of the JSON API (served at /api/openapi.json)."""
from __future__ import annotations

from search import __version__
from search.settings import MAX_PER_PAGE, MAX_QUERY_CHARS

from .data import MAX_PREFIX_CHARS, MAX_SELECTED, MAX_VALUE_CHARS


def _param(name, schema, description, *, where="query", required=False, array=False):
    p = {"name": name, "in": where, "required": required, "description": description}
    if array:
        p.update(schema={"type": "array", "items": schema, "maxItems": MAX_SELECTED}, style="form", explode=True)
    else:
        p["schema"] = schema
    return p


_STR = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_VALUE = {"type": "string", "maxLength": MAX_VALUE_CHARS}

#: Parameters of /api/search (and of the search page), in this order.
SEARCH_PARAMETERS = [
    _param("q", {"type": "string", "maxLength": MAX_QUERY_CHARS},
           'The query: words (all required), "phrases", OR, NOT or -word, prefix*, ( ), title:, '
           "outlet:, actor:, date:2022-01-01..2022-02-28. Empty: every document."),
    _param("outlet", _VALUE, "Only these outlets (repeat: any of them).", array=True),
    _param("actor", _VALUE, "Only documents naming one of these people or organisations (repeat).", array=True),
    _param("language", _VALUE, "Only documents in these languages, ISO 639-1 codes: de, fr (repeat: any).",
           array=True),
    _param("from", _DATE, "Dated on or after (YYYY-MM-DD)."),
    _param("to", _DATE, "Dated on or before (YYYY-MM-DD)."),
    _param("sort", {"type": "string", "enum": ["relevance", "newest", "oldest"], "default": "relevance"},
           "Result order."),
    _param("page", {"type": "integer", "minimum": 1, "default": 1}, "Page of results."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
           "Results per page."),
    _param("any", {"type": "boolean", "default": False}, "Rank by any of the words instead of requiring all."),
    _param("collapse", {"type": "boolean", "default": True}, "One result per syndicated story."),
    _param("interval", {"type": "string", "enum": ["day", "month", "year"]},
           "Date histogram buckets (default: from the span of the matches)."),
    _param("facet_size", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10},
           "Values listed per facet."),
]

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_ERRORS = {"400": {**_ERROR, "description": "Bad query or parameter"},
           "503": {**_ERROR, "description": "No index yet"}}


def _json(ref: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _schemas() -> dict:
    nullable_str = {"type": ["string", "null"]}
    actor = {"type": "object", "required": ["name", "type"],
             "properties": {"name": _STR, "type": {"type": "string", "enum": ["person", "organisation"]}}}
    value = {"type": "object", "required": ["value", "count", "selected"],
             "properties": {"value": _STR, "count": {"type": "integer", "minimum": 0}, "selected": {"type": "boolean"}}}
    facet = {"type": "object", "required": ["values", "truncated", "missing"],
             "properties": {"values": {"type": "array", "items": value}, "truncated": {"type": "boolean"},
                            "missing": {"type": "integer"}, "counts": _STR}}
    date_facet = {"allOf": [facet, {"type": "object", "required": ["interval", "from", "to"], "properties": {
        "interval": {"type": "string", "enum": ["day", "month", "year"]}, "from": nullable_str, "to": nullable_str}}]}
    hit = {"type": "object",
           "required": ["id", "title", "outlet", "date", "actors", "url", "snippet", "score", "copies", "copy_outlets",
                        "language"],
           "properties": {"id": _STR, "title": nullable_str, "outlet": nullable_str, "date": nullable_str,
                          "actors": {"type": "array", "items": actor}, "url": nullable_str,
                          "snippet": {"type": "string", "description": "HTML-escaped text, query words in <mark>"},
                          "score": {"type": "number"}, "copies": {"type": "integer", "minimum": 1},
                          "copy_outlets": {"type": "integer", "minimum": 0}, "language": nullable_str}}
    copy = {"type": "object", "required": ["id", "outlet", "date", "url", "title"],
            "properties": {k: (_STR if k == "id" else nullable_str) for k in ("id", "outlet", "date", "url", "title")}}
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "code", "message"],
            "properties": {"status": {"type": "integer"}, "code": _STR, "message": _STR}}}},
        "Actor": actor, "Facet": facet, "DateFacet": date_facet, "Hit": hit,
        "SearchResult": {
            "type": "object",
            "required": ["query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion",
                         "pages", "sort", "collapsed", "total_documents", "warnings"],
            "properties": {
                "query": _STR, "total": {"type": "integer"}, "page": {"type": "integer"},
                "per_page": {"type": "integer"}, "took_ms": {"type": "number"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "required": ["outlet", "actor", "language", "date"], "properties": {
                    "outlet": {"$ref": "#/components/schemas/Facet"}, "actor": {"$ref": "#/components/schemas/Facet"},
                    "language": {"$ref": "#/components/schemas/Facet"},
                    "date": {"$ref": "#/components/schemas/DateFacet"}}},
                "suggestion": nullable_str, "pages": {"type": "integer"},
                "sort": {"type": "string", "enum": ["relevance", "newest", "oldest"]},
                "collapsed": {"type": "boolean"}, "total_documents": {"type": "integer"},
                "warnings": {"type": "array", "items": _STR,
                             "description": "partial results: e.g. a shard of the search cluster that did not answer"}}},
        "Article": {
            "type": "object",
            "required": ["id", "source", "url", "title", "outlet", "date", "author", "actors", "body", "dropped", "copies",
                         "language"],
            "properties": {
                "id": _STR, "source": nullable_str, "url": nullable_str, "title": nullable_str, "outlet": nullable_str,
                "date": nullable_str, "author": nullable_str, "language": nullable_str,
                "actors": {"type": "array", "items": {"$ref": "#/components/schemas/Actor"}}, "body": _STR,
                "dropped": {"type": "array", "items": {"type": "object", "required": ["text", "reason"],
                                                       "properties": {"text": _STR, "reason": _STR}}},
                "copies": {"type": "array", "items": copy}}},
        "Health": {"type": "object", "required": ["status", "version", "documents"],
                   "properties": {"status": {"type": "string", "enum": ["ok"]}, "version": _STR,
                                  "documents": {"type": "integer"}}},
    }


def document() -> dict:
    search_params = SEARCH_PARAMETERS
    csv_ok = {"description": "The page of hits as CSV; cells starting with = + - @ get a leading apostrophe",
              "content": {"text/csv": {"schema": {"type": "string"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsfacet", "version": __version__,
                 "description": "Full-text search with facets over news clippings. Errors are "
                                '{"error": {"status", "code", "message"}}.'},
        "paths": {
            "/api/search": {"get": {
                "operationId": "search", "summary": "Search: ranked hits, facet counts, suggestion",
                "parameters": search_params + [_param("format", {"type": "string", "enum": ["json", "csv"],
                                                                  "default": "json"}, "Response format.")],
                "responses": {"200": {"description": "OK", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}},
                    "text/csv": {"schema": {"type": "string"}}}}, **_ERRORS}}},
            "/api/search.csv": {"get": {
                "operationId": "searchCsv", "summary": "The page of hits as CSV",
                "parameters": search_params, "responses": {"200": csv_ok, **_ERRORS}}},
            "/api/articles/{doc_id}": {"get": {
                "operationId": "article", "summary": "One article: text, metadata, copies, dropped blocks",
                "parameters": [_param("doc_id", _STR, "The article id (from a search hit).", where="path",
                                      required=True)],
                "responses": {"200": _json("#/components/schemas/Article"),
                              "404": {**_ERROR, "description": "No such article"}, **_ERRORS}}},
            "/api/facets/{name}": {"get": {
                "operationId": "facetValues",
                "summary": "Values of a facet whose words start with prefix, counted over the search",
                "parameters": [_param("name", {"type": "string", "enum": ["outlet", "actor", "language"]}, "The facet.",
                                      where="path", required=True),
                               _param("prefix", {"type": "string", "maxLength": MAX_PREFIX_CHARS},
                                      "Start of a word of the value."),
                               _param("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50},
                                      "Most values listed.")]
                + [p for p in search_params if p["name"] != "facet_size"],
                "responses": {"200": _json("#/components/schemas/Facet"),
                              "404": {**_ERROR, "description": "No such facet"}, **_ERRORS}}},
            "/api/health": {"get": {
                "operationId": "health", "summary": "The server is up and the index readable",
                "responses": {"200": _json("#/components/schemas/Health"),
                              "503": _ERRORS["503"]}}},
            "/api/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OK",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": _schemas()},
    }
