"""The engine's fast paths agree with the plain ways: the workers' text analysis with
Whoosh's analyzer, the partial sort with a full sort, the array phrase check with
Whoosh's phrase query, the precomputed date buckets and copy counts with counting."""
from __future__ import annotations

from datetime import date as Date
from types import SimpleNamespace

import numpy as np
import pytest
from whoosh import query as wq

from search import engine
from search.backends.whoosh import searching
from search.backends.whoosh.evaluate import Evaluator
from search.analysis import ANALYZER, index_terms, terms
from search.backends.whoosh.backend import WhooshBackend
from search.backends.whoosh.schema import SCHEMA
from search.query import parse

from searchfixture import build

TEXTS = [
    "The U.S. e-mail wasn't 3.5% of it; I said *star* and İstanbul, naïve café.",
    "Oil prices rose as OPEC said the oil market was tight. Oil, oil and more oil!",
    "", "a I the", "Report 4-2 says harbour lantern meadow copper.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_analysis_is_whooshs(text):
    assert terms(text) == [t.text for t in ANALYZER(text)]
    assert index_terms(text) == list(SCHEMA["body"].index(text))


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("internals") / "index")
    ix = WhooshBackend.open(path)
    yield ix
    ix.close()


def test_partial_sort_gives_the_full_sort_pages():
    rng = np.random.default_rng(3)
    n = 3000  # enough that only the head of the order gets sorted
    cluster = np.where(rng.random(n) < 0.5, rng.integers(1, 400, n), 0).astype(np.int32)
    cols = SimpleNamespace(day=np.where(rng.random(n) < 0.1, -1, rng.integers(700_000, 700_050, n)).astype(np.int32),
                           cluster=cluster, cluster_size=np.bincount(cluster, minlength=1))
    for trial in range(60):
        score = rng.choice([0.0, 1.0, 2.5, 3.0, 7.25], size=n).astype(np.float32)
        if trial % 4 == 0:
            score = rng.random(n).astype(np.float32)
        docs = np.flatnonzero(rng.random(n) < 0.8)
        sort = engine.SORTS[trial % 3]
        full = searching.sort(cols, docs, score, sort)
        for collapse in (False, True):
            expected = searching.one_per_cluster(cols, full) if collapse else full
            for start, count in ((0, 1), (0, 10), (7, 3), (90, 10), (400, 100), (5000, 10)):
                page, total = searching.page_of(cols, docs, score, sort, collapse, start, count)
                assert total == len(expected)
                assert page.tolist() == expected[start:start + count].tolist()


@pytest.mark.parametrize("phrase", ['"zebra"', '"says harbour"', '"report 3"', '"story number"',
                                    '"lantern meadow copper"', 'title:"number 5"'])
def test_phrase_check_matches_whoosh(index, phrase):
    cols = index.columns()
    got = set(np.flatnonzero(Evaluator(cols).run(parse(phrase)).mask).tolist())
    node = parse(phrase)
    fields = [node.field] if node.field else ["title", "body"]
    words = terms(node.text)
    expected = set()
    for f in fields:
        q = wq.Phrase(f, words) if len(words) > 1 else wq.Term(f, words[0])
        expected |= set(cols.searcher.docs_for_query(q))
    assert got == expected


def test_date_buckets_and_copies_from_columns(index):
    cols = index.columns()
    for d in np.flatnonzero(cols.day >= 0).tolist():
        day = Date.fromordinal(int(cols.day[d]))
        assert cols.year[d] == day.year
        assert cols.month[d] == day.year * 12 + day.month - 1
    assert (cols.year[cols.day < 0] == -1).all()
    for c in range(1, len(cols.cluster_size)):
        expected = np.flatnonzero((cols.cluster == c) & cols.live)
        assert cols.cluster_members(c).tolist() == expected.tolist()


def test_tiered_merging_keeps_few_segments_and_every_document(tmp_path, monkeypatch):
    from search.backends.whoosh import codec as index_module
    from search.ingest import ingest
    from searchfixture import DOCS, write_records

    monkeypatch.setattr(index_module, "MERGE_FACTOR", 5)
    records = write_records(tmp_path / "records.jsonl")
    summary = ingest(tmp_path / "index", [str(records)], workers=1, batch=1)  # a commit per capture
    assert summary.added == len(DOCS)
    ix = WhooshBackend.open(tmp_path / "index")
    try:
        cols = ix.columns()
        # 12 one-document commits, merged five by five: 5, 5 (tier 1), then 2 single ones
        assert len(cols.leaves) == 4
        assert cols.live_count == len(DOCS)
        assert engine.search(ix, engine.SearchRequest(query="zebra"))["total_documents"] == \
            sum(1 for d in DOCS if d[3])
    finally:
        ix.close()


def test_saved_segment_arrays_are_the_built_ones(index):
    from search.backends.whoosh.columns import Columns, segment_arrays

    cols = index.columns()
    saved = list((index.path / "arrays").glob("*.pickle"))
    assert len(saved) == len(cols.leaves)
    again = Columns(cols.searcher, cache_dir=index.path / "arrays")   # read back from disk
    for (reader, _), seg in zip(again.leaves, again._segments.values()):
        built = segment_arrays(reader)
        assert built.single["outlet"][0] == seg.single["outlet"][0]
        assert (built.single["outlet"][1] == seg.single["outlet"][1]).all()
        assert (built.multi["actor"][1] == seg.multi["actor"][1]).all()
        assert (built.lengths["body"] == seg.lengths["body"]).all()


def test_crash_between_index_and_store_commits_leaves_no_duplicates(tmp_path, monkeypatch):
    from search.errors import Interrupted
    from search.ingest import ingest
    from search.writing import JOURNAL_FILE
    from search.store import CaptureStore
    from searchfixture import DOCS, write_records

    records = write_records(tmp_path / "records.jsonl")
    real_commit = CaptureStore.commit

    def crash(self):
        raise KeyboardInterrupt("power cut after the index commit")

    monkeypatch.setattr(CaptureStore, "commit", crash)
    with pytest.raises(Interrupted):   # the library's name for a KeyboardInterrupt mid-run
        ingest(tmp_path / "index", [str(records)], workers=1)
    assert (tmp_path / "index" / JOURNAL_FILE).exists()   # the index has them, the store not
    monkeypatch.setattr(CaptureStore, "commit", real_commit)
    again = ingest(tmp_path / "index", [str(records)], workers=1)
    assert again.added == len(DOCS)
    assert not (tmp_path / "index" / JOURNAL_FILE).exists()
    ix = WhooshBackend.open(tmp_path / "index")
    try:
        assert ix.doc_count() == len(DOCS)
    finally:
        ix.close()
    assert ingest(tmp_path / "index", [str(records)], workers=1).unchanged == len(DOCS)
