"""Capture in, articles out: the stages of extraction wired together."""
from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Iterable

from search.extract.actors import extract_actors
from search.extract.article import Article
from search.extract.capture import Capture
from search.extract.casing import repair_case, shouts
from search.extract.enrich import author_from_page, enrich, outlet_from_page, outlet_from_url
from search.extract.html import extract as extract_html, visible_text
from search.extract.htmlend import cut_author_bio
from search.extract.htmlmeta import choose_author, choose_date, choose_outlet
from search.extract.language import detect as detect_language, settle_languages
from search.extract.strip import Stripped, batch_furniture, strip

#: A headline in capitals has at least this many letters (a short one is an acronym).
TITLE_LETTERS = 12


def _article(source: str, stripped: Stripped, aliases: Path | None = None, **hints) -> Article:
    article = Article(source=source, body="\n\n".join(stripped.body), dropped=list(stripped.dropped))
    article = enrich(article, stripped, **hints)
    if article.title and shouts(article.title, TITLE_LETTERS) and not shouts(article.body):
        article.title = repair_case(article.title, reference=article.body)  # a headline in capitals
    article.language = detect_language(article.title, article.body, url=article.url)
    article.actors = extract_actors(article, aliases)
    return article


def extract_capture(
    capture: Capture,
    *,
    url: str | None = None,
    outlet: str | None = None,
    date: Date | None = None,
    common_lines: frozenset[str] = frozenset(),
    aliases: Path | None = None,
    clean: bool = False,
) -> list[Article]:
    """The articles in one capture, the main one first.

    `url`, `outlet` and `date` are what the user supplied; they win over what the
    capture states. `common_lines` are lines known to be furniture because they
    repeat across a batch of captures (see `strip.batch_furniture`). `aliases` is the
    user's actor alias file (default: the one beside the default index). `clean`: the
    user says the capture is already clean (`--as-is`, `"clean": true` in a record):
    see `clean_article`.
    """
    if clean:
        return [clean_article(capture, url=url, outlet=outlet, date=date, aliases=aliases)]
    if capture.kind == "html":
        return [_html_article(capture, url=url, outlet=outlet, date=date, aliases=aliases)]
    stripped = strip(capture.text, common_lines)
    main = _article(capture.source, stripped, aliases, url=url, outlet=outlet, date=date)
    # An appended article is another story: it shares the page's outlet, not its date or URL.
    others = [_article(capture.source, extra, aliases, outlet=outlet or main.outlet) for extra in stripped.appended]
    return [main, *others]


def clean_article(capture: Capture, *, url: str | None = None, outlet: str | None = None,
                  date: Date | None = None, aliases: Path | None = None) -> Article:
    """A capture the user says is clean, as given: its whole text is the body (an HTML
    page's whole visible text), nothing dropped, no title, date or author read out of
    it; the metadata is what the user or the record supplies (the outlet may come from
    the record's address). Its language and actors are found in its text."""
    text = visible_text(capture.text) if capture.kind == "html" else capture.text
    body = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
    article = Article(source=capture.source, body=body, url=url, date=date)
    article.outlet = outlet or outlet_from_url(url)
    article.language = detect_language(None, article.body, url=article.url)
    article.actors = extract_actors(article, aliases)
    return article


def _html_article(capture: Capture, *, url: str | None, outlet: str | None, date: Date | None,
                  aliases: Path | None = None) -> Article:
    """The article of an HTML capture: the DOM extractor's body, the page's own metadata
    first, then what its visible text states (bylines, datelines)."""
    found = extract_html(capture.text)
    stripped, meta = found.stripped, found.meta
    article = Article(source=capture.source)
    article.title = stripped.title
    article.url = url or meta.url
    article.outlet = outlet or choose_outlet(meta, article.url) or outlet_from_page(stripped) or outlet_from_url(article.url)
    article.date = date or choose_date(meta, found.dates, article.url, found.far_date)
    article.author = choose_author(meta, author_from_page(stripped, article.outlet), article.outlet)
    cut_author_bio(stripped, article.author, article.outlet)
    article.body, article.dropped = "\n\n".join(stripped.body), list(stripped.dropped)
    article.language = detect_language(article.title, article.body, lang_tag=meta.lang, url=article.url)
    article.actors = extract_actors(article, aliases)
    return article


def extract_batch(captures: Iterable[Capture], **hints) -> list[list[Article]]:
    """Extract many captures, using lines that repeat across them as furniture evidence
    (`hints`: as for `extract_capture`)."""
    captures = list(captures)
    common = frozenset() if hints.get("clean") else batch_furniture(c.text for c in captures if c.kind == "text")
    found = [extract_capture(c, common_lines=common, **hints) for c in captures]
    settle_languages([a for articles in found for a in articles])
    return found
