"""Enrichment: title, outlet, publication date and author from what a capture states.

A value the capture does not state stays empty. What the user supplies (`--outlet`,
`--url`, `--date`) wins over what the page says.
"""
from __future__ import annotations

import functools
import re
from datetime import date as Date
from urllib.parse import urlsplit

from search.extract import dates
from search.extract.article import Article
from search.extract.casing import name_case
from search.extract.strip import BYLINE, TITLE_SPLIT, Stripped, name_like
from search.extract.rules import normalise

# The outlet named in its own furniture: "notifications from X", "Support X!", "© 2025 X".
_OUTLET_PHRASES = (
    re.compile(r"\b(?:notifications|newsletters?|updates|alerts|a message|the latest) from (?P<o>.+?)[.:!]?$", re.I),
    re.compile(r"^(?:support|subscribe to|donate to|sign up for|sign up to) (?P<o>.+?)[.!]?$", re.I),
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?,?\s*(?P<o>[^.|,©]+?)\s*(?:[.,|]|all rights|$)", re.I),
)
_ROLE = re.compile(r"\s*(,|\||·|•|\s-\s|\s–\s|\(|/).*$")
_NOT_AUTHOR = re.compile(r"^(by|staff|admin|editor|editorial|newsroom|redaktion|rédaction|redacción|"
                         r"agencies|wire|reuters|afp|ap|associated press|news desk|web desk|team)\b", re.I)


def _clean_outlet(name: str, shouted: bool = False) -> str | None:
    """`name` as an outlet's name, or None; `shouted`: read out of a capture in capitals,
    whose case says nothing (casing.name_case gives it a name's)."""
    name = " ".join(name.split()).strip(" .:!|-")
    if shouted:
        name = name_case(name)
    return name if name and name_like(name) else None


def outlet_from_page(stripped: Stripped) -> str | None:
    """The outlet as the capture names it: its own furniture, page title suffix, masthead."""
    for drop in stripped.dropped:
        if drop.reason in ("newsletter", "appeal", "navigation", "masthead") and len(drop.text) <= 120:
            for pattern in _OUTLET_PHRASES:
                m = pattern.search(drop.text)
                if m and (name := _clean_outlet(m.group("o"), stripped.shouted)):
                    return name
    site = site_from_page_title(stripped.first_line, stripped.title, stripped.shouted)
    if site:
        return site
    # A name on the page's first line is a masthead only on a news page's header: with
    # a byline or dateline under it (a menu's first item is a name too).
    masthead = stripped.head.get("masthead", [])
    if masthead and masthead[0] == stripped.first_line and (stripped.head.get("byline") or stripped.head.get("dateline")):
        return _clean_outlet(masthead[0], stripped.shouted)
    return None


def site_from_page_title(first_line: str | None, title: str | None, shouted: bool = False) -> str | None:
    """"Headline | Site" -> "Site", when the headline part is the article's title."""
    if not first_line or not title:
        return None
    parts = [p.strip() for p in TITLE_SPLIT.split(first_line) if p.strip()]
    if len(parts) < 2:
        return None
    key = normalise(title)
    rest = [p for p in parts if normalise(p) != key]
    if len(rest) == len(parts):
        return None
    if rest and (name := _clean_outlet(rest[-1], shouted)):
        return name
    return None


def outlet_from_url(url: str | None) -> str | None:
    """A readable outlet name from a URL's site: https://www.the-local.fr/x -> the-local.fr."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def date_from_page(stripped: Stripped) -> Date | None:
    """The publication date from the capture's datelines; a modification date only if alone."""
    lines = stripped.head.get("dateline", []) + stripped.head.get("byline", [])
    # 04/05/2025 is read as the page writes its other dates (dropped lists of posts included).
    order = functools.cache(lambda: dates.numeric_order(
        "\n".join([*lines, *stripped.body, *(d.text for d in stripped.dropped)])))
    published = [d for line in lines if not dates.is_updated_line(line)
                 if (d := dates.parse_date(line, month_first=order))]
    if published:
        return published[0]
    updated = [d for line in lines if (d := dates.parse_date(line, month_first=order))]
    return updated[0] if len(updated) == 1 and len(lines) == 1 else None


def author_from_page(stripped: Stripped, outlet: str | None) -> str | None:
    """The author from the byline, cleaned of "By", roles and dates; never a site name."""
    for line in stripped.head.get("byline", []):
        m = BYLINE.match(line)
        name = m.group("name") if m else line
        name = _ROLE.sub("", name).strip(" .:")
        if not name or _NOT_AUTHOR.match(name) or dates.parse_date(name):
            continue
        if outlet and normalise(name) == normalise(outlet):
            continue
        if name_like(name) or " and " in name or " & " in name:
            return name
    return None


def enrich(
    article: Article,
    stripped: Stripped,
    *,
    outlet: str | None = None,
    url: str | None = None,
    date: Date | None = None,
) -> Article:
    """Fill the article's metadata: the user's values first, then what the page states."""
    article.title = stripped.title
    article.url = url or article.url
    article.outlet = outlet or outlet_from_page(stripped) or outlet_from_url(article.url)
    article.date = date or date_from_page(stripped) or (dates.date_from_url(article.url) if article.url else None)
    article.author = author_from_page(stripped, article.outlet)
    return article
