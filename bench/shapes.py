"""The shapes of text captures of ../shared/README.md ("Shapes of text captures"), for the benchmarks.

Each transform takes a capture's text and gives the same article in another shape a
user may paste: hard-wrapped at 72 or 60 columns (an e-mail, a plain-text newsletter,
`fmt`), upper-cased (wire copy, teletype archives), or copied out of a PDF (wrapped at
60 to 75 columns, words hyphenated across line ends, a running header and a page
footer every 50 lines). The gold is unchanged.

These live in the bench only: nothing in search/ may know about them.
"""
from __future__ import annotations

import random
import re
import textwrap
import zlib

SHAPES = ("wrap72", "wrap60", "caps", "pdf")

_VOWEL = re.compile(r"[aeiouyäöüéèêàâîôûаеёиоуыэюя]", re.I)


def wrap(text: str, width: int) -> str:
    """Every line wrapped at `width` columns (greedy, words never broken), blank lines kept."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            out.append("")
            continue
        out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out)


def caps(text: str) -> str:
    return text.upper()


def _hyphen_split(word: str, room: int) -> tuple[str, str] | None:
    """Split `word` so that its first part and a hyphen fit in `room` columns: after a
    vowel, at least three letters on each side (as a typesetter's hyphenation would)."""
    if len(word) < 7 or not word.isalpha():
        return None
    for cut in range(min(room - 1, len(word) - 3), 2, -1):
        if _VOWEL.match(word[cut - 1]) and not _VOWEL.match(word[cut]):
            return word[:cut] + "-", word[cut:]
    return None


def pdf(text: str, seed: str = "") -> str:
    """Text as copied out of a PDF: each line wrapped at 60-75 columns (a justified
    column holds a varying number of characters), long words hyphenated across line
    ends, and every 50 lines a page footer ("Page N") and a running header (the
    document's first line, cut to 50 characters). Deterministic per text."""
    rng = random.Random(zlib.crc32((seed + text[:200]).encode("utf-8")))
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        cur = ""
        width = rng.randint(60, 75)
        while words:
            word = words[0]
            if not cur:
                cur = word
                words.pop(0)
                continue
            if len(cur) + 1 + len(word) <= width:
                cur += " " + word
                words.pop(0)
                continue
            split = _hyphen_split(word, width - len(cur) - 1)
            if split:
                cur += " " + split[0]
                words[0] = split[1]
            lines.append(cur)
            cur = ""
            width = rng.randint(60, 75)
        lines.append(cur)
    header = next((line.strip() for line in text.split("\n") if line.strip()), "")[:50].strip()
    out: list[str] = []
    page = 1
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % 50 == 0:
            out.append(f"Page {page}")
            page += 1
            out.append(header)
    return "\n".join(out)


def transform(shape: str, text: str) -> str:
    if shape == "wrap72":
        return wrap(text, 72)
    if shape == "wrap60":
        return wrap(text, 60)
    if shape == "caps":
        return caps(text)
    if shape == "pdf":
        return pdf(text)
    if shape == "as-is":
        return text
    raise ValueError(f"unknown shape {shape!r}")
