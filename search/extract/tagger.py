"""The name tagger: a linear-chain CRF that marks people (PER), organisations (ORG),
places (LOC) and other names (MISC) in a line of text.

Trained with python-crfsuite on CoNLL-2003 English (bench/train_tagger.py rebuilds it);
the weights ship as a small numpy file (`data/tagger.npz`) and are decoded here with
numpy alone, so the runtime needs no CRF library.

Features of a token (`token_attributes`): the word in lower case, its shape (`Xx`,
`X`, `d`), prefixes and suffixes, title/upper/digit flags, and the word lists of
lexicon.py as gazetteer features (first names, places, job titles, organisation words,
nationalities, stop words, the alias table's names), the sentence-initial flag, and the
words, shapes and a few word-list flags of the two tokens on either side.

Decoding is an exact Viterbi over each run of tokens that may hold a name: a word all
in lower case that is not a name particle ("de", "van", "of") and punctuation other
than "&" are outside every name, which cuts a sentence into short independent runs;
runs without a capital are not decoded at all. Every feature is a property of one
token at one offset, so each distinct word's share of the scores is computed once and
cached (`_Model.rows`); a document's scores are then sums of rows gathered by index.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from search.extract.lexicon import PERSON, ORGANISATION, PLACE, Lexicon, fold, lexicon

MODEL_FILE = "tagger.npz"
OFFSETS = (-2, -1, 1, 2)
PAD = "\x00pad"

_ABBREV = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt", "Col", "Sgt", "Capt", "Gov", "Sen", "Rep",
           "Prof", "Rev", "Mt", "Ft", "Maj", "Adm", "Cmdr", "Brig", "Corp", "Inc", "Ltd", "Co", "Bros", "No")
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                                   # U.S., U.N.
    r"|(?:" + "|".join(_ABBREV) + r")\.(?=\s|$)"             # Mr., Corp.
    r"|[^\W\d_]\.(?=\s+[^\W\d_])"                          # J. Smith
    r"|\d(?:[\d.,:/]*\d)?"
    r"|[^\W\d_](?:\w|['’\-](?=\w))*"
    r"|\S"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_OPENERS = frozenset({".", "!", "?", ":", ";", '"', "(", "[", "-", "--", "|", "*", "•", "...", "…"})
_DIGIT = re.compile(r"\d")


@dataclass
class Token:
    text: str
    start: int
    end: int


def tokenize(line: str) -> list[Token]:
    """CoNLL-like tokens: "Clinton's" is "Clinton" and "'s"; "U.S." and "Mr." stay whole."""
    out: list[Token] = []
    for m in _TOKEN.finditer(line):
        text, s, e = m.group(), m.start(), m.end()
        if len(text) > 3 and text[-2] in "'’" and text[-1] in "sS" and text[0].isalpha():
            out.append(Token(text[:-2], s, e - 2))
            out.append(Token(text[-2:], e - 2, e))
        else:
            out.append(Token(text, s, e))
    return out


def sentences(tokens: Sequence[Token]) -> list[list[Token]]:
    """A line's tokens cut after each sentence end (".", "!", "?")."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for tok in tokens:
        cur.append(tok)
        if tok.text in (".", "!", "?", "...", "…"):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- features

def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _low(word: str) -> str:
    low = word.translate(_QUOTES).lower()
    return _DIGIT.sub("0", low) if any(c.isdigit() for c in low) else low


def _gazetteer(word: str, lex: Lexicon, common: frozenset[str]) -> list[str]:
    key = fold(word) if word[:1].isalpha() else ""
    if not key:
        return []
    out = []
    for name, table in (("first", lex.first_names), ("place", lex.places), ("major", lex.major_places),
                        ("demonym", lex.demonyms), ("title", lex.title_words), ("head", lex.title_heads),
                        ("hon", lex.honorifics), ("orgsuf", lex.org_suffixes), ("orghead", lex.org_heads),
                        ("stop", lex.stopwords), ("particle", lex.particles), ("common", common)):
        if key in table:
            out.append(name)
    hit = lex.aliases.get(key)
    if hit:
        out.append("alias-" + hit[1])
    elif key in _alias_words(lex):
        out.append("aliasword")
    return out


_ALIAS_WORDS: dict[int, frozenset[str]] = {}


def _alias_words(lex: Lexicon) -> frozenset[str]:
    """Words of the alias table's names of more than one word ("world" of "World Bank")."""
    words = _ALIAS_WORDS.get(id(lex))
    if words is None:
        words = frozenset(w for key in lex.aliases if " " in key for w in key.split())
        _ALIAS_WORDS.clear()
        _ALIAS_WORDS[id(lex)] = words
    return words


def token_attributes(word: str, lex: Lexicon, common: frozenset[str]) -> tuple[list[str], list[str]]:
    """(own attributes, attributes as a neighbour) of one token, position aside."""
    if word == PAD:
        return [], ["w=" + PAD]
    low = _low(word)
    shape = _shape(word)
    own = ["b", "w=" + low, "sh=" + shape, "len=" + str(min(len(word), 8))]
    if len(low) > 2:
        own += ["p2=" + low[:2], "p3=" + low[:3], "s2=" + low[-2:], "s3=" + low[-3:]]
    if len(low) > 4:
        own += ["p4=" + low[:4], "s4=" + low[-4:]]
    if word[:1].isupper():
        own.append("title")
    if word.isupper() and len(word) > 1:
        own.append("upper")
    if any(c.isdigit() for c in word):
        own.append("digit")
    if "-" in word:
        own.append("hyphen")
    gaz = _gazetteer(word, lex, common)
    own += ["g=" + g for g in gaz]
    nb = ["w=" + low, "sh=" + shape] + ["g=" + g for g in gaz if g in ("first", "head", "hon", "orgsuf", "orghead",
                                                                      "place", "demonym", "common", "stop")]
    return own, nb


def initial_flags(words: Sequence[str]) -> list[bool]:
    """A sentence's first word, or the first after a colon, quote, dash or bracket."""
    return [i == 0 or words[i - 1].translate(_QUOTES) in _OPENERS for i in range(len(words))]


def position_attributes(word: str, initial: bool, common: frozenset[str]) -> list[str]:
    if not initial:
        return []
    out = ["init"]
    low = word.lower()
    if low in common:
        out.append("init&common")
    if word[:1].isupper() and not word.isupper():
        out.append("init&title")
    return out


def sentence_attributes(words: Sequence[str], lex: Lexicon, common: frozenset[str]) -> list[list[str]]:
    """Each token's attributes as the CRF sees them (training; decoding sums the same)."""
    per = [token_attributes(w, lex, common) for w in words]
    pad = token_attributes(PAD, lex, common)
    flags = initial_flags(words)
    out = []
    for i, word in enumerate(words):
        attrs = list(per[i][0]) + position_attributes(word, flags[i], common)
        for k in OFFSETS:
            j = i + k
            nb = per[j][1] if 0 <= j < len(words) else pad[1]
            attrs += [f"{k}:{a}" for a in nb]
        out.append(attrs)
    return out


# --------------------------------------------------------------------------- decoding

@dataclass
class Entity:
    kind: str          # PER, ORG, LOC, MISC
    start: int         # token indices in the line, end exclusive
    end: int


class Model:
    """The exported CRF: labels, attribute weights and transitions, decoded in numpy."""

    def __init__(self, data: dict[str, np.ndarray], lex: Lexicon) -> None:
        self.labels = [str(x) for x in data["labels"]]
        self.index = {str(a): i for i, a in enumerate(data["attrs"])}
        self.weights = data["weights"].astype(np.float64)
        self.trans = data["trans"].astype(np.float64)
        self.common = frozenset(str(w) for w in data["common"])
        self.lex = lex
        self.o = self.labels.index("O")
        n = len(self.labels)
        self._table = np.zeros((1024, len(OFFSETS) + 1, n))
        self._rows: dict[str, int] = {}
        self._init = {key: self._sum([key]) for key in ("init", "init&common", "init&title")}
        self.rows([PAD])
        # label index -> (entity kind, starts a new entity)
        self._kind = [(lab[2:], lab.startswith("B-")) if lab != "O" else (None, False) for lab in self.labels]

    def _sum(self, attrs: list[str]) -> np.ndarray:
        idx = [self.index[a] for a in attrs if a in self.index]
        return self.weights[idx].sum(axis=0) if idx else np.zeros(len(self.labels))

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """The cached score rows of these words: one row per offset (-2, -1, own, +1, +2)."""
        out = np.empty(len(words), dtype=np.int64)
        rows = self._rows
        for i, word in enumerate(words):
            r = rows.get(word)
            if r is None:
                r = self._add(word)
            out[i] = r
        return out

    def _add(self, word: str) -> int:
        if len(self._rows) >= 200_000:  # a bounded cache: start again
            pad = self._table[self._rows[PAD]].copy()
            self._rows = {PAD: 0}
            self._table[0] = pad
        r = len(self._rows)
        if r >= len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        own, nb = token_attributes(word, self.lex, self.common)
        # Row k holds this word's share of the score of the token at offset -k from it.
        block = self._table[r]
        for j, k in enumerate(OFFSETS):
            block[j if k < 0 else j + 1] = self._sum([f"{-k}:{a}" for a in nb])
        block[2] = self._sum(own)
        self._rows[word] = r
        return r

    def emissions(self, words: Sequence[str], initial: Sequence[bool]) -> np.ndarray:
        """Per-token label scores of one sentence (the CRF's state features)."""
        n = len(words)
        ids = self.rows([PAD, PAD, *words, PAD, PAD])
        t = self._table
        scores = t[ids[2:n + 2], 2].copy()
        scores += t[ids[0:n], 4]      # the token two before (offset -2 from here)
        scores += t[ids[1:n + 1], 3]
        scores += t[ids[3:n + 3], 1]
        scores += t[ids[4:n + 4], 0]
        for i, flag in enumerate(initial):
            if flag:
                scores[i] += self._init["init"]
                w = words[i]
                if w.lower() in self.common:
                    scores[i] += self._init["init&common"]
                if w[:1].isupper() and not w.isupper():
                    scores[i] += self._init["init&title"]
        return scores

    def decode(self, runs: list[tuple[np.ndarray, bool, bool]]) -> list[np.ndarray]:
        """Best label sequence of each run (scores, after a forced O, before a forced O),
        all runs at once, one step per position."""
        if not runs:
            return []
        k = len(self.labels)
        lengths = np.array([len(r[0]) for r in runs])
        size = int(lengths.max())
        em = np.zeros((len(runs), size, k))
        for b, (scores, after, before) in enumerate(runs):
            em[b, :len(scores)] = scores
            if after:
                em[b, 0] += self.trans[self.o]
        before = np.array([r[2] for r in runs])
        score = em[:, 0].copy()
        back = np.zeros((len(runs), size, k), dtype=np.int64)
        ident = np.arange(k)
        for t in range(1, size):
            cand = score[:, :, None] + self.trans[None]
            best = cand.argmax(axis=1)
            value = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + em[:, t]
            active = (t < lengths)[:, None]
            score = np.where(active, value, score)
            back[:, t] = np.where(active, best, ident)
        score[before] += self.trans[:, self.o]
        cur = score.argmax(axis=1)
        labels = np.zeros((len(runs), size), dtype=np.int64)
        rows = np.arange(len(runs))
        for t in range(size - 1, -1, -1):
            labels[:, t] = cur
            cur = back[rows, t, cur]
        return [labels[b, :n] for b, n in enumerate(lengths)]

    def tag(self, words: Sequence[str]) -> list[Entity]:
        """The names in one line's words (already tokenised)."""
        lex = self.lex
        inside = lex.particles | lex.org_connectors
        flags = initial_flags(words)
        runs: list[tuple[np.ndarray, bool, bool]] = []
        where: list[int] = []
        bounds = [i + 1 for i, w in enumerate(words) if w in (".", "!", "?", "...", "…")]
        start = 0
        for stop in bounds + [len(words)]:
            if stop <= start:
                continue
            sent = words[start:stop]
            free = [not _outside(w, inside) for w in sent]
            if any(free[i] and any(c.isupper() for c in sent[i]) for i in range(len(sent))):
                scores = self.emissions(sent, flags[start:stop])
                i = 0
                while i < len(sent):
                    if not free[i]:
                        i += 1
                        continue
                    j = i
                    while j < len(sent) and free[j]:
                        j += 1
                    if any(any(c.isupper() for c in w) for w in sent[i:j]):
                        runs.append((scores[i:j], i > 0, j < len(sent)))
                        where.append(start + i)
                    i = j
            start = stop
        out: list[Entity] = []
        for offset, labels in zip(where, self.decode(runs)):
            cur: Entity | None = None
            for i, lab in enumerate(labels):
                kind, begins = self._kind[lab]
                if kind is None:
                    cur = None
                elif cur is not None and cur.kind == kind and not begins:
                    cur.end = offset + i + 1
                else:
                    cur = Entity(kind, offset + i, offset + i + 1)
                    out.append(cur)
        return out


def _outside(word: str, inside: frozenset[str]) -> bool:
    """Words that are never part of a name: lower-case words other than name particles,
    and punctuation other than '&'."""
    if word.islower():
        return word not in inside
    return not any(c.isalnum() for c in word) and word != "&"


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or None when the package was built without it."""
    try:
        path = resources.files("search.extract").joinpath("data", MODEL_FILE)
        with path.open("rb") as fh:
            data = dict(np.load(fh, allow_pickle=False))
    except (FileNotFoundError, OSError):
        return None
    return Model(data, lexicon())


#: The entity kinds that become actors, and the type they take.
ACTOR_KINDS = {"PER": PERSON, "ORG": ORGANISATION, "LOC": PLACE}
