"""The query language: what each syntax matches, errors that point at the problem, bounds."""
from __future__ import annotations

import time

import pytest

from search.engine import SearchRequest, search

from search.results import snippet
from search.errors import BadQuery
from search.backends.whoosh.backend import WhooshBackend
from search.query import And, DateRange, Not, Or, Value, Word, parse

from searchfixture import DOCS, build


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = WhooshBackend.open(build(tmp_path_factory.mktemp("query") / "index"))
    yield ix
    ix.close()


def total(index, q, **kw) -> int:
    return search(index, SearchRequest(query=q, collapse=False, **kw))["total"]


ZEBRA = sum(1 for d in DOCS if d[3])
GIRAFFE = sum(1 for d in DOCS if d[4])
BOTH = sum(1 for d in DOCS if d[3] and d[4])


def test_parse_shapes():
    assert parse("oil prices") == And((Word("oil", None, "word", 0, 3), Word("prices", None, "word", 4, 10)))
    assert isinstance(parse("oil OR gas"), Or)
    assert isinstance(parse("oil -gas").children[1], Not)
    assert parse("outlet:\"The Independent\"") == Value("outlet", "The Independent")
    r = parse("date:2022-01-01..2022-02-28")
    assert isinstance(r, DateRange) and str(r.first) == "2022-01-01" and str(r.last) == "2022-02-28"
    assert str(parse("date:2022-02").last) == "2022-02-28"
    assert parse("date:..2021").first is None
    assert isinstance(parse("a b", any_word=True), Or)


@pytest.mark.parametrize("q,position", [
    ('"unclosed phrase', 0), ("(a OR b", 0), ("a )", 2), ("a AND", 2), ("OR a", 0), ("NOT", 0),
    ("foo:bar", 0), ("a*b", 1), ("*ab", 0), ("date:2022-13-01", 5), ("date:2023..2022", 0), ("x*", 0),
])
def test_bad_syntax_points_at_the_problem(q, position):
    with pytest.raises(BadQuery) as err:
        parse(q)
    assert err.value.position == position
    assert "^" in err.value.pointer()


def test_words_all_required_and_any(index):
    assert total(index, "zebra") == ZEBRA
    assert total(index, "zebra giraffe") == BOTH
    assert total(index, "zebra AND giraffe") == BOTH
    assert total(index, "zebra OR giraffe") == ZEBRA + GIRAFFE - BOTH
    assert total(index, "zebra giraffe", any_word=True) == ZEBRA + GIRAFFE - BOTH
    assert total(index, "zebra -giraffe") == ZEBRA - BOTH
    assert total(index, "zebra NOT giraffe") == ZEBRA - BOTH
    assert total(index, "zebras") == ZEBRA          # stemmed
    assert total(index, "zeb*") == ZEBRA
    assert total(index, "the") == 0                 # only a stop word


def test_fields_phrases_and_dates(index):
    assert total(index, "title:story") == len(DOCS)
    assert total(index, "title:zebra") == 0
    assert total(index, "outlet:\"Alpha Post\"") == 6
    assert total(index, "outlet:alpha*") == 6
    assert total(index, "actor:\"Bo Chan\"") == 4
    assert total(index, "date:2021-01") == 6
    assert total(index, "date:2021-01-05..2021-01-06") == 3
    assert total(index, "date:2022..") == 2
    assert total(index, '"story number"') == len(DOCS)
    assert total(index, '"number story"') == 0


def test_results_sorted_and_paged(index):
    newest = search(index, SearchRequest(sort="newest", per_page=3, collapse=False))
    dates = [h["date"] for h in newest["hits"]]
    assert dates == ["2023-12-31", "2022-06-30", "2021-03-02"]
    oldest = search(index, SearchRequest(sort="oldest", per_page=100, collapse=False))
    dated = [h["date"] for h in oldest["hits"]]
    assert dated[0] == "2021-01-05" and dated[-2:] == [None, None]   # dateless last
    page2 = search(index, SearchRequest(sort="oldest", per_page=5, page=2, collapse=False))
    assert [h["id"] for h in page2["hits"]] == [h["id"] for h in oldest["hits"][5:10]]
    assert page2["pages"] == 3


def test_snippet_highlights_and_escapes():
    s = snippet("A <b>zebra</b> & zebras grazed near the river bank.", {"zebra"})
    assert s == "A &lt;b&gt;<mark>zebra</mark>&lt;/b&gt; &amp; <mark>zebras</mark> grazed near the river bank."


def test_did_you_mean(index):
    result = search(index, SearchRequest(query="zebar"))
    assert result["total"] == 0
    assert result["suggestion"] == "zebra"


@pytest.mark.parametrize("q", ["a" * 9000, " ".join(["w"] * 400), "(" * 300 + "a" + ")" * 300])
def test_pathological_queries_fail_fast(index, q):
    start = time.perf_counter()
    with pytest.raises(BadQuery):
        search(index, SearchRequest(query=q))
    assert time.perf_counter() - start < 1.0


def test_bounds_on_paging(index):
    with pytest.raises(BadQuery):
        search(index, SearchRequest(per_page=1000))
    with pytest.raises(BadQuery):
        search(index, SearchRequest(page=0))
