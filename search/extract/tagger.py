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

import mmap
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
#: Distinct words whose score rows are kept (6 rows of 9 labels: 14 MB at most, in every
#: ingest worker); past it the cache starts again before the next document. (A miss costs
#: 26 us: in 793 WCXB pages 116,000 misses with 32,768 rows, 200,000 with 16,384.)
MAX_ROWS = 1 << 15
#: When the cache is full, the rows of this many of the most recently used words are kept
#: (the others are dropped), instead of starting again from none: the common words of a
#: language are met again at once, and each would be a miss. Over 10,000 Reuters stories
#: (what each of 2 workers tags in bench/search_speed.py --size 20000): 59,676 misses
#: instead of 77,054; tagging 0.30-0.34 ms a story instead of 0.35-0.39.
KEEP_ROWS = MAX_ROWS // 2

_ABBREV = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt", "Col", "Sgt", "Capt", "Gov", "Sen", "Rep",
           "Prof", "Rev", "Mt", "Ft", "Maj", "Adm", "Cmdr", "Brig", "Corp", "Inc", "Ltd", "Co", "Bros", "No")
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                                   # U.S., U.N.
    r"|(?:" + "|".join(_ABBREV) + r")\.(?=\s|$)"             # Mr., Corp.
    r"|[^\W\d_]\.(?=\s+[^\W\d_])"                          # J. Smith
    r"|[^\W\d_]{1,4}&[^\W\d_]{1,4}\b"                     # AT&T, S&P
    r"|['’][sS]\b"
    r"|\d(?:[\d.,:/]*\d)?"
    r"|[^\W\d_]\w*(?:(?:-|['’](?![sS]\b))\w+)*"   # words; a possessive 's is a token of its own
    r"|\S"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_OPENERS = frozenset({".", "!", "?", ":", ";", '"', "(", "[", "-", "--", "|", "*", "•", "...", "…"})
#: The words after which a sentence starts, as written (the quotes and dashes _QUOTES maps too).
OPENERS = _OPENERS | {"“", "”", "„", "«", "»", "–", "—"}
_DIGIT = re.compile(r"\d")


#: A token: its text, and where it starts and ends in the line.
Token = tuple[str, int, int]


def tokenize(line: str) -> list[Token]:
    """CoNLL-like tokens: "Clinton's" is "Clinton" and "'s"; "U.S." and "Mr." stay whole."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(line)]


def token_words(line: str) -> list[str]:
    """The tokens' texts alone (what tagging needs; tokenize gives their places too)."""
    return _TOKEN.findall(line)


def is_initial(words: Sequence[str], i: int) -> bool:
    """Whether word i starts a sentence: the first, or the first after a sentence end,
    colon, quote, dash or bracket (the `init` feature)."""
    return i == 0 or words[i - 1] in OPENERS


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
    return [i == 0 or words[i - 1] in OPENERS for i in range(len(words))]


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


def _zeroed_table(rows: int, labels: int) -> np.ndarray:
    """A table of zeros for `rows` words' score rows, in an anonymous mapping of its own:
    the system gives it pages as rows are written (a fresh cache holds a few thousand words,
    a full one 14 MB), and takes them all back when the cache starts again. (Grown by
    doubling, as it was, every row of each new table was written at once, and the old
    table and the new one were held together.)"""
    # MAP_PRIVATE: a process forked from this one (an ingest worker, from the fork server)
    # gets its own copy of each page it writes; mmap's default, MAP_SHARED, would have the
    # workers write their rows over each other's.
    buf = mmap.mmap(-1, rows * 6 * labels * 8, flags=mmap.MAP_PRIVATE)
    return np.frombuffer(buf, dtype=np.float64).reshape(rows, 6, labels)


class Model:
    """The exported CRF: labels, attribute weights and transitions, decoded in numpy."""

    #: The per-row arrays beside the score table (see `_reset`).
    _ROW_ARRAYS = ("_free", "_upper", "_end", "_opener", "_used")

    def __init__(self, data: dict[str, np.ndarray], lex: Lexicon) -> None:
        self.labels = [str(x) for x in data["labels"]]
        self.index = {str(a): i for i, a in enumerate(data["attrs"])}
        self.weights = data["weights"].astype(np.float64)
        self.trans = data["trans"].astype(np.float64)
        self.common = frozenset(str(w) for w in data["common"])
        self.lex = lex
        self.o = self.labels.index("O")
        self._inside = lex.particles | lex.org_connectors
        self._init = {key: self._sum([key]) for key in ("init", "init&common", "init&title")}
        self._reset()
        # label index -> (entity kind, starts a new entity)
        self._kind = [(lab[2:], lab.startswith("B-")) if lab != "O" else (None, False) for lab in self.labels]

    def _reset(self) -> None:
        # Per distinct word: score rows [offset -2, -1, own, +1, +2, sentence-initial bonus],
        # whether it may be part of a name, whether it has a capital.
        self._table = _zeroed_table(MAX_ROWS, len(self.labels))
        self._rows: dict[str, int] = {}
        self._free = np.zeros(MAX_ROWS, dtype=bool)   # may be part of a name
        self._upper = np.zeros(MAX_ROWS, dtype=bool)  # has a capital
        self._end = np.zeros(MAX_ROWS, dtype=bool)    # ends a sentence
        self._opener = np.zeros(MAX_ROWS, dtype=bool)  # the next word starts a sentence (initial_flags)
        self._used = np.zeros(MAX_ROWS, dtype=np.int64)  # the document that last used the row
        self._docs = 0
        self._add(PAD)

    def _compact(self) -> None:
        """Keep the rows of the KEEP_ROWS words used last (the pad first), drop the rest.
        A kept row is copied as it is: the words score as before, to the last bit."""
        count = len(self._rows)
        used = self._used[:count].copy()
        used[0] = self._docs + 1   # the pad stays row 0
        kept = np.sort(np.argsort(-used, kind="stable")[:KEEP_ROWS])
        words = list(self._rows)   # in row order (a word's row is the count of words before it)
        table = _zeroed_table(max(MAX_ROWS, len(self._table)), len(self.labels))
        table[:len(kept)] = self._table[kept]
        self._table = table
        for name in self._ROW_ARRAYS:
            old = getattr(self, name)
            new = np.zeros(len(table), dtype=old.dtype)
            new[:len(kept)] = old[kept]
            setattr(self, name, new)
        self._rows = {words[r]: i for i, r in enumerate(kept.tolist())}

    def _sum(self, attrs: list[str]) -> np.ndarray:
        idx = [self.index[a] for a in attrs if a in self.index]
        return self.weights[idx].sum(axis=0) if idx else np.zeros(len(self.labels))

    def _add(self, word: str) -> int:
        r = len(self._rows)
        if r >= len(self._table):   # a document of more distinct words than MAX_ROWS
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            for name in self._ROW_ARRAYS:
                setattr(self, name, np.concatenate([getattr(self, name), np.zeros_like(getattr(self, name))]))
        block = self._table[r]
        own, nb = token_attributes(word, self.lex, self.common)
        # Row k holds this word's share of the score of the token at offset -k from it:
        # all its attributes' weights gathered at once and added row by row, in the order
        # _sum adds them (the same sums to the last bit, a sixth of the numpy calls).
        index = self.index
        found: list[int] = []
        slots: list[int] = []
        for j, k in enumerate(OFFSETS):
            slot, prefix = (j if k < 0 else j + 1), f"{-k}:"
            for a in nb:
                i = index.get(prefix + a)
                if i is not None:
                    found.append(i)
                    slots.append(slot)
        for a in own:
            i = index.get(a)
            if i is not None:
                found.append(i)
                slots.append(2)
        if found:
            np.add.at(block, slots, self.weights[found])
        bonus = self._init["init"].copy()
        if word.lower() in self.common:
            bonus += self._init["init&common"]
        if word[:1].isupper() and not word.isupper():
            bonus += self._init["init&title"]
        block[5] = bonus
        self._rows[word] = r
        self._free[r] = word != PAD and not _outside(word, self._inside)
        self._upper[r] = any(c.isupper() for c in word)
        self._end[r] = word in _ENDS
        self._opener[r] = word in OPENERS
        return r

    def tag(self, words: Sequence[str]) -> list[Entity]:
        """The names in one line's words (already tokenised)."""
        return self.tag_lines([words])[0]

    def tag_lines(self, lines: Sequence[Sequence[str]], initial: Sequence[Sequence[bool]] | None = None
                  ) -> list[list[Entity]]:
        """The names in each line of a document, decoded all at once. `initial` is not
        needed (the flags are those of initial_flags); it is accepted for symmetry."""
        if len(self._rows) + sum(len(words) for words in lines) > MAX_ROWS:
            self._compact()   # a bounded cache: room made before a document, never inside one
        self._docs += 1
        get = self._rows.get
        ids: list[int] = []
        starts: list[int] = []
        for words in lines:
            starts.append(len(ids))
            ids += [get(w, -1) for w in words]
        if -1 in ids:
            flat = [w for words in lines for w in words]
            ids = [r if r >= 0 else (get(flat[i], -1) if get(flat[i], -1) >= 0 else self._add(flat[i]))
                   for i, r in enumerate(ids)]
        out: list[list[Entity]] = [[] for _ in lines]
        n = len(ids)
        if not n:
            return out
        idx = np.array(ids)
        self._used[idx] = self._docs
        line_start = np.zeros(n, dtype=bool)
        line_start[[s for s, words in zip(starts, lines) if words]] = True
        new_sent = line_start.copy()
        new_sent[1:] |= self._end[idx[:-1]]
        sid = np.cumsum(new_sent)
        first = line_start.copy()
        first[1:] |= self._opener[idx[:-1]]
        free = self._free[idx]
        # Runs of free tokens within a sentence that hold a capital.
        same_prev = np.zeros(n, dtype=bool)
        same_prev[1:] = free[:-1] & (sid[1:] == sid[:-1])
        run_start = free & ~same_prev
        same_next = np.zeros(n, dtype=bool)
        same_next[:-1] = free[1:] & (sid[1:] == sid[:-1])
        run_end = free & ~same_next
        begin = np.flatnonzero(run_start)
        if not len(begin):
            return out
        end = np.flatnonzero(run_end) + 1
        caps = np.add.reduceat(self._upper[idx], begin) > 0
        begin, end = begin[caps], end[caps]
        if not len(begin):
            return out
        t = self._table
        # Two pads before each sentence and at the end: token p sits at p + 2 * sid[p].
        padded = np.concatenate([np.insert(idx, np.repeat(np.flatnonzero(new_sent), 2), 0), [0, 0]])
        q = np.arange(n) + 2 * sid
        em = t[idx, 2] + t[padded[q + 2], 0] + t[padded[q + 1], 1] + t[padded[q - 1], 3] + t[padded[q - 2], 4]
        if first.any():
            em[first] += t[idx[first], 5]
        lengths = end - begin
        order = np.argsort(-lengths, kind="stable")
        begin, end, lengths = begin[order], end[order], lengths[order]
        size = int(lengths[0])
        steps = np.arange(size)
        grid = begin[:, None] + steps[None]
        inside = steps[None] < lengths[:, None]
        em = np.vstack([em, np.zeros((1, em.shape[1]))])
        scores = em[np.where(inside, grid, n)]
        after = (begin > 0) & (sid[np.maximum(begin - 1, 0)] == sid[begin])
        before = (end < n) & (sid[np.minimum(end, n - 1)] == sid[end - 1])
        scores[after, 0] += self.trans[self.o]
        labels = self._viterbi(scores, lengths, before)
        hit = np.flatnonzero(((labels != self.o) & inside).any(axis=1))
        line_of = np.searchsorted(np.array(starts), begin, side="right") - 1
        for b in hit.tolist():
            no = int(line_of[b])
            offset = int(begin[b]) - starts[no]
            cur: Entity | None = None
            for i, lab in enumerate(labels[b, :lengths[b]].tolist()):
                kind, begins = self._kind[lab]
                if kind is None:
                    cur = None
                elif cur is not None and cur.kind == kind and not begins:
                    cur.end = offset + i + 1
                else:
                    cur = Entity(kind, offset + i, offset + i + 1)
                    out[no].append(cur)
        for found in out:
            found.sort(key=lambda ent: ent.start)
        return out

    def _viterbi(self, em: np.ndarray, lengths: np.ndarray, before: np.ndarray) -> np.ndarray:
        """Best label sequences of a batch of runs (em: runs x positions x labels, the runs
        longest first); a run followed by a forced O takes that transition too."""
        runs, size, k = em.shape
        # active[t]: how many runs are longer than t (lengths are sorted, longest first)
        active = np.searchsorted(-lengths, -np.arange(size), side="left").tolist()
        score = em[:, 0].copy()
        back = np.zeros((runs, size, k), dtype=np.int64)
        trans = self.trans[None]
        for t in range(1, size):
            m = active[t]
            cand = score[:m, :, None] + trans
            best = cand.argmax(axis=1)
            back[:m, t] = best
            score[:m] = cand.max(axis=1) + em[:m, t]
        score[before] += self.trans[:, self.o]
        last = score.argmax(axis=1)
        labels = np.zeros((runs, size), dtype=np.int64)
        cur = last.copy()
        for t in range(size - 1, -1, -1):
            m = active[t]
            ends_here = lengths[:m] == t + 1
            if t + 1 < size:
                m1 = active[t + 1]
                cur[:m1] = back[np.arange(m1), t + 1, cur[:m1]]
            cur[:m] = np.where(ends_here, last[:m], cur[:m])
            labels[:m, t] = cur[:m]
        return labels


_ENDS = frozenset({".", "!", "?", "...", "…"})


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
