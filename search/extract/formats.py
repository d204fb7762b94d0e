"""Files of many captures: which format a file is (sniffed by its content, its name only
as a last word), and its records (the readers: archives.py, mhtml.py, mail.py, feeds.py).

`sniff(path)` is None for an ordinary capture (a page's text or HTML, capture.py), else one
of :data:`FORMATS`. By content: a WARC header (also gzipped), a zip holding WARCs (WACZ),
a MIME header block of a saved page (MHTML) or of a message (e-mail), a mailbox's "From "
line, an RSS/Atom/RDF root element, a JSON Feed's version. A file whose content says none
of these but whose name does (``.warc``, ``.rss``...) is read as that format, so that a
damaged one gets its reader's reason ("not well-formed XML") rather than being indexed as
text.
"""
from __future__ import annotations

import os
import re
import zipfile
import zlib
from typing import Callable, Iterator

from search.errors import CaptureError
from search.extract.archives import read_wacz, read_warc
from search.extract.feeds import read_feed
from search.extract.mail import FROM_LINE, read_eml, read_mbox
from search.extract.mhtml import read_mhtml
from search.extract.records import Record

READERS: dict[str, Callable[[str], Iterator[Record]]] = {
    "warc": read_warc, "wacz": read_wacz, "mhtml": read_mhtml, "eml": read_eml, "mbox": read_mbox,
    "feed": read_feed,
}
FORMATS = tuple(READERS)

#: Names that say a format (lower-cased comparison), when the content does not.
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"), (".warc", "warc"), (".wacz", "wacz"), (".mhtml", "mhtml"), (".mht", "mhtml"),
    (".eml", "eml"), (".mbox", "mbox"), (".rss", "feed"), (".atom", "feed"), (".xml", "feed"), (".json", "feed"),
)

_HEAD = 8192
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]?\S?")
_MAIL_HEADERS = {b"from", b"to", b"date", b"subject", b"message-id", b"received", b"return-path",
                 b"delivered-to", b"mime-version", b"reply-to", b"cc", b"x-mailer", b"list-unsubscribe"}
_FEED_ROOT = re.compile(rb"<(rss|rdf:RDF)[\s>]|<feed[^>]*xmlns\s*=\s*[\"']http://www\.w3\.org/2005/Atom", re.I)


def records(path: str, fmt: str) -> Iterator[Record]:
    """The records of the file at `path`, read as format `fmt` (one of FORMATS)."""
    try:
        empty = os.path.getsize(path) == 0
    except OSError:
        empty = False   # the reader says what is wrong
    if empty:
        return iter([CaptureError(path, "empty file")])
    return READERS[fmt](path)


def sniff(path: str) -> str | None:
    """The format of the file at `path` (one of FORMATS), None for an ordinary capture
    (or a file that cannot be read: the capture reader says why)."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return None
    return sniff_bytes(head, path) or by_name(path)


def by_name(path: str) -> str | None:
    low = path.lower()
    return next((fmt for suffix, fmt in SUFFIXES if low.endswith(suffix)), None)


def sniff_bytes(head: bytes, path: str | None = None) -> str | None:
    """The format the first bytes of a file say (`path`: to look inside a zip), else None."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, _HEAD)
        except zlib.error:
            return None
        return "warc" if head.startswith(b"WARC/") else None
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"PK\x03\x04"):
        return "wacz" if path and _is_wacz(path) else None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"From ") and FROM_LINE.match(text.split(b"\n", 1)[0].rstrip(b"\r") + b" "):
        return "mbox"
    headers = _header_names(text)
    if headers:
        content_type = headers.get(b"content-type", b"").lower()
        if b"multipart/related" in content_type or b"snapshot-content-location" in headers:
            return "mhtml"
        if len(_MAIL_HEADERS.intersection(headers)) >= 2 and (b"from" in headers or b"message-id" in headers):
            return "eml"
    if text.startswith(b"<") and _FEED_ROOT.search(text[:_HEAD]) and not re.match(rb"<!doctype html|<html", text, re.I):
        return "feed"
    if text.startswith(b"{") and b"jsonfeed.org/version/" in text[:_HEAD]:
        return "feed"
    return None


def _header_names(text: bytes) -> dict[bytes, bytes]:
    """The header block at the start (name: value lines up to a blank line), {} if the text
    does not start with one."""
    out: dict[bytes, bytes] = {}
    for line in text.split(b"\n")[:200]:
        line = line.rstrip(b"\r")
        if not line:
            return out
        if line[:1] in (b" ", b"\t") and out:
            continue   # a folded header
        if not _HEADER_LINE.match(line):
            return out if len(out) >= 2 else {}
        name, _, value = line.partition(b":")
        out[name.strip().lower()] = value.strip()
    return out


def _is_wacz(path: str) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return "datapackage.json" in names or any(n.lower().endswith((".warc", ".warc.gz")) for n in names)
