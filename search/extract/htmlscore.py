"""HTML captures, steps 2 and 3 of the DOM extractor (html.py): which hints hold, and
which element is the article.

*Hints*: a hinted element (htmlblocks.py) marks its blocks with its drop reason unless
it holds most of the page's prose, or (but for comments) much running text with few
links: a ``<body class="has-sidebar">`` or a wrapper ``<form>`` is not furniture.

*Container*: every block scores: prose (long, few links) up, short lines, link lists
and hinted furniture down (comments only a little: they often sit inside the article's
element). The article is the element whose blocks score highest in total, a tree
version of the text stripper's best run of lines, grown to its parent while that holds
much more unhinted prose and still scores.
"""
from __future__ import annotations

from search.extract.htmlblocks import TAG_HINTS, Block, Page

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
#: Inside the article, a block whose text is more than this share of links is a link line
#: ("Read more: <a>...</a>", a list of links); with more of its own words, it is the article's.
LINK_LINE_DENSITY = 0.8


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
    if prose[eid] > (TAG_HINT_MAX_SHARE if page.tags[eid] in TAG_HINTS else HINT_MAX_SHARE) * total:
        return False
    return free <= STRONG_HINT_MAX_PROSE or links[eid] >= 0.25 * size[eid]


def label_hints(page: Page) -> None:
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


def choose_container(page: Page) -> int | None:
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


def is_inside(page: Page, eid: int, container: int) -> bool:
    parent = page.parent
    while eid > container:
        eid = parent[eid]
    return eid == container
