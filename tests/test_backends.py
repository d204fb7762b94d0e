"""The two backends give the same answers: the Whoosh index and a real SphinxQL cluster
(2 shard searchd processes and a coordinator, started here on loopback ports).

On the seeds and on a 5,000-story Reuters-21578 sample (../shared; skipped in a fresh
clone without it), totals and every facet count of a fixed query list are identical
(ranking may differ: the top-10 overlap is printed, run with -s to see it). Then the
cluster through the CLI and the web app, reindex from Whoosh to the cluster and back,
and a shard killed and restarted: partial results with a warning, never a crash, then
full results again.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date as Date
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.backends import open_index
from search.cli import main
from search.engine import SearchRequest, search
from search.errors import ShardDown
from search.ingest import ingest
from search.items import record_item
from search.backends.sphinx.local import LocalCluster

from conftest import SAMPLES, ingest_both, sample_count, sphinx_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"

#: Queries with the features of the query language, each with no selection and with some.
SEED_QUERIES = ["Macron", "Putin", "Macron Putin", "Macron OR Zelensky", "Macron -Putin", '"President Emmanuel"',
                "Kreml*", "title:Macron", "body:Ukraine", 'outlet:"The Independent"', "outlet:the*",
                'actor:"Emmanuel Macron"', "Ukraine NOT (Macron OR Putin)", "date:2022", "war date:..2023-01-01",
                "peace OR date:2025-11", "-date:2022", "", "the of", "zzzyqx", "talks -(talks)"]
REUTERS_EXTRA = ["oil date:1987-03", "(oil OR gas) -date:1987-04..1987-12", "title:opec", "title:oil*",
                 "outlet:reuters", "actor:opec*", '"bank of england"', "u.s dollar", "opec -oil", "*",
                 "export* -japan", "the", "stg mln", "pct OR date:1987-02-26"]


def _selections(outlets: list[str], actors: list[str]) -> list[dict]:
    return [{}, {"outlet": outlets[:1]}, {"outlet": outlets[:2], "actor": actors[:1]},
            {"date_from": Date(1987, 3, 1), "date_to": Date(1987, 3, 31)},
            {"actor": actors[:2], "date_from": Date(2022, 1, 1)}]


def _request(query: str, sel: dict, **kw) -> SearchRequest:
    return SearchRequest(query=query, outlet=sel.get("outlet", []), actor=sel.get("actor", []),
                         date_from=sel.get("date_from"), date_to=sel.get("date_to"), **kw)


def _compare(whoosh, sphinx, queries: list[tuple[str, dict]], any_word: bool = False) -> list[float]:
    """Assert equal totals and facets for every query; return each query's top-10 overlap."""
    overlaps = []
    for query, sel in queries:
        for collapse in (True, False):
            req = _request(query, sel, collapse=collapse, facet_top=50, any_word=any_word)
            a, b = search(whoosh, req), search(sphinx, req)
            where = f"{query!r} {sel} collapse={collapse}"
            assert b["warnings"] == [], where
            assert (a["total"], a["total_documents"]) == (b["total"], b["total_documents"]), where
            for name in ("outlet", "actor", "date"):
                assert a["facets"][name] == b["facets"][name], f"{where}: {name}"
            assert len(a["hits"]) == len(b["hits"]), where
            if not collapse:
                ta, tb = {h["id"] for h in a["hits"]}, {h["id"] for h in b["hits"]}
                overlaps.append(len(ta & tb) / max(1, len(ta)))
                if a["total"] <= 10:
                    assert ta == tb, where
    return overlaps


def _facet_values(index, name: str) -> list[str]:
    return [v["value"] for v in search(index, SearchRequest(facet_top=5))["facets"][name]["values"]]


# --------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def cluster(sphinx_cluster):
    return sphinx_cluster


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not there (a fresh clone)")
def test_seeds_agree(tmp_path, cluster):
    settings = sphinx_settings(cluster)
    _truncate(cluster)
    assert ingest(tmp_path / "w", [str(SEEDS), str(SAMPLES)], workers=1).failed == []
    assert ingest(tmp_path / "s", [str(SEEDS), str(SAMPLES)], workers=1, settings=settings).failed == []
    w, s = open_index(tmp_path / "w"), open_index(tmp_path / "s", settings)
    outlets, actors = _facet_values(w, "outlet"), _facet_values(w, "actor")
    assert outlets == _facet_values(s, "outlet") and len(outlets) >= 2
    queries = [(q, sel) for q in SEED_QUERIES for sel in _selections(outlets, actors)]
    overlaps = _compare(w, s, queries)
    overlaps += _compare(w, s, [("Macron peace talks Ukraine", {}), ("Kremlin statement", {})], any_word=True)
    print(f"\nseeds: {len(queries) * 2 + 4} searches, totals and facets identical; "
          f"top-10 overlap {sum(overlaps) / len(overlaps):.3f}")
    w.close()
    s.close()


# --------------------------------------------------------------------------- Reuters


REUTERS = SHARED / "data" / "reuters21578"


@pytest.mark.skipif(not REUTERS.is_dir(), reason="../shared/data/reuters21578 is not there (a fresh clone)")
def test_reuters_sample_agrees(tmp_path, cluster):
    sys.path.insert(0, str(ROOT))
    try:
        from bench import reuters
        from bench.search_speed import QUERIES
    finally:
        sys.path.remove(str(ROOT))
    base = reuters.stories()[:5000]
    records = [json.dumps(r) for r in reuters.replicated(base, len(base))]
    _truncate(cluster)
    items = (record_item(f"reuters:{i}", line) for i, line in enumerate(records))
    w, s, summary = ingest_both(tmp_path / "w", tmp_path / "s", sphinx_settings(cluster), items)
    assert summary.failed == [] and summary.documents == 5000
    queries = [(q, {"outlet": o, "actor": a}) for q, o, a in QUERIES]
    queries += [(q, sel) for q in REUTERS_EXTRA for sel in _selections(["Reuters", "Wire Daily"], ["OPEC", "James Baker"])]
    overlaps = _compare(w, s, queries)
    print(f"\nReuters sample (5,000 stories): {len(queries) * 2} searches, totals and facets identical; "
          f"top-10 overlap {sum(overlaps) / len(overlaps):.3f} over {len(overlaps)} queries")
    w.close()
    s.close()


def _truncate(cluster: LocalCluster) -> None:
    cluster.truncate()


# --------------------------------------------------------------------------- CLI and web


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_on_the_cluster_and_reindex_both_ways(tmp_path, cluster):
    _truncate(cluster)
    ix = str(tmp_path / "ix")
    nodes = ",".join(cluster.addresses)
    sx = ["--backend", "sphinx", "--nodes", nodes]
    r = run(*sx, "ingest", "--index", ix, "--workers", "1", str(SAMPLES))
    assert r.exit_code == 0 and f"{sample_count()} added" in r.output, r.output
    written = int(re.search(r"(\d+) documents written", r.output).group(1))   # a capture may hold two
    assert written > sample_count()
    obj = json.loads(run(*sx, "search", "--index", ix, "Macron", "--json").output)
    assert obj["total"] >= 5 and obj["warnings"] == []
    assert "<mark>Macron</mark>" in obj["hits"][0]["snippet"]
    first = obj["hits"][0]["id"]
    assert first in run(*sx, "show", "--index", ix, first).output
    sim = json.loads(run(*sx, "similar", "--index", ix, first, "--json").output)
    assert sim["total"] >= 1 and first not in [h["id"] for h in sim["hits"]]
    assert "Emmanuel Macron" in run(*sx, "facets", "actor", "--index", ix, "--prefix", "emm").output
    stats = json.loads(run(*sx, "stats", "--index", ix, "--json").output)
    assert stats["documents"] == written and stats["backend"] == "sphinx"
    # the cluster's captures are in the folder: a Whoosh index is rebuilt from them, and back
    assert run("search", "--index", ix, "Macron").exit_code == 1          # no Whoosh index yet
    r = run("reindex", "--index", ix, "--workers", "1")
    assert r.exit_code == 0, r.output
    whoosh = json.loads(run("search", "--index", ix, "Macron", "--json").output)
    assert (whoosh["total"], whoosh["facets"]) == (obj["total"], obj["facets"])
    r = run(*sx, "delete", "--index", ix, first)
    assert r.exit_code == 0 and "Deleted 1" in r.output
    assert json.loads(run(*sx, "stats", "--index", ix, "--json").output)["documents"] == written - 1
    r = run(*sx, "reindex", "--index", ix, "--workers", "1")      # deleted stays deleted
    assert r.exit_code == 0, r.output
    assert json.loads(run(*sx, "stats", "--index", ix, "--json").output)["documents"] == written - 1
    # a config file in the index folder names the backend
    (tmp_path / "ix" / "newsfacet.toml").write_text(f'[backend]\nname = "sphinx"\nnodes = "{nodes}"\n')
    assert json.loads(run("stats", "--index", ix, "--json").output)["backend"] == "sphinx"
    r = run("--backend", "sphinx", "--nodes", "nohost", "search", "--index", ix, "x")
    assert r.exit_code == 1 and "is not HOST:PORT" in r.output


# --------------------------------------------------------------------------- a shard down


def test_shard_down_gives_partial_results_then_full(tmp_path, cluster):
    from web import create_app

    _truncate(cluster)
    settings = sphinx_settings(cluster)
    assert ingest(tmp_path / "ix", [str(SAMPLES)], workers=1, settings=settings).failed == []
    index = open_index(tmp_path / "ix", settings)
    full = search(index, SearchRequest(query="Macron OR Putin OR Ukraine"))
    assert full["total"] >= 5 and full["warnings"] == []
    app = create_app({"INDEX": str(tmp_path / "ix"), "BACKEND": "sphinx", "NODES": ",".join(cluster.addresses)})
    client = app.test_client()
    cluster.stop_shard(0)
    try:
        part = search(index, SearchRequest(query="Macron OR Putin OR Ukraine"))
        assert part["warnings"] and "agent" in part["warnings"][0]
        assert 0 < part["total"] < full["total"]       # the other shard's documents
        assert sum(v["count"] for v in part["facets"]["outlet"]["values"]) + part["facets"]["outlet"]["missing"] \
            == part["total_documents"]
        api = client.get("/api/search?q=Macron+OR+Putin+OR+Ukraine")
        assert api.status_code == 200 and api.get_json()["warnings"]
        page = client.get("/?q=Macron+OR+Putin+OR+Ukraine")
        assert page.status_code == 200 and b"Partial results" in page.data
        shown = part["hits"][0]["id"]          # an article page (with its similar articles) still works
        assert client.get(f"/api/articles/{shown}").status_code == 200
        assert client.get(f"/articles/{shown}").status_code == 200
        r = run("--backend", "sphinx", "--nodes", ",".join(cluster.addresses), "search", "--index",
                str(tmp_path / "ix"), "Macron OR Putin OR Ukraine")
        assert r.exit_code == 0 and "warning: partial results" in r.output
        # configured to refuse partial results: a clear error, not a crash
        strict = open_index(tmp_path / "ix", sphinx_settings(cluster, on_shard_down="error"))
        with pytest.raises(ShardDown):
            search(strict, SearchRequest(query="Macron"))
        strict.close()
        r = run("--backend", "sphinx", "--nodes", ",".join(cluster.addresses), "--on-shard-down", "error",
                "search", "--index", str(tmp_path / "ix"), "Macron")
        assert r.exit_code == 1 and "did not answer" in r.output and "hint:" in r.output
        strict_app = create_app({"INDEX": str(tmp_path / "ix"), "BACKEND": "sphinx",
                                 "NODES": list(cluster.addresses), "ON_SHARD_DOWN": "error"})
        api = strict_app.test_client().get("/api/search?q=Macron")
        assert api.status_code == 503 and api.get_json()["error"]["code"] == "shard_down"
    finally:
        cluster.start_shard(0)
        for a in (app, locals().get("strict_app")):
            if a is not None and "newsfacet.index" in a.extensions:
                a.extensions["newsfacet.index"].close()
    back = search(index, SearchRequest(query="Macron OR Putin OR Ukraine"))
    assert back["warnings"] == [] and back["total"] == full["total"] and back["facets"] == full["facets"]
    index.close()


def test_coordinator_down_is_a_clear_error(tmp_path):
    from search.backends.sphinx.local import free_port

    nodes = f"127.0.0.1:{free_port()},127.0.0.1:{free_port()}"
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / "sphinx.sqlite").write_bytes(b"")
    r = run("--backend", "sphinx", "--nodes", nodes, "search", "--index", str(tmp_path / "ix"), "x")
    assert r.exit_code == 1 and "does not answer" in r.output and "hint:" in r.output
