"""Paragraphs rebuilt from hard-wrapped lines, before the stripper judges any line.

Text copied out of an e-mail, a plain-text newsletter, a terminal, a PDF or an OCR'd
page breaks every paragraph into lines of about the same width. Judged line by line,
the middle of a paragraph looks like a menu item; so the lines of a paragraph are
joined first, and the stripper sees paragraphs, as a browser copy would give them.

A capture is treated as wrapped only when it looks wrapped: many of its lines end near
one width. Then a line is joined to the next when

- the next line's first word would not have fitted on it (the writer did not choose
  the break, the wrapping did), or
- it ends without closing punctuation and the next line starts in lower case (a
  sentence that goes on), or
- it ends with a word broken by a hyphen (`inter-` + `national`).

Breaks that carry meaning stay: a blank line, a short line (a heading, a list item,
a line of verse, an address, the last line of a paragraph), a bulleted or numbered
item, a table row (tabs, runs of spaces, mostly figures).

Lines that repeat down a paged document (a running header, "Page 3") are handed back
separately, so that they can be dropped with a reason instead of splitting paragraphs.
The rules read widths, punctuation and case only where the script has case; nothing
here knows a language.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from search.extract.casing import initial_case

#: A capture is wrapped at a width of MIN_WIDTH to MAX_WIDTH characters ...
MIN_WIDTH = 30
MAX_WIDTH = 160
#: ... that at most OVER_SHARE of its lines exceed, and NEAR_LINES_MIN of the next
#: NEAR_LINES longest lines come within NEAR_SHARE of ...
OVER_SHARE = 0.005
NEAR_LINES, NEAR_LINES_MIN, NEAR_SHARE = 40, 4, 0.85
#: ... when of its lines of FULL_SHARE of the width or more, at least BROKEN_SHARE
#: (and BROKEN_MIN) were broken by the wrapping.
FULL_SHARE = 0.8
BROKEN_MIN, BROKEN_SHARE = 4, 0.4
#: A line shorter than this share of the width is a deliberate break.
SHORT_SHARE = 0.6
#: A paragraph this many lines long (as characters) and with at most MID_UPPER of its
#: words capitalised goes on across a line broken mid-sentence, whatever the next line's case.
MID_LINES, MID_UPPER = 2, 0.5
#: A line broken mid-sentence has at least this many words (a menu item or a label has fewer).
GOES_ON_WORDS = 4
#: A line repeated at least this often, this many lines apart, is a page's furniture.
PAGE_REPEATS = 3
PAGE_GAP = 15

_BULLET = re.compile(r"^([-*•·▪–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|\|)")
# columns: a tab, a bar, or a run of spaces that does not follow a sentence's end (two
# spaces after a full stop are a typist's habit, not a column)
_TABLE = re.compile(r"\t|[^\s.!?:;] {2,}\S|\|")
_CLOSING = tuple(".!?…。！？:;\"'”’»)]")
_BROKEN = re.compile(r"(\w+)-$")
_FIRST_WORD = re.compile(r"^(\w+)")
_DIGITS = re.compile(r"\d+")
# a page number once its figures are "#": "- # -", "page #", "# / #", "стр. #"
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:[^\W\d_]{1,8}\.?\s*)?#(?:\s*(?:/|of|de|von|из|sur)\s*#)?[\W_]*$")
_WORDS = re.compile(r"\w+")


@dataclass(slots=True)
class Paragraph:
    no: int     # 1-based number of its first line in the capture
    text: str   # its lines joined, white space collapsed


def _width(lines: list[str]) -> int | None:
    """The wrapping width, when the capture looks hard-wrapped; else None.

    A width is a length that several lines come close to and almost none exceed (a
    long word, an address may); the capture is wrapped at it when many of the lines
    that come close to it were broken there, not ended: the next line's first word
    would not have fitted, a sentence goes on in lower case, a word is broken by a
    hyphen. A menu or a list of headlines has lines of many lengths, ended by their
    writer. Judged on the lines themselves, not on a share of the page: a page of
    menus round a wrapped story is wrapped too."""
    # a line without a space (an address, a long word) cannot be wrapped: it tells nothing
    spaced = sorted(((len(line), line.find(" ")) for line in lines if " " in line), reverse=True)
    lengths = [n for n, _ in spaced]
    tried = 0
    for i, width in enumerate(lengths):
        if width < MIN_WIDTH:
            return None
        if i and width == lengths[i - 1]:
            continue
        over = 0   # longer lines a wrapping at this width would have broken (a space fits)
        for n, space in spaced:
            if n <= width + 2:
                break
            over += 0 < space <= width
        if over > max(1, OVER_SHARE * len(lengths)):
            return None
        if width > MAX_WIDTH:
            continue
        near = sum(1 for n in lengths[i:i + NEAR_LINES] if n >= NEAR_SHARE * width)
        if near < NEAR_LINES_MIN:
            continue
        if _broken_at(lines, width):
            return width
        tried += 1
        if tried >= 3:
            return None
    return None


def _broken_at(lines: list[str], width: int) -> bool:
    """Whether the lines close to `width` were mostly broken by wrapping (see `_width`)."""
    full = broken = 0
    low = FULL_SHARE * width
    for line, nxt in zip(lines, lines[1:]):
        n = len(line)
        if not (low <= n <= width + 2):
            continue
        full += 1
        if not nxt or _BULLET.match(nxt):
            continue
        m = _FIRST_WORD.match(nxt)
        first = len(m.group(1)) if m else len(nxt.split()[0])
        starts_lower = nxt[:1].islower()
        if n + 1 + first > width or (starts_lower and (not line.endswith(_CLOSING) or line.endswith("-"))):
            broken += 1
    return broken >= BROKEN_MIN and broken >= BROKEN_SHARE * full


_DIGIT = re.compile(r"\d")


def _table_row(raw: str, text: str) -> bool:
    """A row of a table: columns (tabs, runs of spaces, bars), or mostly figures.
    `text` is `raw` with its white space collapsed."""
    if ("\t" in raw or "|" in raw or "  " in raw.strip()) and _TABLE.search(raw.strip()):
        return True
    chars = len(text) - text.count(" ")
    return chars > 0 and _DIGIT.search(text) is not None and len(_DIGIT.findall(text)) >= 0.3 * chars


def page_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that repeat down a paged document: running headers, footers
    and page numbers. A first occurrence among the first lines is kept (the running
    header of a report is often its title)."""
    return _page_lines([" ".join(line.split()) if len(line) <= 120 else line for line in lines])


def _page_lines(lines: list[str]) -> set[int]:
    """`page_lines` of lines whose white space is already collapsed."""
    seen: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(lines):
        if text and len(text) <= 80:
            key = text.casefold()
            seen[_DIGITS.sub("#", key) if _DIGIT.search(key) else key].append(i)
    out: set[int] = set()
    numbers: set[int] = set()   # page numbers found: the lines beside them repeat twice at least
    repeated = [(key, where, bool(_PAGE_NUMBER.match(key))) for key, where in seen.items() if len(where) >= 2]
    for key, where, number in sorted(repeated, key=lambda row: not row[2]):
        beside = any(k - 1 in numbers or k + 1 in numbers for k in where)
        if len(where) < (2 if number or beside else PAGE_REPEATS):
            continue
        gaps = [b - a for a, b in zip(where, where[1:])]
        if min(gaps) < PAGE_GAP:
            continue  # repeated close together: a refrain, a table, not a page's furniture
        if number:
            numbers.update(where)
        out.update(where[1:] if _near_top(lines, where[0]) else where)
    return out


def _near_top(lines: list[str], k: int, among: int = 3) -> bool:
    """Whether line `k` is among the first `among` non-empty lines."""
    seen = 0
    for line in lines[:k]:
        if line.strip():
            seen += 1
            if seen >= among:
                return False
    return True


def _a_name(word: str) -> bool:
    """Whether the name lists know `word` as a place, a people, a first name or an alias."""
    from search.extract.lexicon import fold, lexicon   # loaded only when a capitalised word is broken
    lex, key = lexicon(), fold(word)
    return key in lex.places or key in lex.demonyms or key in lex.first_names or key in lex.aliases


class _Vocab:
    """Whether a word occurs in a text (casefolded, whole words) at least so many times,
    found when asked and only as far as needed: a capture has a few broken words, and
    counting all its words would cost more."""

    def __init__(self, text: str):
        self.text = text.casefold()
        self.seen: dict[str, tuple[int, int]] = {}   # word -> (times found, where the search goes on; -1: done)

    def at_least(self, word: str, times: int) -> bool:
        if not word:
            return times <= 0
        found, at = self.seen.get(word, (0, 0))
        text = self.text
        while found < times and at >= 0:
            at = text.find(word, at)
            if at < 0:
                break
            end = at + len(word)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                found += 1
            at = end
        self.seen[word] = (found, at)
        return found >= times


def _join_hyphen(head: str, tail: str, vocab: "_Vocab") -> str:
    """`head` ends with `word-`; `tail` starts with the rest. Rejoin a word a line
    end broke, keep a real hyphen (`Moscow-` + `backed`)."""
    first = _BROKEN.search(head[-80:]).group(1)
    m = _FIRST_WORD.match(tail)
    rest = m.group(1) if m else ""
    whole, parts = (first + rest).casefold(), (first.casefold(), rest.casefold())
    if vocab.at_least(whole, 1):
        return head[:-1] + tail
    # the pieces at the break count once each: a real compound's parts are words elsewhere too
    # (a capitalised first part is a name when the text uses it alone too, or the name lists
    # know it: "Moscow-backed"; a German noun broken at a line end is not: "Nacht-" + "schichten")
    real = (vocab.at_least(parts[0], 2) and vocab.at_least(parts[1], 2)) or (
        first[:1].isupper() and not first.isupper() and (vocab.at_least(parts[0], 2) or rest[:1].isupper()
                                                         or _a_name(first)))
    return head + tail if real else head[:-1] + tail


def reflow(text: str) -> tuple[list[Paragraph], list[Paragraph]]:
    """The capture's paragraphs, and the lines left out as a paged document's furniture.

    A capture that does not look hard-wrapped comes back one paragraph per non-empty
    line, exactly as split by lines.
    """
    raw = text.split("\n")
    lines = [" ".join(r.split()) for r in raw]
    width = _width(lines)
    pages = _page_lines(lines) if width else set()
    furniture = [Paragraph(i + 1, lines[i]) for i in sorted(pages)]
    if width is None:
        return _sentences_go_on(raw, lines), furniture
    vocab: _Vocab | None = None   # the capture's words, counted when a line ends with a hyphen
    tables = _Rows(raw, lines)
    out: list[Paragraph] = []
    cur: Paragraph | None = None
    prev = -1   # the paragraph's last line
    for i, line in enumerate(lines):
        if i in pages:
            continue  # a header between two halves of a paragraph does not end it
        if not line:
            cur = None
            continue
        if cur is not None and _row_goes_on(lines[prev], line):
            cur.text += " " + line   # a table row "| a | b |" the wrapping broke
        elif cur is not None and _joins(cur.text, lines[prev], line, width) and not tables[prev] and not tables[i]:
            if cur.text.endswith("-") and _BROKEN.search(cur.text[-80:]) and line[:1].isalpha():
                if vocab is None:
                    vocab = _Vocab(text)
                cur.text = _join_hyphen(cur.text, line, vocab)
            else:
                cur.text += " " + line
        else:
            cur = Paragraph(i + 1, line)
            out.append(cur)
        prev = i
    return out, furniture


class _Rows:
    """Whether each line is a table row (`_table_row`), worked out when asked: only lines
    that would be joined are (most lines of a page are not)."""

    def __init__(self, raw: list[str], lines: list[str]) -> None:
        self.raw, self.lines, self.known = raw, lines, {}

    def __getitem__(self, i: int) -> bool:
        row = self.known.get(i)
        if row is None:
            row = self.known[i] = _table_row(self.raw[i], self.lines[i])
        return row


def _row_goes_on(line: str, nxt: str) -> bool:
    """A row of a table drawn with bars that the line end broke: it opened with a bar
    and did not close with one, and the next line does not open a row of its own."""
    return line.startswith("|") and not line.endswith("|") and not nxt.startswith("|")


def _unfinished(line: str, nxt: str) -> bool:
    """The line (a few words, not a label) ends without closing punctuation, and the next
    line is no bulleted item."""
    return (not line.endswith(_CLOSING) and line.count(" ") >= GOES_ON_WORDS - 1
            and not _BULLET.match(nxt) and not line.endswith(("|", "»", "›", ">")))


def _goes_on(line: str, nxt: str) -> bool:
    """A sentence the line end broke, whatever the width: the line is `_unfinished` and
    the next line goes on in lower case."""
    return nxt[:1].islower() and _unfinished(line, nxt)


def soft_breaks(text: str) -> list[int]:
    """The offsets of the line breaks of `text` that may cut a sentence, told without
    case: for a text in capitals, where a next line going on in lower case says nothing.
    Within a block of lines (no blank line between them), a break is soft when the line
    before it is not short (SHORT_SHARE of the block's longest line, and MIN_WIDTH
    characters) and `_unfinished`, and the next line starts with a letter or a figure.
    A list of headlines looks the same in capitals: the caller asks only of a capture
    with no furniture (see `strip.strip`)."""
    lines = text.split("\n")
    sizes = [len(line.strip()) for line in lines]
    widths: list[int] = []   # each line's block's longest line
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and sizes[end]:
            end += 1
        widths += [max(sizes[k:end], default=0)] * (end - k) + [0]   # the block, then its blank line
        k = end + 1
    out: list[int] = []
    offset = -1   # where the break after the line is
    for m in range(len(lines) - 1):
        offset += len(lines[m]) + 1
        nxt = lines[m + 1].lstrip()
        if (sizes[m] >= max(MIN_WIDTH, SHORT_SHARE * widths[m]) and nxt[:1].isalnum()
                and _unfinished(lines[m].strip(), nxt)):
            out.append(offset)
    return out


def _sentences_go_on(raw: list[str], lines: list[str]) -> list[Paragraph]:
    """The paragraphs of a capture that is not wrapped at one width: a line per paragraph,
    but a sentence broken across lines is joined again (a record with its line breaks,
    text typed with irregular breaks)."""
    out: list[Paragraph] = []
    cur: Paragraph | None = None
    vocab: _Vocab | None = None
    prev = ""
    for i, line in enumerate(lines):
        if not line:
            cur = None
            continue
        if cur is not None and _goes_on(prev, line) and not _table_row(raw[i - 1], prev) and not _table_row(raw[i], line):
            if cur.text.endswith("-") and _BROKEN.search(cur.text[-80:]):
                vocab = vocab if vocab is not None else _Vocab("\n".join(lines))
                cur.text = _join_hyphen(cur.text, line, vocab)
            else:
                cur.text += " " + line
        else:
            cur = Paragraph(i + 1, line)
            out.append(cur)
        prev = line
    return out


def _prose_case(text: str) -> bool:
    """Most words start in lower case (prose, not a headline in title case); a script
    without case counts as prose."""
    upper, lower = initial_case(text)
    return upper + lower == 0 or upper <= MID_UPPER * (upper + lower)


def _joins(cur: str, line: str, nxt: str, width: int) -> bool:
    """Whether `nxt` goes on the paragraph `cur`, whose last line as wrapped is `line`."""
    line_len = len(line)
    if _BULLET.match(nxt):
        return False
    if line_len < SHORT_SHARE * width:
        return _goes_on(line, nxt)   # a short line ends a paragraph, unless its sentence goes on
    m = _FIRST_WORD.match(nxt)
    first = m.group(1) if m else nxt.split()[0]
    if cur.endswith(_CLOSING) and not nxt[:1].islower() and len(nxt) < SHORT_SHARE * width and not nxt.endswith(_CLOSING):
        return False   # a sentence ended, and a heading follows ("Comments"): not the wrapping's break
    if line_len + 1 + len(first) > width:
        return True  # the next word did not fit: the wrapping broke the line
    if cur.endswith("-") and _BROKEN.search(cur[-80:]) and nxt[:1].isalpha() and nxt[:1].islower():
        return True
    if not cur.endswith(_CLOSING) and nxt[:1].islower():
        return True
    # the middle of a paragraph of prose already several lines long, broken mid-sentence:
    # the next line goes on even in capitals (a German noun, a name), whatever its own
    # width (not a headline of two lines: its words are capitalised, or it is short)
    return (len(cur) >= MID_LINES * len(line) and (line[-1:].isalnum() or line.endswith(","))
            and nxt[:1].isalnum() and _prose_case(cur))
