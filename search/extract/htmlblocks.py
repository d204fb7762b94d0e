"""HTML captures, step 1 of the DOM extractor (html.py): the page's DOM as blocks of text.

One walk over the DOM (an explicit stack, so any nesting depth is safe) turns the
visible text into blocks (paragraphs, headings, list items, table rows...), each with
its length, how much of it is link text, and the element that holds it; the elements
are kept as parallel lists (tag, parent, hint). Invisible markup (scripts, styles,
templates, hidden elements) is skipped.

On the way each element gets its *hint*: the kind of furniture its tag, ARIA role,
class or id names (``nav``, ``footer``, "comments", "related", "share", "newsletter",
"sidebar"...), whether the hint is strong, and whether the element names itself the
content (``<article>``, ``<main>``, "post-content"). Whether a hint holds is judged
later, on the prose under the element (htmlscore.py). Only generic words are used (the
vocabulary of page furniture, never a site's own class names).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from search.extract.dates import word_trie

#: Never shown: their text is not the page's.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "head",
    "select", "option", "optgroup", "datalist", "input", "textarea", "canvas", "video", "audio",
    "map", "link", "meta", "title", "base", "picture", "source", "track", "img", "dialog",
})
#: Elements that start and end a block of text.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "caption", "blockquote", "pre", "figure", "figcaption", "form", "fieldset",
    "legend", "address", "details", "summary", "hr", "br", "center", "menu", "hgroup", "button",
    "label",
})
_CELL_TAGS = frozenset({"td", "th"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Block:
    text: str
    owner: int        # the innermost block element holding the text
    size: int         # characters (white space collapsed)
    links: int        # characters inside <a>
    tag: str          # the owner's tag
    reason: str | None = None  # why it is furniture, when it is
    closes: bool = False       # its phrase rule closes the article

    @property
    def link_density(self) -> float:
        return self.links / self.size if self.size else 0.0


@dataclass
class Page:
    """The page's blocks and elements (parallel lists indexed by element id)."""

    blocks: list[Block] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    hints: list[str | None] = field(default_factory=list)   # furniture reason named by the element
    strong: list[bool] = field(default_factory=list)        # the hint is strong (see _HINTS)
    content: list[bool] = field(default_factory=list)       # the element names itself the content
    named: dict[int, str] = field(default_factory=dict)     # what a hinted element is called (for --explain)


_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Furniture named by class, id or role: each rule has words that count anywhere in a
# name ("relatedPosts", "td-post-sharing") and words that must be a whole word of it
# ("nav" but not "canvas"; "tags" but not WordPress's "tag-foo" post class); a word
# may be two joined by "-" ("read-more") or written as one ("readmore").
# A *strong* hint is trusted unless its element holds most of the page's prose; a
# *weak* one only when its element holds little prose (page builders call every box
# a "widget" or a "module", themes name the article "post-with-sidebar").
_HINTS: tuple[tuple[str, bool, str, str], ...] = (
    # reason, strong, substrings, whole words
    ("comments", True, "comment disqus", "respond replies reply-form replyform discussion"),
    ("newsletter", True, "newsletter mailchimp mc4wp", ""),
    ("related-links", True, "related recommend outbrain taboola trending mostread mostviewed mostpopular",
     "more-stories more-articles more-posts more-news read-next readnext also-read popular-posts "
     "popular-articles popular-stories most-read most-viewed most-popular morestories"),
    ("share", True, "share sharing", "social addthis addtoany a2a follow-us followus"),
    ("navigation", True, "sidebar breadcrumb cookie",
     "nav navbar navigation menu menubar site-header siteheader site-footer sitefooter footer masthead "
     "skip-link skiplink skip-to consent gdpr modal popup login signin search-form search-box searchform "
     "searchbox search-bar searchbar"),
    ("debris", True, "advertis", "ad ads advert adslot ad-unit ad-slot ad-wrapper ad-container ad-banner "
     "adunit adwrapper adcontainer sponsor sponsored dfp google-ad google-ads print-only"),
    ("newsletter", False, "subscribe subscription", "sign-up signup opt-in optin email-capture lead-gen"),
    ("appeal", False, "donate donation paywall", "membership"),
    ("related-links", False, "", "teaser teasers promo read-more readmore next-post prev-post previous-post post-nav "
     "post-navigation pagination pager upsell cta you-may more-from"),
    ("caption", False, "caption", "credit credits"),
    ("debris", False, "screen-reader-text", "sr-only visually-hidden hidden"),
    # The author's box under the article (a photo, a short biography, links to their posts).
    ("navigation", True, "about-the-author abouttheauthor",
     "author-box authorbox author-bio authorbio about-author author-about author-info author-details "
     "author-description author-card"),
)
# Whole-class words: only when the class is exactly that word ("tags", "author-bio").
_WHOLE_CLASS: dict[str, tuple[str, bool]] = {
    name: ("navigation", False) for name in (
        "tags tag-list taglist tag-cloud tagcloud post-tags entry-tags categories post-categories "
        "author-bio author-box author-info author-card authorbio authorbox about-the-author bio banner "
        "overlay drawer rail toolbar topbar offcanvas off-canvas").split()
}


_SUBSTRINGS: dict[str, int] = {}
_WORDS: dict[str, int] = {}
for _i, (_reason, _strong, _subs, _words) in enumerate(_HINTS):
    for _w in _subs.split():
        _SUBSTRINGS.setdefault(_w, _i)
    for _w in _words.split():
        _WORDS.setdefault(_w, _i)
_SUBSTRING_RE = re.compile(word_trie(list(_SUBSTRINGS)))
_SPLIT = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")


def _hint_rule(names: str) -> int | None:
    """Index in _HINTS of the first rule a (lower-cased) class/id string names."""
    found = [_SUBSTRINGS[w] for w in _SUBSTRING_RE.findall(names)]
    words = [w for w in _SPLIT.split(names) if w]
    for k, w in enumerate(words):
        if w in _WORDS:
            found.append(_WORDS[w])
        if k + 1 < len(words):
            pair = f"{w}-{words[k + 1]}"
            if pair in _WORDS:
                found.append(_WORDS[pair])
    return min(found) if found else None


#: Inline tags that never name furniture worth a look (their text belongs to their block).
_PLAIN_INLINE = frozenset({"a", "b", "i", "em", "strong", "small", "sup", "sub", "abbr", "code", "time",
                           "u", "s", "mark", "cite", "q", "kbd", "var", "wbr", "font"})
TAG_HINTS = {"nav": "navigation", "aside": "related-links", "footer": "navigation", "form": "navigation",
              "figcaption": "caption", "menu": "navigation", "address": "navigation"}
_ROLE_HINTS = {"navigation": "navigation", "banner": "navigation", "contentinfo": "navigation",
               "complementary": "related-links", "search": "navigation", "menu": "navigation",
               "menubar": "navigation", "toolbar": "navigation", "dialog": "navigation",
               "alertdialog": "navigation", "tablist": "navigation"}
_CONTENT_HINT = re.compile(r"(?<![a-z])(article|content|entry|post|story|body|text|main|prose|blog|"
                           r"rich-?text|markdown)(?![a-z])")


def _hint(tag: str, attrs: dict) -> tuple[str | None, bool, bool]:
    """(furniture reason named by the element, whether the hint is strong, whether
    the element names itself the content)."""
    # A heading's id is an anchor made of its own words ("what-share-of-adults"), not a name.
    ident = "" if tag in HEADINGS else attrs.get("id") or ""
    return _hint_of(tag, attrs.get("class") or "", ident, attrs.get("role") or "")


def _hint_of(tag: str, cls: str, ident: str, role: str) -> tuple[str | None, bool, bool]:
    # Numbers make ids unique ("post-4163", "comment-87"): without them names repeat,
    # within a page and across a site's pages, and the cache answers.
    return _cached_hint(tag, _DIGITS.sub("0", cls), _DIGITS.sub("0", ident), role.lower())


# 4,096 names: in 793 WCXB pages, 367,000 look-ups miss 96,000 times, 86,000 with 16,384
# (6 us a miss: 60 ms in 37 CPU seconds), for 3 MB less in each ingest worker.
@functools.lru_cache(maxsize=4096)
def _cached_hint(tag: str, cls: str, ident: str, role: str) -> tuple[str | None, bool, bool]:
    names = f"{cls} {ident}".lower().replace("_", "-").strip()
    if role in _ROLE_HINTS:
        return _ROLE_HINTS[role], True, False
    content = tag in ("article", "main") or role == "main" or bool(names and _CONTENT_HINT.search(names))
    if tag in TAG_HINTS:
        return TAG_HINTS[tag], True, content
    if names:
        whole = next((_WHOLE_CLASS[c] for c in cls.lower().split() if c in _WHOLE_CLASS), None)
        rule = _hint_rule(names)
        if rule is not None or whole:
            reason, strong = (_HINTS[rule][0], _HINTS[rule][1]) if rule is not None else whole
            # An <article> or <main> is what it says, whatever its modifiers
            # ("main has-sidebar"), unless it is one comment of a list.
            if reason == "comments" or not (tag in ("article", "main") or role == "main"):
                return reason, strong, content
    return None, False, content


def _hidden(attrs: dict) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def read_blocks(root) -> Page:
    """Step 1 and the hints of step 2: the page's blocks, walking the DOM without recursion."""
    page = Page()
    blocks, parent, tags, hints, content = page.blocks, page.parent, page.tags, page.hints, page.content
    strong = page.strong
    buf: list[str] = []
    links = 0

    def flush(owner: int) -> None:
        nonlocal links
        if buf:
            text = _WS.sub(" ", "".join(buf)).strip()
            if text:
                size = len(text)
                blocks.append(Block(text, owner, size, min(links, size), tags[owner]))
            buf.clear()
        links = 0

    tags.append(root.tag or "root")
    parent.append(-1)
    hints.append(None)
    strong.append(False)
    content.append(False)
    # Stack entries: (children iterator, element id, owner block id, inside a link).
    stack = [(root.iter(include_text=True), 0, 0, False)]
    while stack:
        children, eid, owner, in_link = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if tags[eid] in BLOCK_TAGS or tags[eid] in _CELL_TAGS:
                flush(owner)
            continue
        tag = child.tag
        if tag == "-text":
            text = child.text_content
            if text:
                buf.append(text)
                if in_link:
                    links += len(text.strip())
            continue
        if tag is None or tag.startswith("-") or tag in SKIP_TAGS:
            continue
        attrs = child.attributes
        new = len(tags)
        tags.append(tag)
        parent.append(eid)
        if tag in _PLAIN_INLINE or not (attrs or tag in TAG_HINTS):
            hint, is_strong, named_content = None, False, tag in ("article", "main")
        else:
            hint, is_strong, named_content = _hint(tag, attrs)
        if attrs and _hidden(attrs):
            # Hidden now; a big hidden block is content a script moves into place
            # (streamed server rendering), a small one a menu or a pop-up.
            hint, is_strong = "debris", False
        hints.append(hint)
        strong.append(is_strong)
        if hint:
            page.named[new] = f"{tag} {attrs.get('class') or ''} #{attrs.get('id') or ''} {attrs.get('role') or ''}"
        content.append(named_content)
        if tag in BLOCK_TAGS:
            flush(owner)
            if tag in ("br", "hr"):
                continue
            stack.append((child.iter(include_text=True), new, new, in_link))
        elif tag in _CELL_TAGS:
            if buf and not buf[-1].endswith("\t"):
                buf.append("\t")
            stack.append((child.iter(include_text=True), new, owner, in_link))
        else:
            stack.append((child.iter(include_text=True), new, owner, in_link or tag == "a"))
    flush(0)
    return page
