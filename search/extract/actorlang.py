"""Actors in languages other than English: the actor finder's word lists (lexicon.py)
made to fit the article's language, so that the capitalisation and context rules of
actors.py find the names of French, German, Spanish, Italian, Russian... texts and
nothing junk.

`lexicon_for(language)` is the English lexicon with, for an article in another language:

- **Common words of the language are not names**: its stop words (the Snowball lists,
  search/multilingual.py), the weekdays of data/actors_lang.json (of every language) and the
  months of the language (dates.py) join the stop words and leave the first names, which
  come from a list of names of many countries that also holds "Alle", "Einer", "Im",
  "Hat", "Seit", "Mai" (so "Eine Familie" or a sentence's "Im Stadtrat" is no person).
- **No case repair of lower-case first names** ("President vladimir Putin"): in
  another language a lower-case word that is also a first name is a word ("seit",
  "will", "mit").
- **Titles of the language** before a name are evidence that a person follows
  ("Geschäftsführer", "porte-parole", "пресс-секретарь").
- **First names in Cyrillic and Greek** are known by their sound key (translit.py):
  Игорь, Валентина, Дмитрий are Igor, Valentina, Dmitri of the Latin list.
- **Languages that capitalise nouns** (German): a run of capitalised words with an
  article inside ("Völker der Vereinten Nationen", "Wille des Volkes") is a noun
  phrase, not a person, unless the article follows a particle ("von der Leyen");
  `noun_phrase` tells.
- **A word before a first name is no part of the name** ("Roma Emmanuel Macron",
  "presidente del Consiglio Giorgia Meloni", "президент Франции Эммануэль Макрон": a
  place or a noun in the case that follows a title): `name_start` tells where the
  person's name starts.
- **A Cyrillic or Greek word in capitals of five letters or more** is a word set in
  capitals (a heading's "ΑΡΘΡΟ", "СТАТЬЯ"), not an acronym (США, ООН, НАТО, ΟΗΕ are
  shorter); `capitals_word` tells.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from search import multilingual
from search.extract.dates import month_names
from search.extract.lexicon import Lexicon, fold, lexicon
from search.extract.translit import sound_key

_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files("search.extract").joinpath("data/actors_lang.json").read_text("utf-8"))


class _FirstNames(frozenset):
    """The first names, and a Cyrillic or Greek word whose sound key is one's."""

    keys: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        return isinstance(word, str) and bool(_NON_LATIN.match(word)) and _key(word) in self.keys


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    return sound_key(word)


@lru_cache(maxsize=1)
def _name_keys() -> frozenset[str]:
    return frozenset(sound_key(n) for n in lexicon().first_names if len(n) >= 3)


def _months(language: str) -> set[str]:
    """The month names of `language` (dates.py's table), folded."""
    return {fold(m) for m in month_names(language) if len(m) >= 3}


@lru_cache(maxsize=64)
def lexicon_for(language: str | None) -> Lexicon:
    """The actor finder's lexicon for an article in `language` (None or "en": English's)."""
    lex = lexicon()
    if language in (None, "en"):
        return lex
    data = _data()
    common = {fold(w) for w in multilingual.stop_list(language)} | {fold(w) for w in data["weekdays"]} \
        | _months(language)
    common -= lex.particles   # "de", "von", "van" stay the particles of names
    first = _FirstNames(lex.first_names - common)
    common_keys = {sound_key(c) for c in common}
    first.keys = _name_keys() - common_keys
    titles = frozenset(fold(t) for t in data["titles"].get(language, ()))
    places = frozenset(fold(p) for p in data["places"])
    return replace(lex, stopwords=lex.stopwords | frozenset(common), first_names=first, lower_words=first,
                   places=lex.places | places, major_places=lex.major_places | places,
                   title_heads=lex.title_heads | titles, title_words=lex.title_words | titles,
                   noun_articles=frozenset(data["noun_articles"].get(language, ())), language=language)


def noun_phrase(lows: list[str], lex: Lexicon) -> bool:
    """Whether a run of capitalised words (folded) holds an article of a language that
    capitalises its nouns, other than after a particle: a noun phrase, not a name."""
    if not lex.noun_articles:
        return False
    after = _data()["after_particles"]
    return any(w in lex.noun_articles and not (k > 0 and lows[k - 1] in after) for k, w in enumerate(lows) if k > 0)


def name_start(lows: list[str], lex: Lexicon) -> int:
    """In an article not in English, where a run of capitalised words (folded) that does
    not start with a first name (or starts with a place that is one: "Roma") has one, followed by at least one more word: that
    word's index (the words before are a place or a noun), else 0."""
    if lex.language is None or not lows or lows[0] in lex.first_names and lows[0] not in lex.places:
        return 0
    for k in range(1, len(lows) - 1):
        if lows[k] in lex.first_names and lows[k] not in lex.particles:
            return k
    return 0


def capitals_word(text: str) -> bool:
    """A Cyrillic or Greek word of five letters or more written in capitals (no acronym)."""
    return len(text) >= 5 and bool(_NON_LATIN.match(text))
