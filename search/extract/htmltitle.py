"""HTML captures: the headline as the page shows it (`choose_title`), from the page's
stated titles (og:title, JSON-LD headline, <title>) and its visible <h1>/<h2> headings,
for the DOM extractor (html.py)."""
from __future__ import annotations

import re

from search.extract import dates
from search.extract.htmlmeta import PageMeta, host_of, site_key, split_title
from search.extract.rules import normalise

#: How many blocks above the article its headline may stand (byline, date, share bar, standfirst...).
TITLE_REACH = 15


def _is_site_name(text: str, meta: PageMeta) -> bool:
    key = site_key(text)
    return bool(key) and key in {site_key(meta.site), site_key(host_of(meta.url))}


def _site_parts(meta: PageMeta) -> set[str]:
    """Parts of the stated titles that name the site rather than the article (normalised):
    the last part of a "Headline | Site" <title>, and a part beside one that is the
    og:title ("Site: Headline" where og:title is "Headline")."""
    found: set[str] = set()
    head = normalise(meta.title) if meta.title else None
    for title in (meta.page_title, meta.title):
        parts = split_title(title) if title else []
        if len(parts) < 2:
            continue
        keys = [normalise(p) for p in parts]
        if keys[-1] != head and keys[0] != keys[-1]:
            found.add(keys[-1])
        if head in keys:
            found |= {k for k in keys if k != head}
    return found


def _headline(text: str, keys: set[str], meta: PageMeta) -> str:
    """An <h1>'s headline: without a trailing " – Site" part, or a label or a date
    before the stated title ("Blog: Headline", "Dec 18 2025 Headline")."""
    parts = split_title(text)
    if len(parts) > 1 and _is_site_name(parts[-1], meta):
        return text[:text.rfind(parts[-1])].rstrip(" |–—·•»:/-")
    if normalise(text) in keys:
        return text
    heads = {normalise(t) for t in (meta.title, meta.page_title) if t}
    heads |= {normalise(split_title(t)[0]) for t in (meta.title, meta.page_title) if t and split_title(t)}
    words = text.split()
    for n in range(len(words) - 1, max(len(words) - 7, 0), -1):
        tail, label = " ".join(words[-n:]), " ".join(words[:-n])
        if len(tail) >= 20 and normalise(tail) in heads and (label.endswith(":") and n >= len(words) - 2
                                                             or dates.parse_date(label)):
            return tail
    return text


_BAR = re.compile(r"\s+\|\s+")


def labels_cut(title: str | None) -> str | None:
    """A headline without what follows a " | " (a section, a label, the site: "Headline |
    Opinion"): prose never writes a vertical bar, headlines use dashes and colons."""
    if title and " | " in title:
        head = _BAR.split(title, 1)[0].strip()
        if len(head) >= 12 and " " in head:
            return head
    return title


def choose_title(meta: PageMeta, headings: list[tuple[int, str, str]] = (), start: int = 0) -> str | None:
    """The headline as the page shows it.

    `headings` are the page's visible (block index, tag, text) h1 and h2 headings and
    `start` the index of the article's first block. In order: the <h1> that the
    page's stated titles (og:title, JSON-LD headline, <title>) agree with; an <h2>
    they agree with (the <h1> being the blog's or a section's name); the <h1> at the
    top of the article (a logo's <h1> is the site's name, not a headline); the stated
    title cleaned of its " | Site" part.
    """
    stated = [t for t in (meta.title, meta.page_title) if t]
    keys = {normalise(t) for t in stated}
    keys |= {normalise(p) for t in stated for p in split_title(t)}
    names = _site_parts(meta)
    h1 = [(i, _headline(text, keys, meta)) for i, tag, text in headings if tag == "h1"
          and not _is_site_name(text, meta) and normalise(text) not in names
          and (len(text) >= 12 or " " in text.strip() and not stated)]
    stated_parts = {normalise(p): p for t in stated for p in [t, *split_title(t)]}
    for _, text in h1:
        key = normalise(text)
        if key in keys:
            # The same words: the stated casing when the heading is all in capitals or in lower case.
            same = stated_parts.get(key)
            return same if same and (text.isupper() or text.islower()) else text
    for _, text in h1:
        key = normalise(text)
        if len(key) >= 12 and any(k.startswith(key) or key.startswith(k) for k in keys if len(k) >= 12):
            # "Headline – a subtitle" where the page states "Headline": the headline.
            head = split_title(text)
            if len(head) > 1 and normalise(head[0]) in keys and len(head[0]) >= 12:
                return head[0]
            return text
    for i, tag, text in headings:
        if tag == "h2" and normalise(text) in keys and len(text) >= 12:
            return text
    # An <h1> just above the article (or at its top) is its headline, whatever the
    # <title> says; one elsewhere (a logo, a section name) is not.
    near = [(abs(i - start), text) for i, text in h1 if start - TITLE_REACH <= i <= start + 3]
    if near:
        return min(near)[1]
    for title in stated:
        parts = [p for p in split_title(title) if not _is_site_name(p, meta)]
        if parts:
            return max(parts, key=len) if len(parts[0]) < 12 else parts[0]
    if h1:
        return h1[0][1]
    return stated[0] if stated else None
