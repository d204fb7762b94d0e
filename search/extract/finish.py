"""The articles of records (records.py says what a reader yields): a chunk of records
extracted together, and what each record's articles get from it: its title, its fallbacks
where the page stated nothing, its provenance, and for an e-mail the newsletter's furniture
off. Apart from records.py so that reading records (an ingest's writer does) does not load
the pipeline.
"""
from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Iterable

from search.extract.actors import extract_actors
from search.extract.article import Article
from search.extract.capture import Capture
from search.extract.newsletter import strip_newsletter
from search.extract.pipeline import extract_capture
from search.extract.records import MAIL_FORMATS
from search.extract.rules import normalise
from search.extract.strip import batch_furniture


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
