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

from .columns import Columns
from .settings import FACET_TOP

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
        candidates = np.array([i for i in candidates if _matches_prefix(values[i], p)], dtype=np.int64)
    order = sorted(candidates.tolist(), key=lambda i: (-int(counts[i]), values[i]))
    chosen = set(selected)
    listed = [{"value": values[i], "count": int(counts[i]), "selected": values[i] in chosen}
              for i in order[:top]]
    shown = {v["value"] for v in listed}
    index = {v: i for i, v in enumerate(values)}
    for value in selected:
        if value not in shown:
            i = index.get(value)
            listed.append({"value": value, "count": int(counts[i]) if i is not None else 0, "selected": True})
            shown.add(value)
    if name in cols.multi:
        pair_docs, _ = cols.multi[name]
        with_value = np.zeros(cols.size, dtype=bool)
        with_value[pair_docs] = True
        missing = int((docs & ~with_value).sum())
    else:
        missing = int((docs & (cols.ords[name] < 0)).sum())
    return {"values": listed, "truncated": len(order) > top, "missing": missing}


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


def _bucket_range(first: Date, last: Date, interval: str) -> list[str]:
    keys = []
    if interval == "day":
        for o in range(first.toordinal(), last.toordinal() + 1):
            keys.append(Date.fromordinal(o).isoformat())
    elif interval == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        keys = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    return keys


def date_facet(cols: Columns, docs: np.ndarray, sel: Selection, interval: str | None = None) -> dict:
    """The date histogram of mask `docs`: ``{interval, values, truncated, missing, from, to}``.

    Buckets are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; the interval follows the
    span of the matching dates unless given. A bucket is `selected` when it
    overlaps the chosen range. Empty buckets between the first and the last are
    listed too (a timeline), unless there would be more than MAX_FILLED_BUCKETS.
    """
    days = cols.day[docs]
    missing = int((days < 0).sum())
    days = days[days >= 0]
    if interval is None:
        interval = choose_interval(int(days.min()), int(days.max())) if len(days) else "day"
    unique, per_day = np.unique(days, return_counts=True)
    counts: dict[str, int] = {}
    for d, c in zip(unique.tolist(), per_day.tolist()):
        key = bucket_key(Date.fromordinal(d), interval)
        counts[key] = counts.get(key, 0) + c
    keys = sorted(counts)
    if keys:
        first, last = Date.fromordinal(int(unique[0])), Date.fromordinal(int(unique[-1]))
        filled = _bucket_range(first, last, interval) if _bucket_count(first, last, interval) <= MAX_FILLED_BUCKETS else keys
    else:
        filled = []
    lo = bucket_key(sel.date_from, interval) if sel.date_from else None
    hi = bucket_key(sel.date_to, interval) if sel.date_to else None
    values = [{"value": k, "count": counts.get(k, 0),
               "selected": sel.has_date() and (lo is None or k >= lo) and (hi is None or k <= hi)}
              for k in filled]
    return {"interval": interval, "values": values, "truncated": False, "missing": missing,
            "from": sel.date_from.isoformat() if sel.date_from else None,
            "to": sel.date_to.isoformat() if sel.date_to else None}


def _bucket_count(first: Date, last: Date, interval: str) -> int:
    if interval == "day":
        return last.toordinal() - first.toordinal() + 1
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


# --------------------------------------------------------------------------- all facets


def compute(cols: Columns, base: np.ndarray, sel: Selection, *, top: int = FACET_TOP,
            interval: str | None = None) -> dict:
    """Every facet for the query matches `base` under selection `sel` (see module doc)."""
    masks = selection_masks(cols, sel)
    return {
        "outlet": value_facet(cols, "outlet", apply(base, masks, "outlet"), sel.outlet, top=top),
        "actor": value_facet(cols, "actor", apply(base, masks, "actor"), sel.actor, top=top),
        "date": date_facet(cols, apply(base, masks, "date"), sel, interval),
    }
