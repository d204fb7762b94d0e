"""Actors from the trained tagger (tagger.py): its people and organisations as mentions
for canonical.resolve, with the word lists' say where it is plainly right.

The model says where a name is and of which kind (PER, ORG; LOC and MISC are not
actors). Then:

- a title or honorific before a name is evidence, not part of it ("Finance Minister
  Aninat" is Aninat, a person);
- a sentence's first word that the text also writes in lower case, or that is a common
  word, is not part of a name ("Engage", "Invite NGOs");
- the alias table's names take its canonical form and type (so "Kremlin" is an
  organisation whatever the model called it), its places are never actors, and a
  building after "in the" is a place ("talks in the Kremlin");
- a single common word, stop word, weekday, month, title or nationality is not an actor,
  nor is a line that is only common words (a section name: "Most Read");
- "NATO-EU" is two organisations when each part is in the alias table;
- an organisation ending in an organisation word goes on over "of/for/on" and the
  capitalised words after it that the model left out ("European Council on Foreign
  Relations");
- a one-word organisation that is the surname of a person the article names is that
  person ("the Trump administration");
- names in the title and in headings count only when the article names them elsewhere,
  so those lines are not tagged (they could only change the actors' order).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from search.extract.canonical import Mention
from search.extract.lexicon import ORGANISATION, PERSON, PLACE, Lexicon, fold
from search.extract.tagger import OPENERS, Model, is_initial, token_words, tokenize

_KINDS = {"PER": PERSON, "ORG": ORGANISATION}
_PLACE_PREPS = frozenset({"in", "at", "inside", "outside", "to", "into", "near"})
_EXTEND = frozenset({"of", "for", "on"})
#: A place or other name ending in one of these is an organisation ("Wilson Center").
_INSTITUTION = frozenset({"center", "centre", "institute", "institution", "university", "college", "council",
                          "commission", "committee", "ministry", "department", "agency", "association", "federation",
                          "foundation", "academy", "society", "museum", "party", "league", "organisation",
                          "organization", "bureau", "authority", "inc", "corp", "ltd", "plc", "llc", "group"})
_SAY = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "stated", "announced", "warned",
                  "wrote", "argued", "asked", "replied", "insisted", "noted", "explained"})
_DIRECTIONS = frozenset({"eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
                         "northeast", "northwest", "southeast", "southwest", "upper", "lower"})
_LOWER_OK = frozenset({"of", "for", "on", "and", "the", "de", "du", "des", "der", "von", "van", "&", "to", "in", "a",
                       "an", "at", "by", "with", "from", "or", "as", "is", "vs"})


def _is_place(key: str, lex: Lexicon) -> bool:
    hit = lex.aliases.get(key)
    if hit:
        return hit[1] == PLACE
    return key in lex.places or key in lex.demonyms or key.rstrip("s") in lex.demonyms


_ALIAS_WORDS: dict[int, frozenset[str]] = {}


def _alias_words(lex: Lexicon) -> frozenset[str]:
    words = _ALIAS_WORDS.get(id(lex))
    if words is None:
        words = frozenset(w for key in lex.aliases for w in key.split())
        _ALIAS_WORDS.clear()
        _ALIAS_WORDS[id(lex)] = words
    return words


def _heading(words: list[str], line: str) -> bool:
    """A short line of capitalised words without a sentence's end: a heading."""
    if len(words) > 12:
        return False
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 2 or any(c.isdigit() for c in line):
        return False
    if line.rstrip().endswith((".", "!", "?", ".\"", ".”", ":")):
        return False
    return all(w[:1].isupper() for w in alpha if w.lower() not in _LOWER_OK)


def tagged_mentions(lines: list[str], title: bool, lex: Lexicon, tagger: Model) -> list[Mention]:
    """The mentions of an article's lines (the first one its title when `title`)."""
    words = [_repaired(token_words(line), lex, tagger.common) for line in lines]
    # Names in the title and in headings count only when the article names them elsewhere
    # (canonical.resolve): they could only change the order of the actors, so those lines
    # are not tagged at all.
    soft = [title and no == 0 or _heading(ws, line) for no, (line, ws) in enumerate(zip(lines, words))]
    entities = tagger.tag_lines([[] if s else ws for s, ws in zip(soft, words)])
    seen = _Seen(lines, words)
    out: list[Mention] = []
    for no, line in enumerate(lines):
        if entities[no]:
            ws = words[no]
            line_words = _Line(line, ws, [_fold(w) for w in ws], _Initial(ws), False, _glued_heading(ws, line))
            _mentions(line_words, entities[no], lex, tagger, no * 1000, seen, out)
    # "the Trump administration", "Le Drian said": an organisation that is the end of a
    # person's name the article uses.
    tails = {" ".join(words[k:]) for m in out if m.type == PERSON and " " in m.name
             for words in [fold(m.name).split()] if len(words) <= 6 for k in range(1, len(words))}
    people = {fold(m.name) for m in out if m.type == PERSON}
    for m in out:
        if m.type == ORGANISATION:
            key = fold(m.name)
            words = key.split()
            # ... or that starts with a first name and ends with a person's name: "Jean-Yves Le Drian"
            if key in tails or 1 < len(words) <= 6 and _first_name(words[0], lex) \
                    and any(" ".join(words[k:]) in people for k in range(1, len(words))):
                m.type = PERSON
    return out


# 8,192 words (1 MB): folding one again costs 0.3 us, and the cache's hits are the common
# words (793 WCXB pages: 1.25 million look-ups, 124,000 misses; 54,000 with 65,536, 6 MB more).
_fold = lru_cache(maxsize=1 << 13)(fold)


class _Initial:
    """Whether a line's word starts a sentence (tagger.is_initial), when asked."""

    def __init__(self, words: list[str]) -> None:
        self.words = words

    def __getitem__(self, i: int) -> bool:
        return is_initial(self.words, i)


class _Seen:
    """What the whole article shows about its words, worked out when first needed: the
    words it writes in lower case, and those it capitalises inside a sentence."""

    def __init__(self, lines: list[str], words: list[list[str]]) -> None:
        self.lines, self.words = lines, words
        self._lowered: set[str] | None = None
        self._inside: set[str] | None = None

    @property
    def lowered(self) -> set[str]:
        if self._lowered is None:
            self._lowered = {w for ws in self.words for w in ws if w.islower()}
        return self._lowered

    @property
    def inside(self) -> set[str]:
        if self._inside is None:
            self._inside = {_fold(w) for ws in self.words for prev, w in zip(ws, ws[1:])
                            if w[:1].isupper() and prev not in OPENERS}
        return self._inside


@dataclass
class _Line:
    text: str
    words: list[str]
    lows: list[str]
    initial: _Initial
    soft: bool
    heading_from: int   # a heading glued to the paragraph's end starts at this token

    @cached_property
    def n_words(self) -> int:
        return len(self.text.split())

    @cached_property
    def toks(self) -> list | None:
        """The tokens with their places; None when a word was repaired (no place to show)."""
        toks = tokenize(self.text)
        return toks if [t[0] for t in toks] == self.words else None

    def span(self, s: int, e: int) -> str:
        """The text of words s to e as the line writes it."""
        joined = " ".join(self.words[s:e])
        if len(self.text) < 2000 and joined in self.text:
            return joined
        toks = self.toks
        if toks is None:
            return joined  # a repaired first name
        return self.text[toks[s][1]:toks[e - 1][2]]


def _glued_heading(words: list[str], line: str) -> int:
    """Where a heading glued to the end of a paragraph starts ("... territory. Key
    Discussion Topics Likely to Surface"); len(words) when there is none."""
    n = len(words)
    k = n
    while k > 0 and words[k - 1] not in (".", "!", "?"):
        k -= 1
    if k == 0 or k == n:
        return n
    tail = words[k:]
    return k if _heading(tail, " ".join(tail)) else n


_REPAIRABLE: dict[int, frozenset[str]] = {}


def _repaired(words: list[str], lex: Lexicon, common: frozenset[str]) -> list[str]:
    """'President vladimir Putin': a first name written in lower case takes its capital
    (not one that is also a common word: "Romania beat Lithuania")."""
    names = _REPAIRABLE.get(id(lex))
    if names is None:
        names = frozenset(n for n in lex.first_names if len(n) >= 3 and n not in lex.stopwords
                          and n not in lex.lower_words and n not in common)
        _REPAIRABLE.clear()
        _REPAIRABLE[id(lex)] = names
    if names.isdisjoint(words):
        return words
    for i in range(len(words) - 1):
        w = words[i]
        nxt = words[i + 1]
        if w in names and nxt[:1].isupper() and nxt.isalpha() and not nxt.isupper():
            words[i] = w[:1].upper() + w[1:]
    return words


def _first_name(low: str, lex: Lexicon) -> bool:
    return low in lex.first_names or "-" in low and all(p in lex.first_names for p in low.split("-") if p)


def _known(low: str, lex: Lexicon) -> bool:
    """A word the word lists know as part of a name."""
    if "-" in low:
        return all(_known(part, lex) for part in low.split("-") if part)
    return (low in lex.first_names or low in lex.aliases or low in _alias_words(lex) or low in lex.org_suffixes
            or low in lex.org_heads or low in lex.places or low in lex.demonyms)


def _mentions(line: _Line, entities: list, lex: Lexicon, tagger: Model, pos: int, seen: _Seen,
              out: list[Mention]) -> None:
    words, lows, initial = line.words, line.lows, line.initial
    common = tagger.common
    taken = {i for ent in entities for i in range(ent.start, ent.end)}
    for ent_kind, s, e in _split(entities, lows, lex):
        soft = line.soft or s >= line.heading_from
        evidence = False
        # A sentence's first word that is a common word, or that the article never capitalises
        # elsewhere and the word lists do not know, is not part of the name ("Invite NGOs").
        institution = ent_kind == "ORG" and (lows[e - 1] in lex.org_heads or lows[e - 1] in lex.org_suffixes)
        while e - s > 1 and initial[s] and not _first_name(lows[s], lex) and not words[s].isupper() \
                and not (institution and lows[s] in lex.demonyms) \
                and (lows[s] in common or lows[s] in seen.lowered or lows[s] not in seen.inside and not _known(lows[s], lex)):
            s += 1
        # Titles and honorifics before a name: evidence, not part of it (but "the Foreign
        # Ministry" keeps its word).
        while e - s > 1 and (not institution and (lows[s] in lex.title_words or lows[s] in lex.honorifics)
                             or lows[s] in ("the", "a")):
            evidence = evidence or lows[s] in lex.title_words or lows[s] in lex.honorifics
            s += 1
        while e - s > 1 and (lows[e - 1] in lex.org_connectors or lows[e - 1] in _SAY):
            e -= 1  # "Bank of", "John Kirby Said" (a capital the case repair carried on)
        prev = [w for w in lows[max(0, s - 3):s] if w not in (",", "the", "a", "an")]
        evidence = evidence or bool(prev) and prev[-1] in lex.title_heads
        if ent_kind in ("LOC", "MISC") and e - s > 1 and lows[e - 1] in _INSTITUTION:
            ent_kind = "ORG"
        kind = _KINDS.get(ent_kind)
        if kind == ORGANISATION:
            e = _extend(words, lows, e, lex, initial, taken)
        key = " ".join(lows[s:e])
        if key in lex.seats and s >= 2 and lows[s - 1] == "the" and lows[s - 2] in _PLACE_PREPS:
            continue  # "talks in the Kremlin": the building
        hit = lex.aliases.get(key)
        if hit is None and e - s > 1 and lows[e - 1] in lex.org_suffixes:
            hit = lex.aliases.get(" ".join(lows[s:e - 1]))  # "RTL radio": RTL
            hit = hit if hit and hit[1] == ORGANISATION else None
        if hit:
            if hit[1] != PLACE:
                out.append(Mention(hit[0], hit[1], pos, soft=soft))
            continue
        split = [t for t in range(s, e) if "-" in words[t] and all(lex.aliases.get(fold(p)) for p in words[t].split("-"))]
        if split:  # "NATO-EU", "NATO-EU Relations": the two organisations
            parts = [lex.aliases[fold(p)] for p in words[split[0]].split("-")]
            out += [Mention(p[0], p[1], pos, soft=soft) for p in parts if p[1] != PLACE]
            continue
        if kind is None or kind == PERSON and e - s == 1 and _is_place(key, lex):
            continue
        if e - s > 1 and (lows[e - 1] in lex.place_suffixes and lows[e - 1] != "city"
                          or lows[s] in _DIRECTIONS and _is_place(" ".join(lows[s + 1:e]), lex)):
            continue  # "Exclusion Zone", "Eastern Europe": places
        if e - s == 1 and (key in lex.stopwords or key in lex.title_words or key in lex.demonyms
                           or key in lex.org_suffixes or len(key) < 2):
            continue
        if e - s == 1 and initial[s] and not evidence and not words[s].isupper() \
                and (key in seen.lowered or kind == ORGANISATION and key not in seen.inside and not _known(key, lex)
                     and e < len(words) and words[e].islower()):
            continue  # "Engage civil-society actors", "Advocates for lasting peace"
        if e - s == 1 and not words[s].isupper() and (key in _SAY or not evidence and key in common
                                                      and key in seen.lowered and not _first_name(key, lex)):
            continue  # "Said" where the article writes "said": a capital the case repair carried on
        if e - s == 1 and words[s][:1].isupper() and key in lex.non_org_acronyms:
            continue  # "NGOs", "GDP"
        if (e - s == 1 and (initial[s] or kind == ORGANISATION) or line.n_words == e - s) \
                and not (kind == PERSON and evidence) and all(w in lex.stopwords or w in common for w in lows[s:e]):
            continue  # "Related Articles", "Most Read"
        name = line.span(s, e)
        # A one-word person (the model's word for it) may be a misspelt surname: canonical.resolve.
        evidence = kind == PERSON and (evidence or e - s == 1)
        out.append(Mention(name, kind, pos, evidence=evidence, soft=soft))


def _split(entities: list, lows: list[str], lex: Lexicon) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each name; "European Commission Ursula von der Leyen" is an
    organisation, then a person (a first name after an organisation word)."""
    out = []
    for ent in entities:
        s = ent.start
        for k in range(ent.start + 1, ent.end - 1):
            if lows[k] in lex.first_names and (lows[k - 1] in lex.org_suffixes or lows[k - 1] in lex.org_heads):
                out.append(("ORG", s, k))
                out.append(("PER", k, ent.end))
                break
        else:
            out.append((ent.kind, s, ent.end))
    return out


def _extend(words: list[str], lows: list[str], e: int, lex: Lexicon, initial: list[bool], taken: set[int]) -> int:
    """The capitalised words the model left out of an organisation's name: 'EU Satellite'
    + 'Monitoring'; after an organisation word, 'European Council' + 'on Foreign Relations'."""
    def name_word(j: int, titles: bool = False) -> bool:
        w = words[j]
        return (j not in taken and w[:1].isupper() and not w.isupper() and w.isalpha() and not initial[j]
                and lows[j] not in lex.stopwords and not _is_place(lows[j], lex)
                and (titles or lows[j] not in lex.title_words))

    while e < len(words) and name_word(e):
        e += 1
    if e < len(words) - 1 and lows[e] in _EXTEND and lows[e - 1] in lex.org_heads:
        j = e + 1
        while j < len(words) and name_word(j, True):
            j += 1
        if j > e + 1:
            return j
    return e
