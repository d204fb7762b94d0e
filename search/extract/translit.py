"""Known actors in other scripts and spellings: Путин, Wladimir Putin, Poutine -> Vladimir Putin.

The built-in alias table (data/aliases.tsv) is written in English spellings. Each of its
entries (canonical names and variants, and a person's surname alone when no other
person of the table shares it) gets a *sound key*: Cyrillic and Greek letters
transliterated to Latin, then the spellings languages use for the same sounds made one
(w v, ou u, c k, ph f, kh h, y j i, doubled letters single, a final e of a long word
off), so that the Russian, German, French and English spellings of a name share a key.

`known_actors` finds the table's people and organisations in an article in any
language by these keys: runs of one to three capitalised words, each word also tried
without a Russian, Ukrainian or Polish case ending (Путиным, Путина -> Путин). It only
ever answers with names of the table, so it adds nothing junk; unknown people of
non-Latin scripts are not found (the English finder of actors.py still reads Latin
script in every language). `canonical_key` lets actors.py merge a name the English
finder found under another spelling (Wladimir Putin) into the table's.
"""
from __future__ import annotations

import re
from functools import lru_cache

from search.extract.lexicon import PERSON, PLACE, fold, lexicon

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "u"]))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςϊϋ",
                  ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "t",
                   "i", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "i", "o", "s", "i", "i"]))
_SOUNDS = [("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("kh", "h"), ("ph", "f"), ("ou", "u"),
           ("w", "v"), ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("y", "i"), ("j", "i"), ("ie", "i")]
#: Case endings of Russian, Ukrainian and Polish nouns, longest first (a name's forms).
_ENDINGS = ("ами", "ями", "ого", "ему", "ом", "ым", "ой", "ем", "ей", "ах", "ям", "ию", "ия", "ии",
            "а", "у", "е", "ю", "я", "ы", "и", "em", "owi", "a", "u", "ie", "ego")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_AZ = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")


def to_latin(word: str) -> str:
    """`word` (lower case) with Cyrillic and Greek letters in Latin ones."""
    if word.isascii():
        return word
    return "".join(_CYRILLIC.get(c, _GREEK.get(c, c)) for c in word)


def sound_key(name: str) -> str:
    """The key shared by the spellings of a name in several languages and scripts."""
    words = []
    for w in fold(to_latin(name.lower())).replace("-", " ").split():
        w = _NOT_AZ.sub("", w)
        for a, b in _SOUNDS:
            w = w.replace(a, b)
        w = _DOUBLED.sub(r"\1", w)
        if len(w) > 5 and w.endswith("e"):
            w = w[:-1]
        if w:
            words.append(w)
    return " ".join(words)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    """sound key -> (canonical, type) for every entry of the built-in alias table."""
    lex = lexicon()
    keys: dict[str, tuple[str, str]] = {}
    surnames: dict[str, set[tuple[str, str]]] = {}
    for variant, (canonical, kind) in lex.aliases.items():
        if kind == PLACE:
            continue
        for text in (variant, canonical):
            key = sound_key(text)
            if len(key) >= 3:
                keys.setdefault(key, (canonical, kind))
        if kind == PERSON and " " in canonical:
            surnames.setdefault(sound_key(canonical.split()[-1]), set()).add((canonical, kind))
    for key, owners in surnames.items():
        if len(owners) == 1 and len(key) >= 4:
            keys.setdefault(key, next(iter(owners)))
    return keys


def canonical_key(name: str) -> tuple[str, str] | None:
    """The table's (canonical name, type) for a name spelt another way, or None."""
    return _table().get(sound_key(name))


def _forms(word: str) -> list[str]:
    low = word.lower()
    out = [low]
    for e in _ENDINGS:
        if low.endswith(e) and len(low) - len(e) >= 3:
            out.append(low[: -len(e)])
    return out


def known_actors(title: str | None, body: str) -> list[tuple[str, str, int]]:
    """(canonical, type, position) of each alias-table actor named in title and body, in
    any script or spelling (see the module doc)."""
    table = _table()
    found: list[tuple[str, str, int]] = []
    text = (title or "") + "\n" + body
    words = [(m.group(0), m.start()) for m in _CAPITALISED.finditer(text)]
    i = 0
    while i < len(words):
        w, pos = words[i]
        if not w[0].isupper():
            i += 1
            continue
        run = [w]
        j = i + 1
        while j < len(words) and len(run) < 3 and words[j][0][0].isupper() \
                and text[words[j - 1][1] + len(words[j - 1][0]):words[j][1]].strip() == "":
            run.append(words[j][0])
            j += 1
        hit = None
        for n in range(len(run), 0, -1):   # the longest run first: Vladimir Putin before Putin
            for forms in _combinations([_forms(x) for x in run[:n]]):
                hit = table.get(sound_key(" ".join(forms)))
                if hit:
                    break
            if hit:
                found.append((hit[0], hit[1], pos))
                i += n
                break
        if not hit:
            i += 1
    return found


def _combinations(options: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for opts in options:
        out = [o + [x] for o in out for x in opts][:64]
    return out


def with_known_actors(actors: list, title: str | None, body: str) -> list:
    """`actors` (of an article not in English) with names spelt another way merged into the
    table's, and the table's actors named in other scripts and spellings added."""
    from search.extract.article import Actor
    out, seen = [], set()
    for a in actors:
        hit = canonical_key(a.name)
        a = Actor(hit[0], hit[1]) if hit else a
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    for name, kind, _ in known_actors(title, body):
        if name not in seen:
            seen.add(name)
            out.append(Actor(name, kind))
    return out
