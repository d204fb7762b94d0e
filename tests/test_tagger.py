"""The shipped name tagger (search/extract/tagger.py, data/tagger.npz): it loads, tags
hand-written sentences, decodes exactly, and only English text goes through it."""
from __future__ import annotations

import itertools
import sys
from importlib import resources

import numpy as np

from search.extract.actors import actors_from_text
from search.extract.tagger import MODEL_FILE, model, tokenize


def _tagged(text: str) -> set[tuple[str, str]]:
    words = [t[0] for t in tokenize(text)]
    return {(e.kind, " ".join(words[e.start:e.end])) for e in model().tag(words)}


def test_the_shipped_model_loads_and_is_small():
    path = resources.files("search.extract").joinpath("data", MODEL_FILE)
    assert path.is_file()
    assert path.stat().st_size <= 20_000_000
    m = model()
    assert m is not None
    assert {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "B-MISC"} <= set(m.labels)
    assert "pycrfsuite" not in sys.modules  # the runtime decodes with numpy alone


def test_it_tags_a_hand_written_sentence():
    found = _tagged("Finance Minister Maria Lindqvist met the chief executive of Norbeck Shipping Corp "
                    "in Gothenburg on Tuesday, the Swedish news agency TT said.")
    assert ("PER", "Maria Lindqvist") in found
    assert ("ORG", "Norbeck Shipping Corp") in found
    assert ("LOC", "Gothenburg") in found
    assert not any(name in ("Tuesday", "Finance", "Minister") for _, name in found)


def test_teams_companies_and_a_surname_after_a_title():
    found = _tagged("Manchester United beat Everton 2-1 on Saturday, while Air France said "
                    "Finance Minister Aninat would not attend.")
    assert ("ORG", "Manchester United") in found
    assert ("ORG", "Air France") in found
    assert ("PER", "Aninat") in found


def test_tokens_split_possessives_and_keep_abbreviations():
    assert [t[0] for t in tokenize("Mr. Smith's U.S. visit")] == ["Mr.", "Smith", "'s", "U.S.", "visit"]
    assert [t[0] for t in tokenize("AT&T and S&P rose")] == ["AT&T", "and", "S&P", "rose"]
    line = "Jean-Yves Le Drian told RTL"
    assert [line[s:e] for _, s, e in tokenize(line)] == ["Jean-Yves", "Le", "Drian", "told", "RTL"]


def test_viterbi_is_exact_on_small_runs():
    m = model()
    rng = np.random.default_rng(15)
    k = len(m.labels)
    for length in (1, 2, 3):
        em = rng.normal(size=(2, length, k))
        lengths = np.array([length, max(1, length - 1)])
        before = np.array([True, False])
        got = m._viterbi(em.copy(), lengths, before)
        for b in range(2):
            n = lengths[b]

            def total(path):
                score = sum(em[b, i, lab] for i, lab in enumerate(path))
                score += sum(m.trans[path[i - 1], path[i]] for i in range(1, n))
                return score + (m.trans[path[-1], m.o] if before[b] else 0.0)

            best = max(itertools.product(range(k), repeat=n), key=total)
            assert tuple(got[b, :n]) == best


def test_only_english_goes_through_the_tagger():
    # The tagger takes a company no word list knows; the capitalisation rules of other
    # languages do not (a lone word without evidence is not an actor).
    body = "Le groupe Vestrana a annoncé lundi un accord avec Kolbrek."
    english = "The group Vestrana Holdings announced a deal with Kolbrek Ltd on Monday."
    assert {a.name for a in actors_from_text(None, english, language="en")} >= {"Vestrana Holdings", "Kolbrek Ltd"}
    assert actors_from_text(None, body, language="fr") == []


def test_a_long_line_of_names_and_one_of_sentences_still_come_back():
    # one run of 20,000 capitalised words (a single Viterbi of that length), and 5,000
    # short sentences on one line: every step is linear in the line's length
    assert len(actors_from_text(None, " ".join(["Alpha"] * 20_000))) <= 1
    found = actors_from_text(None, " ".join(["Maria Lindqvist met Norbeck Shipping Corp."] * 5_000))
    assert {a.name for a in found} == {"Maria Lindqvist", "Norbeck Shipping Corp."}


def test_a_forked_worker_keeps_its_word_rows_to_itself():
    # Ingest workers are forked from a fork server that has the model loaded: each must
    # write its own copy of the word-row table (an anonymous mapping, see _zeroed_table).
    import os

    m = model()
    m._reset()
    m.tag(["Angela", "Merkel", "met", "Emmanuel", "Macron", "."])
    rows = m._table.copy()
    pid = os.fork()
    if pid == 0:   # the child adds rows for other words, in the table it was forked with
        code = 0
        try:
            m.tag(["Talks", "in", "Geneva", "with", "Olaf", "Scholz", "."])
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert np.array_equal(m._table, rows)
    assert [e.kind for e in m.tag(["Angela", "Merkel", "met", "Emmanuel", "Macron", "."])] == ["PER", "PER"]


#: Sentences with many distinct words (a made-up name in each), for the cache tests.
_MANY = [f"Minister Aster{k} Velloran met officials of Corvath{k} Holdings in Brenmoor on day {k}." for k in range(120)]


def test_a_full_word_cache_keeps_its_recent_rows_and_tags_as_before(monkeypatch):
    from search.extract import tagger
    from search.extract.lexicon import lexicon

    path = resources.files("search.extract").joinpath("data", MODEL_FILE)
    with path.open("rb") as fh:
        data = dict(np.load(fh, allow_pickle=False))
    roomy = tagger.Model(data, lexicon())
    sentences = [[t[0] for t in tokenize(text)] for text in _MANY]
    expected = [[(e.kind, e.start, e.end) for e in roomy.tag(words)] for words in sentences]
    assert len(roomy._rows) > 300   # all of them held at once
    monkeypatch.setattr(tagger, "MAX_ROWS", 64)
    monkeypatch.setattr(tagger, "KEEP_ROWS", 32)
    small = tagger.Model(data, lexicon())
    for words, want in zip(sentences, expected):
        assert [(e.kind, e.start, e.end) for e in small.tag(words)] == want
        assert len(small._rows) <= 64 + len(words)   # bounded: room is made before a sentence
        assert list(small._rows)[0] == tagger.PAD     # the pad stays row 0
    # the words every sentence uses are kept, the first sentence's made-up names are not
    assert "Minister" in small._rows and "Aster0" not in small._rows
