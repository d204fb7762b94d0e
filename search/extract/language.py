"""The language of an article (ISO 639-1), detected from its title and body.

The detector is py3langid (langid.py's model, shipped in the wheel; chosen by
`bench/languages.py --detectors`: the most accurate of py3langid, pycld2 and lingua on
the UDHR set, 4.5 MB, BSD). It is limited to the languages with an ISO 639-1 code.

The page's own language tag (``<html lang>``, og:locale) and its URL (country domain,
a ``/fr/`` path, an ``fr.`` host) are hints, never answers: a hint wins only when the
text does not say otherwise clearly, that is when the text is too short to tell, or
when the hinted language is close behind the detected one (Bosnian and Croatian,
Malay and Indonesian, Danish and Norwegian read alike).
"""
from __future__ import annotations

import functools
import itertools
import re
from urllib.parse import urlsplit

import numpy as np

#: Characters of title and body read (the first ones): enough to tell, and fast.
MAX_CHARS = 3000
#: Below this many letters (a headline, a title and a line) the text alone does not decide:
#: the hint, else the detector's guess when it is sure (MIN_SHORT_PROBABILITY), else none
#: yet; `settle_languages` then gives such an article the language most of the captures
#: read with it are in, else the detector's guess among the languages most news is written
#: in (COMMON), when it leans to one (MIN_COMMON_PROBABILITY). (On CACM's title-only
#: records, langid.py over all its languages says Latin, Luxembourgish or Welsh for a fifth
#: of them; analysed so, CACM's MAP falls from 0.370 to 0.309, bench/ranking.py.)
MIN_LETTERS = 150
MIN_SHORT_PROBABILITY = 0.98
MIN_COMMON_PROBABILITY = 0.5
COMMON = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "sv", "da", "no", "fi", "tr", "el",
          "ar", "fa", "he", "hi", "zh", "ja", "ko", "vi", "id", "ro", "hu", "bg")
#: A hinted language wins when its probability is at least this share of the best one's.
HINT_SHARE = 0.05

#: Country domains whose pages are mostly in one language (a hint only).
_COUNTRY_LANGUAGE = {
    "de": "de", "at": "de", "fr": "fr", "es": "es", "it": "it", "ru": "ru", "pl": "pl", "nl": "nl",
    "se": "sv", "dk": "da", "no": "no", "fi": "fi", "pt": "pt", "br": "pt", "jp": "ja", "cn": "zh",
    "tw": "zh", "kr": "ko", "tr": "tr", "gr": "el", "cz": "cs", "sk": "sk", "ua": "uk", "hu": "hu",
    "ro": "ro", "bg": "bg", "hr": "hr", "si": "sl", "rs": "sr", "lt": "lt", "lv": "lv", "ee": "et",
    "il": "he", "ir": "fa", "vn": "vi", "id": "id", "th": "th", "mx": "es", "ar": "es", "cl": "es",
    "co": "es", "pe": "es",
}
_PATH_LANGUAGE = re.compile(r"^/([a-z]{2})(?:[-_][a-z]{2})?(?:/|$)", re.I)
_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=1)
def _identifiers():
    """The detector over every two-letter language, and one over COMMON, from one load of
    langid.py's model: they share its tokenizer tables, and each keeps only its own columns
    of the model's matrix (two loads cost 180 MB in every ingest worker; one costs 60)."""
    from pathlib import Path

    from py3langid.langid import MODEL_DIR, MODEL_FILE   # 0.6 s: on first use
    from py3langid.modelio import load_model
    ptc, pc, classes, nextmove, row, output = load_model(Path(MODEL_DIR) / MODEL_FILE)
    identifier = _walking_identifier()
    every = identifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    common = identifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    common._rowbase = every._rowbase
    every._walk = common._walk = _Walk(nextmove, every._rowbase, output)
    every.set_languages([c for c in classes if len(c) == 2])
    common.set_languages(list(COMMON))
    for ident in (every, common):   # neither is widened again: the full matrix can go
        # a text's features are rows of the matrix: gathered from a row-major copy, not from
        # the model's transposed layout (2.3x faster; the same values, the same size).
        # The detector asked of every text keeps its rows as float32: the float16 rows
        # gathered were converted for the product on every call (the same values, exactly;
        # 23 MB more, shared by the workers; 170 -> 130 us a Reuters story).
        dtype = np.float32 if ident is every else ident.nb_ptc.dtype
        ident.nb_ptc = np.ascontiguousarray(ident.nb_ptc, dtype=dtype)
        ident._full_model = ident.nb_ptc, ident.nb_pc, ident.nb_classes
    return every, common


#: The longest byte string a state of langid.py's automaton stands for (its features are
#: byte n-grams; found by a breadth-first walk of the model's states, checked by a test).
DEPTH = 6


class _Walk:
    """langid.py's automaton run over all of a text's bytes at once, in numpy.

    py3langid steps the automaton one byte at a time in Python (0.2 ms a text of 3,000
    bytes, a fifth of ingest's extraction time). The state after a byte depends only on
    the last DEPTH bytes (the automaton matches n-grams of at most DEPTH bytes), so every
    position's state is found by DEPTH vectorised steps from the start state, each
    position starting DEPTH bytes back. The features and their counts are py3langid's own,
    in the order it first meets them, so the scores are the same to the last bit
    (tests/test_language.py compares them)."""

    def __init__(self, nextmove, rowbase: list[int], output: list[int]) -> None:
        self.nextmove = np.frombuffer(nextmove, dtype=np.uint32)   # shares the model's table
        self.rowbase = np.asarray(rowbase, dtype=np.int64)
        self.output = np.asarray(output, dtype=np.int64)

    def visits(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(feature indices, their counts) in order of first occurrence, or None."""
        b = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        n = len(b)
        state = np.zeros(n, dtype=np.int64)
        for shift in range(min(DEPTH, n) - 1, -1, -1):
            # position i reads byte i - shift in this step (positions before `shift` wait)
            state[shift:] = self.nextmove[self.rowbase[state[shift:]] + b[:n - shift]]
        found = self.output[state]
        found = found[found >= 0]
        if not len(found):
            return None
        features, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return features[order], counts[order].astype(np.float32)


def _walking_identifier():
    from py3langid.langid import LanguageIdentifier

    class Identifier(LanguageIdentifier):
        """py3langid's identifier with its automaton walked by _Walk."""
        __slots__ = ("_walk",)

        def _raw_score(self, text):
            visits = self._walk.visits(text)
            if visits is None:
                return super()._raw_score(text)   # no features: py3langid's own answer
            idx, counts = visits
            return np.log1p(counts) @ self.nb_ptc[idx] + self.nb_pc

    return Identifier


def _identifier():
    return _identifiers()[0]


def _common():
    return _identifiers()[1]


def languages() -> tuple[str, ...]:
    """Every language the detector may answer (ISO 639-1 codes)."""
    return tuple(sorted({_CODES.get(c, c) for c in _identifier().nb_classes}))


def tag_language(tag: str | None) -> str | None:
    """The ISO 639-1 code of a language tag (``en-US``, ``pt_BR``, ``fr``), or None."""
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    code = {"iw": "he", "in": "id", "nb": "no", "ji": "yi"}.get(code, code)   # the detector's codes
    return code if len(code) == 2 and code.isalpha() else None


def url_language(url: str | None) -> str | None:
    """The language a URL suggests: a ``/de/`` first path segment, an ``fr.`` host, a country domain."""
    if not url:
        return None
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    m = _PATH_LANGUAGE.match(parts.path or "")
    known = _identifier().nb_classes
    if m and tag_language(m.group(1)) in known:
        return tag_language(m.group(1))
    labels = host.split(".")
    if len(labels) > 2 and tag_language(labels[0]) in known and labels[0] not in ("www", "my", "go", "to"):
        return tag_language(labels[0])
    return _COUNTRY_LANGUAGE.get(labels[-1]) if labels else None


#: The detector's codes that ISO 639-1 writes otherwise (Norwegian: Bokmål, most of it).
_CODES = {"no": "nb"}


def detect(title: str | None, body: str, *, lang_tag: str | None = None, url: str | None = None) -> str | None:
    """The article's language (ISO 639-1), or None when neither the text nor a hint tells."""
    found = _detect(title, body, lang_tag=lang_tag, url=url)
    return _CODES.get(found, found)


def _detect(title: str | None, body: str, *, lang_tag: str | None, url: str | None) -> str | None:
    text = ((title or "") + "\n" + (body or ""))[:MAX_CHARS]
    known = _identifier().nb_classes
    hint = tag_language(lang_tag)
    hint = hint if hint in known else None
    hint = hint or url_language(url)
    # the letters counted up to MIN_LETTERS only: all that is asked is whether there are that many
    letters = sum(1 for _ in itertools.islice(_LETTER.finditer(text), MIN_LETTERS))
    if letters == 0:
        return hint
    ranked = _identifier().rank(text)
    best, p_best = ranked[0]
    if hint:
        p_hint = next((p for lang, p in ranked if lang == hint), 0.0)
        if p_hint >= HINT_SHARE * p_best or letters < MIN_LETTERS:
            return hint
    if letters < MIN_LETTERS and p_best < MIN_SHORT_PROBABILITY:
        return None
    return best


#: A batch's language is the one of at least this share of its articles that have one.
MAJORITY = 0.5


def settle_languages(articles: list) -> None:
    """The language most of a batch's articles are in is a hint for the others (as a page's
    language tag is: it wins where the text does not clearly say otherwise), and the
    language of those the text and hints could not tell; with no such language, these
    get the detector's guess among COMMON (see above)."""
    counts: dict[str, int] = {}
    for a in articles:
        if a.language:
            counts[a.language] = counts.get(a.language, 0) + 1
    known = sum(counts.values())
    major = max(counts, key=lambda k: (counts[k], k)) if counts else None
    if major is not None and counts[major] < MAJORITY * known:
        major = None
    for a in articles:
        if a.language == major:
            continue
        text = ((a.title or "") + "\n" + (a.body or ""))[:MAX_CHARS]
        if not _LETTER.search(text):
            continue
        if a.language is None:
            if major is not None:
                a.language = major
            else:
                guess, p = _common().rank(text)[0]
                a.language = _CODES.get(guess, guess) if p >= MIN_COMMON_PROBABILITY else None
        elif major is not None:
            ranked = _identifier().rank(text)
            p_major = next((p for lang, p in ranked if lang == _ranked_code(major)), 0.0)
            if p_major >= HINT_SHARE * ranked[0][1]:
                a.language = major


def _ranked_code(code: str) -> str:
    return {v: k for k, v in _CODES.items()}.get(code, code)
