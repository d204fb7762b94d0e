"""Analysis of text in languages other than English (search/analysis.py is the front
door): Snowball stemmers (PyStemmer, the C Snowball), stop words, accent and case
folding, and character bigrams for the scripts written without spaces.

- **Stemmed** (`STEMMERS`): every language PyStemmer has a Snowball stemmer for; the
  closest stemmer for languages the detector confuses with one (Bosnian and Croatian:
  Serbian; Malay: Indonesian; Nynorsk: Norwegian).
- **Stop words**: the Snowball project's lists as Whoosh ships them (14 languages:
  function words only), else those of the `stop-words` package (33 languages). The
  package's lists are not used beside Snowball's: they hold content words a reader
  searches for (French "état", "personnes", "force"; Russian "жизнь", "люди", "время";
  Italian "lavoro", "gente"; Spanish "fuerza", "lugar"), which would be lost from the
  index. A few function words Snowball's lists lack are added (`_MORE_STOPS`: French
  "les", "ils", "cette"...). Text of no known language, or of a language in neither, drops the stop words of
  every Whoosh list (so that "the", "der", "le" do not fill its postings, nor match a
  query's "the").
- **Folding**, for every language: lower case, then accents off Latin, Greek and Cyrillic
  letters and vowel marks off Arabic and Hebrew (NFD, combining marks dropped), and a few
  letters that are not accented forms (ß ss, æ ae, ø o, œ oe, ł l, đ d, ı i, þ th).
  Marks that are letters' parts in other scripts (Devanagari, Thai...) stay.
- **Bigrams**: a run of Han, Kana, Hangul, Thai, Lao, Khmer or Myanmar characters gives its
  overlapping character pairs (a single character: itself), the usual floor for
  indexing text without spaces (Lucene's CJKBigramFilter).
"""
from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer
import stop_words
from whoosh.lang.stopwords import stoplists

#: ISO 639-1 code -> PyStemmer's algorithm.
STEMMERS: dict[str, str] = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "no": "norwegian", "nn": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "hr": "serbian", "bs": "serbian", "st": "sesotho", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish", "ms": "indonesian",
}
_STOP_NAMES = {"no": "nb", "nn": "nb"}
#: Function words (articles, pronouns, conjunctions, prepositions) missing from Snowball's lists.
_MORE_STOPS: dict[str, str] = {
    "fr": "les ils elles leurs cet cette ceux celle celles celui dont où si sans sous entre comme car donc ni "
          "plus très tout tous toute toutes aussi alors chez depuis pendant quand quel quelle quels quelles "
          "parce puis lors là ça ceci cela chaque vers selon ici",
    "it": "ogni più molto molti molta poi ancora dopo senza sopra sotto fra tra cui quindi però mentre",
    "pt": "onde sobre sob desde porque todos ambos",
}

_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")   # as search/analysis.py (Whoosh's default pattern)
_NO_SPACES = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf"
              "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f")
_BIGRAM_RUN = re.compile(f"[{_NO_SPACES}]+")
_HAS_BIGRAM_SCRIPT = re.compile(f"[{_NO_SPACES}]")
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
                          "þ": "th", "ð": "d", "ŧ": "t", "ħ": "h", "ſ": "s"})
class Recent:
    """`make(word)` for the words seen lately, kept in two generations: the words of this
    one (`new`, looked up first) and of the one before (`old`). When this one holds `size`
    words it becomes the old one, and the words still in use come back from it without
    being made again: the common words stay, in at most 2 x `size` words. (A 793-page crawl
    has 44,000 distinct words: 16,384 a generation stems 56,000 times against 44,000 with no
    bound; the dicts cleared at 200,000 words grew past 20 MB a worker on a large crawl.)"""

    def __init__(self, make, size: int = 16_384) -> None:
        self.make, self.size = make, size
        self.new: dict[str, str] = {}
        self.old: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        got = self.new.get(word)
        if got is None:
            got = self.old.get(word)
            if got is None:
                got = self.make(word)
            if len(self.new) >= self.size:
                self.old, self.new = self.new, {}
            self.new[word] = got
        return got

    def clear(self) -> None:
        self.new, self.old = {}, {}


def fold(word: str) -> str:
    """`word` (lower case already) without accents (see the module doc); ASCII as it is."""
    return word if word.isascii() else _folded(word)


def _fold(word: str) -> str:
    out = []
    base = ""
    for c in unicodedata.normalize("NFD", word.translate(_LETTERS)):
        if unicodedata.combining(c):
            # accents of Latin, Greek, Cyrillic letters (below U+0530); Hebrew and Arabic vowel marks
            if base < "\u0530" or "\u0590" <= c <= "\u05c7" or "\u064b" <= c <= "\u065f" or c == "\u0670":
                continue
        else:
            base = c
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


_folded = Recent(_fold)   # the words not ASCII folded lately


@functools.lru_cache(maxsize=None)
def stop_list(language: str | None) -> frozenset[str]:
    """The stop words of `language`, as written and folded (None, or a language with no
    list: those of every Whoosh list)."""
    words: set[str] = set()
    if language is not None:
        code = _STOP_NAMES.get(language, language)
        words = set(stoplists.get("no" if code == "nb" else code, ()))
        if not words and code in stop_words.LANGUAGE_MAPPING:
            words = set(stop_words.get_stop_words(code, cache=False))
        words |= set(_MORE_STOPS.get(code, "").split())
    if not words:
        words = set().union(*stoplists.values())
    words = {w.lower() for w in words}
    return frozenset(words | {fold(w) for w in words})


@functools.lru_cache(maxsize=None)
def _stemmer(language: str | None):
    algorithm = STEMMERS.get(language or "")
    return Stemmer.Stemmer(algorithm, 100_000).stemWord if algorithm else None


def has_stemmer(language: str | None) -> bool:
    return _stemmer(language) is not None


def _bigrams(token: str) -> list[str]:
    """A token with characters of the scripts without spaces: their runs as bigrams, the
    rest as it is."""
    out: list[str] = []
    pos = 0
    for m in _BIGRAM_RUN.finditer(token):
        if m.start() > pos:
            out.append(token[pos:m.start()])
        run = m.group(0)
        out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        pos = m.end()
    if pos < len(token):
        out.append(token[pos:])
    return out


def terms(text: str, language: str | None) -> list[str]:
    """The index terms of `text` in `language` (not English: search/analysis.py has it), in order."""
    stops = stop_list(language)
    stem = _stemmer(language)
    tokens = _TOKEN.findall(text.lower())
    if not text.isascii() and _HAS_BIGRAM_SCRIPT.search(text):
        tokens = [p for t in tokens for p in (_bigrams(t) if _HAS_BIGRAM_SCRIPT.search(t) else (t,))]
    out = []
    for w in tokens:
        if w in stops or (len(w) < 2 and not _HAS_BIGRAM_SCRIPT.match(w)):
            continue
        if stem is not None and "*" not in w:
            w = stem(w)
        w = fold(w)
        if w:
            out.append(w)
    return out
