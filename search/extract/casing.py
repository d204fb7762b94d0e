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

import numpy as np

from search.extract.lexicon import Lexicon, fold, lexicon

#: A text shouts when at least this share of its cased letters are capitals ...
SHOUT_SHARE = 0.85
#: ... and it has at least this many cased letters.
MIN_LETTERS = 40

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)]*$")


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def case_counts(text: str) -> tuple[int, int]:
    """(capital letters, lower-case letters) in `text`: a letter is a capital when
    lowering it changes it, lower case when raising it does (counted in C, not per
    character in Python: a capture is read whole)."""
    low, up = text.lower(), text.upper()
    if len(low) == len(text) == len(up):
        points = _code_points(text)
        return int(np.count_nonzero(points != _code_points(low))), int(np.count_nonzero(points != _code_points(up)))
    upper = sum(1 for ch in text if ch.isupper())   # a letter whose other case is two letters: count by hand
    return upper, sum(1 for ch in text if ch.islower())


def shouts(text: str) -> bool:
    """Whether a text is written (almost) all in capitals."""
    upper, lower = case_counts(text)
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
    if len(_FACTS) > MAX_FACTS:
        _FACTS.clear()
    words = _FACTS
    if forms:   # the forms this capture writes win over the word lists
        own = {}
        for word in set(_WORD.findall(text)):
            facts = _FACTS.get(word) or _facts(word, lex)
            form = forms.get(facts[4])
            if facts[0] and form and len(form) == len(word):
                own[word] = (facts[0], form, *facts[2:])
        words = {**_FACTS, **own} if own else _FACTS
    return "\n".join(_repair_line(line, lex, words) for line in text.split("\n"))


#: word -> its facts (`_facts`): the word lists are read once per word, not once per occurrence.
_FACTS: dict[str, tuple] = {}
MAX_FACTS = 200_000


def _facts(word: str, lex: Lexicon) -> tuple:
    """(whether it has capitals, the form the capture or the word lists give it, whether it
    is a common word, whether it carries a capital on (a first name or a title), the word in
    lower case, capitalised)."""
    low = _lower(word)
    if low == word:
        return False, None, False, False, word, word   # already lower case, or no case: left as it is
    key = fold(low)
    known = _known(low, lex)
    if known and len(known) != len(word):
        known = _capital(word)
    carries = (key in lex.first_names or key in lex.title_heads) and key not in lex.lower_words
    capital = _capital(word) if len(word) > 1 and not word.isdigit() else low
    return True, known, key in lex.stopwords, carries, low, capital


def _repair_line(line: str, lex: Lexicon, words: dict[str, tuple]) -> str:
    parts: list[str] = []
    pos = 0
    start = True      # the next word starts a sentence
    carry = False     # the previous word was a capitalised name or title
    for m in _WORD.finditer(line):
        a = m.start()
        if a > pos:
            gap = line[pos:a]
            parts.append(gap)
            if pos and gap != " " and _SENTENCE_END.search(gap.rstrip()):
                start = True
        word = m.group()
        facts = words.get(word)
        if facts is None:
            facts = words[word] = _facts(word, lex)
        cased, known, common, carries, low, capital = facts
        if not cased:
            parts.append(word)
            start = carry = False
        else:
            parts.append(known or (_capital(word) if start else capital if carry and not common else low))
            carry, start = carries, False
        pos = m.end()
    parts.append(line[pos:])
    return "".join(parts)
