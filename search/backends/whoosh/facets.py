"""Facet counts over the Whoosh backend's per-document arrays (columns.py): the
selection as masks, each facet counted with the other facets' selections but not its
own (see search/facets.py for the rules and the objects).
"""
from __future__ import annotations

import numpy as np

from search.backends.whoosh.columns import Columns
from search.facets import MAX_FILLED_BUCKETS, VALUE_FACETS, Selection, choose_interval, code_key, date_object, matches_prefix
from search.settings import FACET_TOP


def selection_masks(cols: Columns, sel: Selection) -> dict[str, np.ndarray]:
    """A mask per facet that has a selection (ORed within the facet)."""
    masks = {}
    for name in VALUE_FACETS:
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
        candidates = np.array([i for i in candidates.tolist() if matches_prefix(values[i], p)], dtype=np.int64)
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
        buckets = [(code_key(c, interval), int(per[c - lo])) for c in shown]
    else:
        buckets = []
    return date_object(buckets, interval, sel, missing)


# --------------------------------------------------------------------------- all facets


def compute(cols: Columns, base: np.ndarray, sel: Selection, *, top: int = FACET_TOP,
            interval: str | None = None, masks: dict[str, np.ndarray] | None = None) -> dict:
    """Every facet for the query matches `base` under selection `sel` (see module doc);
    `masks`: selection_masks(cols, sel), when already made."""
    masks = selection_masks(cols, sel) if masks is None else masks
    return {
        "outlet": value_facet(cols, "outlet", apply(base, masks, "outlet"), sel.outlet, top=top),
        "actor": value_facet(cols, "actor", apply(base, masks, "actor"), sel.actor, top=top),
        "language": value_facet(cols, "language", apply(base, masks, "language"), sel.language, top=top),
        "date": date_facet(cols, apply(base, masks, "date"), sel, interval),
    }
