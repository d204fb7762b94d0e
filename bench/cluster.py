"""Whoosh backend vs a SphinxQL cluster (2 shards + a coordinator on this machine), same corpus, same run.

    .venv/bin/python bench/cluster.py                     # 100,000 documents, 2 shards
    .venv/bin/python bench/cluster.py --size 1000000
    .venv/bin/python bench/cluster.py --size 20000 --keep /tmp/cl   # keep the indexes and the cluster's files

The corpus is Reuters-21578 (the 19,043 stories with a body, ../shared) replicated to
--size documents as bench/reuters.py does (copy k: its own URL, a skewed outlet, the date
moved back k % 30 years). The unique stories are extracted ONCE (the real extraction
pipeline, --workers processes; its rate is printed), and the extracted articles are
replicated and written to each backend through the real ingest writer (capture store,
syndication clusters, then the backend's writes). So "ingest docs/s" here is the writer
side of an ingest, the same work for both backends but theirs; extraction, which both
share, is left out of it.

Then the same QUERIES as bench/search_speed.py (each once as a warm-up, then timed):
page of 10 hits with snippets, plus outlet, actor and date (year) facets over all
matches; p50/p95 side by side. Also: whether totals and facets agree on every query,
the top-10 overlap (rankings differ), and a capacity estimate per shard node (documents,
resident memory and disk of each shard's searchd).
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from bench import reuters  # noqa: E402
from bench.search_speed import QUERIES, _ms  # noqa: E402

from search.backends import open_index  # noqa: E402
from search.engine import SearchRequest, search  # noqa: E402
from search.items import canonical_url, record_item  # noqa: E402
from search.workers import chunks as _chunks, extracted as _extracted  # noqa: E402
from search.writing import BatchWriter as _Writer, Summary  # noqa: E402
from search.settings import BackendSettings  # noqa: E402
from search.backends.sphinx.local import LocalCluster  # noqa: E402
from search.store import CaptureStore  # noqa: E402


def extract_once(base: list[dict], workers: int) -> list:
    """The Outcome of each unique story (extraction done once, in `workers` processes)."""
    lines = [json.dumps(r) for r in reuters.replicated(base, len(base))]
    items = (record_item(f"reuters:{i}", line) for i, line in enumerate(lines))
    start = time.perf_counter()
    outcomes = [o for chunk, _ in _extracted(_chunks(items), workers, None) for o in chunk]
    seconds = time.perf_counter() - start
    failed = [o for o in outcomes if o.status != "ok"]
    assert not failed, failed[:3]
    print(f"extraction (once, shared by both backends): {len(outcomes):,} stories in {seconds:.1f} s, "
          f"{len(outcomes) / seconds:,.0f} docs/s with {workers} workers", flush=True)
    return outcomes


def replicated(outcomes: list, size: int):
    """`size` Outcomes: copy k of story s as bench/reuters.py makes it (URL, outlet, date)."""
    for n in range(size):
        k, s = divmod(n, len(outcomes))
        o = outcomes[s]
        a = dict(o.articles[0])
        day = a["date"]
        if day:
            y = int(day[:4]) - (k % 30)
            day = f"{y:04d}{day[4:]}" if day[5:] != "02-29" or (y % 4 == 0 and (y % 100 or y % 400 == 0)) \
                else f"{y:04d}-02-28"
        a.update(url=f"https://wire{k}.example/{s}", outlet=reuters.OUTLETS[(s + k) % len(reuters.OUTLETS)], date=day)
        out = copy.copy(o)
        out.articles = [a] + o.articles[1:]
        out.fingerprint = f"{o.fingerprint}-{n}"
        out.hints = {**o.hints, "url": a["url"], "outlet": a["outlet"], "date": day}
        yield out


def write(index, outcomes, size: int, batch: int) -> float:
    """Write through ingest's writer; returns docs/s (wall: the cluster works in other processes)."""
    store = CaptureStore(index.store_path)
    summary = Summary()
    w = _Writer(index, store, summary, batch, journal=None)
    start = time.perf_counter()
    done = 0
    for out in replicated(outcomes, size):
        w.add(out)
        done += 1
        if w.pending >= batch:   # ingest commits between extraction chunks; here every `batch` captures
            w.commit()
        if done % 50_000 == 0:
            print(f"  {done:,} written, {done / (time.perf_counter() - start):,.0f} docs/s", flush=True)
    w.commit()
    if hasattr(index, "flush"):
        index.flush()
    seconds = time.perf_counter() - start
    store.close()
    assert summary.documents == size, summary.to_dict()
    return size / seconds


def run_queries(index) -> tuple[float, float, list[dict]]:
    results, times = [], []
    for text, outlets, actors in QUERIES:
        req = SearchRequest(query=text, outlet=outlets, actor=actors, interval="year")
        search(index, req)  # warm-up
        t = time.perf_counter()
        results.append(search(index, req))
        times.append(time.perf_counter() - t)
    p50, p95 = _ms(times)
    return p50, p95, results


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2 ** 20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2, help="extraction processes")
    ap.add_argument("--batch", type=int, default=5000, help="documents per commit")
    ap.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir, removed)")
    args = ap.parse_args()
    where = args.keep or Path(tempfile.mkdtemp(prefix="newsfacet-cluster-bench-"))
    where.mkdir(parents=True, exist_ok=True)
    base = reuters.stories()
    print(f"corpus: Reuters-21578, {len(base):,} stories with a body, replicated to {args.size:,} documents "
          f"(extracted once, the extracted articles replicated for both backends)", flush=True)
    outcomes = extract_once(base, args.workers)

    rows = {}
    cluster = LocalCluster(args.shards, folder=where / "cluster").start()
    try:
        settings = BackendSettings("sphinx", tuple(cluster.addresses))
        print(f"cluster: {args.shards} shards + 1 coordinator, searchd {', '.join(cluster.addresses)}", flush=True)
        for name, st in (("whoosh", None), ("sphinx", settings)):
            index = open_index(where / name, st, create=True)
            print(f"{name}: writing {args.size:,} documents", flush=True)
            rate = write(index, outcomes, args.size, args.batch)
            index.close()
            index = open_index(where / name, st)
            t = time.perf_counter()
            search(index, SearchRequest())  # opens the searcher / connects
            first_ms = (time.perf_counter() - t) * 1000
            p50, p95, results = run_queries(index)
            rows[name] = {"ingest": rate, "p50": p50, "p95": p95, "first": first_ms, "results": results}
            print(f"{name}: ingest {rate:,.0f} docs/s, query + facets p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                  f"(first search {first_ms:.0f} ms)", flush=True)
            index.close()
        shards = [(n.name, rss_mb(n.proc.pid), dir_mb(n.folder / "data")) for n in cluster.shard_nodes]
        coord_rss = rss_mb(cluster.coordinator.proc.pid)
    finally:
        cluster.stop()

    w, s = rows["whoosh"], rows["sphinx"]
    agree = sum(1 for a, b in zip(w["results"], s["results"])
                if (a["total"], a["facets"]) == (b["total"], b["facets"]))
    overlap = [len({h["id"] for h in a["hits"]} & {h["id"] for h in b["hits"]}) / max(1, len(a["hits"]))
               for a, b in zip(w["results"], s["results"])]
    print()
    print(f"Reuters-21578 replicated to {args.size:,} documents; {len(QUERIES)} queries, query + outlet/actor/date facets")
    print(f"| backend | ingest (writer) docs/s | p50 ms | p95 ms |")
    print(f"|---|---|---|---|")
    print(f"| Whoosh (embedded) | {w['ingest']:,.0f} | {w['p50']:.1f} | {w['p95']:.1f} |")
    print(f"| Sphinx 2.2, {args.shards} shards + coordinator (same machine) | {s['ingest']:,.0f} | {s['p50']:.1f} | "
          f"{s['p95']:.1f} |")
    print(f"ratios sphinx/whoosh: ingest {s['ingest'] / w['ingest']:.2f}x, p50 {s['p50'] / w['p50']:.2f}x, "
          f"p95 {s['p95'] / w['p95']:.2f}x")
    print(f"totals and facets identical on {agree} of {len(QUERIES)} queries; "
          f"top-10 overlap {statistics.mean(overlap):.2f}")
    per = args.size / args.shards
    for name, rss, disk in shards:
        print(f"{name}: {per:,.0f} documents, searchd RSS {rss:,.0f} MB, index files {disk:,.0f} MB "
              f"({rss * 1024 / per:.2f} KB RSS per document)")
    print(f"coordinator: searchd RSS {coord_rss:,.0f} MB")
    if not args.keep:
        shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
