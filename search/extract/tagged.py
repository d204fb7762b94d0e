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
- names in the title and in headings count only when the article names them elsewhere.
"""
from __future__ import annotations

from search.extract.canonical import Mention
from search.extract.lexicon import ORGANISATION, PERSON, PLACE, Lexicon, fold
from search.extract.tagger import Model, initial_flags, tokenize

_KINDS = {"PER": PERSON, "ORG": ORGANISATION}
_PLACE_PREPS = frozenset({"in", "at", "inside", "outside", "to", "into", "near"})
_EXTEND = frozenset({"of", "for", "on"})
_LOWER_OK = frozenset({"of", "for", "on", "and", "the", "de", "du", "des", "der", "von", "van", "&"})


def _is_place(key: str, lex: Lexicon) -> bool:
    hit = lex.aliases.get(key)
    if hit:
        return hit[1] == PLACE
    return key in lex.places or key in lex.demonyms or key.rstrip("s") in lex.demonyms


def _heading(words: list[str], line: str) -> bool:
    """A short line of capitalised words without a sentence's end: a heading."""
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 2 or len(words) > 12 or any(c.isdigit() for c in line):
        return False
    if line.rstrip().endswith((".", "!", "?", ".\"", ".”", ":")):
        return False
    return all(w[:1].isupper() for w in alpha if w.lower() not in _LOWER_OK)


def tagged_mentions(lines: list[str], title: bool, lex: Lexicon, tagger: Model) -> list[Mention]:
    """The mentions of an article's lines (the first one its title when `title`)."""
    lowered = set()
    for line in lines:
        lowered.update(w for w in line.split() if w.islower())
    lowered = {w.strip(".,;:!?\"'()“”’") for w in lowered}
    out: list[Mention] = []
    for no, line in enumerate(lines):
        _line(line, lex, tagger, no * 1000, title and no == 0, lowered, out)
    # "the Trump administration": a one-word organisation that is a person's surname.
    surnames = {fold(m.name).split()[-1] for m in out if m.type == PERSON and " " in m.name}
    for m in out:
        if m.type == ORGANISATION and " " not in m.name and fold(m.name) in surnames:
            m.type = PERSON
    return out


def _line(line: str, lex: Lexicon, tagger: Model, pos: int, title: bool, lowered: set[str],
          out: list[Mention]) -> None:
    toks = tokenize(line)
    if not toks:
        return
    words = [t.text for t in toks]
    soft = title or _heading(words, line)
    initial = initial_flags(words)
    for i in range(len(words) - 1):
        w = words[i]
        # "President vladimir Putin": a first name written in lower case.
        if w.islower() and len(w) >= 3 and w in lex.first_names and w not in lex.stopwords \
                and w not in lex.lower_words and words[i + 1][:1].isupper() and words[i + 1].isalpha() \
                and not words[i + 1].isupper():
            words[i] = w[:1].upper() + w[1:]
    lows = [fold(w) for w in words]
    common = tagger.common
    for ent in tagger.tag(words):
        s, e = ent.start, ent.end
        evidence = False
        while e - s > 1 and initial[s] and (lows[s] in common or lows[s] in lowered) and lows[s] not in lex.first_names:
            s += 1
        # Titles and honorifics before a name: evidence, not part of it.
        while e - s > 1 and (lows[s] in lex.title_words or lows[s] in lex.honorifics or lows[s] in ("the", "a")):
            evidence = evidence or lows[s] in lex.title_words or lows[s] in lex.honorifics
            s += 1
        while e - s > 1 and lows[e - 1] in lex.org_connectors:
            e -= 1
        prev = [w for w in lows[max(0, s - 3):s] if w not in (",", "the", "a", "an")]
        evidence = evidence or bool(prev) and prev[-1] in lex.title_heads
        kind = _KINDS.get(ent.kind)
        if kind == ORGANISATION and lows[e - 1] in lex.org_heads:
            e = _extend(words, lows, e, lex)
        key = " ".join(lows[s:e])
        if key in lex.seats and s >= 2 and lows[s - 1] == "the" and lows[s - 2] in _PLACE_PREPS:
            continue  # "talks in the Kremlin": the building
        hit = lex.aliases.get(key)
        if hit:
            if hit[1] != PLACE:
                out.append(Mention(hit[0], hit[1], pos, soft=soft))
            continue
        if e - s == 1 and "-" in words[s]:
            parts = [lex.aliases.get(fold(p)) for p in words[s].split("-")]
            if all(parts):
                out += [Mention(p[0], p[1], pos, soft=soft) for p in parts if p and p[1] != PLACE]
                continue
        if kind is None or kind == PERSON and e - s == 1 and _is_place(key, lex):
            continue
        if e - s == 1 and (key in lex.stopwords or key in lex.title_words or key in lex.demonyms
                           or key in lex.org_suffixes or len(key) < 2):
            continue
        if e - s == 1 and initial[s] and key in lowered and not evidence:
            continue  # "Engage civil-society actors": a verb at a sentence's start
        if (e - s == 1 and (initial[s] or kind == ORGANISATION) or len(line.split()) == e - s) \
                and not (kind == PERSON and evidence) and all(w in lex.stopwords or w in common for w in lows[s:e]):
            continue  # "Related Articles", "Most Read"
        if any(words[i] != toks[i].text for i in range(s, e)):
            name = " ".join(words[s:e])
        else:
            name = line[toks[s].start:toks[e - 1].end]
        out.append(Mention(name, kind, pos, evidence=evidence and kind == PERSON, soft=soft))


def _extend(words: list[str], lows: list[str], e: int, lex: Lexicon) -> int:
    """'European Council' + 'on Foreign Relations': the capitalised words after of/for/on."""
    if e >= len(words) - 1 or lows[e] not in _EXTEND:
        return e
    j = e + 1
    while j < len(words) and words[j][:1].isupper() and lows[j] not in lex.stopwords and not _is_place(lows[j], lex):
        j += 1
    return j if j > e + 1 else e
