"""Running a query tree over the index: which documents match, and their BM25 scores.

Every node gives a boolean mask over all documents and a score array (dense
numpy arrays over the searcher's document numbers), so AND, OR and NOT are
array operations, and facets (facets.py) and sorting work on the same arrays.

Ranking: BM25F (Robertson and Zaragoza): for each query term, its frequencies in
title and body, each normalised by that field's length and weighted by
`schema.TEXT_FIELDS` (the title counts double), are added up *before* BM25's
saturation, with one IDF over the documents that have the term in either field.
(Summing a BM25 per field instead saturates each field apart, so a word in title
and body counts about twice; on CACM, same stop words, k1 and b: BM25F MAP 0.371,
the per-field sum 0.317; bench/ranking.py.)
Phrases are checked on word positions read from the postings as arrays, on the
documents that have every word.
"""
from __future__ import annotations

import itertools
import math
import pickle
from dataclasses import dataclass

import numpy as np

from search.backends.whoosh.columns import Columns
from search.errors import BadQuery
from search.analysis import query_languages, query_terms
from search.multilingual import fold
from search.backends.whoosh.schema import TEXT_FIELDS
from search.query import All, And, DateRange, Node, Not, Or, Terms, Value, Word
from search.settings import MAX_PREFIX_EXPANSION

#: BM25 parameters: the textbook values, not tuned (bench/ranking.py --k1/--b shows the
#: neighbourhood: on CACM every k1 in 0.9..1.6 with b in 0.5..0.75 gives MAP about 0.36..0.39).
K1 = 1.2
B = 0.75


@dataclass
class Matches:
    mask: np.ndarray    # bool per document
    score: np.ndarray   # float32 per document (meaningful where mask)


class Evaluator:
    def __init__(self, columns: Columns, *, k1: float = K1, b: float = B):
        self.cols = columns
        self.k1, self.b = k1, b
        self.n = columns.size
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, list[bytes]]] = {}
        #: a query word stands for its term in each language of the index (search/analysis.py)
        self.languages = query_languages(columns.values.get("language", ()))

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
            return self.union([self.terms_in(list(TEXT_FIELDS), t) for t in dict.fromkeys(node.terms)])
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

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, frequencies) of a term, read once per query."""
        got = self._postings.get((field, text))
        if got is None:
            values: list[bytes] = []   # kept: a phrase check needs them (and they come with the blocks)
            ids, tf = self.cols.postings(field, text, values)
            got = self._postings[(field, text)] = (ids, tf, values)
        return got[0], got[1]

    def term(self, field: str, text: str) -> Matches:
        """One index term in one text field, scored (BM25F of that field alone)."""
        return self.terms_in([field], text)

    def terms_in(self, fields: list[str], text: str) -> Matches:
        """One index term in any of `fields`, BM25F-scored."""
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        parts = []
        for f in fields:
            ids, tf = self.postings(f, text)
            if len(ids):
                mask[ids] = True
                norm = (1.0 - self.b) + self.b * (self.cols.lengths[f][ids] / self.cols.avg_length[f])
                parts.append((ids, (TEXT_FIELDS[f] * tf / norm).astype(np.float32)))
        if not parts:
            return Matches(mask, score)
        if len(parts) == 1:
            ids, acc = parts[0]
            df = len(ids) if self.cols.all_live else int(self.cols.live[ids].sum())
        else:
            for ids, w in parts:  # a term has one posting per document and field
                score[ids] += w
            ids = np.flatnonzero(mask)
            acc = score[ids]
            df = len(ids) if self.cols.all_live else int(self.cols.live[ids].sum())
        n = max(self.cols.live_count, df)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        score[ids] = idf * acc * (self.k1 + 1.0) / (self.k1 + acc)
        return Matches(mask, score)

    def word(self, node: Word) -> Matches | None:
        fields = [node.field] if node.field else list(TEXT_FIELDS)
        if node.kind == "prefix":
            return self.prefix(node, fields)
        return self.union([self.sequence(fields, ts) for ts in query_terms(node.text, self.languages)])

    def sequence(self, fields: list[str], terms: list[str]) -> Matches:
        """The documents with every one of `terms` (more than one: in this order, a phrase)."""
        parts = [self.terms_in(fields, t) for t in terms]
        m = parts[0]
        for p in parts[1:]:
            m.mask &= p.mask
            m.score += p.score
        if len(terms) > 1:  # a phrase, or a word the analyser splits ("e-mail", "U.S.")
            m.mask &= self.phrase_mask(fields, terms, m.mask)
        return m

    def phrase_mask(self, fields: list[str], terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """The documents among `candidates` where `terms` follow each other in one of `fields`."""
        mask = np.zeros(self.n, dtype=bool)
        if not candidates.any():
            return mask
        for f in fields:
            keys = None
            for i, t in enumerate(terms):
                docs, pos = self.positions(f, t, candidates)
                k = docs * _POS_SPAN + (pos - i + _POS_SPAN // 2)
                keys = k if keys is None else np.intersect1d(keys, k, assume_unique=False)
                if not len(keys):
                    break
            if keys is not None and len(keys):
                mask[keys // _POS_SPAN] = True
        return mask

    def positions(self, field: str, text: str, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(docnum, position) pairs of a term in `field`, for the documents in mask `candidates`."""
        self.postings(field, text)
        ids, _, values = self._postings[(field, text)]
        keep = candidates[ids]
        if not keep.any():
            return _EMPTY, _EMPTY
        # each value: the number of positions (4 bytes), then the pickled list of position deltas
        lists = [pickle.loads(v[4:]) for v in itertools.compress(values, keep.tolist())]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        deltas = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
        pos = np.cumsum(deltas)
        starts = np.cumsum(counts) - counts
        # positions are delta-coded per posting: take off what the earlier postings added
        pos -= np.repeat(pos[starts] - deltas[starts], counts)
        return np.repeat(ids[keep], counts), pos

    def prefix(self, node: Word, fields: list[str]) -> Matches | None:
        prefix = fold(node.text.lower())
        reader = self.cols.searcher.reader()
        expanded: dict[str, None] = {}
        for f in fields:
            found = list(itertools.islice(reader.expand_prefix(f, prefix), MAX_PREFIX_EXPANSION + 1))
            if len(found) > MAX_PREFIX_EXPANSION:
                raise BadQuery(f"{prefix}* matches more than {MAX_PREFIX_EXPANSION} different words",
                               hint="make the prefix longer")
            for t in found:
                expanded[t.decode("utf-8") if isinstance(t, bytes) else t] = None
        if len(expanded) > MAX_PREFIX_EXPANSION:
            raise BadQuery(f"{prefix}* matches more than {MAX_PREFIX_EXPANSION} different words",
                           hint="make the prefix longer")
        return self.union([self.terms_in(fields, t) for t in expanded]) or self.empty()

    def value(self, node: Value) -> Matches:
        values = self.cols.values[node.field]
        text = node.text
        if text.endswith("*") and len(text) > 1:
            low = text[:-1].casefold()
            chosen = [v for v in values if v.casefold().startswith(low)]
        elif text in self.cols.value_index[node.field]:
            chosen = [text]
        else:  # outlet:reuters finds "Reuters"
            chosen = [v for v in values if v.casefold() == text.casefold()]
        return Matches(self.cols.docs_with(node.field, chosen), np.zeros(self.n, dtype=np.float32))


#: Phrase checks key (document, position) pairs as document * _POS_SPAN + position.
_POS_SPAN = 1 << 32
_EMPTY = np.zeros(0, dtype=np.int64)
