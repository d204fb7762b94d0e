"""What goes in: captures to ingest (files, folders, globs, JSON Lines records) as
Items, what a worker makes of each (an Outcome), and how a capture is identified
(its canonical URL, else the fingerprint of its content; document ids from it).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from search.errors import CaptureError
from search.extract.capture import clean_text, iter_capture_paths, looks_like_html
from search.extract.formats import records as format_records, sniff
from search.extract.records import Skipped, record_key

#: Files read as JSON Lines records (one object per line) instead of as captures.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Query-string parameters that do not change the page (dropped from canonical URLs).
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid", "at_medium", "at_campaign")



@dataclass
class Item:
    """One capture to ingest: a file to read, or a record's text."""
    source: str
    path: str | None = None
    text: str | None = None
    kind: str = "text"
    hints: dict = field(default_factory=dict)   # url, outlet, date (ISO), title, actors
    problem: str | None = None                  # already failed (bad record, missing file)
    skip: str | None = None                     # a record that is not a page (a revisit, an image): why
    data: bytes | None = None                   # a record's page, to decode in the worker (records.Payload)
    charset: str | None = None                  # ... as the record declares it
    at: tuple[str, int] | None = None           # ... or where the worker reads it: (WARC file, record offset)


@dataclass
class Outcome:
    """What a worker made of an Item."""
    source: str
    status: str                  # "ok" | "unchanged" | "failed"
    reason: str = ""
    fingerprint: str = ""
    kind: str = "text"
    data: bytes = b""            # the capture's text, compressed for the store (store.compress)
    hints: dict = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)   # Article.to_dict() + "signature"


# --------------------------------------------------------------------------- inputs


def items_from_paths(paths: Iterable[str], *, outlet: str | None = None, clean: bool = False) -> Iterator[Item]:
    """Items for files, folders (recursive), globs and JSON Lines files of records;
    `clean`: every capture is already clean, indexed as given (`--as-is`)."""
    base_hints: dict = {"outlet": outlet} if outlet else {}
    if clean:
        base_hints["clean"] = True
    for path, problem in iter_capture_paths(paths):
        if problem is not None:
            yield Item(problem.source, problem=problem.problem)
        elif path.lower().endswith(RECORD_SUFFIXES):
            yield from items_from_records(path, outlet=outlet, clean=clean)
        elif path != "-" and (fmt := sniff(path)):
            yield from items_from_format(path, fmt, outlet=outlet, clean=clean)
        else:
            yield Item(path, path=path, hints=dict(base_hints))


def items_from_format(path: str, fmt: str, *, outlet: str | None = None, clean: bool = False) -> Iterator[Item]:
    """Items for the records of an archive, saved page, mailbox or feed (extract/formats.py),
    read one at a time: a bad record is a failed Item, one that is not a page a skipped one."""
    for record in format_records(path, fmt):
        if isinstance(record, Skipped):
            yield Item(record.source, skip=record.reason)
        elif isinstance(record, CaptureError):
            yield Item(record.source, problem=record.problem)
        else:
            hints = dict(record.hints)
            if outlet:
                hints["outlet"] = outlet
            if clean:
                hints["clean"] = True
            yield Item(record.source, kind=record.kind or "text", hints=hints, data=record.data,
                       charset=record.charset, at=record.at)


def items_from_records(path: str, *, outlet: str | None = None, clean: bool = False) -> Iterator[Item]:
    """Items for a JSON Lines file: objects with `url` and `html` or `text` (and optionally
    `outlet`, `date`, `title`, `actors`, and `clean`: true when the text is already clean)."""
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        yield Item(path, problem=(exc.strerror or str(exc)).lower())
        return
    with f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            yield record_item(f"{path}:{lineno}", line, outlet=outlet, clean=clean)


def record_item(source: str, line: str, *, outlet: str | None = None, clean: bool = False) -> Item:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Item(source, problem=f"not a JSON object ({exc.msg})")
    if not isinstance(record, dict):
        return Item(source, problem="not a JSON object")
    body = record.get("html") if record.get("html") else record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Item(source, problem="a record needs \"html\" or \"text\"")
    hints: dict = {}
    for key in ("url", "outlet", "title"):
        if isinstance(record.get(key), str) and record[key].strip():
            hints[key] = record[key].strip()
    if outlet:
        hints["outlet"] = outlet
    if clean:
        hints["clean"] = True
    if record.get("date"):
        try:
            hints["date"] = Date.fromisoformat(str(record["date"])[:10]).isoformat()
        except ValueError:
            return Item(source, problem=f"bad date {record['date']!r} (YYYY-MM-DD)")
    if record.get("clean") is True:
        hints["clean"] = True   # already clean: indexed as given (pipeline.clean_article)
    actors = record.get("actors")
    if isinstance(actors, list):
        hints["actors"] = [[a, "person"] if isinstance(a, str) else [a.get("name"), a.get("type", "person")]
                           for a in actors if isinstance(a, str) or (isinstance(a, dict) and a.get("name"))]
    text = clean_text(body)
    kind = "html" if record.get("html") or looks_like_html(text) else "text"
    return Item(source, text=text, kind=kind, hints=hints)


# --------------------------------------------------------------------------- identity


def canonical_url(url: str | None) -> str | None:
    """The URL with what does not change the page removed (scheme, www., fragment,
    tracking parameters, trailing slash); None if it is not a web address."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.").removesuffix(":80").removesuffix(":443")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    path = parts.path.rstrip("/") or ""
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


def capture_key(url: str | None, hints: dict, fp: str) -> str:
    """The key a capture is stored and replaced under: its canonical URL, else the identity
    of its record (a message id, a feed item id), else its fingerprint."""
    return canonical_url(url) or record_key(hints) or fp


def fingerprint(kind: str, text: str, hints: dict) -> str:
    data = json.dumps([kind, " ".join(text.split()), hints], sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def doc_id(key: str, n: int) -> str:
    """The id of the n-th article (0: the main one) of the capture with `key`."""
    h = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return h if n == 0 else f"{h}-{n + 1}"
