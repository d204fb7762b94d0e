"""Case repair for text written in capitals: wire copy, teletype archives, OCR'd headlines.

An ALL-CAPS capture says nothing with its case, and the stripper, the title finder and
the actor finder all read case (prose is mostly lower case, a name is capitalised). So a
capture that shouts is given back in the case a writer would have used, as well as the
words allow:

- every word in lower case, the first word of a line and of a sentence capitalised;
- a word another line of the same capture writes in mixed case takes that form
  (`HAVEL` -> `Havel` when the body has "Vaclav Havel");
- otherwise a known name takes its capital: first names, places and nationalities,
  titles, the alias table's names and acronyms (`NATO`), organisation words;
- a capitalised first name or title carries its capital on to the next word that is
  not a common word (`VACLAV HAVEL` -> `Vaclav Havel`).

The repair changes case only, never a character's identity, and keeps the text's length
(a letter whose lower case is two characters stays as it is), so that offsets hold.
Scripts without case are untouched. Nothing here knows a language beyond the word lists.
"""
from __future__ import annotations

import re

from search.extract.lexicon import Lexicon, fold, lexicon

#: A text shouts when at least this share of its cased letters are capitals ...
SHOUT_SHARE = 0.85
#: ... and it has at least this many cased letters.
MIN_LETTERS = 40

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)]*$")


def shouts(text: str) -> bool:
    """Whether a text is written (almost) all in capitals."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    return upper + lower >= MIN_LETTERS and upper >= SHOUT_SHARE * (upper + lower)


def _lower(word: str) -> str:
    out = word.lower()
    return out if len(out) == len(word) else "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _capital(word: str) -> str:
    low = _lower(word)
    return low[:1].upper() + low[1:] if len(low[:1].upper()) == 1 else low


def _known(low: str, lex: Lexicon) -> str | None:
    """The form a word list gives a word: 'nato' -> 'NATO', 'havel' -> None."""
    key = fold(low)
    if key in lex.aliases:
        canonical = lex.aliases[key][0]
        if canonical.isupper():
            return canonical
        return _capital(low)
    if key in lex.stopwords or key in lex.lower_words:
        return None
    if (key in lex.first_names or key in lex.places or key in lex.demonyms or key in lex.title_heads
            or key in lex.org_suffixes or key in lex.org_heads):
        return _capital(low)
    return None


def _forms(reference: str) -> dict[str, str]:
    """Words written in mixed case somewhere: their folded form -> that form."""
    forms: dict[str, str] = {}
    for word in _WORD.findall(reference):
        if not word.isupper() and not word.islower() and word[:1].isupper():
            forms.setdefault(_lower(word), word)
    return forms


def repair_case(text: str, reference: str | None = None) -> str:
    """`text` in the case a writer would have used. `reference` is other text of the same
    capture that is not in capitals (for example the body, to repair a headline); words
    written there in mixed case take that form."""
    lex = lexicon()
    forms = _forms(reference) if reference else {}
    out: list[str] = []
    for line in text.split("\n"):
        out.append(_repair_line(line, lex, forms))
    return "\n".join(out)


def _repair_line(line: str, lex: Lexicon, forms: dict[str, str]) -> str:
    parts: list[str] = []
    pos = 0
    start = True      # the next word starts a sentence
    carry = False     # the previous word was a capitalised name or title
    for m in _WORD.finditer(line):
        gap = line[pos:m.start()]
        parts.append(gap)
        if _SENTENCE_END.search(gap.strip() or " ") and pos:
            start = True
        word = m.group()
        if not any(c.isupper() for c in word):
            parts.append(word)  # already lower case, or no case: leave it
            start, carry, pos = False, False, m.end()
            continue
        low = _lower(word)
        known = forms.get(low) or _known(low, lex)
        key = fold(low)
        if known:
            new = known if len(known) == len(word) else _capital(word)
        elif carry and key not in lex.stopwords and not word.isdigit() and len(low) > 1:
            new = _capital(word)
        elif start:
            new = _capital(word)
        else:
            new = low
        parts.append(new)
        # a first name or a title carries its capital on: "vaclav havel", "president havel"
        carry = (key in lex.first_names or key in lex.title_heads) and key not in lex.lower_words
        start = bool(_SENTENCE_END.search(word))
        pos = m.end()
    parts.append(line[pos:])
    return "".join(parts)
