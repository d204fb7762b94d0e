"""Facet counts: outlet, actor, language and a date histogram, multi-select and disjunctive.

Values chosen within one facet are ORed, different facets are ANDed, and each
facet is counted with the other facets' selections applied but not its own
(Solr's tag/exclude, Elasticsearch's post_filter), so sibling values keep their
counts. Counts are over all matching documents (every syndicated copy).

This module holds what every backend shares: the selection, the date intervals and
buckets, and the facet objects made from counts; the Whoosh backend counts over its
per-document arrays (search/backends/whoosh/facets.py), the Sphinx backend asks
the cluster (search/backends/sphinx/).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from search.settings import FACET_TOP

FACETS = ("outlet", "actor", "language", "date")
#: The facets of values (the others: date), each a list of values in a Selection.
VALUE_FACETS = ("outlet", "actor", "language")
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
    language: list[str] = field(default_factory=list)   # ISO 639-1 codes

    def has_date(self) -> bool:
        return self.date_from is not None or self.date_to is not None


def matches_prefix(value: str, prefix: str) -> bool:
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
    """The date facet for a backend that counts documents per day (ordinal -> count) itself;
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
        buckets = [(code_key(c, interval), per.get(c, 0)) for c in shown]
    else:
        buckets = []
    return date_object(buckets, interval, sel, missing)


def value_facet_from_counts(counts: dict[str, int], selected: list[str], *, top: int = FACET_TOP,
                            prefix: str = "", missing: int = 0) -> dict:
    """The value facet for a backend that counts documents per value (name -> count) itself:
    the same order (by count, ties by value), `truncated`, selected values always listed."""
    p = prefix.casefold()
    candidates = [v for v, n in counts.items() if n > 0 and (not p or matches_prefix(v, p))]
    candidates.sort(key=lambda v: (-counts[v], v))
    chosen = set(selected)
    listed = [{"value": v, "count": int(counts[v]), "selected": v in chosen} for v in candidates[:top]]
    shown = {v["value"] for v in listed}
    for value in selected:
        if value not in shown:
            listed.append({"value": value, "count": int(counts.get(value, 0)), "selected": True})
            shown.add(value)
    return {"values": listed, "truncated": len(candidates) > top, "missing": missing}


def code_key(code: int, interval: str) -> str:
    if interval == "day":
        return Date.fromordinal(code).isoformat()
    if interval == "month":
        return f"{code // 12:04d}-{code % 12 + 1:02d}"
    return f"{code:04d}"
