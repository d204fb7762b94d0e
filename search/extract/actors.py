"""Actors: the people and organisations an article is about, each under one name.

From the title and the stripped body only (never the dropped furniture). English text,
and text of no known language, goes through the trained name tagger (tagger.py; its
names become mentions in tagged.py) after step 1 below; other languages through the
capitalisation rules of steps 2 to 4. This module holds those rules and the entry
points; the word lists are in lexicon.py, the canonical names (step 5) in canonical.py.

1. *Clean*: photo credits ("Photo: X/AFP", "(Getty Images)", "© X") and wire
   bylines ("Reporting by X; Editing by Y") are cut out of each line.
2. *Spans*: runs of capitalised words, joined by name particles (de, von, al) and,
   inside organisation names, by of/for/and ("Bank of England"). A sentence's first
   word counts only when it is not a common word. A lower-case first name before a
   capitalised word is taken and its case repaired ("vladimir Putin").
3. *Titles*: honorifics and job titles ("Mr", "Foreign Minister", "Kremlin
   spokesman") are split off; they are evidence that a person's name follows, and
   what stands before them may be an organisation ("Pentagon").
4. *Types*: an organisation ends in an organisation word (Inc, Bank, Ministry,
   Council, Center, News...) or starts with one followed by "of"/"for", or is a known
   acronym or a row of the alias table; a person is two to five name-like words
   starting with a known first name (the gender-guesser package's list of ~45,000
   first names from many countries), or any name after a title. Places (pycountry's
   countries and subdivisions, plus a list of cities and regions), nationalities,
   weekdays, months and section names are never actors; a lone capitalised word with
   no evidence is not an actor either.
5. *Canonical names* (canonical.py): a partial name maps to the fullest name the
   document uses, an acronym defined in the text to its long form, and variants
   across documents to one name by the built-in and the user's alias tables.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from search.extract.actorlang import capitals_word, lexicon_for, name_start, noun_phrase
from search.extract.article import Actor, Article
from search.extract.canonical import Mention, acronym_definitions, alias_file, resolve, user_aliases
from search.extract.tagged import tagged_mentions
from search.extract.tagger import model as tagger_model
from search.extract.translit import with_known_actors
from search.extract.lexicon import COMPANY_SUFFIXES, ORGANISATION, PERSON, PLACE, Lexicon, fold, lexicon

_fold_word = lru_cache(maxsize=1 << 13)(fold)   # as tagged._fold (which says why)


# --------------------------------------------------------------------------- tokens

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": ""})
_CREDITS = (
    re.compile(r"\b(?:photo(?:graph)?s?|pictures?|images?|credit|illustration|foto|video)\s*(?:by)?\s*:.*$", re.I),
    re.compile(r"\s*©.*$"),
    re.compile(r"\s*\((?:[^()]{0,60}(?:getty|images|photo|afp|reuters|\bap\b|epa|shutterstock|alamy|\bpa\b|"
               r"file|handout|supplied|via)[^()]{0,60})\)\s*$", re.I),
    re.compile(r"(?:^|[;(\[|]\s*)(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|edited)\s+by\b.*$", re.I),
    re.compile(r"^\s*(?:[Bb]y|[Ff]rom)\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}\s*$"),
)
_TOKEN = re.compile(
    r"(?P<acr>(?:[A-Za-z]\.){2,})"            # U.S., U.K., a.m.
    r"|(?P<word>[^\W\d_](?:\w|['’\-](?=\w))*)"  # words, with inner apostrophes and hyphens
    r"|(?P<num>\d[\w.,:]*)"
    r"|(?P<punct>[^\w\s])"
)
_OPENERS = frozenset(".!?:;“\"‘«(|[•*—–-…")
_QUOTE_OPEN = frozenset("“\"‘«'")
_ROMAN = frozenset({"ii", "iii", "iv", "v", "vi", "vii", "viii", "jr", "sr"})
_SAY = frozenset({"said", "says", "say", "told", "added", "stated", "announced", "warned", "wrote", "argued"})


@dataclass
class Tok:
    text: str
    low: str            # folded
    initial: bool       # first word of a sentence (capitalisation says nothing)
    possessive: bool = False
    repaired: bool = False


@dataclass
class Span:
    toks: list[Tok]
    pos: int                       # order of appearance
    prev: list[str] = field(default_factory=list)  # folded words just before the span
    headline: bool = False


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(word) <= 8


_CREDIT_HINT = re.compile(r"[:©()]| by ", re.I)


_TICKER = re.compile(r"<[^<>\s]{1,16}>")


def _clean_line(line: str) -> str:
    line = line.translate(_DASHES)
    if "<" in line:
        line = _TICKER.sub(" ", line)  # stock tickers, "<OXY>", and tag debris
    if _CREDIT_HINT.search(line) or line[:5].lower().startswith(("by ", "from ")):
        for pattern in _CREDITS:
            line = pattern.sub("", line)
    return line


def _headline_case(words: list[str], line: str) -> bool:
    """A headline, a table row or a menu: most words capitalised, or all capitals.
    A sentence (a full stop at its end) is prose, however many names it holds."""
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 3:
        return False
    letters = "".join(alpha)
    if letters.isupper():
        return True
    if len(alpha) > 6 and line.rstrip().endswith((".", "!", "?", ".\"", ".”", "?”", "!”")):
        return False
    long = [w for w in alpha if len(w) > 3]
    if len(long) < 3:
        return False
    return sum(1 for w in long if w[0].isupper()) / len(long) >= 0.7


def _spans(line: str, lex: Lexicon, pos0: int) -> list[Span]:
    """Runs of capitalised words in one line of text."""
    raw = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(line)]
    words = [t for k, t in raw if k == "word"]
    headline = _headline_case(words, line)
    spans: list[Span] = []
    cur: list[Tok] = []
    prev_words: list[str] = []
    initial = True
    start_prev: list[str] = []

    def close() -> None:
        nonlocal cur
        while cur and (cur[-1].low in lex.org_connectors or cur[-1].low in lex.particles) and not _is_cap(cur[-1].text):
            cur.pop()
        if cur:
            spans.append(Span(cur, pos0 + len(spans), start_prev, headline))
        cur = []

    n = len(raw)

    def next_word(i: int) -> str | None:
        j = i + 1
        while j < n and raw[j][1] == ".":
            j += 1
        return raw[j][1] if j < n and raw[j][0] in ("word", "acr") else None

    i = 0
    while i < n:
        kind, text = raw[i]
        if kind == "word" and not text[0].isupper() and not ("-" in text and not text.islower()):
            # A lower-case word (most of them): a particle inside a name, a first name
            # in lower case before a surname, or the end of a run.
            low = text.lower() if text.isascii() else _fold_word(text)
            if cur and (low in lex.particles or low in lex.org_connectors):
                nw = next_word(i)
                k = i + 1
                while nw and nw.islower() and nw in lex.particles and k < n:  # "de la Fontaine"
                    k += 1
                    nw = next_word(k - 1)
                if nw and _is_cap(nw) and _fold_word(nw) not in lex.stopwords \
                        and (low not in ("the", "in", "to") or cur[-1].low in lex.org_connectors and low != "to"):
                    cur.append(Tok(text, low, False))
                else:
                    close()
            elif low in lex.first_names and len(text) >= 3 and not headline and low not in lex.stopwords \
                    and low not in lex.lower_words and (nw := next_word(i)) and _is_cap(nw):
                # "President vladimir Putin": a first name written in lower case.
                if not cur:
                    start_prev = prev_words[-3:]
                cur.append(Tok(text[:1].upper() + text[1:], low, False, repaired=True))
            elif cur:
                close()
            prev_words.append(low)
            initial = False
            i += 1
            continue
        if kind in ("word", "acr"):
            possessive = False
            if kind == "word":
                if text.endswith(("'s", "’s")) and len(text) > 3:
                    text, possessive = text[:-2], True
                elif text.endswith(("s'", "s’")):
                    text, possessive = text[:-1], True
                # Hyphenated: "Moscow-backed" keeps "Moscow"; "NATO-EU" splits.
                if "-" in text:
                    parts = text.split("-")
                    if not all(_is_cap(p) for p in parts):
                        keep = []
                        for p in parts:
                            if not _is_cap(p):
                                break
                            keep.append(p)
                        if keep and keep != parts:
                            text, possessive = "-".join(keep), True
                    elif len(parts) > 1 and all(_is_acronym(p) for p in parts):
                        for p in parts[:-1]:
                            if cur:
                                close()
                            start_prev = prev_words[-3:]
                            cur.append(Tok(p, _fold_word(p), initial))
                            close()
                        text = parts[-1]
            low = _fold_word(text)
            nxt = raw[i + 1] if i + 1 < n else None
            nxt_word = None
            j = i + 1
            while j < n and raw[j][0] == "punct" and raw[j][1] == ".":
                j += 1
            if j < n and raw[j][0] in ("word", "acr"):
                nxt_word = raw[j][1]
            # "Mr." and initials: the dot is not a sentence end.
            if nxt and nxt[1] == "." and (low in lex.honorifics or (len(text) == 1 and text.isupper())):
                i += 1
            if _is_cap(text) or kind == "acr" and text[:1].isupper():
                if not cur:
                    start_prev = prev_words[-3:]
                cur.append(Tok(text, low, initial, possessive))
                if possessive:
                    close()
            elif cur and not possessive and (low in lex.particles or low in lex.org_connectors) \
                    and nxt_word and _is_cap(nxt_word) and low not in ("the", "in", "to") or \
                    cur and low in ("the", "in") and cur[-1].low in lex.org_connectors and nxt_word and _is_cap(nxt_word):
                cur.append(Tok(text, low, False))
            elif (low in lex.first_names and len(text) >= 3 and nxt_word and _is_cap(nxt_word)
                  and not headline and low not in lex.stopwords and low not in lex.lower_words):
                # "President vladimir Putin": a first name written in lower case.
                if not cur:
                    start_prev = prev_words[-3:]
                cur.append(Tok(text[:1].upper() + text[1:], low, False, repaired=True))
            else:
                close()
            prev_words.append(low)
            initial = False
        else:
            close()
            if kind == "punct" and text in _OPENERS:
                initial = True
            if kind == "num":
                initial = False
            prev_words.append(text)
        i += 1
    close()
    return spans


# --------------------------------------------------------------------------- classification

def _display(toks: list[Tok]) -> str:
    return " ".join(t.text for t in toks)


def _alias(key: str, lex: Lexicon) -> tuple[str, str] | None:
    return lex.aliases.get(key)


def _is_place(key: str, lex: Lexicon) -> bool:
    hit = lex.aliases.get(key)
    if hit:
        return hit[1] == PLACE
    return key in lex.places or key in lex.demonyms or key.rstrip("s") in lex.demonyms


def _name_like(tok: Tok, lex: Lexicon) -> bool:
    low = tok.low
    if low in lex.particles and not tok.initial:
        return True
    if not _is_cap(tok.text) or len(tok.text) > 30:
        return False
    if low in lex.stopwords or low in lex.org_suffixes or low in lex.demonyms or low in lex.title_words:
        return low in lex.first_names or low in _ROMAN
    if low in lex.major_places or (_is_acronym(tok.text) and len(tok.text) > 1 and low not in _ROMAN):
        return False
    return True


def _org_like(toks: list[Tok], lex: Lexicon) -> bool:
    lows = [t.low for t in toks]
    if len(toks) >= 2 and lows[-1] in lex.org_suffixes and lows[-1] not in lex.org_connectors:
        # (German "Berücksichtigung der Organisation": a noun, then the organisation word's genitive)
        return not all(lw in lex.stopwords for lw in lows[:-1]) and lows[-2] not in lex.noun_articles
    if len(toks) >= 3 and (lows[0] in lex.org_heads or lows[0] in lex.org_suffixes or lows[0] in lex.demonyms
                           or lows[1] in lex.org_heads) \
            and any(lw in ("of", "for", "on", "de", "du", "des", "der", "für") for lw in lows[1:-1]):
        return True
    return False


def _acronym_org(tok: Tok, lex: Lexicon) -> bool:
    """An acronym not known to be anything else; dotted ones ("K.P.") are initials."""
    if "." in tok.text:
        return False
    text = tok.text
    return (_is_acronym(tok.text) and 2 <= len(text) <= 6 and tok.low not in lex.non_org_acronyms
            and tok.low.replace(" ", "") not in lex.non_org_acronyms and not _is_place(tok.low, lex)
            and not text.isdigit() and not capitals_word(text))


def _classify(toks: list[Tok], lex: Lexicon, pos: int, evidence: bool, out: list[Mention]) -> None:
    """Type a run of capitalised words (titles already split off)."""
    # Sentence-initial common words and leading stop words are not part of a name.
    while toks and (toks[0].low in lex.stopwords and (toks[0].initial or toks[0].low in ("the", "a", "an"))
                    and toks[0].low not in lex.first_names or toks[0].low in lex.org_connectors and not _is_cap(toks[0].text)):
        toks = toks[1:]
    while toks and toks[-1].low in lex.org_connectors:
        toks = toks[:-1]
    if not toks:
        return
    key = " ".join(t.low for t in toks)
    hit = _alias(key, lex)
    if hit:
        if hit[1] != PLACE:
            out.append(Mention(hit[0], hit[1], pos, evidence))
        return
    if _is_place(key, lex) or len(toks) >= 2 and toks[-1].low in lex.place_suffixes:
        return
    lows = [t.low for t in toks]
    if len(toks) >= 3:
        for k in range(1, len(toks) - 1):
            # "Lac Minerals Ltd and Cambior Inc": two companies; "Maria Ramirez of
            # Drexel Burnham Lambert Inc": a person and her employer.
            if lows[k] in ("and", "&") and lows[k - 1] in COMPANY_SUFFIXES or \
                    lows[k] == "of" and 2 <= k <= 3 and lows[0] in lex.first_names and \
                    all(_name_like(t, lex) for t in toks[:k]):
                _classify(toks[:k], lex, pos, evidence, out)
                _classify(toks[k + 1:], lex, pos, False, out)
                return
    if (k := name_start(lows, lex)) and not _org_like(toks, lex):   # "Roma Emmanuel Macron" (actorlang.py)
        _classify(toks[:k], lex, pos, False, out)
        _classify(toks[k:], lex, pos, True, out)
        return
    for k in range(1, len(toks) - 1):
        # "the European Commission Ursula von der Leyen": an organisation, then a person.
        if lows[k] in lex.first_names and lows[k - 1] in lex.org_suffixes and _name_like(toks[k + 1], lex):
            _classify(toks[:k], lex, pos, evidence, out)
            _classify(toks[k:], lex, pos, True, out)
            return
    if _org_like(toks, lex):
        out.append(Mention(_display(toks), ORGANISATION, pos))
        return
    if len(toks) == 1:
        tok = toks[0]
        if _acronym_org(tok, lex):
            out.append(Mention(tok.text, ORGANISATION, pos))
        elif tok.low in lex.stopwords or tok.low in lex.title_words or tok.low in lex.demonyms \
                or tok.low in lex.org_suffixes or len(tok.low) < 2:
            return
        elif evidence and _name_like(tok, lex):
            out.append(Mention(tok.text, PERSON, pos, evidence=True))
        else:
            out.append(Mention(tok.text, None, pos))
        return
    # Split at "and" unless it is inside an organisation's name (checked above).
    lows = [t.low for t in toks]
    if "and" in lows or "&" in lows or "of" in lows or "for" in lows or "on" in lows:
        k = next(i for i, lw in enumerate(lows) if lw in ("and", "&", "of", "for", "on"))
        if not _is_cap(toks[k].text) or toks[k].text == "&":
            _classify(toks[:k], lex, pos, evidence, out)
            _classify(toks[k + 1:], lex, pos, False, out)
            return
    names = [t for t in toks if not (t.low in lex.particles and not _is_cap(t.text))]
    if 2 <= len(names) <= 5 and all(_name_like(t, lex) for t in toks) \
            and (toks[0].low not in lex.particles or toks[0].low in lex.first_names) and not noun_phrase(lows, lex):
        first = toks[0].low
        parts = first.split("-")
        known_first = first in lex.first_names or all(p in lex.first_names for p in parts) \
            or (len(toks[0].text.rstrip(".")) == 1 and len(toks) >= 2 and len(toks[-1].text) > 2)
        if known_first or evidence:
            out.append(Mention(_display([t for t in toks]), PERSON, pos, evidence=evidence))
            return
    # No evidence for the whole run: look for known names inside it.
    _inner(toks, lex, pos, out)


def _inner(toks: list[Tok], lex: Lexicon, pos: int, out: list[Mention], soft: bool = False) -> None:
    """Alias-table names inside a run of words; the rest as unresolved single words."""
    i = 0
    n = len(toks)
    while i < n:
        if not soft and toks[i].low in lex.first_names and not toks[i].initial and not _is_acronym(toks[i].text):
            j = i + 1
            while j < n and j - i < 4 and _name_like(toks[j], lex):
                j += 1
            if j - i >= 2 and _is_cap(toks[j - 1].text) and not noun_phrase([t.low for t in toks[i:j]], lex):
                out.append(Mention(_display(toks[i:j]), PERSON, pos))
                i = j
                continue
        for size in range(min(lex.max_alias_words, n - i), 0, -1):
            key = " ".join(t.low for t in toks[i:i + size])
            hit = lex.aliases.get(key)
            if hit:
                if hit[1] != PLACE:
                    out.append(Mention(hit[0], hit[1], pos, soft=soft))
                i += size
                break
        else:
            tok = toks[i]
            if (_is_cap(tok.text) and tok.low not in lex.stopwords and tok.low not in lex.title_words
                    and not _is_place(tok.low, lex) and tok.low not in lex.org_suffixes and len(tok.low) > 2):
                if not soft and _acronym_org(tok, lex) and n <= 3:
                    out.append(Mention(tok.text, ORGANISATION, pos))
                else:
                    out.append(Mention(tok.text, None, pos, soft=soft))
            i += 1


_PLACE_PREPS = frozenset({"in", "at", "inside", "outside", "to", "into", "near"})


def _split_titles(span: Span, lex: Lexicon, out: list[Mention]) -> None:
    toks = span.toks
    lows = [t.low for t in toks]
    # "talks in the Kremlin": the building, a place; "the Kremlin said": the institution.
    if " ".join(lows) in lex.seats and len(span.prev) >= 2 and span.prev[-1] == "the" \
            and span.prev[-2] in _PLACE_PREPS:
        return
    # Title evidence from the lower-case words just before: "spokesman Dmitry Peskov".
    prev = [w for w in span.prev if w not in (",", "the", "a", "an")]
    evidence = bool(prev) and (prev[-1] in lex.title_heads)
    # The last title head with a name after it splits the run.
    k = -1
    for i in range(len(toks) - 1):
        if lows[i] in lex.title_heads and not _is_acronym(toks[i].text) and lows[i + 1] not in lex.title_words \
                and lows[i + 1] not in lex.org_connectors:
            k = i
    if k >= 0:
        right = toks[k + 1:]
        if right and right[-1].low in lex.org_suffixes or _org_like(right, lex) \
                or _alias(" ".join(lows), lex) is not None:
            _classify(toks, lex, span.pos, evidence, out)
            return
        j = k
        while j > 0 and (lows[j - 1] in lex.title_words) and not _is_acronym(toks[j - 1].text):
            j -= 1
        left = toks[:j]
        if left:
            _classify(left, lex, span.pos, False, out)
        _classify(right, lex, span.pos, True, out)
        return
    _classify(toks, lex, span.pos, evidence, out)


# --------------------------------------------------------------------------- entry points

def actors_from_text(title: str | None, body: str, *, user: dict[str, str] | None = None,
                     language: str | None = None) -> list[Actor]:
    """The actors of an article given its title and stripped body (and its language:
    actorlang.py fits the word lists to it).

    English text (and text of no stated language) goes through the trained tagger
    (tagger.py); other languages through the capitalisation rules below."""
    lex = lexicon_for(language)
    tagger = tagger_model() if language in (None, "en") else None
    mentions: list[Mention] = []
    pos = 0
    lines = ([title] if title else []) + body.split("\n")
    defs: dict[str, str] = {}
    cleaned: list[str] = []
    for no, line in enumerate(lines):
        if not line.strip():
            continue
        line = _clean_line(line)
        if "(" in line:
            defs.update(acronym_definitions(line))
        if tagger is not None:
            cleaned.append(line)
            continue
        for span in _spans(line, lex, pos):
            if span.headline or (no == 0 and title):
                _inner(span.toks, lex, span.pos, mentions, soft=True)
            else:
                _split_titles(span, lex, mentions)
        pos += 1000
    if tagger is not None:
        mentions = tagged_mentions(cleaned, bool(title and title.strip()), lex, tagger)
    return resolve(mentions, defs, lex, user or {})


def extract_actors(article: Article, aliases_path: str | os.PathLike | None = None) -> list[Actor]:
    """The actors of an article, with the user's alias file applied when there is one.

    `aliases_path` defaults to the alias file beside the default index."""
    path = aliases_path if aliases_path is not None else alias_file()
    found = actors_from_text(article.title, article.body, user=user_aliases(path), language=article.language)
    if article.language and article.language != "en":   # other scripts and spellings (translit.py)
        found = with_known_actors(found, article.title, article.body)
    return found


def known_names(actors: Iterable[Actor]) -> list[str]:
    return sorted({a.name for a in actors})
