"""The index folder: the Whoosh schema, opening and creating, the writer lock, and
a searcher that is reused across queries and refreshed after commits.

Layout of an index folder::

    whoosh/            the Whoosh index (segments, TOC)
    arrays/            per-segment facet and length arrays, saved by the first searcher
    captures.sqlite    the raw captures, compressed, for `reindex` (see store.py)
    newsfacet.lock     the writer lock (one writer at a time; see `Index.writing`)

Readers never take the lock: a searcher reads the last commit.
"""
from __future__ import annotations

import errno
import fcntl
import os
import pickle
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from whoosh import fields, index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter,
                                  W3PerDocReader, W3PostingsWriter, W3Segment, _lenfield)
from whoosh.analysis import STOP_WORDS as WHOOSH_STOP_WORDS, StemmingAnalyzer
from whoosh.lang.porter import stem as porter_stem
from whoosh.lang.stopwords import stoplists
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.columns import NumericColumn
from whoosh.searching import Searcher
from whoosh.writing import PostingPool, SegmentWriter

from search.errors import IndexDamaged, IndexLocked, IndexNotFound
from search.backends.whoosh.safety import durable_storage
from search.settings import LOCK_TIMEOUT

#: English stop words: the list Whoosh ships for English (NLTK's) and Whoosh's default
#: one. Dropped from title and body, and from queries. (On CACM the larger list is worth
#: about +0.01 MAP; on Reuters stories it leaves 8% fewer postings to write.)
STOP_WORDS = frozenset(stoplists["en"]) | WHOOSH_STOP_WORDS

#: Tokenise, lower-case, drop stop words and one-letter words, Porter-stem. Used for title
#: and body at index time and for query words, so both sides agree. `terms` and
#: `index_terms` below give exactly what it gives, faster (no token objects).
ANALYZER = StemmingAnalyzer(stoplist=STOP_WORDS, cachesize=200_000)

_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")   # Whoosh's default tokenizer pattern
_STEMS: dict[str, str] = {}
_MAX_STEMS = 200_000


def _stem(word: str) -> str:
    s = _STEMS.get(word)
    if s is None:
        if len(_STEMS) >= _MAX_STEMS:
            _STEMS.clear()
        s = _STEMS[word] = porter_stem(word)
    return s


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order (what ANALYZER gives)."""
    stops = STOP_WORDS
    out = []
    for w in _TOKEN.findall(text):
        w = w.lower()
        if len(w) >= 2 and w not in stops:
            out.append(_STEMS.get(w) or _stem(w))
    return out


def index_terms(text: str) -> list[tuple[bytes, int, float, bytes]]:
    """What Whoosh's TEXT field would index for `text`: (term, frequency, weight, positions)
    per distinct term, positions encoded as Whoosh's Positions format does. Computed by
    the ingest workers, so that the one writer process does not analyse text."""
    stops = STOP_WORDS
    stems = _STEMS
    # ASCII text lower-cased at once tokenises the same (lower() keeps its letters letters)
    tokens = _TOKEN.findall(text.lower()) if text.isascii() else [w.lower() for w in _TOKEN.findall(text)]
    poses: dict[str, list[int]] = {}
    pos = -1
    first = True
    for i, w in enumerate(tokens):
        if len(w) < 2 or w in stops:
            continue
        if first:  # as StopFilter(renumber=True): the first kept token keeps its position
            pos, first = i, False
        else:
            pos += 1
        s = stems.get(w) or _stem(w)
        lst = poses.get(s)
        if lst is None:
            poses[s] = [pos]
        else:
            lst.append(pos)
    out = []
    for s, poslist in poses.items():
        n = len(poslist)
        if n == 1:
            p = poslist[0]
            value = _ONE_POSITION.get(p)
            if value is None:
                value = pack_uint(1) + pickle.dumps(poslist, 2)
                if p < 4096:
                    _ONE_POSITION[p] = value
        else:
            deltas, base = [], 0
            for p in poslist:
                deltas.append(p - base)
                base = p
            value = pack_uint(n) + pickle.dumps(deltas, 2)
        out.append((s.encode("utf-8"), n, float(n), value))
    return out


#: The encoded positions of a term that occurs once, at position p (most terms of a story).
_ONE_POSITION: dict[int, bytes] = {}


class Analyzed:
    """A text field value already analysed (`index_terms`); the text to store goes in
    ``_stored_<field>`` (Whoosh's way of storing something other than what is indexed)."""
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


class AnalyzedText(fields.TEXT):
    """A TEXT field that also takes `Analyzed` values (the terms come ready from a worker)."""

    def index(self, value, **kwargs):
        if isinstance(value, Analyzed):
            return value.items
        return super().index(value, **kwargs)


#: The fields. Only title and body are scored; outlet and actor are exact values,
#: day and cluster per-document numbers; all four are read as arrays (columns.py).
SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    capture=fields.ID(stored=True),        # key of the capture it came from (re-ingest replaces)
    title=AnalyzedText(analyzer=ANALYZER, stored=True),
    body=AnalyzedText(analyzer=ANALYZER, stored=True),
    outlet=fields.ID(stored=True),          # exact, as extracted
    date=fields.STORED,                     # YYYY-MM-DD; dateless documents have none
    day=fields.COLUMN(NumericColumn("i", default=0)),      # date.toordinal(); 0: no date
    actor=fields.KEYWORD(commas=True, lowercase=False, scorable=False),  # canonical names
    actors=fields.STORED,                   # [[name, type], ...]
    author=fields.STORED,
    url=fields.ID(stored=True),
    source=fields.STORED,
    cluster=fields.COLUMN(NumericColumn("i", default=0)),  # syndication cluster number; 0: none
    dropped=fields.STORED,                  # [[text, reason], ...]
)

#: Fields searched by words without a field name, and their weights in ranking.
TEXT_FIELDS: dict[str, float] = {"title": 2.0, "body": 1.0}

WHOOSH_DIR = "whoosh"
#: How long opening an index retries while a writer replaces the file it was reading.
OPEN_RETRY_SECONDS = 5.0
ARRAYS_DIR = "arrays"   # per-segment arrays saved by searchers (columns.py); safe to delete
STORE_FILE = "captures.sqlite"
LOCK_FILE = "newsfacet.lock"


def _open_segment_files(searcher: Searcher) -> None:
    """Open the per-document files of every segment `searcher` reads (see
    `Index._open_searcher`), and make each segment's reader answer "has this column?"
    from what it opened rather than by looking in the folder again."""
    schema = searcher.schema
    for reader, _ in searcher.reader().leaf_readers():
        perdoc = getattr(reader, "_perdoc", None)
        if not isinstance(perdoc, W3PerDocReader):
            continue    # an empty index's reader has no files
        perdoc._cached_reader("_stored", STORED_COLUMN)
        for name, field in schema.items():
            if field.scorable:
                perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
            if field.column_type and perdoc.has_column(name):
                perdoc.column_reader(name, field.column_type)   # keeps the file open
        perdoc.has_column = frozenset(perdoc._colfiles).__contains__


def exists(path: Path) -> bool:
    """True if `path` holds a newsfacet index."""
    return whoosh_index.exists_in(str(Path(path) / WHOOSH_DIR))


class Index:
    """One index folder. Thread-safe for searching (one search at a time per object)."""

    def __init__(self, path: Path, ix: whoosh_index.Index):
        self.path = Path(path)
        self.whoosh = ix
        self.lock = threading.RLock()      # guards the searcher and its caches
        self._searcher: Searcher | None = None
        self._columns = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = False) -> "Index":
        """Open the index at `path`; with `create`, make it if it does not exist.

        Raises IndexNotFound when there is none and `create` is false.
        """
        path = Path(path)
        wdir = path / WHOOSH_DIR
        # A writer may delete the TOC just listed (a newer one replaces it), and a reindex
        # swaps the folder: try again for a moment instead of failing a reader.
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            try:
                if whoosh_index.exists_in(str(wdir)):
                    return cls(path, whoosh_index.FileIndex(durable_storage(wdir), indexname="MAIN"))
                if not (path / (WHOOSH_DIR + ".new")).exists() and not (path / (WHOOSH_DIR + ".swap")).exists():
                    break
            except (OSError, EmptyIndexError) as exc:
                if time.monotonic() >= deadline:
                    raise IndexDamaged(str(path), f"{type(exc).__name__}: {exc}") from exc
            except Exception as exc:   # a TOC that does not unpickle, a wrong size: damage
                raise IndexDamaged(str(path), f"{type(exc).__name__}: {exc}"[:300]) from exc
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        if not create:
            raise IndexNotFound(str(path))
        wdir.mkdir(parents=True, exist_ok=True)
        return cls(path, whoosh_index.FileIndex.create(durable_storage(wdir), SCHEMA, "MAIN"))

    @property
    def store_path(self) -> Path:
        return self.path / STORE_FILE

    # ------------------------------------------------------------------ reading

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed if a writer committed since it was opened."""
        with self.lock:
            if self._searcher is None:
                self._searcher = self._open_searcher()
                return self._searcher
            try:
                if not self._searcher.up_to_date():
                    # Not Searcher.refresh(): it reuses segment readers whose deletions changed.
                    fresh = self._open_searcher()
                    self._searcher.close()
                    self._searcher = fresh
            except (OSError, EmptyIndexError):
                # A writer is between two states (a reindex swapping folders): keep answering
                # from the last commit this searcher has; the next query looks again.
                pass
            return self._searcher

    def _open_searcher(self) -> Searcher:
        """A new searcher on the last commit, with every file it will read already open.

        Whoosh opens a segment's stored fields, field lengths and columns on first use,
        by name in the index folder. A reindex swaps that folder for a new one, so a
        searcher opened before the swap would look for them among the new index's files,
        find none, and fail in the middle of a search. Opened here, they are read through
        open files whatever later happens to the names. A swap between reading the table
        of contents and opening the files (the names are gone) is tried again.
        """
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            searcher = self.whoosh.searcher()
            try:
                _open_segment_files(searcher)
                return searcher
            except OSError:
                searcher.close()
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def columns(self):
        """Per-document arrays (facet values, lengths, postings reader) of the current searcher."""
        from search.backends.whoosh.columns import Columns  # numpy is only needed once searching

        with self.lock:
            searcher = self.searcher()
            if self._columns is None or self._columns.searcher is not searcher:
                self._columns = Columns(searcher, previous=self._columns, cache_dir=self.path / ARRAYS_DIR)
            return self._columns

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def close(self) -> None:
        with self.lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._columns = None

    def __del__(self):
        # An index dropped without close() (a long-lived web app's, a test's) still closes
        # its segment files, which are real files since segments are not compound.
        try:
            if self._searcher is not None:
                self._searcher.close()
        except Exception:
            pass

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a whole ingest, delete or reindex.

        The lock is an flock on ``newsfacet.lock``: the system drops it when its
        holder dies, so a crashed writer never leaves the index locked. A live
        holder makes this wait (calling `on_wait` once with who holds it) up to
        `timeout` seconds, then raise IndexLocked.
        """
        with writer_lock(self.path, timeout=timeout, on_wait=on_wait):
            yield

    def writer(self) -> SegmentWriter:
        """A Whoosh writer for one batch; call only while holding `writing()`.

        Posting blocks are written uncompressed (Whoosh's default zlib-compresses each
        block of 128 postings): it costs disk, and saves a zlib call per block both when
        writing and when every query reads postings. Each block says whether it is
        compressed, so indexes written either way read the same.

        Segments are left as separate files, not assembled into one compound file:
        Whoosh reads a compound file through an mmap but copies each part it opens
        into memory (BufferFile wraps it in a BytesIO), so a searcher held the whole
        index in its resident memory (about 700 MB at 100,000 documents).
        """
        try:
            return _SegmentWriter(self.whoosh, timeout=30.0, limitmb=256, codec=CODEC, compound=False)
        except whoosh_index.LockError:   # Whoosh's own lock, held by a program that is not newsfacet
            raise IndexLocked(str(self.path), 30.0, "a program other than newsfacet (whoosh/MAIN_WRITELOCK)") from None


class _Pool(PostingPool):
    """Whoosh's posting pool (sorted in memory, in runs on disk past `limitmb`), with the
    postings of added documents kept per term instead: documents come in docnum order, so
    each term's list is already sorted, and flushing sorts only the terms, not every
    posting. Postings that come one by one (a merge) go Whoosh's way, and so does
    everything once the pool outgrows memory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms: dict[tuple[str, bytes], list] = {}

    def add_field_postings(self, fieldname: str, docnum: int, items) -> None:
        self.fieldnames.add(fieldname)
        terms = self.terms
        size = 0
        for tbytes, _, weight, vbytes in items:
            # Whoosh's estimate of the item's memory, as PostingPool.add makes it
            size += 150 + len(fieldname) + 2 * len(tbytes) + len(vbytes or b"")
            posting = (docnum, weight, vbytes)
            postings = terms.get((fieldname, tbytes))
            if postings is None:
                terms[(fieldname, tbytes)] = [posting]
            else:
                postings.append(posting)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _unfold(self) -> None:
        """The per-term postings into Whoosh's list of (field, term, docnum, weight, value)."""
        if self.terms:
            self.current.extend((f, t, d, w, v) for (f, t), postings in self.terms.items()
                                for d, w, v in postings)
            self.terms = {}

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
        """((field, term), [(docnum, weight, value), ...]) in field and term order."""
        terms = self.terms
        for key in sorted(terms):
            yield key, terms[key]


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer, adding a document's postings field by field instead of
    posting by posting (the same postings, stored fields, lengths and columns)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = _Pool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # Whoosh's own add_document for what this one does not do: spelling, vectors, boosts
        self._plain = not any(f.vector or f.separate_spelling() for _, f in self.schema.items())

    def _flush_segment(self):
        if not self.pool.by_term():
            return super()._flush_segment()
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        self.fieldwriter.add_term_postings(self.schema, lengths, self.pool.term_postings())
        self.fieldwriter.close()
        lengths.close()

    def add_document(self, **fields):
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
        """Add one term's postings ((docnum, weight, value) in docnum order) block by block:
        what add_posting does one posting at a time. `lengths`: the field's length per
        document (None: the field has none)."""
        limit = self._blocklimit
        for start in range(0, len(posts), limit):
            if start:
                self._write_block()
            chunk = posts[start:start + limit] if len(posts) > limit else posts
            self._ids.extend([p[0] for p in chunk])
            weights = [p[1] for p in chunk]
            self._weights.extend(weights)
            self._maxweight = max(self._maxweight, max(weights))
            self._values.extend([p[2] for p in chunk if p[2]])
            if lengths is not None:
                lens = [n for n in (lengths[p[0]] for p in chunk) if n]
                if lens:
                    low = min(lens)
                    self._minlength = low if self._minlength is None else min(self._minlength, low)
                    self._maxlength = max(self._maxlength, max(lens))


class _FieldWriter(W3FieldWriter):
    """Whoosh's W3 field writer, taking a segment's postings term by term (Whoosh's
    add_postings makes five method calls per posting)."""

    def add_term_postings(self, schema, lengths: "_NewSegmentLengths", terms) -> None:
        """Write `terms`: ((field, term), [(docnum, weight, value), ...]) in field and term order."""
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


class _Codec(W3Codec):
    """The W3 codec writing uncompressed blocks with `_PostingsWriter`. New segments
    record the plain W3Codec (what reading needs), so that an index's table of
    contents names no class of ours."""

    def __init__(self):
        super().__init__(compression=0)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=0,
                               inlinelimit=self._inlinelimit)

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


@contextmanager
def writer_lock(path: Path, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None, stop=None) -> Iterator[None]:
    """The newsfacet writer lock of an index folder (see `Index.writing`). `stop` (a
    threading.Event) set while waiting: KeyboardInterrupt, nothing was written."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            holder = _holder(fd)
            waited = time.monotonic() - start
            if waited >= timeout:
                raise IndexLocked(str(path), waited, holder)
            if stop is not None and stop.is_set():
                raise KeyboardInterrupt
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(0.2)
        # The lock is ours. Text left in the file means its last holder died holding it
        # (a clean exit empties it): recover from whatever it left half done.
        stale = _holder(fd)
        try:
            from search.backends.whoosh import safety

            try:   # who holds it, for the message of a writer that waits; best effort (disk full)
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}\n".encode(), 0)
            except OSError:
                pass

            if stale:
                safety.log.warning("the previous writer (%s) stopped without finishing; checking the index", stale)
            for note in safety.recover(path):
                safety.log.warning("%s", note)
            yield
            try:
                safety.seal(path / WHOOSH_DIR)
            except OSError as exc:   # a full disk: the next writer records them
                safety.log.warning("could not record the new segments' checksums (%s)", exc.strerror or exc)
        finally:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 100, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
