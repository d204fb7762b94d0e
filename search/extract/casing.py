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

import itertools
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from search.extract.lexicon import Lexicon, fold, lexicon

#: A text shouts when at least this share of its cased letters are capitals ...
SHOUT_SHARE = 0.85
#: ... and it has at least this many cased letters.
MIN_LETTERS = 40

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SPLIT = re.compile(r"(\w++(?:['’]\w++)*+)")   # split by it: gap, word, gap, word, ..., the rest
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


_AFTER_SPACE = re.compile(r"\s([^\W\d_])")   # a letter after white space (no look-behind: scanned fast)
_LETTER = re.compile(r"[^\W\d_]")
#: ASCII as classes, for `initial_case`: a capital "U", a lower-case letter "l", white space " ", the rest "."
_ASCII_CLASSES = bytes(b"U"[0] if 65 <= c <= 90 else b"l"[0] if 97 <= c <= 122 else
                       b" "[0] if chr(c).isspace() else b"."[0] for c in range(256))


def initial_case(text: str, head: int = 400) -> tuple[int, int]:
    """(capitals, lower-case letters) among the first letters of the words of the first
    `head` characters of `text` (a word starts the text or follows white space)."""
    text = text[:head]
    if text.isascii():   # counted in C: a class after white space
        marks = text.encode().translate(_ASCII_CLASSES)
        return marks.count(b" U") + marks.startswith(b"U"), marks.count(b" l") + marks.startswith(b"l")
    initials = "".join(_AFTER_SPACE.findall(text))
    if _LETTER.match(text):
        initials = text[0] + initials
    return sum(map(str.isupper, initials)), sum(map(str.islower, initials))


#: A text longer than this is first judged by its first quarter (see `shouts`).
HEAD_AFTER = 8000


def shouts(text: str, min_letters: int = MIN_LETTERS) -> bool:
    """Whether a text is written (almost) all in capitals (and has `min_letters` cased letters)."""
    if len(text) > HEAD_AFTER:
        # Prose: its first quarter alone holds more small letters than capitals could
        # outweigh, were every other character of the text a capital. (Counting all of a
        # text that is not shouting, as most are not, costs four times as much.)
        head = len(text) // 4
        upper, lower = case_counts(text[:head])
        if upper + len(text) - head < SHOUT_SHARE / (1 - SHOUT_SHARE) * lower:
            return False
        more_upper, more_lower = case_counts(text[head:])   # each letter counts alone: the rest adds up
        upper, lower = upper + more_upper, lower + more_lower
    else:
        upper, lower = case_counts(text)
    return upper + lower >= min_letters and upper >= SHOUT_SHARE * (upper + lower)


def _lower(word: str) -> str:
    out = word.lower()
    return out if len(out) == len(word) else "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _capital(word: str) -> str:
    low = _lower(word)
    return low[:1].upper() + low[1:] if len(low[:1].upper()) == 1 else low


def _known(low: str, lex: Lexicon, key: str | None = None) -> str | None:
    """The form a word list gives a word: 'nato' -> 'NATO', 'havel' -> None (`key`: fold(low))."""
    key = fold(low) if key is None else key
    if key in lex.aliases:
        canonical = lex.aliases[key][0]
        if canonical.isupper():
            return canonical
        return _capital(low)
    if key in lex.stopwords or key in lex.lower_words:
        return None
    if key in lex.first_names or key in lex.places or key in lex.demonyms or key in lex.title_heads:
        return _capital(low)
    return None


def _org_word(low: str, lex: Lexicon, key: str | None = None) -> bool:
    """A word that ends an organisation's name ("Center", "Bank"): capitalised after a name."""
    key = fold(low) if key is None else key
    return key not in lex.stopwords and (key in lex.org_suffixes or key in lex.org_heads)


def _forms(reference: str) -> dict[str, str]:
    """Words written in mixed case somewhere: their folded form -> that form."""
    forms: dict[str, str] = {}
    for word in _WORD.findall(reference):
        if not word.isupper() and not word.islower() and word[:1].isupper():
            forms.setdefault(_lower(word), word)
    return forms


def repair_case(text: str, reference: str | None = None, soft: Sequence[int] = ()) -> str:
    """`text` in the case a writer would have used. `reference` is other text of the same
    capture that is not in capitals (for example the body, to repair a headline); words
    written there in mixed case take that form. `soft`: the offsets of line breaks that
    the wrapping made in the middle of a sentence (`reflow.soft_breaks`): the next line's
    first word is then not a sentence's."""
    lex = lexicon()
    forms = _forms(reference) if reference else {}
    if len(_FACTS) > MAX_FACTS or len(_GAPS) > MAX_FACTS:
        _FACTS.clear()
        _GAPS.clear()
    words = _FACTS
    if forms:   # the forms this capture writes win over the word lists
        own = {}
        for word in set(_WORD.findall(text)):
            facts = _FACTS.get(word) or _facts(word, lex)
            form = forms.get(facts[4])
            if facts[0] and form and len(form) == len(word):
                own[word] = (facts[0], form, *facts[2:10], False, *facts[11:])
        words = {**_FACTS, **own} if own else _FACTS
    if not soft:
        return _Repair(lex, words).run(text)
    # Such a line break is read as a space, and given back after (the repair keeps offsets).
    spans = list(zip([0, *(at + 1 for at in soft)], [*soft, len(text)]))
    fixed = _Repair(lex, words).run(" ".join(text[a:b] for a, b in spans))
    return "\n".join(fixed[a:b] for a, b in spans)


#: word -> its facts (`_facts`): the word lists are read once per word, not once per occurrence.
_FACTS: dict[str, tuple] = {}
MAX_FACTS = 200_000
#: A title ("minister", "spokesman") capitalises the next two words (a first name and a
#: surname), a first name the next one; a particle ("le", "van") or a hyphen passes it on.
TITLE_CARRY, NAME_CARRY = 2, 1
_NO_VOWEL = re.compile(r"^[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZбвгджзйклмнпрстфхцчшщБВГДЖЗЙКЛМНПРСТФХЦЧШЩ]{2,5}$")


def _facts(word: str, lex: Lexicon) -> tuple:
    """(whether it has capitals, the form the word lists give it, whether it is a common
    word, the capital it carries on (see TITLE_CARRY), the word in lower case,
    capitalised, whether it is a name particle, the names of the alias table it starts,
    whether it is a stop word, an organisation word, a plain word (none of those: lower
    case in the middle of a sentence), and whether it is an organisation's head word
    (see `_continued_name`)."""
    low = _lower(word)
    if low == word:
        head = fold(low) in lex.org_heads   # "world of Social Media": a name may go on after it
        return False, None, False, 0, word, word, False, (), False, False, False, head   # already lower case, or no case: left as it is
    key = fold(low)
    known = _known(low, lex, key)
    if known and len(known) != len(word):
        known = _capital(word)
    if not known and _NO_VOWEL.match(word) and word.isupper() and key not in lex.stopwords:
        known = word if key not in lex.honorifics else _capital(word)   # BBC, RTL, ФСБ: an acronym
    if key in lex.title_heads and key not in lex.lower_words:
        carries = TITLE_CARRY
    elif key in lex.first_names and key not in lex.lower_words:
        carries = NAME_CARRY
    else:
        carries = 0
    capital = _capital(word) if len(word) > 1 and not word.isdigit() else low
    phrases = _PHRASES_BY_FIRST.get(key, ()) if _PHRASES_BY_FIRST else ()
    common = key in lex.stopwords or (key in lex.lower_words and not known)
    org = not known and _org_word(low, lex, key)
    particle = key in lex.particles
    head = key in lex.org_heads
    plain = not (known or carries or particle or phrases or org or head)
    return True, known, common, carries, low, capital, particle, phrases, key in lex.stopwords, org, plain, head


#: gap between two words -> its facts (`_gap`)
_GAPS: dict[str, tuple[bool, bool, bool, bool]] = {}


def _gap(gap: str) -> tuple[bool, bool, bool, bool]:
    """What the text between two words says: (whether it starts a line, whether it is a
    hyphen, whether it ends a sentence (unless it starts the text), whether its
    punctuation ends a name). The part after its last new line speaks."""
    lead = gap[gap.rfind("\n") + 1:]
    hyphen = lead == "-"
    mark = lead.strip()
    return ("\n" in gap, hyphen, bool(_SENTENCE_END.search(lead.rstrip())),
            bool(mark and not hyphen and mark != "." and not mark.startswith(("'", "’"))))


_PHRASES_BY_FIRST: dict[str, tuple[str, ...]] = {}


def _phrases(lex: Lexicon) -> None:
    """The alias table's names of several words, by their first word ("white" -> "White House")."""
    if _PHRASES_BY_FIRST:
        return
    by_first: dict[str, list[str]] = {}
    for canonical, _kind in lex.aliases.values():
        words = canonical.split()
        if len(words) > 1 and not canonical.isupper():
            by_first.setdefault(fold(words[0]), []).append(canonical)
    _PHRASES_BY_FIRST.update({k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in by_first.items()})
    _FACTS.clear()


class _Repair:
    """One pass over a text; then the words it capitalised as names (a surname after a
    first name or a title) take their capital everywhere else in the text too."""

    def __init__(self, lex: Lexicon, words: dict[str, tuple]):
        _phrases(lex)
        self.lex, self.words = lex, words
        self.names: dict[str, str] = {}           # a word capitalised as a name -> that form
        self.phrases: list[tuple[int, tuple[str, ...]]] = []   # a word's place in the parts, names of several words

    def run(self, text: str) -> str:
        parts = _SPLIT.split(text)   # gap, word, gap, word, ..., the text after the last word
        self._text(parts)
        names = {low: form for low, form in self.names.items() if len(form) == len(low)}
        if names:   # a name's capital everywhere
            words = parts[1::2]
            parts[1::2] = map(names.get, words, words)
        if self.phrases:
            self._fix_phrases(parts)
        return "".join(parts)

    def _fix_phrases(self, parts: list[str]) -> None:
        """The alias table's names of several words, in their case, written over the parts
        that hold them (the repair changes case only: a name covers as many characters as
        the words it is read from)."""
        count = len(parts)
        for j, names in self.phrases:
            for name in names:
                size, k, got = len(name), j, 0
                while got < size and k < count:
                    got += len(parts[k])
                    k += 1
                if got < size:
                    continue   # the text ends first
                seen = "".join(parts[j:k])
                after = seen[size:size + 1]
                while not after and k < count:
                    after = parts[k][:1]
                    k += 1
                if seen[:size].casefold() == name.casefold() and not after.isalnum():
                    at, m = 0, j
                    while at < size:
                        piece = parts[m]
                        take = min(len(piece), size - at)
                        parts[m] = name[at:at + take] + piece[take:]
                        at, m = at + take, m + 1
                    break

    def _text(self, parts: list[str]) -> None:
        """The pass over the words of a text split as `_SPLIT` does (each word at an odd
        place, the gap before it just before), writing each word's new form over it;
        each line starts afresh (a sentence, no capital carried)."""
        words, lex = self.words, self.lex
        start = True      # the next word starts a sentence
        carry = 0         # capitals the previous words carry on (a title, a first name)
        last_title = False
        named = False     # the previous word was given a capital as (part of) a name
        first = True      # the next word is the first of its line
        forced: set[int] = set()   # words of names of the shape "Ministry of Finance" (`_continued_name`)
        n = -1        # the word's place in `parts`
        pieces = iter(parts)
        for gap, word in zip(pieces, pieces):
            n += 2
            if gap == " " and not carry and not start:   # most words: after a space, nothing carried
                facts = words.get(word)
                if facts is None:
                    facts = words[word] = _facts(word, lex)
                if facts[10] and (not forced or n not in forced):   # a common word in the middle of a sentence
                    parts[n] = facts[4]
                    last_title = named = False
                    continue
                hyphen = False
            else:
                hyphen = False
                if gap and gap != " ":
                    said = _GAPS.get(gap)
                    if said is None:
                        said = _GAPS[gap] = _gap(gap)
                    newline, hyphen, ends, breaks = said
                    if newline:   # a new line: as at the start of the text
                        start, carry, last_title, named, first = True, 0, False, False, True
                    if ends and not first:
                        start = True
                    if breaks:
                        carry = 0   # punctuation ends a name
                first = False
                facts = words.get(word)
                if facts is None:
                    facts = words[word] = _facts(word, lex)
            if facts[11]:   # an organisation's head word: "Ministry of Finance"?
                forced.update(_continued_name(parts, n, lex))
            if n in forced and facts[0]:   # "the European Council on Foreign Relations"
                parts[n] = facts[5]
                start, carry, named, last_title = False, 0, True, False
                continue
            if facts[10] and not carry and not start:   # a common word in the middle of a sentence
                parts[n] = facts[4]
                last_title = named = False
                continue
            after_title = last_title
            cased, known, common, carries, low, capital, particle, phrases, stop, org, _plain, _head = facts
            last_title = carries == TITLE_CARRY
            if not cased:
                start, carry, named = False, 0, False
                continue
            if phrases:
                self.phrases.append((n, phrases))
            if org and named and not start and _names_after(parts[n - 2] if n > 1 else "", low, lex):
                parts[n] = capital   # "the Wilson Center", not "the radio"
                carry = 0
                named = False
                continue
            named = bool(known and not known.isupper()) or bool(carry and not stop and capital != low)
            if known:
                parts[n] = known
                if low in self.names:
                    carries = 0   # met as a surname already ("John Kirby"): "Kirby said"
                elif carry and not hyphen and not start and carries != TITLE_CARRY:
                    self.names[low] = known   # a surname that is a first name too
                if hyphen:
                    carry = max(carry, carries)
                else:   # a name word consumes the capital carried to it; a title gives its own
                    carry = max(carry - 1, carries if (carries == TITLE_CARRY or not carry) else 0)
            elif carry and particle and not after_title:
                parts[n] = low   # "Jean-Yves le Drian": the name goes on
            elif carry and not stop and capital != low:
                parts[n] = capital
                if not start and not common:
                    self.names.setdefault(low, capital)
                carry = carry if hyphen else carry - 1
            elif start:
                parts[n] = capital if len(word) > 1 and capital != low else _capital(word)
                carry = 0
            else:
                parts[n] = low
                carry = 0
            start = False


@lru_cache(maxsize=1)
def _case_words() -> tuple[frozenset[str], frozenset[str]]:
    """data/case_words.json (bench/train_case_words.py, counted in newswire): the words
    never capitalised inside a sentence, and the nationality + organisation word pairs
    that are names."""
    data = json.loads(resources.files("search.extract").joinpath("data", "case_words.json").read_text("utf-8"))
    return frozenset(data["common"]), frozenset(data["demonym_names"])


_PREPOSITIONS = frozenset({"of", "on", "for"})
#: ... in every case ("of", "Of", "OF", "oF"), for a set lookup of the words as written
_PREPOSITION_FORMS = frozenset("".join(chars) for word in _PREPOSITIONS
                               for chars in itertools.product(*((c, c.upper()) for c in word)))
#: At most this many words of a name after its preposition ("of Foreign Relations").
MAX_CONTINUED = 3


def _continued_name(parts: list[str], i: int, lex: Lexicon) -> tuple[int, ...]:
    """The words (their places in `parts`, split as `_SPLIT` does) of a name of the shape
    "Council on Foreign Relations", "Ministry of Finance" whose head word is `parts[i]`:
    an organisation's head word, "of", "on" or "for", then up to MAX_CONTINUED words that
    are neither stop words nor words newswire never capitalises ("said", "figures",
    "experts"), with nothing but a space between them; () when they are not such a name.
    In text in capitals only the shape says where such a name ends: in newswire, nine
    words in ten so found are written with a capital."""
    if i + 2 >= len(parts) or parts[i + 1] != " " or parts[i + 2] not in _PREPOSITION_FORMS:
        return ()
    if fold(_lower(parts[i])) not in lex.org_heads:
        return ()
    common = _case_words()[0]
    span, j = [], i + 4
    while j < len(parts) and len(span) < MAX_CONTINUED and parts[j - 1] == " " and parts[j].isalpha():
        key = fold(_lower(parts[j]))
        if key in lex.stopwords or key in common:
            break
        span.append(j)
        j += 2
    return (i, *span) if span else ()


def _names_after(before: str, low: str, lex: Lexicon) -> bool:
    """Whether an organisation word after the name word `before` goes on with the name:
    after a nationality, only where newswire writes the pair as one ("British Airways",
    not "European partners", "French energy firms")."""
    key = fold(_lower(before))
    return key not in lex.demonyms or f"{key} {fold(low)}" in _case_words()[1]


def name_case(name: str) -> str:
    """A name read out of a capture in capitals, whose case the repair could not know:
    every word capitalised but the small words inside it ("the Moscow times" -> "The
    Moscow Times"). Words written in mixed case stay as they are."""
    lex = lexicon()
    words = name.split(" ")
    out = []
    for n, word in enumerate(words):
        if word.islower() and (n == 0 or len(word) > 4 or fold(word) not in lex.stopwords):
            word = _capital(word[:1]) + word[1:] if len(word[:1].upper()) == 1 else word
        out.append(word)
    return " ".join(out)
