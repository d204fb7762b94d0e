"""Feeds: RSS 2.0 (and 0.9x, 1.0), Atom (read by feedparser) and JSON Feed, item by item.

An item with its full text (RSS ``content:encoded``, Atom ``<content>``, JSON Feed
``content_html``/``content_text``) is a capture; an item with only a summary
(``<description>``, ``<summary>``) is indexed as such, and marked so: its provenance has
``"content": "summary"``. The item's link is the url, its published (else updated) date the
date, its title the title, the feed's title the outlet; its id (guid) identifies it
when it has no link. records.py says what a reader yields.
"""
from __future__ import annotations

import html
import json
import os
import time
from typing import Iterator

import feedparser

from search.errors import CaptureError
from search.extract.records import Payload, Record, iso_day

#: A feed is parsed whole (feedparser); full-text feeds of a few thousand items fit well under this.
MAX_FEED_BYTES = 100_000_000
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(path: str) -> Iterator[Record]:
    """The items of an RSS, Atom or JSON Feed file."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FEED_BYTES:
            yield CaptureError(path, f"too large for a feed ({size / 1e6:.1f} MB; the limit is "
                                     f"{MAX_FEED_BYTES // 1_000_000} MB)")
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        yield CaptureError(path, (exc.strerror or str(exc)).lower())
        return
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from _json_feed(path, data)
    else:
        yield from _xml_feed(path, data)


def _xml_feed(path: str, data: bytes) -> Iterator[Record]:
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version:
        why = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(parsed.get("bozo_exception") or "")
        yield CaptureError(path, "not an RSS or Atom feed" + (f" (not well-formed XML: {why})" if parsed.bozo and why
                                                              else " (no <rss>, <feed> or <rdf:RDF> element)"))
        return
    feed = parsed.feed
    fmt = "atom" if parsed.version.startswith("atom") else "rss"
    feed_id = feed.get("id") or feed.get("link") or path
    for n, entry in enumerate(parsed.entries, 1):
        content = entry.get("content") or []
        full = next((c for c in content if (c.get("value") or "").strip()), None)
        body, ctype, marked = None, "text/html", "full"
        if full is not None:
            body, ctype = full.get("value"), full.get("type") or "text/html"
        elif (entry.get("summary") or "").strip():
            detail = entry.get("summary_detail") or {}
            body, ctype, marked = entry.get("summary"), detail.get("type") or "text/html", "summary"
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        day = time.strftime("%Y-%m-%d", published) if published else None
        yield _item(f"{path}#{n}", body, ctype, marked, link=entry.get("link"), title=entry.get("title"),
                    day=day, feed_title=feed.get("title"),
                    provenance={"format": fmt, "file": path, "feed": feed_id, "item": n,
                                "item_id": entry.get("id") or entry.get("link")})


def _json_feed(path: str, data: bytes) -> Iterator[Record]:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        yield CaptureError(path, f"not a JSON Feed (not valid JSON: {exc})")
        return
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/"):
        yield CaptureError(path, "not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")")
        return
    items = feed.get("items") if isinstance(feed.get("items"), list) else []
    feed_id = feed.get("feed_url") or feed.get("home_page_url") or path
    for n, item in enumerate(items, 1):
        source = f"{path}#{n}"
        if not isinstance(item, dict):
            yield CaptureError(source, "a JSON Feed item that is not an object")
            continue
        if item.get("content_html"):
            body, ctype, marked = item["content_html"], "text/html", "full"
        elif item.get("content_text"):
            body, ctype, marked = item["content_text"], "text/plain", "full"
        else:
            body, ctype, marked = item.get("summary"), "text/plain", "summary"
        yield _item(source, body if isinstance(body, str) else None, ctype, marked,
                    link=item.get("url") or item.get("external_url"), title=item.get("title"),
                    day=iso_day(item.get("date_published") or item.get("date_modified")),
                    feed_title=feed.get("title"),
                    provenance={"format": "json feed", "file": path, "feed": feed_id, "item": n,
                                "item_id": str(item["id"]) if item.get("id") is not None else None})


def _item(source: str, body: str | None, ctype: str, marked: str, *, link, title, day, feed_title,
          provenance: dict) -> Record:
    if not body or not body.strip():
        return CaptureError(source, "a feed item with no content and no summary")
    provenance = {k: v for k, v in provenance.items() if v is not None}
    provenance["content"] = marked
    hints: dict = {"provenance": provenance}
    if isinstance(link, str) and link.startswith(("http://", "https://")):
        hints["url"] = link.strip()
    if isinstance(title, str) and title.strip():
        hints["title"] = " ".join(html.unescape(title).split())
    if day:
        hints["date"] = day
    if isinstance(feed_title, str) and feed_title.strip():   # the publication, rather than the link's host
        hints["outlet"] = " ".join(feed_title.split())
    is_html = ctype.lower() in _HTML_TYPES
    text = f"<!DOCTYPE html><html><body><article>{body}</article></body></html>" if is_html else body
    return Payload(source, text.encode("utf-8"), hints, kind="html" if is_html else "text", charset="utf-8")
