"""The JSON API under /api/ (described by /api/openapi.json). Errors: see errors.py."""
from __future__ import annotations

import csv
import html
import io
import re

from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound

from search import __version__
from search import engine

from . import data, openapi
from .errors import BadParameter, json_response

bp = Blueprint("api", __name__, url_prefix="/api")

CSV_COLUMNS = ["id", "title", "outlet", "date", "actors", "url", "score", "copies", "copy_outlets", "snippet"]


@bp.get("/search")
def search():
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise BadParameter("format", "json or csv")
    result = data.search_view(data.get_index(), request.args)["result"]
    return csv_response(result) if fmt == "csv" else json_response(result)


@bp.get("/search.csv")
def search_csv():
    return csv_response(data.search_view(data.get_index(), request.args)["result"])


@bp.get("/articles/<doc_id>")
def article(doc_id: str):
    return json_response(engine.show(data.get_index(), doc_id))


@bp.get("/facets/<name>")
def facet_values(name: str):
    if name not in data.VALUE_FACETS:
        raise NotFound(f"no facet {name!r}; facets with values: " + ", ".join(data.VALUE_FACETS))
    req = data.parse_request(request.args)
    req.facet_top = data.int_arg(request.args, "limit", 50, 1, 1000)
    prefix = request.args.get("prefix", "")
    if len(prefix) > data.MAX_PREFIX_CHARS:
        raise BadParameter("prefix", f"at most {data.MAX_PREFIX_CHARS} characters")
    return json_response(engine.facet_values(data.get_index(), name, req, prefix))


@bp.get("/health")
def health():
    index = data.get_index()
    return json_response({"status": "ok", "version": __version__, "documents": index.doc_count()})


@bp.get("/openapi.json")
def openapi_document():
    return json_response(openapi.document())


def neutralise(cell):
    """A cell a spreadsheet would not run as a formula: text starting with = + - @ (or a
    tab or carriage return) gets a leading apostrophe."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def csv_response(result: dict) -> Response:
    """The page of hits as CSV (one row per hit, snippet as plain text)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for h in result["hits"]:
        snippet = html.unescape(re.sub(r"</?mark>", "", h["snippet"]))
        row = [h["id"], h["title"] or "", h["outlet"] or "", h["date"] or "",
               "; ".join(a["name"] for a in h["actors"]), h["url"] or "", h["score"], h["copies"],
               h["copy_outlets"], snippet]
        writer.writerow([neutralise(c) for c in row])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="newsfacet-search.csv"'})
