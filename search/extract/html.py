"""HTML captures: the article's text out of the page's DOM (selectolax / Lexbor).

How it decides, in four steps, each linear in the size of the page:

1. *Blocks*: one walk over the DOM (an explicit stack, so any nesting depth is safe)
   turns the visible text into blocks (paragraphs, headings, list items, table
   rows...), each with its length, how much of it is link text, and the chain of
   elements above it. Invisible markup (scripts, styles, templates, hidden
   elements) is skipped.
2. *Hints*: elements whose tag, ARIA role, class or id names a kind of furniture
   (``nav``, ``footer``, "comments", "related", "share", "newsletter",
   "sidebar"...) mark their blocks with a drop reason, unless the element holds
   most of the page's prose (a ``<body class="has-sidebar">`` or a wrapper
   ``<form>`` is not furniture).
3. *Container*: every block scores: prose (long, few links) up, short lines,
   link lists and hinted furniture down (comments only a little: they often sit
   inside the article's element). The article is the element whose blocks score
   highest in total, a tree version of the text stripper's best run of lines,
   grown to its parent while that holds much more unhinted prose and still scores.
4. *Blocks of the article*: inside it, each block still goes through the text
   stripper's phrase rules (`rules.classify`), byline and dateline checks, link
   density, caption and repeated-headline checks; a closing rule (a comments or
   "Related" heading) drops the link lists under it.

Only generic hints are used (the vocabulary of page furniture, never a site's
own class names), so that the rules carry over to unseen sites.

`visible_text` (the page's visible text, a line per block) is kept for callers
that want the whole page as text.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from search.extract import dates
from search.extract.dates import word_trie
from search.extract.article import Dropped
from search.extract.htmlmeta import PageMeta, host_of, read_meta, site_key, split_title
from search.extract.rules import normalise
from search.extract.strip import BYLINE, KICKER, Stripped, furniture

# --------------------------------------------------------------------------- visible text

_INVISIBLE = "script, style, noscript, template, svg, head, iframe, object"
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
           "header", "footer", "nav", "aside", "blockquote", "pre", "figcaption", "dd", "dt", "td", "th")


def visible_text(html: str) -> str:
    """The text a browser would show, a line per block element; never raises on bad markup."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_INVISIBLE):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    for tag in _BLOCKS:
        for node in root.css(tag):
            node.insert_before("\n")
            node.insert_after("\n")
    return root.text(separator="", strip=False)


# --------------------------------------------------------------------------- step 1: blocks

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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


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
_TAG_HINTS = {"nav": "navigation", "aside": "related-links", "footer": "navigation", "form": "navigation",
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
    ident = "" if tag in _HEADINGS else attrs.get("id") or ""
    return _hint_of(tag, attrs.get("class") or "", ident, attrs.get("role") or "")


def _hint_of(tag: str, cls: str, ident: str, role: str) -> tuple[str | None, bool, bool]:
    # Numbers make ids unique ("post-4163", "comment-87"): without them names repeat,
    # within a page and across a site's pages, and the cache answers.
    return _cached_hint(tag, _DIGITS.sub("0", cls), _DIGITS.sub("0", ident), role.lower())


@functools.lru_cache(maxsize=16384)
def _cached_hint(tag: str, cls: str, ident: str, role: str) -> tuple[str | None, bool, bool]:
    names = f"{cls} {ident}".lower().replace("_", "-").strip()
    if role in _ROLE_HINTS:
        return _ROLE_HINTS[role], True, False
    content = tag in ("article", "main") or role == "main" or bool(names and _CONTENT_HINT.search(names))
    if tag in _TAG_HINTS:
        return _TAG_HINTS[tag], True, content
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
        if tag in _PLAIN_INLINE or not (attrs or tag in _TAG_HINTS):
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


# --------------------------------------------------------------------------- steps 2-3: container

#: A strongly hinted element holding more than this share of the page's prose is not furniture.
HINT_MAX_SHARE = 0.5
#: A <nav>, <aside> or <footer> is trusted up to this share (a short article over a long footer).
TAG_HINT_MAX_SHARE = 0.8
#: A weakly hinted element holding more prose than this (characters) is not furniture.
WEAK_HINT_MAX_PROSE = 400
#: A hidden element (display:none, a "hidden" class) holding more prose than this is a collapsed
#: panel of the article (an accordion's answer, a tab, a "read more"), not a menu or a pop-up.
HIDDEN_MAX_PROSE = 300
#: Nor a strongly hinted one holding more than this, unless a quarter of its text is links.
STRONG_HINT_MAX_PROSE = 1000
#: Comments are prose: a comments element is trusted up to this share of the page's prose.
COMMENTS_MAX_SHARE = 0.6
#: What a short block costs (menus and headline lists are many short blocks).
SHORT_COST = 10
#: The article's element grows to its parent while the parent holds this many times
#: its prose and still scores (an article split over sibling boxes, a data table
#: between two runs of paragraphs).
GROW = 1.3
#: ... and to an element up to this many levels above it that names itself the content
#: (``<article>``, ``<main>``, "post-content") while that holds this many times its prose.
CONTENT_REACH = 4
CONTENT_GROW = 2.0


def _prose(block: Block) -> int:
    """Characters of running text a block holds (links do not count)."""
    return max(0, block.size - 2 * block.links) if block.size >= 25 else 0


def _weight(block: Block) -> float:
    if block.reason == "comments":
        # Comments often sit inside the article's element: a page with many must not
        # push the article out of it (they are dropped as comments all the same).
        return -SHORT_COST
    if block.reason and block.reason not in ("byline", "dateline", "caption"):
        return -max(block.size, SHORT_COST)
    if _linked_sentence(block):
        return block.size - block.links - SHORT_COST
    return block.size - 3 * block.links - SHORT_COST


def _linked_sentence(block: Block) -> bool:
    """A sentence made into one link ("You can support this webcam by making a gift."):
    text, where a list of links is headlines, which end without a full stop."""
    return block.link_density > LINK_LINE_DENSITY and block.size >= 40 and block.text[-1] in ".。"


def _subtree_sums(page: Page, values: list[float]) -> list[float]:
    """Per element, the sum of `values` (one per block) over the blocks below it."""
    sums = [0.0] * len(page.tags)
    for block, value in zip(page.blocks, values):
        sums[block.owner] += value
    parent = page.parent
    for eid in range(len(sums) - 1, 0, -1):  # ids are in document order: children after parents
        sums[parent[eid]] += sums[eid]
    return sums


def _valid_hint(page: Page, eid: int, prose: list[float], size: list[float], links: list[float],
                page_footer: bool = False, own: list[float] | None = None) -> bool:
    """Whether a hinted element is the furniture it is called: it must not hold most of
    the page's prose, and (but for comments) not much running text with few links.
    The page's own footer (a <footer> outside any <article> or <main>) is trusted
    whatever its prose (legal notices, disclaimers, an about box) up to a share."""
    hint, total = page.hints[eid], prose[0] or 1
    if page_footer:
        return prose[eid] <= TAG_HINT_MAX_SHARE * total
    if hint == "comments":
        return prose[eid] <= COMMENTS_MAX_SHARE * total
    free = (own or prose)[eid]
    if not page.strong[eid]:
        limit = HIDDEN_MAX_PROSE if hint == "debris" else WEAK_HINT_MAX_PROSE
        return free <= limit or links[eid] > 0.5 * size[eid]
    if prose[eid] > (TAG_HINT_MAX_SHARE if page.tags[eid] in _TAG_HINTS else HINT_MAX_SHARE) * total:
        return False
    return free <= STRONG_HINT_MAX_PROSE or links[eid] >= 0.25 * size[eid]


def _label_hints(page: Page) -> None:
    """Give each block the reason of its innermost valid hinted ancestor."""
    prose = _subtree_sums(page, [_prose(b) for b in page.blocks])
    size = _subtree_sums(page, [b.size for b in page.blocks])
    links = _subtree_sums(page, [b.links for b in page.blocks])
    parent, hints = page.parent, page.hints
    reason: list[str | None] = [None] * len(page.tags)
    tags = page.tags
    # Whether the element is inside an <article> or <main> (or is one).
    in_main = [tags[0] in ("article", "main")] + [False] * (len(tags) - 1)
    for eid in range(1, len(tags)):
        in_main[eid] = in_main[parent[eid]] or tags[eid] in ("article", "main")
    # Children first: an element's own prose leaves out what a valid hint below it
    # already calls furniture (a pop-up's cookie descriptions).
    own = [0.0] * len(tags)
    for block in page.blocks:
        own[block.owner] += _prose(block)
    valid = [False] * len(tags)
    for eid in range(len(tags) - 1, 0, -1):
        if hints[eid]:
            valid[eid] = _valid_hint(page, eid, prose, size, links,
                                     tags[eid] == "footer" and not in_main[eid], own)
        if not valid[eid]:
            own[parent[eid]] += own[eid]
    for eid in range(1, len(reason)):
        reason[eid] = hints[eid] if valid[eid] else reason[parent[eid]]
    for block in page.blocks:
        block.reason = reason[block.owner]


def _container(page: Page) -> int | None:
    """The element whose blocks score highest in total, or None when nothing scores."""
    if not page.blocks:
        return None
    sums = _subtree_sums(page, [_weight(b) for b in page.blocks])
    best = max(range(len(sums)), key=sums.__getitem__)
    if sums[best] <= 0:
        return None
    # Up to the parent while it holds much more prose that no hint calls furniture
    # and its blocks, all told, still score.
    prose = _subtree_sums(page, [0 if b.reason else _prose(b) for b in page.blocks])
    parent = page.parent
    while best > 0:
        up = parent[best]
        if prose[up] >= GROW * prose[best] and sums[up] > 0:
            best = up
            continue
        # An article of many short lines (lists, tables, code) scores below zero as a
        # whole: the nearest element a few levels up that names itself the content
        # still takes it in when it holds several times the prose.
        for _ in range(CONTENT_REACH):
            if up <= 0 or page.content[up]:
                break
            up = parent[up]
        if up > 0 and page.content[up] and prose[up] >= CONTENT_GROW * prose[best]:
            best = up
            continue
        break
    return best


def _inside(page: Page, eid: int, container: int) -> bool:
    parent = page.parent
    while eid > container:
        eid = parent[eid]
    return eid == container


# --------------------------------------------------------------------------- step 4: article blocks

#: Sentence-like: a block of prose is long, or ends like a sentence.
_SENTENCE_END = re.compile(r"[.!?…。！？:;\"'”’»)]$")


def _is_prose(block: Block) -> bool:
    return block.link_density < 0.3 and (block.size >= 120 or (block.size >= 40 and bool(_SENTENCE_END.search(block.text))))


@dataclass
class HtmlArticle:
    """What the HTML extractor found: the stripped article (as the text stripper's
    `Stripped`, so that enrichment reads both alike) and the page's own metadata."""

    stripped: Stripped
    meta: PageMeta
    #: Dates the page shows around the article's head and in it, in reading order, as
    #: (date, stated as an update); what the reader sees, where structured data may differ.
    dates: list[tuple] = field(default_factory=list)
    #: A date shown away from the article's head (the only date line just below it, or far
    #: above it and marked up as <time datetime>), for when nothing else dates the page.
    far_date: object = None


_BYLINE_LABEL = re.compile(r"^(?:by|written by|words by|text by|author|posted by|article by)\s*:?$", re.I)


def _classify_block(block: Block) -> None:
    """Phrase rules, bylines and datelines on a block that no hint claimed (as the text stripper judges a line)."""
    block.reason, block.closes = furniture(block.text, block.size)
    if block.reason == "byline" and (m := BYLINE.match(block.text)) and m.group("name")[:1].islower():
        # "By the end of this tutorial, you...", "From there, it was...": a sentence, not a name.
        block.reason = None
    elif block.reason == "appeal" and block.size > APPEAL_MAX:
        # A paragraph that mentions donations or limited access is prose; appeal boxes are
        # short lines, and their markup names them (see _HINTS).
        block.reason, block.closes = None, False
    if not block.reason and block.size <= 60 and _end_matter_key(block.text) in _OTHER_POSTS:
        block.reason, block.closes = "related-links", True
    elif not block.reason and (_is_data(block) or _PLACEHOLDER.match(block.text)):
        block.reason = "debris"


#: A template's placeholder text, shown where a script was to put the real one.
_PLACEHOLDER = re.compile(r"lorem ipsum dolor sit amet\b", re.I)


def _is_data(block: Block) -> bool:
    """Whether a block is a JSON object or array that a script reads (a page builder's
    settings in a hidden element), not text; a code sample in a <pre> is the article's."""
    text = block.text
    if block.tag == "pre" or text[:1] not in "{[" or text[-1:] not in "}]":
        return False
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


# UTF-8 read as Latin-1 or Windows-1252 ("Investorâ\x80\x99s", "cafÃ©"): a lead byte
# (Â..ô) then one to three continuation bytes (\x80..\xbf, or the Windows-1252 characters
# in their place). Pages that serve it so (their text was mis-decoded once before it was
# stored) show it; no prose writes a C1 control character or "â€™".
_CP1252 = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252}]{{1,3}}")
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][\u0080-\u009f{_CP1252}]")
_MOJIBAKE_MARK = re.compile(f"[\u0080-\u009f{_CP1252}]")


def _byte(ch: str) -> int:
    return ord(ch) if ord(ch) < 256 else ch.encode("cp1252")[0]


def _unmangle(m: re.Match) -> str:
    found = m.group(0)
    if found[0] not in "ÂÃ" and not _MOJIBAKE_MARK.search(found, 1):
        # "à\u00a0«" is French, not mangled: beyond the common "Ã©" and "Â\u00a0", only
        # a sequence holding a C1 control or a Windows-1252 mark is repaired.
        return found
    try:
        return bytes(map(_byte, found)).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return found


def repair_mojibake(text: str) -> str:
    """UTF-8 text that was decoded as Latin-1/Windows-1252 put right ("â\x80\x99" -> "’");
    text without such sequences comes back unchanged."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def _mangled(page: Page, tree: LexborHTMLParser) -> bool:
    """Whether the page's visible text or its <title> holds UTF-8 mangled as Latin-1."""
    title = tree.css_first("title")
    text = "\n".join([b.text for b in page.blocks] + ([title.text()] if title is not None else []))
    return _MOJIBAKE_HINT.search(text) is not None


def extract(html: str, *, title_hint: str | None = None) -> HtmlArticle:
    """The article in an HTML page and the page's metadata; never raises on bad markup."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    page = read_blocks(root) if root is not None else None
    if page and _mangled(page, tree):
        # Looked for in the visible text only (a small part of the markup), then the
        # whole page is parsed again, repaired.
        tree = LexborHTMLParser(repair_mojibake(html))
        root = tree.body or tree.root
        page = read_blocks(root) if root is not None else None
    meta = read_meta(tree)
    out = Stripped(first_line=meta.page_title)
    if root is None or page is None:
        return HtmlArticle(out, meta)
    _label_hints(page)
    container = _container(page)
    blocks = page.blocks
    inside = [container is not None and _inside(page, b.owner, container) for b in blocks]
    start = next((k for k, keep in enumerate(inside) if keep), 0)
    headings = [(k, b.tag, b.text) for k, b in enumerate(blocks) if b.tag in ("h1", "h2") and b.size <= 300]
    title = _labels_cut(choose_title(meta, headings, start))
    out.title = title
    title_key = normalise(title) if title else None
    head = out.head
    closed: str | None = None  # the reason of the last closing block, while its list goes on
    final = False  # the last closing block closes for good (comments, a list of other posts)
    kept_prose = False  # a block of prose has been kept
    boxed: tuple[int, str] = (-1, "")  # (last block, reason) of the box a closing heading titles
    holds_kept: set[int] = set()  # elements holding a block kept so far
    shown_bylines: list[tuple[int, str]] = []
    for k, (block, keep) in enumerate(zip(blocks, inside)):
        if k and block.size <= 60 and _BYLINE_LABEL.match(blocks[k - 1].text) and not block.links * 2 > block.size + 10:
            # "Written by" in one element, the name in the next
            shown_bylines.append((abs(k - start) + (0 if keep or k < start else TITLE_REACH), f"By {block.text}"))
        if not block.reason or block.reason in ("byline", "dateline"):
            if not block.reason:
                _classify_block(block)
        text = block.text
        if block.reason in ("byline", "dateline"):
            head.setdefault(block.reason, []).append(text)
            if block.reason == "byline":
                shown_bylines.append((abs(k - start) + (0 if keep or k < start else TITLE_REACH), text))
        # The headline again: as a heading anywhere, or as the article's first line whatever
        # its markup (a <div class="title">, a <p>).
        is_title = bool(title_key) and (block.tag in _HEADINGS or not out.body) and normalise(
            _labels_cut(KICKER.sub("", text))) == title_key
        if not keep:
            out.dropped.append(Dropped(text, block.reason or ("duplicate-title" if is_title else "navigation")))
            continue
        if k <= boxed[0]:
            out.dropped.append(Dropped(text, boxed[1]))
            continue
        if block.reason:
            out.dropped.append(Dropped(text, block.reason))
            if block.closes:
                closed = "comments" if block.reason == "comments" else block.reason
                # (A list of other posts closes for good only below some of the article's prose:
                # above it, it is a sidebar the article's element happens to hold.)
                final = closed == "comments" or (kept_prose and block.size <= 60 and block.tag in _HEADINGS
                                                 and _end_matter_key(text) in _OTHER_POSTS)
                if holds_kept:
                    boxed = (_box_end(page, k, container, holds_kept), closed)
            continue
        if is_title:
            out.dropped.append(Dropped(text, "duplicate-title"))
            continue
        if closed:
            if not final and _is_prose(block):
                closed = None
            else:
                out.dropped.append(Dropped(text, closed))
                continue
        if block.link_density > LINK_LINE_DENSITY and block.tag not in _HEADINGS:
            out.dropped.append(Dropped(text, "related-links" if block.tag == "li" else "navigation"))
            continue
        out.body.append(text)
        kept_prose = kept_prose or _is_prose(block)
        eid = block.owner
        while eid >= 0 and eid not in holds_kept:
            holds_kept.add(eid)
            eid = page.parent[eid]
    _drop_copies(out)
    _cut_end_matter(out)
    meta.shown_bylines = [text for _, text in sorted(shown_bylines, key=lambda x: x[0])]
    found = HtmlArticle(out, meta)
    if container is not None:
        end = max((k for k, keep in enumerate(inside) if keep), default=start)
        head = start + DATE_DEPTH
        at: list[int] = []
        # 04/05/2025 is read as the page writes its dates (its own 11/14/2025s, else its language).
        order = functools.cache(lambda: dates.numeric_order("\n".join(b.text for b in blocks), meta.lang))
        for k in range(max(0, start - DATE_REACH), end + 1):
            block = blocks[k]
            if block.reason == "comments":
                continue  # a reader's comment's date is not the article's
            # Deep in the article only a byline or a date stamp dates it; a date in a
            # sentence, a table or a list of other posts is the text's own.
            if block.size <= 160 and (day := dates.parse_date(block.text, month_first=order)) and (
                    k <= head or block.reason == "byline" or dates.is_dateline(block.text)):
                found.dates.append((day, dates.is_updated_line(block.text)))
                at.append(k)
        if meta.published not in {day for day, _ in found.dates}:
            # Dates on three or more lines close together are a list (other posts, revisions,
            # table rows), not the article's dateline: the stated publication date wins, and
            # with none stated the list dates nothing.
            listed = set()
            for i in range(len(at) - 2):
                if at[i + 2] - at[i] <= LIST_SPAN:
                    listed |= {i, i + 1, i + 2}
            found.dates = [d for i, d in enumerate(found.dates) if i not in listed]
        # A date line just below the article ("Posted on 13 April 2023" at its foot), when it
        # is the only one there (several dates are a list of other posts).
        below = [(day, block.text) for block in blocks[end + 1:end + 1 + DATE_BELOW]
                 if block.size <= 160 and block.reason != "comments"
                 and (day := dates.parse_date(block.text, month_first=order))]
        if len(below) == 1 and not dates.is_updated_line(below[0][1]):
            found.far_date = below[0][0]
        elif meta.time_dates:
            # Far above the article (its head in another box): a shown date the page's
            # markup also gives as a <time datetime>, nearest the article first.
            marked = set(meta.time_dates)
            for block in reversed(blocks[:max(0, start - DATE_REACH)]):
                if block.size <= 160 and block.reason != "comments" and (
                        day := dates.parse_date(block.text, month_first=order)) in marked:
                    found.far_date = day
                    break
    return found


def _box_end(page: Page, k: int, container: int, holds_kept: set[int]) -> int:
    """The last block of the box that closing block `k` titles ("Related posts", "Comments"):
    its highest element below the article's that holds none of the article's kept text.
    A teaser under such a heading is prose, but the heading speaks for its whole box."""
    parent, blocks = page.parent, page.blocks
    box = blocks[k].owner
    if box in holds_kept:
        return k
    while parent[box] != container and parent[box] > 0 and parent[box] not in holds_kept:
        box = parent[box]
    end = k
    while end + 1 < len(blocks) and _inside(page, blocks[end + 1].owner, box):
        end += 1
    return end


#: Headings of the matter closing an article, by the reason it is dropped: its sources,
#: references and footnotes, lists of other posts; its author's box and legal notes.
#: Headings of lists of other posts: they close the article wherever they stand.
_OTHER_POSTS = frozenset(
    "recent posts|recent articles|recent stories|latest posts|latest articles|"
    "latest news|latest stories|recent news|latest blog posts|recent blog posts|latest blogs|recent blogs|"
    "read this next|more videos|neueste beiträge|articles récents|derniers articles|entradas recientes|"
    "neueste nachrichten|dernières nouvelles|dernières actualités|últimas noticias|ultime notizie|"
    "últimas notícias|laatste nieuws|последние новости|"
    "artículos recientes|artigos recentes|posts recentes|articoli recenti|recente berichten|"
    "последние статьи|последние записи".split("|"))
_END_MATTER: dict[str, str] = {
    **dict.fromkeys((
        "reference references source sources citation citations footnote footnotes bibliography "
        "références bibliographie quellen quellenangaben einzelnachweise literatur referencias fuentes "
        "bibliografía riferimenti fonti bibliografia referências fontes bronnen referenties "
        "bronvermelding källor kilder lähteet przypisy źródła источники литература примечания "
        "джерела kaynaklar kaynakça 参考文献 出典 참고문헌").split(), "related-links"),
    **dict.fromkeys("works cited|article sources|references and sources|references & sources|"
                    "sources and references|sources & references|참고 문헌".split("|"), "related-links"),
    **dict.fromkeys(_OTHER_POSTS | {"explore more", "keep reading", "more to explore", "explore more articles",
                                    "latest insights", "recent insights", "also in the news",
                                    "related posts", "related articles", "related stories", "related blog posts",
                                    "related content", "related reading", "you may also like", "you might also like",
                                    "read next", "see also", "articles connexes", "à lire aussi", "lire aussi",
                                    "ähnliche beiträge", "das könnte sie auch interessieren", "artículos relacionados",
                                    "artigos relacionados", "articoli correlati", "gerelateerde artikelen"},
                    "related-links"),
    **dict.fromkeys("republish|republish this article|republish this story|republish our articles|"
                    "republier cet article|diesen artikel wiederveröffentlichen|republicar este artículo|"
                    "republique este artigo".split("|"), "navigation"),
    **dict.fromkeys((
        "testimonials|was this article helpful|was this helpful|was this page helpful|did you find this helpful|"
        "did you find this content helpful|did you find this article helpful|war dieser artikel hilfreich|"
        "cet article vous a-t-il été utile|¿te ha resultado útil este artículo|este artigo foi útil|"
        "questo articolo ti è stato utile|was dit artikel nuttig").split("|"), "engagement"),
    **dict.fromkeys((
        "disclaimer|medical disclaimer|legal disclaimer|written by|about the author|about the authors|"
        "about the writer|contributing writer|haftungsausschluss|geschrieben von|über den autor|"
        "über die autorin|avertissement|écrit par|à propos de l'auteur|aviso legal|escrito por|"
        "sobre el autor|sobre la autora|sobre o autor|sobre a autora|scritto da|sull'autore|"
        "geschreven door|over de auteur|об авторе|автор статьи").split("|"), "navigation"),
}
_TRAILING = re.compile(r"[\W_]+$")
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
#: "Written by Jane Doe" as the heading of the author's box (its label and the name in one line).
_WRITTEN_BY = re.compile(r"(?:written by|geschrieben von|écrit par|escrito por|scritto da|geschreven door)\s*:?\s*[^\W\d_]",
                         re.I)


def _drop_copies(out: Stripped) -> None:
    """Drop the article's text rendered twice (mobile and desktop layouts, a print copy):
    runs of two or more blocks that repeat earlier ones. A single repeated line (a pull
    quote, a refrain, a table's repeated cell) is the article's own."""
    seen: set[str] = set()
    again = []  # the block repeats an earlier one (short ones too: a copy's headings)
    for text in out.body:
        key = text.casefold()
        again.append(key in seen)
        seen.add(key)
    n = len(again)
    drop = [again[k] and len(out.body[k]) >= 30 and (k > 0 and again[k - 1] or k + 1 < n and again[k + 1])
            for k in range(n)]
    if any(drop):
        out.dropped.extend(Dropped(text, "debris") for text, gone in zip(out.body, drop) if gone)
        out.body[:] = [text for text, gone in zip(out.body, drop) if not gone]


def _end_matter_key(text: str) -> str:
    # Without a trailing count or note in brackets: "References (12)", "Quellen [Bearbeiten]".
    return " ".join(_TRAILING.sub("", _BRACKETED.sub("", text)).casefold().split())


def _cut_end_matter(out: Stripped) -> None:
    """Drop what closes an article after its text: from a heading naming its sources,
    references or footnotes, other posts, its author or a disclaimer, after most of its
    text, to its end."""
    body = out.body
    before, total = 0, sum(map(len, body))
    for k, text in enumerate(body):
        if 2 * before >= total and len(text) <= 60:
            reason = _END_MATTER.get(_end_matter_key(text)) or (_WRITTEN_BY.match(text) and "navigation")
            if reason:
                out.dropped.extend(Dropped(line, reason) for line in body[k:])
                del body[k:]
                return
        before += len(text)


# --------------------------------------------------------------------------- author box

#: Inside the article, a block whose text is more than this share of links is a link line
#: ("Read more: <a>...</a>", a list of links); with more of its own words, it is the article's.
LINK_LINE_DENSITY = 0.8
#: The longest block a phrase rule may call an appeal (longer, it is a paragraph of prose).
APPEAL_MAX = 300
#: How many of the article's last blocks may be its author's box.
BIO_REACH = 4


def cut_author_bio(stripped: Stripped, author: str | None, outlet: str | None = None) -> None:
    """Drop the author's box closing the article: from the first of its last blocks (in
    its second half) that opens with the name of one of its authors ("Jane Doe is a staff writer who...", or the
    name alone as the box's heading). Only for people (two words or more, not the outlet)."""
    if not author or not stripped.body:
        return
    names = [n.strip() for n in re.split(r",|\s+and\s+|\s+&\s+", author) if len(n.split()) >= 2]
    names = [n for n in names if not outlet or site_key(n) != site_key(outlet)]
    if not names:
        return
    body = stripped.body
    for k in range(max(len(body) // 2 + 1, len(body) - BIO_REACH), len(body)):
        if any(body[k].startswith(n) and (len(body[k]) == len(n) or not body[k][len(n)].isalnum()) for n in names):
            stripped.dropped.extend(Dropped(text, "navigation") for text in body[k:])
            del body[k:]
            return


# --------------------------------------------------------------------------- title

#: How many blocks above the article its date line may stand.
DATE_REACH = 30
#: How many blocks below the article its date line may stand.
DATE_BELOW = 8
#: How deep into the article any line with a date may date it (deeper, only a date stamp).
DATE_DEPTH = 15
#: Three dated lines within this many blocks are a list (of posts, revisions, table rows).
LIST_SPAN = 6
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


def _labels_cut(title: str | None) -> str | None:
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
