"""Facet counts against a brute-force count over the stored documents, with and without
selections in one or two facets, and date buckets across interval changes."""
from __future__ import annotations

import itertools
from collections import Counter
from datetime import date as Date

import pytest

from search.backends import open_index
from search.engine import SearchRequest, search
from search.facets import bucket_key, choose_interval
from search.backends.whoosh.backend import WhooshBackend

from conftest import BACKENDS, settings_for
from searchfixture import DOCS, build

QUERIES = ("zebra", "giraffe", "zebra OR giraffe", "", "zebra -giraffe")
SELECTIONS = (
    {},
    {"outlet": ["Alpha Post"]},
    {"outlet": ["Alpha Post", "Gamma Daily"]},
    {"actor": ["Bo Chan"]},
    {"outlet": ["Beta News"], "actor": ["Ann Lee", "Cy Park"]},
    {"outlet": ["Alpha Post"], "date_from": Date(2021, 1, 1), "date_to": Date(2021, 1, 31)},
    {"actor": ["Nobody Known"]},
)


@pytest.fixture(scope="module", params=BACKENDS)
def index(request, tmp_path_factory):
    """The fixture corpus on each backend (the Whoosh index; the SphinxQL cluster)."""
    settings = settings_for(request, request.param)
    ix = open_index(build(tmp_path_factory.mktemp("facets") / "index", settings), settings)
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The stored documents, read from a Whoosh index of the same corpus (the brute force's input)."""
    ix = WhooshBackend.open(build(tmp_path_factory.mktemp("stored") / "index"))
    docs = [d for d in ix.searcher().all_stored_fields()]
    ix.close()
    return docs


def _matches(doc: dict, query: str) -> bool:
    words = set(doc["body"].lower().replace(".", " ").split())
    zebra, giraffe = "zebra" in words, "giraffe" in words
    return {"zebra": zebra, "giraffe": giraffe, "zebra OR giraffe": zebra or giraffe, "": True,
            "zebra -giraffe": zebra and not giraffe}[query]


def _selected(doc: dict, sel: dict, skip: str | None = None) -> bool:
    if skip != "outlet" and sel.get("outlet") and doc.get("outlet") not in sel["outlet"]:
        return False
    names = {n for n, _ in doc.get("actors", [])}
    if skip != "actor" and sel.get("actor") and not names & set(sel["actor"]):
        return False
    if skip != "date" and ("date_from" in sel or "date_to" in sel):
        if not doc.get("date"):
            return False
        day = Date.fromisoformat(doc["date"])
        if day < sel.get("date_from", Date.min) or day > sel.get("date_to", Date.max):
            return False
    return True


def _brute(stored, query, sel):
    """Expected total and facet counts, computed document by document."""
    hits = [d for d in stored if _matches(d, query)]
    total = sum(_selected(d, sel) for d in hits)
    outlets = Counter(d.get("outlet") for d in hits if _selected(d, sel, "outlet"))
    actors = Counter(n for d in hits if _selected(d, sel, "actor") for n, _ in d.get("actors", []))
    no_actor = sum(1 for d in hits if _selected(d, sel, "actor") and not d.get("actors"))
    dates = [d.get("date") for d in hits if _selected(d, sel, "date")]
    return total, outlets, actors, no_actor, dates


def test_fixture_is_skewed(stored):
    assert len(stored) == len(DOCS)
    assert sorted(Counter(d.get("outlet") for d in stored if d.get("outlet")).values()) == [1, 3, 6]


@pytest.mark.parametrize("query,sel", list(itertools.product(QUERIES, SELECTIONS)))
def test_counts_match_brute_force(index, stored, query, sel):
    req = SearchRequest(query=query, outlet=sel.get("outlet", []), actor=sel.get("actor", []),
                        date_from=sel.get("date_from"), date_to=sel.get("date_to"),
                        collapse=False, facet_top=100, per_page=100)
    result = search(index, req)
    total, outlets, actors, no_actor, dates = _brute(stored, query, sel)
    assert result["total"] == total
    assert len(result["hits"]) == total
    f = result["facets"]
    got_outlets = {v["value"]: v["count"] for v in f["outlet"]["values"]}
    want_outlets = {k: v for k, v in outlets.items() if k is not None}
    for value in sel.get("outlet", []):       # selected values are always listed
        want_outlets.setdefault(value, 0)
    assert got_outlets == want_outlets
    assert f["outlet"]["missing"] == outlets.get(None, 0)
    got_actors = {v["value"]: v["count"] for v in f["actor"]["values"]}
    want_actors = dict(actors)
    for value in sel.get("actor", []):
        want_actors.setdefault(value, 0)
    assert got_actors == want_actors
    assert f["actor"]["missing"] == no_actor
    assert all(v["selected"] == (v["value"] in sel.get("outlet", [])) for v in f["outlet"]["values"])
    # dates: every interval, bucket by bucket
    for interval in ("day", "month", "year"):
        req.interval = interval
        got = {v["value"]: v["count"] for v in search(index, req)["facets"]["date"]["values"] if v["count"]}
        want = Counter(bucket_key(Date.fromisoformat(d), interval) for d in dates if d)
        assert got == dict(want), interval
    assert f["date"]["missing"] == sum(1 for d in dates if not d)


def test_top_n_is_truncated_and_keeps_selected(index):
    result = search(index, SearchRequest(facet_top=1, actor=["Dee Ford"]))
    actor = result["facets"]["actor"]
    assert actor["truncated"] is True
    assert [v["value"] for v in actor["values"]] == ["Ann Lee", "Dee Ford"]
    assert actor["values"][1] == {"value": "Dee Ford", "count": 1, "selected": True}


def test_sibling_values_keep_their_counts(index):
    """Disjunctive: choosing Alpha Post does not change the other outlets' counts."""
    before = search(index, SearchRequest(query="zebra"))["facets"]["outlet"]["values"]
    after = search(index, SearchRequest(query="zebra", outlet=["Alpha Post"]))["facets"]["outlet"]["values"]
    assert {v["value"]: v["count"] for v in before} == {v["value"]: v["count"] for v in after}


@pytest.mark.parametrize("span,interval", [(0, "day"), (62, "day"), (63, "month"),
                                           (5 * 366, "month"), (5 * 366 + 1, "year")])
def test_interval_follows_the_span(span, interval):
    assert choose_interval(700_000, 700_000 + span) == interval


def test_auto_interval_and_empty_buckets(index):
    narrow = search(index, SearchRequest(date_from=Date(2021, 1, 1), date_to=Date(2021, 1, 31)))
    assert narrow["facets"]["date"]["interval"] == "month"   # the date facet ignores its own selection
    jan = search(index, SearchRequest(query="date:2021-01"))["facets"]["date"]
    assert jan["interval"] == "day"
    assert [v["value"] for v in jan["values"]][:3] == ["2021-01-05", "2021-01-06", "2021-01-07"]
    wide = search(index, SearchRequest())["facets"]["date"]
    assert wide["interval"] == "month"
    assert len(wide["values"]) == 36  # 2021-01 .. 2023-12, empty months included
