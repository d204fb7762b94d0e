"""The furniture stripper for plain-text captures (text copied out of a browser page).

How it decides, in four passes over the non-empty lines:

1. *Label*: phrase rules (`rules.py`), datelines, bylines and lines known to repeat
   across a batch of captures of one outlet get a drop reason.
2. *Locate*: every line gets a score, positive for prose (long lines), slightly
   negative for short lines (menus, headline lists), strongly negative for lines that
   close an article (a comments heading, a newsletter box, an appeal). The article is
   the contiguous run of lines with the highest total (maximum-sum segment), so a menu
   of forty short items never joins it while a short heading inside the prose does.
3. *Head*: the lines just above the article give the title (a repeated line, the
   page title, or the first headline-like line), the standfirst, byline and dateline;
   what stands above them at the top of the page is the masthead.
4. *Tail*: a later run of prose that follows a closing line and opens with a headline
   of its own is an appended article, returned separately, never merged.

Nothing here looks at a particular site's wording: only the shape of lines and the
phrase rules, which cover many languages.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from search.extract import dates
from search.extract.article import Dropped
from search.extract.casing import initial_case, repair_case, shouts
from search.extract.reflow import reflow, soft_breaks
from search.extract.rules import classify, normalise

#: A line of prose scores (length - PROSE_PIVOT) / PROSE_PIVOT: positive above it.
PROSE_PIVOT = 50
#: Score of a short line that is a sentence (ends with a full stop, has a few words).
SHORT_SENTENCE_SCORE = 0.1
#: The lowest score of a line that is not furniture by rule (a menu item, a number).
SHORT_FLOOR = -0.5
#: Score of a line whose rule closes the article (comments, newsletter, appeal...).
CLOSING_SCORE = -9.0
#: Comments never sit inside an article: a comments line is a wall between runs.
WALL_SCORE = -1000.0
#: A run of at most SHORT_RUN short lines costs SHORT_RUN_FACTOR of its usual score.
SHORT_RUN = 3
SHORT_RUN_FACTOR = 0.5
#: ...as does a run of at most LIST_RUN short lines after a line ending with a colon.
LIST_RUN = 20
#: An article before the first comments line wins if it scores this share of the best run after.
COMMENTS_BEFORE = 0.15
#: A capture with no furniture keeps up to this many lines the article's run left out.
STRAY_LINES = 3
#: A later segment must reach this score to be taken for an appended article.
APPENDED_MIN_SCORE = 4.0
#: The article goes on across a box of at most MAX_BOX lines when COHESION of the
#: words that follow are the article's.
MAX_BOX = 4
COHESION = 0.15

_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"'”’»)\]]*)$")
_TERMINAL = tuple(".!?…。！？:;\"'”’»)")
_BULLET = re.compile(r"^([-*•·▪–—]\s|\d{1,2}[.)]\s|\|)")
BYLINE = re.compile(
    r"^(by|from|written by|words by|reporting by|von|par|por|di|door|av|af|przez|autor|автор|"
    r"текст|yazan|oleh)\s*:?\s+(?P<name>[^\d@|,·•]{3,80}?)(\s*[|,·•]\s*.*)?$",
    re.I,
)
KICKER = re.compile(
    r"^(breaking( news)?|live|exclusive|update[d]?|just in|watch|video|urgent|eilmeldung|"
    r"exklusiv|dernière minute|urgente|última hora|ultim'ora|срочно|эксклюзив)\s*[:|-]\s+",
    re.I,
)
TITLE_SPLIT = re.compile(r"\s+[|–—·•:]{1,2}\s+|\s+-\s+|\s*::\s*")


@dataclass(slots=True)
class Line:
    no: int           # 1-based line number in the capture
    text: str         # the line, white space collapsed
    reason: str | None = None
    closes: bool = False  # its rule closes the article
    size: int = 0  # length in characters, an ideographic character counting as three

    def __post_init__(self) -> None:
        self.size = len(self.text) if self.text.isascii() else len(self.text) + 2 * len(_WIDE.findall(self.text))


@dataclass
class Stripped:
    """What the stripper found in one capture."""

    title: str | None = None
    body: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)  # reading order
    head: dict[str, list[str]] = field(default_factory=dict)  # masthead / byline / dateline lines
    appended: list["Stripped"] = field(default_factory=list)
    first_line: str | None = None  # the page's first line: often "Headline | Site"
    shouted: bool = False  # the capture was written in capitals (its case was repaired: names may have lost theirs)


def _is_prose(line: Line) -> bool:
    return line.size >= 2 * PROSE_PIVOT or (line.size >= 40 and line.text.endswith(_TERMINAL))


def _headline_like(line: Line) -> bool:
    text = line.text
    if not (12 <= line.size <= 300) or line.reason:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    words = text.split()
    return len(words) >= 3 or bool(_WIDE.search(text))


def name_like(text: str) -> bool:
    """A person's or outlet's name: a few capitalised words, no digits, no sentence end."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if text.endswith(tuple(".!?:;,")):
        return False
    caps = [w for w in words if w[0].isupper()]
    return len(caps) >= max(1, len(words) - 2) and words[0][0].isupper()


_PUNCT = re.compile(r"[.,;:!?。，、；：！？…]")


def _sentence_like(text: str) -> bool:
    """Prose has punctuation and, in scripts with case, mostly lower-case words; a
    dropdown or a tag cloud flattened into one line has neither."""
    if not _PUNCT.search(text):
        return False
    upper, lower = initial_case(text)  # the start of a line tells
    if upper + lower >= 8:
        return upper / (upper + lower) <= 0.6
    return True


def _score(line: Line) -> float:
    if line.closes:
        return WALL_SCORE if line.reason == "comments" else CLOSING_SCORE
    if line.reason:
        return 0.0
    if line.size > PROSE_PIVOT and (not _sentence_like(line.text) or KICKER.match(line.text)):
        return SHORT_FLOOR
    score = (min(line.size, 8 * PROSE_PIVOT) - PROSE_PIVOT) / PROSE_PIVOT
    if score < 0 and _SENTENCE_END.search(line.text) and (len(line.text.split()) >= 4 or _WIDE.search(line.text)):
        return SHORT_SENTENCE_SCORE  # a short sentence is prose too; menu items do not end with a full stop
    if score > 0 and line.size < 2 * PROSE_PIVOT and not line.text.endswith(_TERMINAL):
        return 0.0  # a headline or a heading: not prose, however long
    if score < 0 and line.text.endswith(_TERMINAL) and line.size >= 30:
        score /= 2
    return max(score, SHORT_FLOOR)


def _scores(lines: list[Line]) -> list[float]:
    """Line scores, with short lines judged by their company: a heading or a short list
    between paragraphs costs little, a long run of short lines (a menu) costs a lot."""
    scores = [_score(line) for line in lines]
    # A box of several closing lines (a sign-up form) closes once.
    for k in range(1, len(lines)):
        if lines[k].closes and lines[k - 1].closes and scores[k] == CLOSING_SCORE:
            scores[k] = -1.0
    k = 0
    while k < len(scores):
        if scores[k] < 0 and scores[k] > CLOSING_SCORE:
            end = k
            while end < len(scores) and CLOSING_SCORE < scores[end] < 0:
                end += 1
            introduced = k > 0 and lines[k - 1].text.endswith((":", "：")) and end - k <= LIST_RUN
            if end - k <= SHORT_RUN or introduced:  # a heading, a short list, or a list announced by a colon
                for m in range(k, end):
                    scores[m] *= SHORT_RUN_FACTOR
            k = end
        else:
            k += 1
    return scores


def _best_segment(scores: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    """The maximum-sum run scores[i:j] within [lo, hi), as (i, j, sum)."""
    best = (lo, lo, 0.0)
    start, total = lo, 0.0
    for k in range(lo, hi):
        if total <= 0:
            start, total = k, 0.0
        total += scores[k]
        if total > best[2]:
            best = (start, k + 1, total)
    return best


_TOKEN = re.compile(r"[^\W\d_]{4,}")


def _vocab(lines: list[Line]) -> set[str]:
    """The words (four letters or more, casefolded) of the lines no rule claims."""
    return {w.casefold() for w in set(_TOKEN.findall(" ".join(line.text for line in lines if not line.reason)))}


def _extend(lines: list[Line], scores: list[float], i: int, j: int) -> int:
    """Carry the article across a short box (a sign-up form, a "Related" heading)
    when paragraphs follow that go on with the same story: most of their words are
    the article's. Returns the new end."""
    vocab: set[str] | None = None   # the article's words, read when a box is met
    while j < len(lines):
        box = j
        while box < len(lines) and box - j <= MAX_BOX and (lines[box].reason or scores[box] < 0):
            if lines[box].reason == "comments":
                return j
            box += 1
        if box == j or box - j > MAX_BOX or not any(line.closes for line in lines[j:box]):
            return j
        a, b, total = _best_segment(scores, box, len(lines))
        run = lines[a:b]
        if a != box or total <= 0 or not _story_like(run, 2):
            return j
        words = _vocab(run)
        vocab = _vocab(lines[i:j]) if vocab is None else vocab
        if len(words & vocab) < COHESION * len(words):
            return j
        vocab |= words
        j = b
    return j


def furniture(text: str, size: int, collapsed: bool = False) -> tuple[str | None, bool]:
    """What a line or block of a page is by its own words: (drop reason or None,
    whether it closes the article). Phrase rules, then bylines, then datelines; the
    text and HTML strippers both judge their lines and blocks with it."""
    rule = classify(text, collapsed)
    if rule:
        return rule.reason, rule.ends
    if size <= 100 and BYLINE.match(text):
        return "byline", False
    if size <= 120 and dates.is_dateline(text):
        return "dateline", False
    return None, False


def _label(lines: list[Line], common: frozenset[str]) -> None:
    for line in lines:
        if common and normalise(line.text) in common:
            line.reason = "navigation"
            continue
        line.reason, line.closes = furniture(line.text, line.size, collapsed=True)   # Line.text is collapsed
    # An appeal is a run of paragraphs: lines between two appeal lines belong to it.
    marks = [i for i, line in enumerate(lines) if line.reason == "appeal"]
    for a, b in zip(marks, marks[1:]):
        if b - a <= 3:
            for line in lines[a + 1:b]:
                if not line.reason:
                    line.reason, line.closes = "appeal", True


def _title_parts(text: str) -> list[str]:
    return [p for p in TITLE_SPLIT.split(text) if p.strip()]


def _find_title(lines: list[Line], start: int) -> int | None:
    """Index of the title line among lines[:start], or None."""
    window = range(max(0, start - 40), start)
    seen: dict[str, int] = {}
    for i in window:
        if lines[i].reason or lines[i].size < 12:
            continue
        key = normalise(KICKER.sub("", lines[i].text))
        if key in seen and _headline_like(lines[i]):
            return seen[key]  # the headline repeated: first copy is the title
        seen.setdefault(key, i)
    first = lines[0] if lines else None
    if first and start > 0:
        parts = {normalise(p) for p in _title_parts(first.text) if len(p) >= 12}
        for i in window:
            if i > 0 and normalise(lines[i].text) in parts:
                return i
    # The first headline-like line of the header just above the article, passing over
    # a masthead at the top of the page (the outlet's name and its slogan).
    head = [i for i in range(max(0, start - 25), start) if _headline_like(lines[i])]
    masthead = _masthead(lines)
    if len([i for i in head if i not in masthead]) > 0:
        head = [i for i in head if i not in masthead]
    if head:
        return head[0]
    if first and start > 0 and _headline_like(first):
        return 0
    return None


def _masthead(lines: list[Line]) -> set[int]:
    """The top lines that look like an outlet's name and, under it, a short slogan."""
    if not lines or lines[0].reason or not name_like(lines[0].text):
        return set()
    top = {0}
    if len(lines) > 1 and not lines[1].reason and lines[1].size <= 60:
        top.add(1)
    return top


def _drop(out: Stripped, line: Line, reason: str) -> None:
    out.dropped.append(Dropped(line.text, line.reason or reason))


def strip_lines(lines: list[Line]) -> Stripped:
    """Strip a list of labelled lines (see `strip`)."""
    out = Stripped(first_line=lines[0].text if lines else None)
    if not lines:
        return out
    scores = _scores(lines)
    i, j, total = _best_segment(scores, 0, len(lines))
    # Comments come after the article: a long discussion can outweigh a short story,
    # so a run that follows a comments line loses to a fair run before it.
    walls = [k for k in range(i) if lines[k].reason == "comments" and lines[k].closes]
    if walls:
        a, b, before = _best_segment(scores, 0, walls[0])
        if before >= COMMENTS_BEFORE * total and sum(_is_prose(line) for line in lines[a:b]) >= 2:
            i, j, total = a, b, before
    j = _extend(lines, scores, i, j) if total > 0 else j
    if total <= 0:
        # No prose at all: keep what no rule claims (a short note is still an article).
        i, j = 0, len(lines)
    # No furniture anywhere and only a few lines beside the article (an abstract and its
    # keywords, a press release and its contact line): it is all the article's.
    whole = len(lines) - (j - i) <= STRAY_LINES and not any(line.reason for line in lines)
    if whole:
        j = len(lines)
    t = _find_title(lines, i)
    masthead = _masthead(lines)
    # Head: title, standfirst, byline, dateline; masthead above the title.
    for k in range(0, i):
        line = lines[k]
        if t is not None and k < t:
            if line.reason:
                if line.reason in ("byline", "dateline"):
                    out.head.setdefault(line.reason, []).append(line.text)
                _drop(out, line, line.reason)
            elif k in masthead or (k < 4 and line.size <= 60):
                out.head.setdefault("masthead", []).append(line.text)
                _drop(out, line, "masthead")
            else:
                _drop(out, line, "navigation")
        elif k == t:
            out.title = KICKER.sub("", line.text)
        elif line.reason:
            out.head.setdefault(line.reason, []).append(line.text)
            _drop(out, line, line.reason)
        elif out.title and normalise(line.text) == normalise(out.title):
            _drop(out, line, "duplicate-title")
        elif t is not None and k - t <= 3 and _is_standfirst(line):
            out.body.append(line.text)
        elif name_like(line.text) and _next_is(lines, k, "dateline"):
            out.head.setdefault("byline", []).append(line.text)
            _drop(out, line, "byline")
        elif whole:
            out.body.append(line.text)
        else:
            _drop(out, line, "navigation")
    # The article itself.
    title_key = normalise(out.title) if out.title else None
    seen: set[str] = set()
    for line in lines[i:j]:
        key = line.text.casefold() if line.size >= 30 else None
        if key and key in seen and not line.reason:
            _drop(out, line, "debris")  # a block the page rendered twice (e.g. mobile and desktop layouts)
            continue
        if key:
            seen.add(key)
        if line.reason:
            if line.reason in ("byline", "dateline"):
                out.head.setdefault(line.reason, []).append(line.text)
            _drop(out, line, line.reason)
        elif title_key and len(line.text) <= 2 * len(title_key) + 40 and normalise(KICKER.sub("", line.text)) == title_key:
            _drop(out, line, "duplicate-title")
        else:
            out.body.append(line.text)
    # Keep the article's own closing list or table rows that the segment left out.
    while j < len(lines) and not lines[j].reason and _BULLET.match(lines[j].text) and _BULLET.match(lines[j - 1].text):
        out.body.append(lines[j].text)
        j += 1
    _strip_tail(out, lines, scores, j)
    return out


def _next_is(lines: list[Line], k: int, reason: str) -> bool:
    return any(line.reason == reason for line in lines[k + 1:k + 2]) or (
        k > 0 and lines[k - 1].reason == reason)


def _is_standfirst(line: Line) -> bool:
    """A line of summary between the title and the article: a sentence, not a name."""
    return line.size >= 40 and not name_like(line.text)


def _strip_tail(out: Stripped, lines: list[Line], scores: list[float], j: int) -> None:
    """Lines after the article: furniture, or an appended article of its own."""
    section = "navigation"
    k = j
    while k < len(lines):
        a, b, total = _best_segment(scores, k, len(lines))
        if total <= 0:
            a = b = len(lines)
        # An appended article: enough prose, after a closing line, under a headline of its own.
        opener = a - 1
        appended = (total >= APPENDED_MIN_SCORE and opener >= k and any(l.closes for l in lines[j:opener])
                    and _headline_like(lines[opener]) and _story_like(lines[a:b]))
        for line in lines[k:opener if appended else b]:
            if line.closes:
                section = line.reason
            _drop(out, line, line.reason or section)
        if appended:
            rest = strip_lines(lines[opener:])
            out.dropped.append(Dropped(_ellipsis(rest.title or "\n".join(rest.body)), "appended-article"))
            out.appended.append(rest)
            return
        k = max(b, k + 1)


def _story_like(run: list[Line], min_prose: int = 3) -> bool:
    """Paragraphs one after another, not a list of teasers (headline, summary, headline...)."""
    prose = sum(1 for line in run if _is_prose(line))
    return prose >= min_prose and prose >= 0.6 * len(run)


def _ellipsis(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of a capture, white space collapsed, with their numbers."""
    out = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = " ".join(raw.split())
        if line:
            out.append(Line(no, line))
    return out


def strip(text: str, common_lines: frozenset[str] = frozenset()) -> Stripped:
    """Separate the article in a plain-text capture from the page furniture around it.

    `common_lines` holds normalised lines known to be furniture because they repeat
    across a batch of captures (see `batch_furniture`).
    """
    shouted = shouts(text)
    if shouted:   # the rules read case: give them the case a writer would use
        # A wrapped line's break cuts a sentence that goes on, but in capitals no lower
        # case says so; it is taken as such only in a capture no rule finds furniture in
        # (a record, a transcript, an archived story), since a list of headlines looks the same.
        clean = not any(classify(line) for line in text.split("\n"))   # (its lines are judged again later: cached)
        text = repair_case(text, soft=soft_breaks(text) if clean else ())
    paragraphs, pages = reflow(text)
    lines = [Line(p.no, p.text) for p in paragraphs]
    _label(lines, common_lines)
    out = strip_lines(lines)
    out.shouted = shouted
    for extra in out.appended:
        extra.shouted = shouted
    out.dropped += [Dropped(p.text, "page-furniture") for p in pages]
    return out


def batch_furniture(texts: Iterable[str], min_captures: int = 3, min_share: float = 0.05) -> frozenset[str]:
    """Lines that repeat across the captures of a batch: strong evidence of furniture.

    A line counts when it appears in at least `min_captures` captures, and in at least
    `min_share` of them, that are otherwise different (in a big batch of many sites,
    a line three pages happen to share is not evidence). Syndicated copies of one story share their paragraphs, so a
    capture whose longest lines mostly appeared together in an earlier capture is
    counted once: the lines of a wire story repeated by several outlets are not
    furniture. Linear in the size of the batch.
    """
    counts: Counter = Counter()
    owner: dict[str, int] = {}  # a long line -> the capture it was first seen in
    kept, digests = 0, set()
    for n, text in enumerate(texts):
        if (digest := hash(text)) in digests:
            continue  # the same capture twice
        digests.add(digest)
        lines = split_lines(text)
        keys = {normalise(line.text) for line in lines}
        keys.discard("")
        longest = sorted({normalise(l.text) for l in lines if l.size >= PROSE_PIVOT}, key=len)[-5:]
        seen_in = Counter(owner[k] for k in longest if k in owner)
        if seen_in and seen_in.most_common(1)[0][1] >= max(2, (len(longest) + 1) // 2):
            continue  # a near-copy of a capture already counted
        for k in longest:
            owner.setdefault(k, n)
        counts.update(keys)
        kept += 1
    least = max(min_captures, int(min_share * kept + 0.999))
    if kept < least:
        return frozenset()
    return frozenset(key for key, c in counts.items() if c >= least)
