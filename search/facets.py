"""Facet counts: outlet, actor and a date histogram, multi-select and disjunctive.

Values chosen within one facet are ORed, different facets are ANDed, and each
facet is counted with the other facets' selections applied but not its own
(Solr's tag/exclude, Elasticsearch's post_filter), so sibling values keep their
counts. Counts are over all matching documents (every syndicated copy), from
the per-document arrays of columns.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np

from search.backends.whoosh.columns import Columns
from search.settings import FACET_TOP

FACETS = ("outlet", "actor", "date")
INTERVALS = ("day", "month", "year")
#: Longest span (in days) shown by day, then by month; longer spans go by year.
DAY_SPAN = 62
MONTH_SPAN = 5 * 366
#: Empty buckets between the first and last are listed up to this many buckets.
MAX_FILLED_BUCKETS = 400


@dataclass
class Selection:
    """What the user chose: values per value facet, and a date range (days inclusive)."""
    outlet: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    date_from: Date | None = None
    date_to: Date | None = None

    def has_date(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def selection_masks(cols: Columns, sel: Selection) -> dict[str, np.ndarray]:
    """A mask per facet that has a selection (ORed within the facet)."""
    masks = {}
    for name in ("outlet", "actor"):
        values = getattr(sel, name)
        if values:
            masks[name] = cols.docs_with(name, values)
    if sel.has_date():
        day = cols.day
        mask = day >= 0
        if sel.date_from:
            mask &= day >= sel.date_from.toordinal()
        if sel.date_to:
            mask &= day <= sel.date_to.toordinal()
        masks["date"] = mask
    return masks


def apply(base: np.ndarray, masks: dict[str, np.ndarray], exclude: str | None = None) -> np.ndarray:
    """`base` with every facet's selection applied but `exclude`'s."""
    out = base.copy()
    for name, mask in masks.items():
        if name != exclude:
            out &= mask
    return out


# --------------------------------------------------------------------------- value facets


def value_counts(cols: Columns, name: str, docs: np.ndarray) -> np.ndarray:
    """Count of documents in mask `docs` per value of facet `name` (indexed by ordinal)."""
    nvalues = len(cols.values[name])
    if name in cols.multi:
        pair_docs, ords = cols.multi[name]
        return np.bincount(ords[docs[pair_docs]], minlength=nvalues)
    ords = cols.ords[name][docs]
    return np.bincount(ords[ords >= 0], minlength=nvalues)


def value_facet(cols: Columns, name: str, docs: np.ndarray, selected: list[str], *,
                top: int = FACET_TOP, prefix: str = "") -> dict:
    """``{values: [{value, count, selected}], truncated, missing}`` for outlet or actor.

    The `top` values by count (ties by name); every selected value is listed,
    even at count 0. `missing` counts documents with no value. `prefix` keeps
    values with a word starting with it (case-insensitive).
    """
    counts = value_counts(cols, name, docs)
    values = cols.values[name]
    candidates = np.flatnonzero(counts)
    if prefix:
        p = prefix.casefold()
        candidates = np.array([i for i in candidates.tolist() if _matches_prefix(values[i], p)], dtype=np.int64)
    if len(candidates) > top:
        # only the values that can be in the top: count at least the top-th largest count
        kth = np.partition(counts[candidates], len(candidates) - top)[len(candidates) - top]
        best = candidates[counts[candidates] >= kth]
    else:
        best = candidates
    # by count, ties by value (ordinals follow the sorted values)
    order = best[np.lexsort((best, -counts[best]))][:top].tolist()
    chosen = set(selected)
    listed = [{"value": values[i], "count": int(counts[i]), "selected": values[i] in chosen}
              for i in order]
    shown = {v["value"] for v in listed}
    index = cols.value_index[name]
    for value in selected:
        if value not in shown:
            i = index.get(value)
            listed.append({"value": value, "count": int(counts[i]) if i is not None else 0, "selected": True})
            shown.add(value)
    if name in cols.multi:
        missing = int(np.count_nonzero(docs)) - int(np.count_nonzero(docs & cols.has_multi[name]))
    else:
        missing = int(np.count_nonzero(docs & (cols.ords[name] < 0)))
    return {"values": listed, "truncated": len(candidates) > top, "missing": missing}


def _matches_prefix(value: str, prefix: str) -> bool:
    low = value.casefold()
    return low.startswith(prefix) or any(w.startswith(prefix) for w in low.split())


# --------------------------------------------------------------------------- dates


def choose_interval(first: int, last: int) -> str:
    """Day up to ~2 months of span, month up to ~5 years, else year (days are ordinals)."""
    span = last - first
    if span <= DAY_SPAN:
        return "day"
    if span <= MONTH_SPAN:
        return "month"
    return "year"


def bucket_key(day: Date, interval: str) -> str:
    if interval == "day":
        return day.isoformat()
    if interval == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def date_facet(cols: Columns, docs: np.ndarray, sel: Selection, interval: str | None = None) -> dict:
    """The date histogram of mask `docs`: ``{interval, values, truncated, missing, from, to}``.

    Buckets are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; the interval follows the
    span of the matching dates unless given. A bucket is `selected` when it
    overlaps the chosen range. Empty buckets between the first and the last are
    listed too (a timeline), unless there would be more than MAX_FILLED_BUCKETS.
    """
    days = cols.day[docs]
    dated = days >= 0
    missing = int(len(days) - np.count_nonzero(dated))
    days = days[dated]
    if interval is None:
        interval = choose_interval(int(days.min()), int(days.max())) if len(days) else "day"
    # Bucket codes per document: day ordinal, year * 12 + month - 1, or year; counted by bincount.
    codes = (days if interval == "day" else cols.month[docs][dated] if interval == "month"
             else cols.year[docs][dated])
    if len(codes):
        lo, hi = int(codes.min()), int(codes.max())
        per = np.bincount(codes - lo, minlength=hi - lo + 1)
        shown = range(lo, hi + 1) if hi - lo + 1 <= MAX_FILLED_BUCKETS else (np.flatnonzero(per) + lo).tolist()
        buckets = [(_code_key(c, interval), int(per[c - lo])) for c in shown]
    else:
        buckets = []
    return date_object(buckets, interval, sel, missing)


def date_object(buckets: list[tuple[str, int]], interval: str, sel: Selection, missing: int) -> dict:
    """The date facet's object from its (bucket key, count) list (every backend)."""
    lo_key = bucket_key(sel.date_from, interval) if sel.date_from else None
    hi_key = bucket_key(sel.date_to, interval) if sel.date_to else None
    values = [{"value": k, "count": n,
               "selected": sel.has_date() and (lo_key is None or k >= lo_key) and (hi_key is None or k <= hi_key)}
              for k, n in buckets]
    return {"interval": interval, "values": values, "truncated": False, "missing": missing,
            "from": sel.date_from.isoformat() if sel.date_from else None,
            "to": sel.date_to.isoformat() if sel.date_to else None}


def date_facet_from_days(days: dict[int, int], sel: Selection, interval: str | None = None,
                         missing: int = 0, *, coded: bool = False) -> dict:
    """`date_facet` for a backend that counts documents per day (ordinal -> count) itself;
    `coded`: the counts are per bucket code of the given `interval` already (day ordinal,
    year * 12 + month - 1, or year)."""
    if coded:
        per = {c: n for c, n in days.items() if n > 0 and c > 0}
    else:
        days = {d: n for d, n in days.items() if n > 0 and d > 0}
        if interval is None:
            interval = choose_interval(min(days), max(days)) if days else "day"
        per = {}
        for d, n in days.items():
            day = Date.fromordinal(d)
            code = d if interval == "day" else day.year * 12 + day.month - 1 if interval == "month" else day.year
            per[code] = per.get(code, 0) + n
    if per:
        lo, hi = min(per), max(per)
        shown = range(lo, hi + 1) if hi - lo + 1 <= MAX_FILLED_BUCKETS else sorted(per)
        buckets = [(_code_key(c, interval), per.get(c, 0)) for c in shown]
    else:
        buckets = []
    return date_object(buckets, interval, sel, missing)


def value_facet_from_counts(counts: dict[str, int], selected: list[str], *, top: int = FACET_TOP,
                            prefix: str = "", missing: int = 0) -> dict:
    """`value_facet` for a backend that counts documents per value (name -> count) itself:
    the same order (by count, ties by value), `truncated`, selected values always listed."""
    p = prefix.casefold()
    candidates = [v for v, n in counts.items() if n > 0 and (not p or _matches_prefix(v, p))]
    candidates.sort(key=lambda v: (-counts[v], v))
    chosen = set(selected)
    listed = [{"value": v, "count": int(counts[v]), "selected": v in chosen} for v in candidates[:top]]
    shown = {v["value"] for v in listed}
    for value in selected:
        if value not in shown:
            listed.append({"value": value, "count": int(counts.get(value, 0)), "selected": True})
            shown.add(value)
    return {"values": listed, "truncated": len(candidates) > top, "missing": missing}


def _code_key(code: int, interval: str) -> str:
    if interval == "day":
        return Date.fromordinal(code).isoformat()
    if interval == "month":
        return f"{code // 12:04d}-{code % 12 + 1:02d}"
    return f"{code:04d}"


# --------------------------------------------------------------------------- all facets


def compute(cols: Columns, base: np.ndarray, sel: Selection, *, top: int = FACET_TOP,
            interval: str | None = None, masks: dict[str, np.ndarray] | None = None) -> dict:
    """Every facet for the query matches `base` under selection `sel` (see module doc);
    `masks`: selection_masks(cols, sel), when already made."""
    masks = selection_masks(cols, sel) if masks is None else masks
    return {
        "outlet": value_facet(cols, "outlet", apply(base, masks, "outlet"), sel.outlet, top=top),
        "actor": value_facet(cols, "actor", apply(base, masks, "actor"), sel.actor, top=top),
        "date": date_facet(cols, apply(base, masks, "date"), sel, interval),
    }
