"""Records: the captures inside one file of many (a web archive, a mailbox, a feed), and
what is shared by their readers (archives.py, mhtml.py, mail.py, feeds.py).

A reader yields, record by record, in order and in bounded memory:

- a :class:`Payload`, the record's page (bytes; `Payload.capture()` decodes it into a
  :class:`~search.extract.capture.Capture`), whose ``hints`` say what the record states:
  ``url``, ``date`` (ISO), ``outlet``, ``title`` (these win over what the page states, as
  the user's options do), ``fallback`` (``date``, ``outlet``, ``title`` used only where the
  page states none: a crawl date is not a publication date) and ``provenance`` (where the
  record came from: the file, a byte offset, a message id, a feed item id);
- a :class:`Skipped` for a record that is not a page (a revisit, an image, a redirect);
- a :class:`~search.errors.CaptureError` for a record that cannot be read, with its reason;
  the reader then goes on with the next record it can find.

The articles of records get the record's fallbacks and provenance in finish.py.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date as Date
from typing import Union

from search.errors import CaptureError
from search.extract.capture import MAX_BYTES, Capture, clean_text, decode, looks_like_html, sniff_binary
from search.extract.warcrecord import record_payload

#: Formats whose records are e-mails, stripped of a newsletter's furniture (newsletter.py).
MAIL_FORMATS = ("eml", "mbox")


@dataclass
class Skipped:
    """A record that is not a page capture, and why (counted in the ingest summary)."""
    source: str
    reason: str


@dataclass
class Payload:
    """A record's page, not yet decoded (an ingest decodes it in a worker process, where the
    capture files are read too): `capture()` makes it a Capture.

    A record of a WARC file comes without its bytes (`data` None) but with where they are
    (`at`: the file and the record's byte offset), and `capture()` reads them there: an
    ingest's worker reads its page itself, so the writer never holds the pages of the
    chunks it has in hand (about 25 MB of a 20,000-page crawl's)."""
    source: str
    data: bytes | None
    hints: dict
    kind: str | None = None        # "html" | "text"; None: as the text looks
    charset: str | None = None     # as the record declares it
    at: tuple[str, int] | None = None   # (WARC file, byte offset of the record) when `data` is None

    def read(self) -> bytes:
        """The record's page (read from the archive when it came without it)."""
        if self.data is not None:
            return self.data
        path, offset = self.at
        return record_payload(self.source, path, offset, (self.hints.get("provenance") or {}).get("record_id"))

    def capture(self) -> Capture:
        """The decoded capture; raises CaptureError for an empty, binary or too large one,
        or for a WARC record that cannot be read again."""
        return payload_capture(self.source, self.read(), self.hints, kind=self.kind, charset=self.charset)


Record = Union[Payload, Skipped, CaptureError]


def payload_capture(source: str, data: bytes, hints: dict, *, kind: str | None = None,
                    charset: str | None = None) -> Capture:
    """The capture of one record's payload: decoded (its declared `charset` first, when the
    bytes are valid in it), HTML or text. Raises CaptureError for an empty, binary or too
    large payload."""
    if len(data) > MAX_BYTES:
        raise CaptureError(source, f"record too large (more than {MAX_BYTES // 1_000_000} MB; "
                                   f"the limit is {MAX_BYTES // 1_000_000} MB)")
    if not data.strip():
        raise CaptureError(source, "empty record")
    binary = sniff_binary(data)
    if binary:
        raise CaptureError(source, f"binary record, not a text or HTML capture (looks like {binary})")
    text, encoding = None, ""
    if charset:
        try:
            encoding = codecs.lookup(charset.strip().strip("'\"")).name
            text = clean_text(data.decode(encoding).removeprefix("\ufeff"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode(data)
    if not text.strip():
        raise CaptureError(source, "no text in it (only white space)")
    kind = kind or ("html" if looks_like_html(text) else "text")
    return Capture(source=source, text=text, kind=kind, encoding=encoding, hints=hints)


def iso_day(value) -> str | None:
    """A date or datetime (or an ISO string starting with one) as YYYY-MM-DD, else None."""
    if value is None:
        return None
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if isinstance(value, Date):
        return value.isoformat()
    try:
        return Date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def record_key(hints: dict) -> str | None:
    """The identity a record carries when it has no web address: a message's Message-ID,
    a feed item's id (within its feed). None for anything else."""
    p = hints.get("provenance") or {}
    if p.get("message_id"):
        return "message:" + str(p["message_id"]).strip()
    if p.get("item_id"):
        return "feed-item:" + str(p.get("feed") or "") + " " + str(p["item_id"]).strip()
    return None


def describe_provenance(p: dict | None) -> str:
    """Where a record came from, in words (`newsfacet show`, the article page)."""
    if not p:
        return ""
    fmt = p.get("format")
    if fmt in ("warc", "wacz"):
        where = f"{p.get('member')} in {p.get('archive')}" if fmt == "wacz" else p.get("archive")
        text = f"WARC record at byte {p.get('offset')} of {where}"
        extra = [x for x in (p.get("record_id"), f"captured {p['captured']}" if p.get("captured") else None) if x]
    elif fmt == "mhtml":
        text = f"saved page (MHTML) {p.get('file')}"
        extra = [f"saved {p['saved']}"] if p.get("saved") else []
    elif fmt in MAIL_FORMATS:
        text = (f"message {p.get('message')} (at byte {p.get('offset')}) of the mailbox {p.get('file')}"
                if fmt == "mbox" else f"e-mail {p.get('file')}")
        extra = [f"Message-ID {p['message_id']}"] if p.get("message_id") else []
    else:
        text = f"item {p.get('item')} of the {fmt.upper() if fmt in ('rss', 'atom') else 'JSON Feed'} feed {p.get('file')}"
        extra = [f"id {p['item_id']}"] if p.get("item_id") else []
        if p.get("content") == "summary":
            extra.append("summary only: the feed has no full text for it")
    return text + (f" ({'; '.join(extra)})" if extra else "")
