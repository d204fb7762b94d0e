"""Capture in, articles out: the stages of extraction wired together."""
from __future__ import annotations

from datetime import date as Date
from typing import Iterable

from .article import Article
from .capture import Capture
from .enrich import enrich
from .html import visible_text
from .strip import Stripped, batch_furniture, strip


def _article(source: str, stripped: Stripped, **hints) -> Article:
    article = Article(source=source, body="\n\n".join(stripped.body), dropped=list(stripped.dropped))
    return enrich(article, stripped, **hints)


def extract_capture(
    capture: Capture,
    *,
    url: str | None = None,
    outlet: str | None = None,
    date: Date | None = None,
    common_lines: frozenset[str] = frozenset(),
) -> list[Article]:
    """The articles in one capture, the main one first.

    `url`, `outlet` and `date` are what the user supplied; they win over what the
    capture states. `common_lines` are lines known to be furniture because they
    repeat across a batch of captures (see `strip.batch_furniture`).
    """
    text = visible_text(capture.text) if capture.kind == "html" else capture.text
    stripped = strip(text, common_lines)
    main = _article(capture.source, stripped, url=url, outlet=outlet, date=date)
    # An appended article is another story: it shares the page's outlet, not its date or URL.
    others = [_article(capture.source, extra, outlet=outlet or main.outlet) for extra in stripped.appended]
    return [main, *others]


def extract_batch(captures: Iterable[Capture], **hints) -> list[list[Article]]:
    """Extract many captures, using lines that repeat across them as furniture evidence."""
    captures = list(captures)
    common = batch_furniture(c.text for c in captures if c.kind == "text")
    return [extract_capture(c, common_lines=common, **hints) for c in captures]
