"""Running a query tree over the index: which documents match, and their BM25 scores.

Every node gives a boolean mask over all documents and a score array (dense
numpy arrays over the searcher's document numbers), so AND, OR and NOT are
array operations, and facets (facets.py) and sorting work on the same arrays.

Ranking: BM25 per field (title and body), summed with the field weights in
`index.TEXT_FIELDS` (the title counts double). Phrases are checked against word
positions by Whoosh's own phrase matcher, on the documents that have every word.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from .columns import Columns
from .errors import BadQuery
from .index import ANALYZER, TEXT_FIELDS
from .query import All, And, DateRange, Node, Not, Or, Terms, Value, Word
from .settings import MAX_PREFIX_EXPANSION

#: BM25 parameters (b tuned on CACM with bench/ranking.py: 0.5 gives MAP 0.325, the usual 0.75 gives 0.309).
K1 = 1.2
B = 0.5


@dataclass
class Matches:
    mask: np.ndarray    # bool per document
    score: np.ndarray   # float32 per document (meaningful where mask)


def analyze(text: str) -> list[str]:
    """The index terms of `text`: lower-cased, stop words out, stemmed."""
    return [t.text for t in ANALYZER(text)]


class Evaluator:
    def __init__(self, columns: Columns, *, k1: float = K1, b: float = B):
        self.cols = columns
        self.k1, self.b = k1, b
        self.n = columns.size

    # ------------------------------------------------------------------ entry

    def run(self, node: Node) -> Matches:
        """The live documents matching `node`, with scores."""
        m = self.eval(node)
        if m is None:  # nothing but stop words
            return self.empty()
        m.mask &= self.cols.live
        return m

    def empty(self) -> Matches:
        return Matches(np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float32))

    def everything(self) -> Matches:
        return Matches(self.cols.live.copy(), np.zeros(self.n, dtype=np.float32))

    # ------------------------------------------------------------------ nodes

    def eval(self, node: Node) -> Matches | None:
        """Matches of `node`, or None for a node that constrains nothing (only stop words)."""
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Terms):
            return self.union([self.term(f, t) for t in node.terms for f in TEXT_FIELDS])
        if isinstance(node, Value):
            return self.value(node)
        if isinstance(node, DateRange):
            day = self.cols.day
            mask = day >= 0
            if node.first:
                mask &= day >= node.first.toordinal()
            if node.last:
                mask &= day <= node.last.toordinal()
            return Matches(mask, np.zeros(self.n, dtype=np.float32))
        if isinstance(node, All):
            return self.everything()
        if isinstance(node, Not):
            inner = self.eval(node.child)
            out = self.everything()
            if inner is not None:
                out.mask &= ~inner.mask
            return out
        if isinstance(node, And):
            return self.intersect(node.children)
        if isinstance(node, Or):
            return self.union([self.eval(c) for c in node.children])
        raise TypeError(f"unknown query node {node!r}")

    def intersect(self, children) -> Matches | None:
        positive = [c for c in children if not isinstance(c, Not)]
        negative = [c.child for c in children if isinstance(c, Not)]
        result: Matches | None = None
        for child in positive:
            m = self.eval(child)
            if m is None:
                continue
            if result is None:
                result = m
            else:
                result.mask &= m.mask
                result.score += m.score
        if result is None:
            if not negative:
                return None
            result = self.everything()
        for child in negative:
            m = self.eval(child)
            if m is not None:
                result.mask &= ~m.mask
        return result

    def union(self, parts) -> Matches | None:
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        result = parts[0]
        for m in parts[1:]:
            result.mask |= m.mask
            result.score += m.score
        return result

    # ------------------------------------------------------------------ leaves

    def term(self, field: str, text: str) -> Matches:
        """One index term in one text field, BM25-scored."""
        ids, tf = self.cols.postings(field, text)
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        if len(ids):
            mask[ids] = True
            score[ids] = self.bm25(field, ids, tf, len(ids))
        return Matches(mask, score)

    def bm25(self, field: str, ids: np.ndarray, tf: np.ndarray, df: int) -> np.ndarray:
        n = max(self.cols.live_count, df)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        norm = self.k1 * (1.0 - self.b + self.b * self.cols.lengths[field][ids] / self.cols.avg_length[field])
        return (TEXT_FIELDS[field] * idf) * tf * (self.k1 + 1.0) / (tf + norm)

    def word(self, node: Word) -> Matches | None:
        fields = [node.field] if node.field else list(TEXT_FIELDS)
        if node.kind == "prefix":
            return self.prefix(node, fields)
        terms = analyze(node.text)
        if not terms:
            return None
        per_field = []
        for f in fields:
            parts = [self.term(f, t) for t in terms]
            m = parts[0]
            for p in parts[1:]:
                m.mask &= p.mask
                m.score += p.score
            if len(terms) > 1:  # a phrase, or a word the analyser splits ("e-mail", "U.S.")
                m.mask &= self.phrase_mask(f, terms, m.mask)
            per_field.append(m)
        return self.union(per_field)

    def phrase_mask(self, field: str, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        if not candidates.any():
            return mask
        docs = self.cols.searcher.docs_for_query(wq.Phrase(field, terms))
        ids = np.fromiter(docs, dtype=np.int64)
        mask[ids] = True
        return mask

    def prefix(self, node: Word, fields: list[str]) -> Matches | None:
        prefix = node.text.lower()
        parts = []
        reader = self.cols.searcher.reader()
        for f in fields:
            expanded = list(itertools.islice(reader.expand_prefix(f, prefix), MAX_PREFIX_EXPANSION + 1))
            if len(expanded) > MAX_PREFIX_EXPANSION:
                raise BadQuery(f"{prefix}* matches more than {MAX_PREFIX_EXPANSION} different words",
                               hint="make the prefix longer")
            for t in expanded:
                parts.append(self.term(f, t.decode("utf-8") if isinstance(t, bytes) else t))
        return self.union(parts) or self.empty()

    def value(self, node: Value) -> Matches:
        values = self.cols.values[node.field]
        text = node.text
        if text.endswith("*") and len(text) > 1:
            low = text[:-1].casefold()
            chosen = [v for v in values if v.casefold().startswith(low)]
        elif text in values:
            chosen = [text]
        else:  # outlet:reuters finds "Reuters"
            chosen = [v for v in values if v.casefold() == text.casefold()]
        return Matches(self.cols.docs_with(node.field, chosen), np.zeros(self.n, dtype=np.float32))
