"""The Whoosh writer and its codec: postings pooled per term and written a block at a
time (byte-identical to Whoosh's files), and the tiered merge policy.
"""
from __future__ import annotations

import pickle

from whoosh import columns
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter,
                                  W3PerDocReader, W3PerDocWriter, W3PostingsWriter, W3Segment, _lenfield)
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from search.backends.whoosh.schema import Analyzed, AnalyzedText
from search.store import deflate

class _Pool(PostingPool):
    """Whoosh's posting pool (sorted in memory, in runs on disk past `limitmb`), with the
    postings of added documents kept per term instead: documents come in docnum order, so
    each term's list is already sorted, and flushing sorts only the terms, not every
    posting. Postings that come one by one (a merge) go Whoosh's way, and so does
    everything once the pool outgrows memory.

    A term's postings are one flat list, docnum, weight, value, docnum, weight, value...
    (no tuple a posting: 64 bytes each), and equal weights and values share one object
    for the batch (each came from a worker's message as an object of its own): a batch of
    1,000 web pages holds about half a million postings, 60 MB as tuples, 25 MB so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms: dict[tuple[str, bytes], list] = {}
        self._weights: dict[float, float] = {}   # a weight -> the one object kept for it
        self._values: dict[bytes, bytes] = {}    # ... and a value

    def add_field_postings(self, fieldname: str, docnum: int, items) -> None:
        self.fieldnames.add(fieldname)
        terms = self.terms
        weights, values = self._weights, self._values
        size = 0
        for tbytes, _, weight, vbytes in items:
            # Whoosh's estimate of the item's memory, as PostingPool.add makes it
            size += 150 + len(fieldname) + 2 * len(tbytes) + len(vbytes or b"")
            if weight.__class__ is float:   # (never an int for a float equal to it)
                weight = weights.setdefault(weight, weight)
            if vbytes.__class__ is bytes and len(vbytes) <= _SHARED_VALUE:
                vbytes = values.setdefault(vbytes, vbytes)
            postings = terms.get((fieldname, tbytes))
            if postings is None:
                terms[(fieldname, tbytes)] = [docnum, weight, vbytes]
            else:
                postings += (docnum, weight, vbytes)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _unfold(self) -> None:
        """The per-term postings into Whoosh's list of (field, term, docnum, weight, value)."""
        if self.terms:
            self.current.extend((f, t, d, w, v) for (f, t), postings in self.terms.items()
                                for d, w, v in zip(postings[0::3], postings[1::3], postings[2::3]))
            self.terms = {}
            self._weights, self._values = {}, {}

    def save(self):
        self._unfold()
        super().save()

    def iter_postings(self):
        self._unfold()
        return super().iter_postings()

    def by_term(self) -> bool:
        """True if every posting is in the per-term lists (see `term_postings`)."""
        return not self.runs and not self.current

    def term_postings(self):
        """((field, term), [docnum, weight, value, docnum, weight, value, ...]) in field and
        term order."""
        terms = self.terms
        for key in sorted(terms):
            yield key, terms[key]


#: Values (encoded positions) this long or shorter are shared within a batch: most are a
#: single position, a few bytes, repeated across documents; longer ones rarely repeat.
_SHARED_VALUE = 16


class BatchWriter(SegmentWriter):
    """Whoosh's segment writer, adding a document's postings field by field instead of
    posting by posting (the same postings, stored fields, lengths and columns)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = _Pool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # Whoosh's own add_document for what this one does not do: spelling, vectors, boosts
        self._plain = not any(f.vector or f.separate_spelling() for _, f in self.schema.items())

    def commit(self, mergetype=None, **kwargs):
        """Commit the batch; segments are merged by `merge_tiered` unless told otherwise."""
        return super().commit(mergetype=merge_tiered if mergetype is None else mergetype, **kwargs)

    def _flush_segment(self):
        if not self.pool.by_term():
            return super()._flush_segment()
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        self.fieldwriter.add_term_postings(self.schema, lengths, self.pool.term_postings())
        self.fieldwriter.close()
        lengths.close()

    def add_document(self, **fields):
        terms = fields.pop("terms", None)   # title and body analysed ahead (search.analysis.index_terms)
        if terms is not None:
            for name in ("title", "body"):
                if name in fields and isinstance(self.schema[name], AnalyzedText):
                    fields["_stored_" + name] = fields[name]
                    fields[name] = Analyzed(terms[name])
        if not self._plain or any(name.endswith("boost") for name in fields):
            return super().add_document(**fields)
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    items = field.index(value)
                    if not isinstance(items, list):
                        items = list(items)
                    if field.scorable:
                        length = sum(item[1] for item in items)
                    self.pool.add_field_postings(name, docnum, items)
                stored = fields.get("_stored_" + name, value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's W3 postings writer, with each block's data pickled with protocol 4
    instead of 2. Protocol 2 has no opcode for bytes: every posting's positions are
    pickled as a call to ``_codecs.encode(str, "latin1")``, which unpickling runs once
    per posting (about 57 us for a block of 128 postings, 8 us with protocol 4): that
    was a third of a query's time. Any Whoosh reads these blocks (pickle reads every
    protocol), and indexes written before read as they did."""

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 4)
        ids = self._ids
        info = pickle.dumps((len(ids), ids[-1], self._maxweight, 0, length_to_byte(self._minlength),
                             length_to_byte(self._maxlength)), 2)
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def add_posting(self, id_, weight, vbytes, length=None):
        # W3PostingsWriter.add_posting without its per-posting type assertions
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_term_postings(self, posts: list, lengths: list | None) -> None:
        """Add one term's postings (docnum, weight, value, docnum, weight, value... in docnum
        order) block by block: what add_posting does one posting at a time. `lengths`: the
        field's length per document (None: the field has none)."""
        step = 3 * self._blocklimit
        for start in range(0, len(posts), step):
            if start:
                self._write_block()
            chunk = posts[start:start + step] if len(posts) > step else posts
            ids = chunk[0::3]
            self._ids.extend(ids)
            weights = chunk[1::3]
            self._weights.extend(weights)
            self._maxweight = max(self._maxweight, max(weights))
            self._values.extend([v for v in chunk[2::3] if v])
            if lengths is not None:
                lens = [n for n in (lengths[d] for d in ids) if n]
                if lens:
                    low = min(lens)
                    self._minlength = low if self._minlength is None else min(self._minlength, low)
                    self._maxlength = max(self._maxlength, max(lens))


class _FieldWriter(W3FieldWriter):
    """Whoosh's W3 field writer, taking a segment's postings term by term (Whoosh's
    add_postings makes five method calls per posting)."""

    def add_term_postings(self, schema, lengths: "_NewSegmentLengths", terms) -> None:
        """Write `terms`: ((field, term), [docnum, weight, value, ...]) in field and term order."""
        field = None
        field_lengths = None
        for (fieldname, btext), posts in terms:
            if fieldname != field:
                if field is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                field = fieldname
                field_lengths = lengths.field_lengths(fieldname)
            self.start_term(btext)
            self._postwriter.add_term_postings(posts, field_lengths)
            self.finish_term()
        if field is not None:
            self.finish_field()


class _NewSegmentLengths(W3PerDocReader):
    """The per-document reader a writer gives its segment's postings writer (for each
    posting, the document's field length): Whoosh's reads one byte from the length
    column per posting, and looks on disk (os.stat) for the length column of every
    posting in a field that has none. Here each field's lengths are read once."""

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._all: dict[str, list | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.field_lengths(fieldname)
        if lengths is None:
            return default
        return lengths[docnum]

    def field_lengths(self, fieldname: str) -> list | None:
        """The length of `fieldname` per document (None: no length), or None when the
        field has no lengths."""
        lengths = self._all.get(fieldname, False)
        if lengths is False:
            lengths = self._all[fieldname] = self._read_lengths(fieldname)
        return lengths

    def _read_lengths(self, fieldname: str) -> list | None:
        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is None:
            return None
        # as W3PerDocReader.doc_field_length: no length (byte 0) gives None
        raw = bytes(reader._dbfile.get(reader._basepos, reader._count)).ljust(self._doccount, b"\0")
        return [byte_to_length(b) if b else None for b in raw]


class _StoredBytes(columns.CompressedBytesColumn):
    """Whoosh's compressed column of stored fields (zlib level 3), compressed by `deflate`:
    the same kind of zlib stream, which Whoosh's reader decompresses as before, at a sixth
    of the cost for a story's few KB (zlib's default set-up was a fifth of the writer's
    time a document)."""

    class Writer(columns.CompressedBytesColumn.Writer):
        def add(self, docnum, v):
            columns.VarBytesColumn.Writer.add(self, docnum, deflate(v, self._level))


#: What W3Codec writes the stored fields with (its STORED_COLUMN), compressed by `deflate`.
_STORED_COLUMN = columns.PickleColumn(_StoredBytes())


class _PerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, _STORED_COLUMN if fieldname == "_stored" else column)


class _Codec(W3Codec):
    """The W3 codec writing uncompressed blocks with `_PostingsWriter`. New segments
    record the plain W3Codec (what reading needs), so that an index's table of
    contents names no class of ours."""

    def __init__(self):
        super().__init__(compression=0)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=0,
                               inlinelimit=self._inlinelimit)

    def per_document_writer(self, storage, segment):
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _NewSegmentLengths(storage, segment)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(compression=0), indexname)


#: The codec every newsfacet writer uses (see `Index.writer`).
CODEC = _Codec()


#: Segments of one size tier (sizes within a factor MERGE_FACTOR) are merged once there
#: are MERGE_FACTOR of them, so a document is rewritten once per 32-fold growth of the
#: index. Whoosh merges slowly (every posting re-sorted in Python: at 100,000 Reuters
#: stories, about 1.5 ms a document, more than indexing it), so merges are rare; a query
#: pays about 0.1 ms per segment and term for the many segments instead. (Whoosh's own
#: MERGE_SMALL policy never merged 5,000-document segments at all.)
MERGE_FACTOR = 32


def _tier(docs: int) -> int:
    """floor(log_MERGE_FACTOR(docs)), in integers."""
    tier = 0
    while docs >= MERGE_FACTOR:
        docs //= MERGE_FACTOR
        tier += 1
    return tier


def merge_tiered(writer, segments):
    """A Whoosh merge policy (``commit(mergetype=...)``): merge the segments of a size tier
    that the new segment completes to MERGE_FACTOR (cascading), and segments that are
    mostly deletions. Returns the segments left as they are."""
    from whoosh.reading import SegmentReader

    pending = writer.doc_count()          # the new segment's documents
    keep, merge = [], []
    for seg in segments:
        if seg.deleted_count() * 2 > seg.doc_count_all():
            merge.append(seg)
            pending += seg.doc_count()
        else:
            keep.append(seg)
    tiers: dict[int, list] = {}
    for seg in keep:
        tiers.setdefault(_tier(seg.doc_count()), []).append(seg)
    for tier in sorted(tiers):
        segs = tiers[tier]
        if len(segs) + (_tier(pending) == tier) >= MERGE_FACTOR:
            merge.extend(segs)
            pending += sum(seg.doc_count() for seg in segs)
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    chosen = {id(seg) for seg in merge}
    return [seg for seg in segments if id(seg) not in chosen]
