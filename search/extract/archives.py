"""Web archives: WARC files (``.warc``, ``.warc.gz``, from Browsertrix, wget --warc-file,
the Internet Archive, Common Crawl) and WACZ files (a zip holding WARCs), read record by
record (records.py says what a reader yields).

Each HTML ``response`` (or ``resource``) record is a capture: its WARC-Target-URI is the
url, its WARC-Date the fallback date (the day it was crawled, used only when the page states
no date). Revisits, redirects and other statuses, and records that are not HTML are Skipped;
requests, metadata and warcinfo records are not captures and are passed over. A record that
cannot be read (a damaged gzip member, a bad header) is reported, and reading goes on at the
next record start found after it; a truncated file ends with one error for its last record.

Read with warcio (Webrecorder's reader and writer; bench/archives.py --readers compares it
with fastwarc: reading is under 2% of an ingest either way).
"""
from __future__ import annotations

import contextlib
import io
import zipfile
import zlib
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator

from search.errors import CaptureError
from search.extract.capture import MAX_BYTES, looks_like_html
from search.extract.records import Payload, Record, Skipped, iso_day

#: Content types read as HTML pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Record types that are not captures of a page (passed over, not counted).
_NOT_CAPTURES = ("warcinfo", "request", "metadata", "conversion", "continuation")
_SCAN = 1 << 20
#: Bytes of a record's content looked at to tell HTML (when its type does not say).
_SNIFF = 2048
_BLOCK = 1 << 16


def read_warc(path: str) -> Iterator[Record]:
    """The records of a WARC file (gzipped or not)."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield CaptureError(path, (exc.strerror or str(exc)).lower())
        return
    with f:
        yield from warc_records(f, path, {"format": "warc", "archive": path}, archive=path)


def read_wacz(path: str) -> Iterator[Record]:
    """The records of every WARC in a WACZ file (``archive/*.warc[.gz]``), in name order."""
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield CaptureError(path, f"not a readable WACZ (zip) file ({exc})")
        return
    with z:
        names = sorted(n for n in z.namelist() if n.lower().endswith((".warc", ".warc.gz")))
        if not names:
            yield CaptureError(path, "a zip file with no WARC in it (a WACZ keeps them in archive/)")
        for name in names:
            try:
                member = z.open(name)
            except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
                yield CaptureError(f"{path}!{name}", f"cannot read this WARC of the WACZ ({exc})")
                continue
            with member:
                yield from warc_records(member, f"{path}!{name}",
                                        {"format": "wacz", "archive": path, "member": name})


def warc_records(stream: BinaryIO, source: str, provenance: dict, archive: str | None = None) -> Iterator[Record]:
    """The records of one WARC stream; `source` names it, `provenance` is copied into each.
    `archive`: the stream is this file, and its pages are read again from it when needed
    (a Payload with `at`, not `data`); else (a WACZ's member) each Payload has its bytes."""
    gzipped = stream.read(2) == b"\x1f\x8b"
    start: int | None = 0
    reported = False    # the damage at `start` is already reported
    while start is not None:
        stream.seek(start)
        it = ArchiveIterator(stream)
        try:
            for record in _quiet(it):
                offset = it.offset
                out = _record(record, f"{source}@{offset}", offset, provenance, archive)
                reported = False
                if out is not None:
                    yield out
            if _left_over(stream, it.offset):
                raise EOFError("the file ends inside a record (a truncated file)")
            return
        except Exception as exc:   # ArchiveLoadFailed, zlib.error, EOFError, a header warcio cannot parse
            bad = it.offset
            if not reported:
                yield CaptureError(f"{source}@{bad}", _damage(exc, gzipped))
            reported = True
            start = _next_start(stream, max(bad, start) + 1, gzipped)


def _left_over(stream: BinaryIO, offset: int) -> bool:
    """True if bytes other than blank lines follow where the reader stopped (it takes a record
    cut inside its headers for the end of the file)."""
    stream.seek(offset)
    while True:
        block = stream.read(_SCAN)
        if not block:
            return False
        if block.strip():
            return True


def _quiet(it: ArchiveIterator) -> Iterator:
    """The iterator's records, with warcio's own warnings on standard error kept off it
    (a damaged record is reported once, by warc_records)."""
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                record = next(it)
            except StopIteration:
                return
        yield record


def _damage(exc: BaseException, gzipped: bool) -> str:
    detail = str(exc).split(", first line:")[0]    # warcio quotes the line, which may be binary
    detail = " ".join("".join(c if c.isprintable() else " " for c in detail).split())[:160] or type(exc).__name__
    if isinstance(exc, EOFError):
        return f"truncated record: {detail}"
    if isinstance(exc, zlib.error) or "gzip" in detail.lower() or "compressed" in detail.lower():
        return f"damaged record: corrupt or truncated gzip data ({detail})"
    return f"damaged record: not a readable WARC record ({detail})"


def _next_start(stream: BinaryIO, pos: int, gzipped: bool) -> int | None:
    """The offset of the next record start at or after `pos` (a gzip member that opens
    with a WARC header, or a WARC/1.x line), None if there is none."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    while True:
        stream.seek(pos)
        block = stream.read(_SCAN + 64)
        if len(block) < len(marker):
            return None
        i = block.find(marker)
        while 0 <= i < _SCAN:
            at = pos + i
            if _starts_record(stream, at, gzipped, block, i):
                return at
            i = block.find(marker, i + 1)
        pos += _SCAN


def _starts_record(stream: BinaryIO, at: int, gzipped: bool, block: bytes, i: int) -> bool:
    if not gzipped:
        return at == 0 or (block[i - 1:i] == b"\n" if i > 0 else _after_newline(stream, at))
    stream.seek(at)
    try:
        head = zlib.decompressobj(31).decompress(stream.read(4096), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _after_newline(stream: BinaryIO, at: int) -> bool:
    if at == 0:
        return True
    stream.seek(at - 1)
    return stream.read(1) == b"\n"


def _record(record, source: str, offset: int, provenance: dict, archive: str | None = None) -> Record | None:
    kind = record.rec_type
    if kind in _NOT_CAPTURES:
        return None
    if kind == "revisit":
        return Skipped(source, "revisit (a capture of a page already archived)")
    if kind not in ("response", "resource"):
        return Skipped(source, f"{kind} record")
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    content_type = headers.get_header("Content-Type") or ""
    if kind == "response":
        http = record.http_headers
        if http is None:
            return Skipped(source, "response without HTTP headers (DNS or another protocol)")
        status = (http.get_statuscode() or "").strip()
        if not status.startswith("2"):
            return Skipped(source, f"HTTP status {status or 'missing'}, not a page")
        content_type = http.get_header("Content-Type") or ""
    mime, charset = _content_type(content_type)
    if mime and mime not in HTML_TYPES and not mime.startswith("text/"):
        return Skipped(source, f"not HTML ({mime})")
    try:
        if archive is None:
            data = record.content_stream().read(MAX_BYTES + 1)
            head, size = data[:_SNIFF], len(data)
        else:
            data = None   # read through (a truncated record shows only at its end), not kept
            head, size = _read_through(record.content_stream())
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise OSError(f"cannot read the record's content ({exc})") from exc
    if size <= MAX_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"the record ends {record.raw_stream.limit} bytes short of its Content-Length "
                       "(a truncated file)")
    if mime not in HTML_TYPES and not looks_like_html(head.decode("latin-1")):
        return Skipped(source, f"not HTML ({mime or 'no content type'})")
    hints: dict = {"provenance": {**provenance, "offset": offset,
                                  "record_id": headers.get_header("WARC-Record-ID")}}
    captured = headers.get_header("WARC-Date")
    if captured:
        hints["provenance"]["captured"] = captured
        if iso_day(captured):
            hints["fallback"] = {"date": iso_day(captured)}
    if url:
        hints["url"] = url.strip("<> ")
        hints["provenance"]["target"] = hints["url"]
    return Payload(source, data, hints, kind="html", charset=charset,
                   at=None if archive is None else (archive, offset))


def _read_through(stream) -> tuple[bytes, int]:
    """The first _SNIFF bytes of a record's content, and its size (up to MAX_BYTES + 1),
    read a block at a time."""
    head = b""
    size = 0
    while size <= MAX_BYTES:
        block = stream.read(min(_BLOCK, MAX_BYTES + 1 - size))
        if not block:
            break
        if len(head) < _SNIFF:
            head += block[:_SNIFF - len(head)]
        size += len(block)
    return head, size


def _content_type(value: str) -> tuple[str, str | None]:
    """(mime type, charset) of a Content-Type header."""
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip() or None
    return parts[0].lower(), charset
