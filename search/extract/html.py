"""HTML captures: the article's text out of the page's DOM (selectolax / Lexbor).

How it decides, in four steps, each linear in the size of the page (this module is
the entry point, `extract`, and step 4; the others live beside it):

1. *Blocks* (htmlblocks.py): one walk over the DOM (an explicit stack, so any
   nesting depth is safe) turns the visible text into blocks (paragraphs, headings,
   list items, table rows...), each with its length, how much of it is link text,
   and the chain of elements above it. Invisible markup (scripts, styles,
   templates, hidden elements) is skipped.
2. *Hints* (named in htmlblocks.py, judged in htmlscore.py): elements whose tag,
   ARIA role, class or id names a kind of furniture (``nav``, ``footer``,
   "comments", "related", "share", "newsletter", "sidebar"...) mark their blocks
   with a drop reason, unless the element holds most of the page's prose (a
   ``<body class="has-sidebar">`` or a wrapper ``<form>`` is not furniture).
3. *Container* (htmlscore.py): every block scores: prose (long, few links) up,
   short lines, link lists and hinted furniture down (comments only a little: they
   often sit inside the article's element). The article is the element whose
   blocks score highest in total, a tree version of the text stripper's best run
   of lines, grown to its parent while that holds much more unhinted prose and
   still scores.
4. *Blocks of the article*: inside it, each block still goes through the text
   stripper's phrase rules (`rules.classify`), byline and dateline checks, link
   density, caption and repeated-headline checks; a closing rule (a comments or
   "Related" heading) drops the link lists under it. What closes the article (its
   end matter, its author's box) and its text rendered twice are cut by htmlend.py;
   the headline is chosen by htmltitle.py.

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
from search.extract.article import Dropped
from search.extract.htmlblocks import HEADINGS, Block, Page, read_blocks
from search.extract.htmlend import OTHER_POSTS, box_end, cut_end_matter, drop_copies, end_matter_key
from search.extract.htmlmeta import PageMeta, read_meta
from search.extract.htmlscore import LINK_LINE_DENSITY, choose_container, is_inside, label_hints
from search.extract.htmltitle import TITLE_REACH, choose_title, labels_cut
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


#: The longest block a phrase rule may call an appeal (longer, it is a paragraph of prose).
APPEAL_MAX = 300

_BYLINE_LABEL = re.compile(r"^(?:by|written by|words by|text by|author|posted by|article by|von|text|texte|par|"
                           r"por|texto|di|testo|door|tekst|autor|autore|autorka|przez|автор|текст)\s*:?$", re.I)


def _classify_block(block: Block) -> None:
    """Phrase rules, bylines and datelines on a block that no hint claimed (as the text stripper judges a line)."""
    block.reason, block.closes = furniture(block.text, block.size, collapsed=True)   # a block's white space is collapsed
    if block.reason == "byline" and (m := BYLINE.match(block.text)) and m.group("name")[:1].islower():
        # "By the end of this tutorial, you...", "From there, it was...": a sentence, not a name.
        block.reason = None
    elif block.reason == "appeal" and block.size > APPEAL_MAX:
        # A paragraph that mentions donations or limited access is prose; appeal boxes are
        # short lines, and their markup names them (see htmlblocks._HINTS).
        block.reason, block.closes = None, False
    if not block.reason and block.size <= 60 and end_matter_key(block.text) in OTHER_POSTS:
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


# --------------------------------------------------------------------------- the article

#: How many blocks above the article its date line may stand.
DATE_REACH = 30
#: How many blocks below the article its date line may stand.
DATE_BELOW = 8
#: How deep into the article any line with a date may date it (deeper, only a date stamp).
DATE_DEPTH = 15
#: Three dated lines within this many blocks are a list (of posts, revisions, table rows).
LIST_SPAN = 6


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
    label_hints(page)
    container = choose_container(page)
    blocks = page.blocks
    inside = [container is not None and is_inside(page, b.owner, container) for b in blocks]
    start = next((k for k, keep in enumerate(inside) if keep), 0)
    headings = [(k, b.tag, b.text) for k, b in enumerate(blocks) if b.tag in ("h1", "h2") and b.size <= 300]
    title = labels_cut(choose_title(meta, headings, start))
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
        is_title = bool(title_key) and (block.tag in HEADINGS or not out.body) and normalise(
            labels_cut(KICKER.sub("", text))) == title_key
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
                final = closed == "comments" or (kept_prose and block.size <= 60 and block.tag in HEADINGS
                                                 and end_matter_key(text) in OTHER_POSTS)
                if holds_kept:
                    boxed = (box_end(page, k, container, holds_kept), closed)
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
        if block.link_density > LINK_LINE_DENSITY and block.tag not in HEADINGS:
            out.dropped.append(Dropped(text, "related-links" if block.tag == "li" else "navigation"))
            continue
        out.body.append(text)
        kept_prose = kept_prose or _is_prose(block)
        eid = block.owner
        while eid >= 0 and eid not in holds_kept:
            holds_kept.add(eid)
            eid = page.parent[eid]
    drop_copies(out)
    cut_end_matter(out)
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
