"""The data behind the pages and the API: the index of the app, request parsing,
and the one function (`search_view`) whose result feeds both the search page and
``GET /api/search`` (which returns its ``result``, the engine's object).

Nothing here reads the environment or a user-given path; the engine does the work.
"""
from __future__ import annotations

import dataclasses
import re
import threading
from pathlib import Path
from calendar import monthrange
from datetime import date as Date
from urllib.parse import urlencode

import pycountry
from flask import current_app

from search import engine
from search.engine import SORTS, SearchRequest
from search.extract.records import describe_provenance
from search.facets import INTERVALS
from search.backends import Backend, open_index
from search.settings import MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RESULT_WINDOW, backend_settings

from .errors import BadParameter

#: Values one facet may select in one request, and the longest value.
MAX_SELECTED = 50
MAX_VALUE_CHARS = 300
#: The longest prefix of a facet value search.
MAX_PREFIX_CHARS = 100
#: Values listed for a facet after "show more" (and in a facet value search).
MORE_VALUES = 100
VALUE_FACETS = ("outlet", "actor", "language")
FACET_LABELS = {"outlet": "Outlet", "actor": "Person or organisation", "language": "Language", "date": "Date"}
FACET_PLURALS = {"outlet": "outlets", "actor": "people and organisations", "language": "languages"}

_open_lock = threading.Lock()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- the index


def get_index() -> Backend:
    """The app's index, opened once (IndexNotFound until it exists; it is looked for again), on
    the backend of the app's BACKEND, NODES, ON_SHARD_DOWN and CONFIG settings (None: as the CLI)."""
    ext = current_app.extensions
    index = ext.get("newsfacet.index")
    if index is None:
        with _open_lock:
            index = ext.get("newsfacet.index")
            if index is None:
                cfg = current_app.config
                settings = backend_settings(Path(cfg["INDEX"]), backend=cfg.get("BACKEND"), nodes=cfg.get("NODES"),
                                            on_shard_down=cfg.get("ON_SHARD_DOWN"), config=cfg.get("CONFIG"))
                index = ext["newsfacet.index"] = open_index(cfg["INDEX"], settings)
    return index


# --------------------------------------------------------------------------- parameters


def int_arg(args, name: str, default: int, lo: int, hi: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]{1,7}", raw):
        raise BadParameter(name, f"must be a whole number from {lo} to {hi}")
    value = int(raw)
    if not lo <= value <= hi:
        raise BadParameter(name, f"must be from {lo} to {hi}")
    return value


def _date(args, name: str) -> Date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        if not _DATE.match(raw):
            raise ValueError
        return Date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"{raw[:40]!r} is not a date (YYYY-MM-DD)") from None


def _values(args, name: str) -> list[str]:
    out: list[str] = []
    for v in args.getlist(name):
        v = v.strip()
        if not v or v in out:
            continue
        if len(v) > MAX_VALUE_CHARS:
            raise BadParameter(name, f"values are at most {MAX_VALUE_CHARS} characters")
        out.append(v)
    if len(out) > MAX_SELECTED:
        raise BadParameter(name, f"at most {MAX_SELECTED} values")
    return out


def _flag(args, name: str, default: bool) -> bool:
    raw = args.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise BadParameter(name, "must be true or false (1 or 0)")


def parse_request(args, *, per_page: int = 10) -> SearchRequest:
    """A SearchRequest from query-string parameters (those of the page and of /api/search).

    Raises BadParameter for a malformed or out-of-bounds parameter; the query itself
    is checked by the engine (BadQuery)."""
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"at most {MAX_QUERY_CHARS} characters")
    sort = args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise BadParameter("sort", "one of " + ", ".join(SORTS))
    interval = args.get("interval", "").strip() or None
    if interval is not None and interval not in INTERVALS:
        raise BadParameter("interval", "one of " + ", ".join(INTERVALS))
    size = int_arg(args, "per_page", per_page, 1, MAX_PER_PAGE)
    page = int_arg(args, "page", 1, 1, MAX_RESULT_WINDOW // size)
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", "is after to")
    return SearchRequest(
        query=q, outlet=_values(args, "outlet"), actor=_values(args, "actor"), language=_values(args, "language"),
        date_from=date_from, date_to=date_to, sort=sort, page=page, per_page=size,
        any_word=_flag(args, "any", False), collapse=_flag(args, "collapse", True), interval=interval,
        facet_top=int_arg(args, "facet_size", 10, 1, 1000),
    )


# --------------------------------------------------------------------------- URLs of states


def state_of(req: SearchRequest) -> dict:
    """The URL state of a request: only what differs from the defaults."""
    return {"q": req.query, "outlet": list(req.outlet), "actor": list(req.actor), "language": list(req.language),
            "from": req.date_from.isoformat() if req.date_from else "",
            "to": req.date_to.isoformat() if req.date_to else "",
            "sort": "" if req.sort == "relevance" else req.sort,
            "page": "" if req.page == 1 else str(req.page)}


def url_of(state: dict, **changes) -> str:
    """The search page URL of `state` with `changes`; a change of filters goes back to page 1."""
    s = {**state, **changes}
    if "page" not in changes:
        s["page"] = ""
    pairs = []
    for key in ("q", "outlet", "actor", "language", "from", "to", "sort", "page", "more"):
        value = s.get(key)
        for v in (value if isinstance(value, list) else [value]):
            if v not in (None, ""):
                pairs.append((key, v))
    return "/?" + urlencode(pairs) if pairs else "/"


def _toggle(values: list[str], value: str) -> list[str]:
    return [v for v in values if v != value] if value in values else values + [value]


def period_of(bucket: str) -> tuple[str, str]:
    """The first and last day of a date bucket (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    parts = [int(p) for p in bucket.split("-")]
    if len(parts) == 1:
        return f"{parts[0]:04d}-01-01", f"{parts[0]:04d}-12-31"
    if len(parts) == 2:
        y, m = parts
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{monthrange(y, m)[1]:02d}"
    return bucket, bucket


# --------------------------------------------------------------------------- the view


def search_view(index: Backend, args) -> dict:
    """Everything the search page shows; ``["result"]`` is the engine's object (the API's).

    Facets come Datasette style: ``[{name, label, values: [{value, count, selected,
    toggle_url}], truncated, missing, more_url, filter}]``.
    """
    req = parse_request(args)
    result = engine.search(index, req)
    state = state_of(req)
    more = [m for m in args.getlist("more") if m in VALUE_FACETS]
    state["more"] = more
    facet_list = []
    for name in VALUE_FACETS:
        prefix = args.get(f"{name}_filter", "").strip()[:MAX_PREFIX_CHARS]
        facet = result["facets"][name]
        if name in more or prefix:
            sub = dataclasses.replace(req, facet_top=MORE_VALUES if name in more else req.facet_top)
            facet = engine.facet_values(index, name, sub, prefix)
        facet_list.append({
            "name": name, "label": FACET_LABELS[name], "plural": FACET_PLURALS[name], "truncated": facet["truncated"],
            "missing": facet["missing"], "filter": prefix, "expanded": name in more,
            "more_url": url_of(state, more=_toggle(more, name), page=state["page"]),
            "values": [{**v, "label": value_label(name, v["value"]),
                        "toggle_url": url_of(state, **{name: _toggle(state[name], v["value"])})}
                       for v in facet["values"]],
        })
    return {
        "req": req, "state": state,
        "csv_url": "/api/search.csv" + url_of({**state, "more": []}, page=state["page"])[1:], "result": result, "facets": facet_list,
        "hits": [_hit_view(state, h) for h in result["hits"]],
        "chips": _chips(state), "timeline": timeline(state, result["facets"]["date"]),
        "pagination": _pagination(state, result["page"], min(result["pages"], MAX_RESULT_WINDOW // req.per_page)),
        "suggestion_url": url_of(state, q=result["suggestion"]) if result["suggestion"] else None,
        "sorts": [{"value": s, "selected": s == req.sort} for s in SORTS],
        "filtered": bool(req.outlet or req.actor or req.language or req.date_from or req.date_to),
    }


def _hit_view(state: dict, hit: dict) -> dict:
    actors = [{**a, "selected": a["name"] in state["actor"],
               "url": url_of(state, actor=state["actor"] + [a["name"]] if a["name"] not in state["actor"]
                             else state["actor"])}
              for a in hit["actors"]]
    return {**hit, "actor_links": actors}


def _chips(state: dict) -> list[dict]:
    chips = []
    for name in VALUE_FACETS:
        for v in state[name]:
            chips.append({"label": FACET_LABELS[name], "value": value_label(name, v),
                          "remove_url": url_of(state, **{name: _toggle(state[name], v)})})
    if state["from"] or state["to"]:
        value = f"{state['from'] or '…'} to {state['to'] or '…'}"
        chips.append({"label": "Date", "value": value, "remove_url": url_of(state, **{"from": "", "to": ""})})
    return chips


def _pagination(state: dict, page: int, pages: int) -> dict:
    """Numbered pages around the current one, with the first and last, and gaps."""
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    items, last = [], 0
    for n in numbers:
        if n - last > 1:
            items.append({"gap": True})
        items.append({"number": n, "url": url_of(state, page=str(n)), "current": n == page})
        last = n
    return {"items": items if pages > 1 else [],
            "prev_url": url_of(state, page=str(page - 1)) if page > 1 else None,
            "next_url": url_of(state, page=str(page + 1)) if page < pages else None}


# --------------------------------------------------------------------------- the timeline

SVG_WIDTH, SVG_HEIGHT, SVG_AXIS = 640, 120, 18


def timeline(state: dict, date_facet: dict) -> dict | None:
    """The bars of the date histogram (an SVG drawn by the template), each linking to its period."""
    values = date_facet["values"]
    if not values:
        return None
    top = max(v["count"] for v in values) or 1
    step = SVG_WIDTH / len(values)
    gap = min(2.0, step * 0.2)
    bars = []
    for i, v in enumerate(values):
        h = 0 if v["count"] == 0 else max(2.0, (SVG_HEIGHT - SVG_AXIS - 4) * v["count"] / top)
        start, end = period_of(v["value"])
        bars.append({
            "value": v["value"], "count": v["count"], "selected": v["selected"],
            "x": round(i * step + gap / 2, 2), "width": round(max(step - gap, 0.5), 2),
            "y": round(SVG_HEIGHT - SVG_AXIS - h, 2), "height": round(h, 2),
            "url": url_of(state, **{"from": start, "to": end}) if v["count"] else None,
        })
    return {"bars": bars, "interval": date_facet["interval"], "missing": date_facet["missing"],
            "first": values[0]["value"], "last": values[-1]["value"], "max": top,
            "width": SVG_WIDTH, "height": SVG_HEIGHT, "axis_y": SVG_HEIGHT - SVG_AXIS}


# --------------------------------------------------------------------------- articles


def article_view(index: Backend, doc_id: str) -> dict:
    """An article (engine.show) with its similar articles (engine.similar, first 5)."""
    doc = engine.show(index, doc_id)
    similar = engine.similar(index, doc_id, SearchRequest(per_page=5))
    return {"article": doc, "similar": similar["hits"],
            "actor_links": [{**a, "url": url_of({}, actor=[a["name"]])} for a in doc["actors"]],
            "outlet_url": url_of({}, outlet=[doc["outlet"]]) if doc["outlet"] else None,
            "provenance": describe_provenance(doc.get("provenance")),
            "language_name": value_label("language", doc["language"]) if doc.get("language") else None,
            "language_url": url_of({}, language=[doc["language"]]) if doc.get("language") else None}


def value_label(facet: str, value: str) -> str:
    """How a facet value is shown: a language by its English name and code (French (fr))."""
    if facet != "language":
        return value
    found = pycountry.languages.get(alpha_2=value)
    return f"{found.name} ({value})" if found else value
