"""Text analysis shared by every backend: tokens, stop words and stems, per language.

Title and body are indexed as these terms, and query words are analysed the same way,
so that the index and the queries agree. The Whoosh backend indexes them (the ingest
workers hand it `index_terms`), and the Sphinx backend writes them as keywords, so both
backends match the same documents.

A document is analysed in its language (search/extract/language.py): English as before
(Porter stems, English stop words), every other language Snowball has a stemmer for with
that stemmer (PyStemmer) and its stop words, other languages and documents of no known
language without stemming; accents and case are folded for all (after stemming, so that a
stemmer sees the word as written), and Chinese, Japanese, Korean and Thai text becomes
character bigrams. Queries carry no language: a query word stands for its term in each
language the index holds (`query_terms`), any of which may match.
"""
from __future__ import annotations

import pickle
import re

from whoosh.analysis import STOP_WORDS as WHOOSH_STOP_WORDS, Filter, StemmingAnalyzer
from whoosh.lang.porter import stem as porter_stem
from whoosh.lang.stopwords import stoplists
from whoosh.system import pack_uint

from search import multilingual

#: English stop words: the list Whoosh ships for English (NLTK's) and Whoosh's default
#: one. Dropped from title and body, and from queries. (On CACM the larger list is worth
#: about +0.01 MAP; on Reuters stories it leaves 8% fewer postings to write.)
STOP_WORDS = frozenset(stoplists["en"]) | WHOOSH_STOP_WORDS

class FoldFilter(Filter):
    """Accents off the terms (multilingual.fold), as `terms` does."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = multilingual.fold(t.text)
            yield t


#: Tokenise, lower-case, drop stop words and one-letter words, Porter-stem. Used for title
#: and body at index time and for query words, so both sides agree. `terms` and
#: `index_terms` below give exactly what it gives, faster (no token objects).
ANALYZER = StemmingAnalyzer(stoplist=STOP_WORDS, cachesize=200_000) | FoldFilter()

_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")   # Whoosh's default tokenizer pattern
#: word -> its term, for the words seen lately (accents off, as in every language)
_stem = multilingual.Recent(lambda word: multilingual.fold(porter_stem(word)))


def forget_stems() -> None:
    """Empty the stem cache (after multilingual.fold changed: a benchmark's English-only pass)."""
    _stem.clear()


def terms(text: str, language: str | None = "en") -> list[str]:
    """The index terms of `text` analysed in `language` (None: no known language), in
    order; for English, what ANALYZER gives."""
    if language != "en":
        return multilingual.terms(text, language)
    stops = STOP_WORDS
    out = []
    for w in _TOKEN.findall(text):
        w = w.lower()
        if len(w) >= 2 and w not in stops:
            out.append(_stem(w))
    return out


def query_languages(indexed) -> list[str | None]:
    """The languages a query is analysed in: those of the index's documents (`indexed`,
    ISO 639-1 codes), and None for its documents of no known language."""
    return sorted({x for x in indexed if x}) + [None]


def query_terms(text: str, languages) -> list[list[str]]:
    """The term sequences a query word or phrase stands for: its terms in each of
    `languages` (None among them: no known language), without repeats."""
    out: dict[tuple[str, ...], None] = {}
    for language in languages:
        got = tuple(terms(text, language))
        if got:
            out[got] = None
    return [list(t) for t in out]


def index_terms(text: str, language: str | None = "en") -> list[tuple[bytes, int, float, bytes]]:
    """What Whoosh's TEXT field would index for `text` (analysed in `language`): (term,
    frequency, weight, positions) per distinct term, positions encoded as Whoosh's
    Positions format does. Computed by the ingest workers, so that the one writer process
    does not analyse text."""
    poses: dict[str, list[int]] = {}
    if language != "en":
        for pos, s in enumerate(multilingual.terms(text, language)):
            lst = poses.get(s)
            if lst is None:
                poses[s] = [pos]
            else:
                lst.append(pos)
        return _encode(poses)
    stops = STOP_WORDS
    stems = _stem.new   # the current generation looked up first, inline (a hot loop)
    # ASCII text lower-cased at once tokenises the same (lower() keeps its letters letters)
    tokens = _TOKEN.findall(text.lower()) if text.isascii() else [w.lower() for w in _TOKEN.findall(text)]
    pos = -1
    first = True
    for i, w in enumerate(tokens):
        if len(w) < 2 or w in stops:
            continue
        if first:  # as StopFilter(renumber=True): the first kept token keeps its position
            pos, first = i, False
        else:
            pos += 1
        s = stems.get(w) or _stem(w)
        lst = poses.get(s)
        if lst is None:
            poses[s] = [pos]
        else:
            lst.append(pos)
    return _encode(poses)


def _encode(poses: dict[str, list[int]]) -> list[tuple[bytes, int, float, bytes]]:
    out = []
    for s, poslist in poses.items():
        n = len(poslist)
        if n == 1:
            p = poslist[0]
            value = _ONE_POSITION.get(p)
            if value is None:
                value = pack_uint(1) + pickle.dumps(poslist, 2)
                if p < 4096:
                    _ONE_POSITION[p] = value
        else:
            deltas, base = [], 0
            for p in poslist:
                deltas.append(p - base)
                base = p
            value = pack_uint(n) + pickle.dumps(deltas, 2)
        out.append((s.encode("utf-8"), n, float(n), value))
    return out


#: The encoded positions of a term that occurs once, at position p (most terms of a story).
_ONE_POSITION: dict[int, bytes] = {}
