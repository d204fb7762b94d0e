"""The query language (search/query.py) as SphinxQL: a MATCH() expression over our
keywords and marker tokens, and attribute conditions for date ranges.
"""
from __future__ import annotations

from datetime import date as Date

from search.analysis import query_languages, query_terms
from search.multilingual import fold
from search.backends.sphinx.schema import ALL_TOKEN, FIELDS, NONE_TOKEN, NOT_DATED, Names, keyword, tag
from search.query import All, And, DateRange, Node, Not, Or, Terms, Value, Word

class Translator:
    """A query tree as a SphinxQL MATCH expression plus date conditions on `day`."""

    def __init__(self, names: Names):
        self.names = names
        #: a query word stands for its term in each language of the index (search/analysis.py)
        self.languages = query_languages(names.map("language").values())

    def translate(self, node: Node) -> tuple[str | None, list[str]]:
        """(MATCH expression or None for every document, date conditions ANDed to it)."""
        parts = list(node.children) if isinstance(node, And) else [node]
        dates = [p for p in parts if isinstance(p, DateRange)]
        rest = [p for p in parts if not isinstance(p, DateRange)]
        conds = []
        if dates:  # ranges ANDed at the top: one attribute filter (their intersection)
            lo = max(d.first.toordinal() if d.first else 1 for d in dates)
            hi = min(d.last.toordinal() if d.last else NOT_DATED - 1 for d in dates)
            conds = [f"day BETWEEN {lo} AND {hi}" if lo <= hi else "day BETWEEN 2 AND 1"]
        if not rest:
            return None, conds
        expr = self.expr(rest[0] if len(rest) == 1 else And(tuple(rest)))
        if expr is None:  # nothing but stop words: Whoosh finds nothing
            return f"(@tags {NONE_TOKEN})", conds
        return expr, conds

    def expr(self, node: Node) -> str | None:
        """None: the node constrains nothing (only stop words), as in evaluate.py."""
        if isinstance(node, Word):
            where = FIELDS[node.field]
            if node.kind == "prefix":
                return f"({where} {keyword(fold(node.text.lower()))}*)"
            variants = [[keyword(t) for t in ts] for ts in query_terms(node.text, self.languages)]
            if not variants:
                return None
            alts = [ts[0] if len(ts) == 1 else f'"{" ".join(ts)}"' for ts in variants]
            return f"({where} {alts[0]})" if len(alts) == 1 else f"({where} ({' | '.join(alts)}))"
        if isinstance(node, Terms):
            ts = [keyword(t) for t in dict.fromkeys(node.terms) if t]
            return f"(@(title,body) ({' | '.join(ts)}))" if ts else None
        if isinstance(node, Value):
            found = self.names.matching(node.field, node.text)
            tokens = " | ".join(tag(node.field, h) for h in found) or NONE_TOKEN
            return f"(@tags ({tokens}))"
        if isinstance(node, All):
            return f"(@tags {ALL_TOKEN})"
        if isinstance(node, DateRange):  # inside OR / NOT: the date marker keywords of the range
            return "(@tags (" + " | ".join(date_tokens(node.first, node.last)) + "))"
        if isinstance(node, Not):
            inner = self.expr(node.child)
            return f"(@tags {ALL_TOKEN})" if inner is None else f"(@tags {ALL_TOKEN} -{inner})"
        if isinstance(node, And):
            pos = [self.expr(c) for c in node.children if not isinstance(c, Not)]
            neg = [self.expr(c.child) for c in node.children if isinstance(c, Not)]
            pos = [p for p in pos if p is not None]
            neg = [n for n in neg if n is not None]
            if not pos:
                if not neg and not any(isinstance(c, Not) for c in node.children):
                    return None
                pos = [f"(@tags {ALL_TOKEN})"]
            return "(" + " ".join(pos + ["-" + n for n in neg]) + ")"
        if isinstance(node, Or):
            parts = [p for p in (self.expr(c) for c in node.children) if p is not None]
            return None if not parts else "(" + " | ".join(parts) + ")"
        raise TypeError(f"unknown query node {node!r}")


def date_cond(d: DateRange) -> str:
    lo = d.first.toordinal() if d.first else 1
    hi = d.last.toordinal() if d.last else NOT_DATED - 1
    return f"day BETWEEN {lo} AND {hi}"


def date_tokens(first: Date | None, last: Date | None) -> list[str]:
    """The fewest date marker keywords whose documents are exactly those dated in the range
    (greedy: whole centuries, decades, years, months, then days)."""
    d, hi = first or Date.min, last or Date.max
    out: list[str] = []

    def fits(y2: int, m2: int = 12, d2: int = 31) -> bool:
        return y2 <= Date.max.year and Date(y2, m2, d2) <= hi

    while d <= hi:
        y = d.year
        if d.month == 1 and d.day == 1:
            if y % 100 == 0 and fits(y + 99):
                out.append(f"zdc{y // 100}")
                y += 100
            elif y % 10 == 0 and fits(y + 9):
                out.append(f"zdx{y // 10}")
                y += 10
            elif fits(y):
                out.append(f"zdy{y}")
                y += 1
            if y != d.year:
                if y > Date.max.year:
                    break
                d = Date(y, 1, 1)
                continue
        nxt = Date(y + (d.month == 12), d.month % 12 + 1, 1) if y < Date.max.year or d.month < 12 else None
        if d.day == 1 and (nxt is None or nxt.toordinal() - 1 <= hi.toordinal()):
            out.append(f"zdm{y}{d.month:02d}")
            if nxt is None:
                break
            d = nxt
            continue
        out.append(f"zdd{y}{d.month:02d}{d.day:02d}")
        if d == Date.max:
            break
        d = Date.fromordinal(d.toordinal() + 1)
    return out or [NONE_TOKEN]
