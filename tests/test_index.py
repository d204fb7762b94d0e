"""Ingest into a real index on disk: re-ingest, updates, failures, records, the writer lock,
delete, reindex, syndicated copies."""
from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from search.engine import SearchRequest, delete, search, show, stats
from search.errors import IndexLocked, IndexNotFound
from search.backends.whoosh.backend import WhooshBackend
from search.backends.whoosh.locking import writer_lock
from search.ingest import ingest, reindex
from search.items import canonical_url

from conftest import SAMPLES, sample_count
from searchfixture import DOCS, body, build, write_records

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _count(path: Path) -> int:
    ix = WhooshBackend.open(path)
    try:
        return ix.doc_count()
    finally:
        ix.close()


def test_ingest_twice_changes_nothing(tmp_path):
    ix = build(tmp_path / "index")
    again = ingest(ix, [str(tmp_path / "records.jsonl")], workers=1)
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, len(DOCS), [])
    assert _count(ix) == len(DOCS)


def test_changed_capture_is_updated_not_duplicated(tmp_path):
    ix = build(tmp_path / "index")
    records = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text().splitlines()]
    records[0]["text"] = body(0, True, False) + "\n\nA late paragraph about an okapi and its keeper."
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(records[0]) + "\n")
    s = ingest(ix, [str(changed)], workers=1)
    assert (s.added, s.updated) == (0, 1)
    assert _count(ix) == len(DOCS)
    index = WhooshBackend.open(ix)
    assert search(index, SearchRequest("okapi"))["total"] == 1
    index.close()


def test_a_failing_file_does_not_stop_the_rest(tmp_path):
    captures = tmp_path / "captures"
    shutil.copytree(SAMPLES, captures)
    (captures / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    (captures / "empty.txt").write_bytes(b"")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "https://x.org/a"}\nnot json\n')
    s = ingest(tmp_path / "index", [str(captures), str(bad), str(tmp_path / "missing.txt")], workers=2)
    reasons = dict(s.failed)
    assert s.added == sample_count()
    assert "binary file" in reasons[str(captures / "broken.txt")]
    assert reasons[str(captures / "empty.txt")] == "empty file"
    assert "needs" in reasons[f"{bad}:1"] and "JSON" in reasons[f"{bad}:2"]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file"


def test_same_capture_twice_in_a_run_is_a_duplicate(tmp_path):
    s = ingest(tmp_path / "index", [str(SAMPLES), str(SAMPLES / "000_206f4a12bec65903.txt")], workers=1)
    assert s.duplicates == 0  # the same file named twice is read once
    copy = tmp_path / "copy.txt"
    shutil.copy(SAMPLES / "000_206f4a12bec65903.txt", copy)
    s = ingest(tmp_path / "index", [str(copy)], workers=1)
    assert s.unchanged == 1 and s.added == 0


def test_canonical_url():
    assert canonical_url("https://www.Example.com/a/b/?utm_source=x&id=3#top") == "example.com/a/b?id=3"
    assert canonical_url("http://example.com/a/b") == "example.com/a/b"
    assert canonical_url("not a url") is None


def _hold_lock(path: str, seconds: float, ready) -> None:
    with writer_lock(Path(path)):
        ready.set()
        time.sleep(seconds)


def test_second_writer_waits_then_times_out(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path / "index"), 3.0, ready))
    holder.start()
    try:
        assert ready.wait(20)
        told = []
        with pytest.raises(IndexLocked):
            ingest(tmp_path / "index", [str(SAMPLES)], workers=1, lock_timeout=0.5, on_wait=told.append)
        assert told and "pid" in told[0]
        s = ingest(tmp_path / "index", [str(SAMPLES)], workers=1, lock_timeout=30)  # waits, then goes in
        assert s.added == sample_count()
    finally:
        holder.join(10)


def test_no_index():
    with pytest.raises(IndexNotFound):
        WhooshBackend.open("/nonexistent/index")


def test_delete_show_stats_and_reindex(tmp_path):
    ix = build(tmp_path / "index")
    index = WhooshBackend.open(ix)
    hit = search(index, SearchRequest(query="zebra", sort="oldest"))["hits"][0]
    doc = show(index, hit["id"])
    assert doc["title"] == hit["title"] and doc["body"]
    assert delete(index, [hit["id"], "nope"]) == ["nope"]
    assert stats(index)["documents"] == len(DOCS) - 1
    index.close()
    s = reindex(ix, workers=1)
    assert s.documents == len(DOCS) - 1 and not s.failed   # deleted stays deleted
    index = WhooshBackend.open(ix)
    assert index.doc_count() == len(DOCS) - 1
    assert search(index, SearchRequest(query="giraffe"))["total"] == sum(1 for d in DOCS if d[4])
    index.close()


def test_syndicated_copies_are_one_cluster(tmp_path):
    text = body(1, True, True)
    records = [{"url": f"https://o{i}.example/story", "outlet": f"Outlet {i}", "title": "Wire story",
                "text": text + ("" if i == 0 else f"\n\nCopyright Outlet {i} newsroom.")} for i in range(3)]
    records.append({"url": "https://other.example/x", "outlet": "Other", "text": body(99, True, False)})
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    ingest(tmp_path / "index", [str(path)], workers=1)
    index = WhooshBackend.open(tmp_path / "index")
    collapsed = search(index, SearchRequest(query="zebra"))
    assert collapsed["total"] == 2 and collapsed["total_documents"] == 4
    wire = next(h for h in collapsed["hits"] if h["title"] == "Wire story")
    assert (wire["copies"], wire["copy_outlets"]) == (3, 3)
    assert collapsed["facets"]["outlet"]["values"][0]["count"] == 1   # facets count every copy
    assert len(collapsed["facets"]["outlet"]["values"]) == 4
    assert search(index, SearchRequest(query="zebra", collapse=False))["total"] == 4
    assert len(show(index, wire["id"])["copies"]) == 2
    index.close()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not there (a fresh clone)")
def test_seeds_macron(tmp_path):
    ingest(tmp_path / "index", [str(SEEDS)], workers=1)
    index = WhooshBackend.open(tmp_path / "index")
    result = search(index, SearchRequest(query="Macron", collapse=False, per_page=50))
    everyone = [d for d in index.searcher().all_stored_fields() if "macron" in d["body"].lower()
                or "macron" in (d.get("title") or "").lower()]
    assert {h["id"] for h in result["hits"]} == {d["id"] for d in everyone}
    outlets = {v["value"]: v["count"] for v in result["facets"]["outlet"]["values"]}
    assert {"London Daily", "The Independent", "The Moscow Times"} <= set(outlets)
    assert result["facets"]["outlet"]["missing"] == sum(1 for d in everyone if not d.get("outlet"))
    index.close()


def test_the_samples_show_languages_outlets_and_years(tmp_path):
    # what `make demo` shows a newcomer: a language facet, several outlets, a timeline
    assert ingest(tmp_path / "index", [str(SAMPLES)], workers=1).added == sample_count()
    ix = WhooshBackend.open(tmp_path / "index")
    try:
        got = search(ix, SearchRequest(query="", facet_top=100, interval="year"))
    finally:
        ix.close()
    facets = got["facets"]
    languages = {v["value"] for v in facets["language"]["values"]}
    years = [v["value"] for v in facets["date"]["values"] if v["count"]]
    assert {"en", "fr", "de", "es", "ru"} <= languages and len(languages) >= 10
    assert len(facets["outlet"]["values"]) >= 20
    assert len(years) >= 10 and min(years) <= "2005" and max(years) >= "2025"
