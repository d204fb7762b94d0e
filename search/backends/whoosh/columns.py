"""Per-document arrays read from the index, cached per searcher.

Whoosh answers one document at a time; facets and ranking here work on whole
arrays (numpy) instead. For each segment, once (segments never change; they are
cached by segment id across searcher refreshes):

- the outlet of each document as an ordinal into a sorted list of values
  (``-1``: none), and its day and syndication cluster numbers (Whoosh columns);
- the (document, value) pairs of the multi-valued actor field;
- the field lengths of title and body, for BM25.

The segments are then laid end to end in global document numbers, the numbers
the Whoosh searcher uses. Postings are read as arrays too (`postings`).
Deleted documents are masked by `live`.
"""
from __future__ import annotations

import io
import os
import pickle
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, W3TermsReader, _lenfield
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search.backends.whoosh.schema import TEXT_FIELDS

#: Fields with one value per document, read as ordinals.
SINGLE_FIELDS = ("outlet", "language")
#: Number columns (0: no value), read as they are.
NUMBER_FIELDS = ("day", "cluster")
#: Multi-valued fields, read as (document, ordinal) pairs.
MULTI_FIELDS = ("actor",)

_BYTE_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_F = np.zeros(0, dtype=np.float32)
_unpack_int = struct.Struct("!i").unpack_from
_UNIX_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


# --------------------------------------------------------------------------- postings


def segment_postings(reader, field: str, text: str, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, term frequencies) of a term in one segment reader, as arrays; with a
    list `values`, each posting's encoded value (positions) is appended to it too.

    Reads Whoosh's W3 posting lists directly: the term's entry in the segment's term
    table, then its whole posting list in one read, unpickled block by block (one
    pickle per block of 128 postings), instead of a Whoosh matcher stepping through
    them (and, in a segment with deletions, one posting at a time).
    """
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return _matcher_postings(reader, field, text, values)
    if field not in reader.schema:
        return _EMPTY_IDS, _EMPTY_F
    try:
        raw = terms._tindex[terms._keycoder(field, text.encode("utf-8") if isinstance(text, str) else text)]
    except KeyError:
        return _EMPTY_IDS, _EMPTY_F
    info = W3TermInfo.from_bytes(raw)
    if info.is_inlined():
        ids, weights, block_values = info.inlined_postings()
        if values is not None:
            values.extend(block_values)
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it as struct.unpack gives it
        length = length[0]
    buf = terms._postfile.get(offset, length)
    if bytes(buf[:4]) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"bad posting list of {field}:{text!r}")
    id_parts, w_parts = [], []
    pos, end = 4, len(buf)
    while pos < end:
        size = abs(_unpack_int(buf, pos)[0])
        block = io.BytesIO(buf[pos + 4:pos + 4 + size])
        count, _, _, compression, _, _ = pickle.load(block)
        data = block.read()
        deltas, weights, block_values = pickle.loads(zlib.decompress(data) if compression else data)
        id_parts.append(np.array(deltas, dtype=np.int64))
        if weights is None:
            w_parts.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            w_parts.append(np.full(count, weights, dtype=np.float32))
        else:
            w_parts.append(np.array(weights, dtype=np.float32))
        if values is not None:
            values.extend(block_values)
        pos += 4 + size
    # ids are delta-coded within each block (the first against 0)
    return np.concatenate([np.cumsum(p) for p in id_parts]), np.concatenate(w_parts)


def _matcher_postings(reader, field: str, text: str, values: list | None) -> tuple[np.ndarray, np.ndarray]:
    """segment_postings through a Whoosh matcher (readers of other codecs)."""
    try:
        m = reader.postings(field, text)
    except TermNotFound:
        return _EMPTY_IDS, _EMPTY_F
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values is not None:
            values.append(m.value())
        m.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


def field_postings(reader, field: str):
    """Every (value, docnums) of a field in one segment reader, in value order.

    Walks the segment's term table in order (one sequential pass) instead of
    looking each value up (Whoosh's reader.postings hashes every term): opening
    a searcher reads every outlet and actor value of every segment this way.
    """
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(terms, "items_from") or not hasattr(terms, "_postfile"):
        for value in reader.lexicon(field):
            value = value.decode("utf-8") if isinstance(value, bytes) else value
            yield value, segment_postings(reader, field, value)[0]
        return
    fmt = reader.schema[field].format
    codec = terms._codec
    for (fieldname, tbytes), info in terms.items_from(field, b""):
        if fieldname != field:
            break
        value = tbytes.decode("utf-8")
        if info.is_inlined():
            ids = np.array(info.inlined_postings()[0], dtype=np.int64)
        else:
            m = codec.postings_reader(terms._postfile, info, fmt)
            parts = []
            while True:
                m._read_data()
                parts.append(np.cumsum(np.array(m._data[0], dtype=np.int64)))
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
            ids = np.concatenate(parts)
        yield value, ids


# --------------------------------------------------------------------------- per segment


@dataclass
class SegmentArrays:
    doccount: int
    single: dict[str, tuple[list[str], np.ndarray]]            # field -> (values, ord per doc)
    multi: dict[str, tuple[list[str], np.ndarray, np.ndarray]]  # field -> (values, docs, ords)
    lengths: dict[str, np.ndarray]                              # field -> length per doc
    numbers: dict[str, np.ndarray]                              # field -> int32 per doc


def segment_arrays(reader) -> SegmentArrays:
    n = reader.doc_count_all()
    single = {}
    for field in SINGLE_FIELDS:
        values = []
        ords = np.full(n, -1, dtype=np.int32)
        for i, (value, ids) in enumerate(field_postings(reader, field)):
            values.append(value)
            ords[ids] = i
        single[field] = (values, ords)
    multi = {}
    for field in MULTI_FIELDS:
        values, docs, ords = [], [], []
        for i, (value, ids) in enumerate(field_postings(reader, field)):
            values.append(value)
            docs.append(ids.astype(np.int32))
            ords.append(np.full(len(ids), i, dtype=np.int32))
        multi[field] = (values,
                        np.concatenate(docs) if docs else np.zeros(0, np.int32),
                        np.concatenate(ords) if ords else np.zeros(0, np.int32))
    lengths = {field: _lengths(reader, field, n) for field in TEXT_FIELDS}
    numbers = {field: _numbers(reader, field, n) for field in NUMBER_FIELDS}
    return SegmentArrays(n, single, multi, lengths, numbers)


def _numbers(reader, field: str, n: int) -> np.ndarray:
    """A number column (NumericColumn "i", default 0) as an array, read in one go."""
    perdoc = reader._perdoc
    out = np.zeros(n, dtype=np.int32)
    if not perdoc.has_column(field):
        return out
    col = perdoc.column_reader(field, reader.schema[field].column_type)
    raw = np.frombuffer(col._dbfile.get(col._basepos, col._count * col._fixedlen), dtype=">i4")
    out[: len(raw)] = raw
    return out


def _lengths(reader, field: str, n: int) -> np.ndarray:
    """Each document's length in `field` (Whoosh keeps it as one byte, approximately)."""
    perdoc = reader._perdoc
    if not perdoc.has_column(_lenfield(field)):
        return np.zeros(n, dtype=np.float32)
    col = perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
    raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
    out = np.zeros(n, dtype=np.uint8)
    out[: len(raw)] = raw
    return _BYTE_LENGTHS[out]


# --------------------------------------------------------------------------- per searcher


#: Version of the saved per-segment arrays (bump when SegmentArrays changes).
_SAVED_VERSION = 2   # 2: the language field


def saved_path(cache_dir: Path, segid: str) -> Path:
    return cache_dir / f"{segid}.v{_SAVED_VERSION}.pickle"


def load_saved(cache_dir: Path | None, segid: str) -> SegmentArrays | None:
    if cache_dir is None:
        return None
    try:
        with open(saved_path(cache_dir, segid), "rb") as f:
            seg = pickle.load(f)
        return seg if isinstance(seg, SegmentArrays) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


def _save(cache_dir: Path, segid: str, seg: SegmentArrays, current: set[str]) -> None:
    """Keep a segment's arrays beside the index (segments never change, so they stay
    right), and drop those of segments that are gone. Best effort: a read-only index
    folder just means building them again next time."""
    try:
        cache_dir.mkdir(exist_ok=True)
        tmp = cache_dir / f".{segid}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(seg, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, saved_path(cache_dir, segid))
        for old in cache_dir.glob("*.pickle"):
            if old.name.split(".", 1)[0] not in current:
                old.unlink(missing_ok=True)
    except OSError:
        pass


class Columns:
    """The arrays of one searcher (all its segments, in global document numbers).

    A segment's arrays are built once: kept across searcher refreshes (`previous`),
    and, with `cache_dir`, saved there, so that opening the index again reads them
    instead of walking every outlet and actor posting list.
    """

    def __init__(self, searcher: Searcher, previous: "Columns | None" = None, cache_dir: Path | None = None):
        self.searcher = searcher
        cache = previous._segments if previous is not None else {}
        self._segments: dict[str, SegmentArrays] = {}
        self.leaves: list[tuple[object, int]] = []  # (segment reader, offset)
        parts: list[SegmentArrays] = []
        leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()
                  if sub.reader().segment() is not None]   # (an index with no commit yet: none)
        current = {reader.segment().segment_id() for reader, _ in leaves}
        for reader, offset in leaves:
            segid = reader.segment().segment_id()
            seg = cache.get(segid) or load_saved(cache_dir, segid)
            if seg is None or seg.doccount != reader.doc_count_all():
                seg = segment_arrays(reader)
                if cache_dir is not None:
                    _save(cache_dir, segid, seg, current)
            self._segments[segid] = seg
            self.leaves.append((reader, offset))
            parts.append(seg)
        self.size = sum(p.doccount for p in parts)
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset in self.leaves:
            if reader.has_deletions():
                dead = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
                self.live[dead + offset] = False
        self.live_count = int(self.live.sum())
        self.all_live = self.live_count == self.size
        self.values: dict[str, list[str]] = {}
        self.ords: dict[str, np.ndarray] = {}
        for field in SINGLE_FIELDS:
            self.values[field], self.ords[field] = _merge_single([p.single[field] for p in parts])
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for field in MULTI_FIELDS:
            self.values[field], docs, ords = _merge_multi([p.multi[field] for p in parts],
                                                          [o for _, o in self.leaves])
            keep = self.live[docs]
            self.multi[field] = (docs[keep], ords[keep])
        #: value -> ordinal, per value field
        self.value_index = {f: {v: i for i, v in enumerate(vs)} for f, vs in self.values.items()}
        #: per document: has any value of the multi-valued field
        self.has_multi = {}
        for field in MULTI_FIELDS:
            has = np.zeros(self.size, dtype=bool)
            has[self.multi[field][0]] = True
            self.has_multi[field] = has
        self.lengths = {f: _concat([p.lengths[f] for p in parts], np.float32) for f in TEXT_FIELDS}
        self.avg_length = {f: max(1.0, float(self.lengths[f][self.live].mean()) if self.live_count else 1.0)
                           for f in TEXT_FIELDS}
        # Days since 0001-01-01 per document (-1: no date), for ranges, sorting and histograms.
        day = _concat([p.numbers["day"] for p in parts], np.int32)
        self.day = np.where(day > 0, day, -1).astype(np.int32)
        # Syndication cluster number per document (0: not clustered), and each cluster's live size.
        self.cluster = _concat([p.numbers["cluster"] for p in parts], np.int32)
        self.cluster_size = np.bincount(self.cluster[self.live], minlength=1)
        self._by_cluster: tuple[np.ndarray, np.ndarray] | None = None
        # The date buckets of each document (-1: no date): month as year * 12 + month - 1, and year.
        dated = self.day >= 0
        months = ((self.day - _UNIX_ORDINAL).astype("datetime64[D]").astype("datetime64[M]")
                  .astype(np.int64) + 1970 * 12)
        self.month = np.where(dated, months, -1).astype(np.int32)
        self.year = np.where(dated, months // 12, -1).astype(np.int32)

    def cluster_members(self, c: int) -> np.ndarray:
        """The live documents of syndication cluster `c` (> 0), in document order."""
        if self._by_cluster is None:
            order = np.argsort(self.cluster, kind="stable")
            starts = np.searchsorted(self.cluster[order], np.arange(len(self.cluster_size) + 1))
            self._by_cluster = (order, starts)
        order, starts = self._by_cluster
        if c <= 0 or c >= len(self.cluster_size):
            return _EMPTY_IDS
        members = order[starts[c]:starts[c + 1]]
        return members[self.live[members]]

    # ------------------------------------------------------------------ postings

    def postings(self, field: str, text: str, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums, term frequencies) of a term across all segments, deleted ones included;
        with a list `values`, the postings' encoded values (positions) are appended to it."""
        ids, tfs = [], []
        for reader, offset in self.leaves:
            i, w = segment_postings(reader, field, text, values)
            if len(i):
                ids.append(i + offset)
                tfs.append(w)
        if not ids:
            return _EMPTY_IDS, _EMPTY_F
        return np.concatenate(ids), np.concatenate(tfs)

    def value_ids(self, field: str, values: list[str]) -> np.ndarray:
        """Ordinals of `values` in `field` (values the index does not have are skipped)."""
        index = self.value_index[field]
        return np.array([index[v] for v in values if v in index], dtype=np.int32)

    def docs_with(self, field: str, values: list[str]) -> np.ndarray:
        """A mask of the documents whose `field` has any of `values`."""
        wanted = self.value_ids(field, values)
        mask = np.zeros(self.size, dtype=bool)
        if not len(wanted):
            return mask
        if field in self.multi:
            docs, ords = self.multi[field]
            mask[docs[np.isin(ords, wanted)]] = True
        else:
            mask |= np.isin(self.ords[field], wanted)
        return mask & self.live


def _concat(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype=dtype)


def _global_values(lists: list[list[str]]) -> tuple[list[str], list[np.ndarray]]:
    """The sorted union of the value lists, and for each list its ordinals in it."""
    values = sorted(set().union(*lists)) if lists else []
    index = {v: i for i, v in enumerate(values)}
    maps = [np.array([index[v] for v in vs] + [-1], dtype=np.int32) for vs in lists]
    return values, maps  # each map ends with -1, so that map[-1] (no value) stays -1


def _merge_single(parts: list[tuple[list[str], np.ndarray]]) -> tuple[list[str], np.ndarray]:
    values, maps = _global_values([vs for vs, _ in parts])
    return values, _concat([m[ords] for m, (_, ords) in zip(maps, parts)], np.int32)


def _merge_multi(parts, offsets: list[int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    values, maps = _global_values([vs for vs, _, _ in parts])
    docs = _concat([d.astype(np.int64) + off for (_, d, _), off in zip(parts, offsets)], np.int64)
    ords = _concat([m[o] for m, (_, _, o) in zip(maps, parts)], np.int32)
    return values, docs, ords
