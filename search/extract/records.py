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

:func:`finish` puts the record's fallbacks and provenance on the articles extracted from it.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Union

from search.errors import CaptureError
from search.extract.actors import extract_actors
from search.extract.article import Article
from search.extract.capture import MAX_BYTES, Capture, clean_text, decode, looks_like_html, sniff_binary
from search.extract.newsletter import strip_newsletter
from search.extract.pipeline import extract_capture
from search.extract.rules import normalise
from search.extract.strip import batch_furniture

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
    capture files are read too): `capture()` makes it a Capture."""
    source: str
    data: bytes
    hints: dict
    kind: str | None = None        # "html" | "text"; None: as the text looks
    charset: str | None = None     # as the record declares it

    def capture(self) -> Capture:
        """The decoded capture; raises CaptureError for an empty, binary or too large one."""
        return payload_capture(self.source, self.data, self.hints, kind=self.kind, charset=self.charset)


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


def finish(articles: Iterable[Article], hints: dict, aliases: Path | None = None,
           text: str | None = None) -> list[Article]:
    """The articles of one record with its title, its fallbacks where the page stated
    nothing, its provenance (on every article), and for an e-mail without the newsletter's
    furniture (its actors found again without it; `aliases` as for the pipeline; `text`: the
    capture's, where newsletter.py places the blocks already dropped)."""
    articles = list(articles)
    fallback = hints.get("fallback") or {}
    provenance = hints.get("provenance")
    for n, article in enumerate(articles):
        if provenance and provenance.get("format") in MAIL_FORMATS and strip_newsletter(article, text):
            article.actors = extract_actors(article, aliases)   # never from the furniture
        if n == 0:
            if hints.get("title"):
                _record_title(article, hints["title"])
            if not article.title and fallback.get("title"):
                article.title = fallback["title"]
            if not article.date and fallback.get("date"):
                article.date = Date.fromisoformat(fallback["date"])
        if not article.outlet and fallback.get("outlet"):
            article.outlet = fallback["outlet"]
        if provenance:
            article.provenance = dict(provenance)
    return articles


def _record_title(article: Article, title: str) -> None:
    """The record's title wins; the line the stripper took for the title, when it is not
    that title, is the text's own (an abstract's first sentence): it goes back on top of
    the body, so that no word of the record is lost."""
    found = article.title
    article.title = title
    if found and normalise(found) != normalise(title) and normalise(found) not in normalise(article.body[:2 * len(found)]):
        article.body = found + ("\n\n" + article.body if article.body else "")


def extract_records(captures: list[Capture], *, url: str | None = None, outlet: str | None = None,
                    date: Date | None = None, aliases: Path | None = None,
                    clean: bool = False) -> list[list[Article] | Exception]:
    """The articles of a chunk of records (or the exception one raised), each with its own
    hints; `url`, `outlet`, `date` (the user's) win over them. Lines repeating across the
    chunk's text records count as furniture, as in an ingest's chunk (workers.py). `clean`
    (or a record's own ``clean`` hint): taken as given (pipeline.clean_article)."""
    try:
        common = batch_furniture(c.text for c in captures if c.kind == "text")
    except Exception:
        common = frozenset()
    out: list[list[Article] | Exception] = []
    for capture in captures:
        hints = capture.hints
        try:
            day = date or (Date.fromisoformat(hints["date"]) if hints.get("date") else None)
            articles = extract_capture(capture, url=url or hints.get("url"), outlet=outlet or hints.get("outlet"),
                                       date=day, common_lines=common, aliases=aliases,
                                       clean=clean or bool(hints.get("clean")))
            out.append(finish(articles, hints, aliases, capture.text))
        except Exception as exc:   # a bug with one record must not stop the others
            out.append(exc)
    return out


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
