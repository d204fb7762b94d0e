"""The index commands of `newsfacet`: through click's CliRunner, and once as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from search.cli import main

from conftest import BACKENDS, SAMPLES, sample_count, settings_for
from searchfixture import DOCS, write_records



@pytest.fixture(scope="module", params=BACKENDS)
def backend_env(request):
    """The environment that picks the backend (settings.py reads it): none for Whoosh,
    NEWSFACET_BACKEND and NEWSFACET_NODES for the module's SphinxQL cluster."""
    settings = settings_for(request, request.param)
    if settings is None:
        return {}
    return {"NEWSFACET_BACKEND": "sphinx", "NEWSFACET_NODES": ",".join(settings.nodes)}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, backend_env):
    base = tmp_path_factory.mktemp("cli")
    records = write_records(base / "records.jsonl")
    result = CliRunner().invoke(main, ["ingest", "--index", str(base / "index"), "--workers", "1", str(records)],
                                env=backend_env)
    assert result.exit_code == 0, result.output
    return base / "index"


@pytest.fixture
def cli(backend_env):
    """`run` on the backend of the test."""
    return lambda *args, env=None: run(*args, env={**backend_env, **(env or {})})


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_ingest_summary(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4")
    r = run("ingest", "--index", str(tmp_path / "ix"), "--workers", "1", str(SAMPLES), str(bad))
    assert r.exit_code == 1
    n = sample_count()
    assert f"{n} added, 0 updated, 0 unchanged, 0 duplicates, 1 failed" in r.output
    assert "scan.txt: binary file" in r.output
    r = run("ingest", "--index", str(tmp_path / "ix"), "--workers", "1", str(SAMPLES))
    assert r.exit_code == 0 and f"0 added, 0 updated, {n} unchanged" in r.output


def test_search_json_object(indexed, cli):
    r = cli("search", "--index", str(indexed), "zebra", "--outlet", "Alpha Post", "--json")
    assert r.exit_code == 0, r.output
    obj = json.loads(r.output)
    assert list(obj)[:8] == ["query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion"]
    assert set(obj["hits"][0]) >= {"id", "title", "outlet", "date", "actors", "url", "snippet", "score", "copies"}
    assert set(obj["facets"]) == {"outlet", "actor", "language", "date"}
    assert obj["facets"]["date"]["interval"] in ("day", "month", "year")
    assert all(h["outlet"] == "Alpha Post" for h in obj["hits"])
    assert "<mark>zebra</mark>" in obj["hits"][0]["snippet"]


def test_search_text_csv_and_environment(indexed, cli):
    r = cli("search", "zebra", env={"NEWSFACET_INDEX": str(indexed)})
    assert r.exit_code == 0 and "results" in r.output and "Outlet: Alpha Post" in r.output
    r = cli("search", "--index", str(indexed), "zebra", "--csv")
    assert r.output.splitlines()[0].startswith("id,title,outlet,date")


def test_bad_query_exits_2_with_a_pointer(indexed, cli):
    r = cli("search", "--index", str(indexed), '"oil prices')
    assert r.exit_code == 2
    assert "newsfacet: error: unclosed quote" in r.output and "^" in r.output
    r = cli("search", "--index", str(indexed), "x", "--per-page", "5000")
    assert r.exit_code == 2


def test_no_index_is_one_line_with_a_hint(tmp_path):
    r = run("search", "--index", str(tmp_path / "none"), "x")
    assert r.exit_code == 1
    assert r.output.startswith("newsfacet: error: no index at") and "hint:" in r.output


def test_an_unexpected_error_is_one_line_not_a_traceback(indexed, cli, monkeypatch):
    """A bug of ours (here a TypeError thrown from the engine) still ends as one line and
    exit 1, like a user's error, with a hint to report it."""
    def broken(*args, **kwargs):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr("search.engine.search", broken)
    r = cli("search", "--index", indexed, "court")
    assert r.exit_code == 1, r.output
    lines = r.output.splitlines()
    assert lines[0] == "newsfacet: error: internal error: TypeError: 'NoneType' object is not subscriptable"
    assert lines[1].startswith("hint:") and "report" in lines[1] and len(lines) == 2
    assert "Traceback" not in r.output and not isinstance(r.exception, TypeError)


def test_show_similar_facets_stats_delete(indexed, cli, tmp_path):
    hit = json.loads(cli("search", "--index", str(indexed), "giraffe", "--json").output)["hits"][0]
    r = cli("show", "--index", str(indexed), hit["id"])
    assert r.exit_code == 0 and hit["title"] in r.output
    r = cli("similar", "--index", str(indexed), hit["id"], "--json")
    assert r.exit_code == 0 and hit["id"] not in [h["id"] for h in json.loads(r.output)["hits"]]
    r = cli("facets", "actor", "--index", str(indexed), "--prefix", "b")
    assert r.exit_code == 0 and "Bo Chan" in r.output and "Ann Lee" not in r.output
    r = cli("stats", "--index", str(indexed), "--json")
    assert json.loads(r.output)["documents"] == len(DOCS)
    assert cli("show", "--index", str(indexed), "nope").exit_code == 1
    r = cli("delete", "--index", str(indexed), hit["id"])
    assert r.exit_code == 0 and "Deleted 1 document" in r.output
    assert json.loads(cli("stats", "--index", str(indexed), "--json").output)["documents"] == len(DOCS) - 1


def test_real_process(tmp_path):
    env = {**os.environ, "NEWSFACET_INDEX": str(tmp_path / "index")}
    cmd = [sys.executable, "-m", "search"]
    done = subprocess.run(cmd + ["ingest", str(SAMPLES)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{sample_count()} added" in done.stderr
    done = subprocess.run(cmd + ["search", "Macron", "--json"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] >= 5
    done = subprocess.run(cmd + ["search", "Macron AND"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "AND needs a word" in done.stderr
    # `newsfacet search ... | head`: the reader leaves first; no error line, no traceback
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run(cmd + ["search", "Macron"], env=env, stdout=write, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    os.close(write)
    assert done.returncode != 0 and done.stderr == ""
