"""Search speed: newsfacet vs plain Whoosh (groupedby) vs SQLite FTS5 + GROUP BY, same corpus, same run.

    .venv/bin/python bench/search_speed.py                  # 100,000 documents
    .venv/bin/python bench/search_speed.py --size 1000000 --baselines fts5
    .venv/bin/python bench/search_speed.py --size 20000 --keep /tmp/bench   # keep the indexes
    .venv/bin/python bench/search_speed.py --size 1000000 --keep /tmp/b1m --reuse --baselines none

The corpus is Reuters-21578 (the 19,043 stories with a body, ../shared) replicated
to --size documents (bench/reuters.py says how copies differ). newsfacet ingests
them as JSON Lines records through the real ingest (extraction in --workers
processes, one writer). Each engine then runs the same QUERIES (each once as a
warm-up, then timed): the top 10 plus outlet, actor and date (year) counts over
all matches. p50/p95 are over the timed runs; ratios are what to compare (the
machine is shared). newsfacet is queried from a fresh process, as a server would
(index opened cold: its per-document arrays built, then the queries), and that
process's max RSS is the serving memory; peak memory is the max RSS of the
benchmark process or an ingest worker (it holds the corpus too).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Import the repository's packages (bench/ itself stays off the path, as for the other benches).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from bench import reuters  # noqa: E402

from search.engine import SearchRequest, search  # noqa: E402
from search.backends.whoosh.backend import WhooshBackend  # noqa: E402
from search.ingest import ingest_items  # noqa: E402
from search.items import Item, record_item  # noqa: E402

#: (query, outlet selection, actor selection): single words, phrases, AND, OR, NOT, prefix, selections.
QUERIES: list[tuple[str, list[str], list[str]]] = [
    ("oil", [], []), ("bank", [], []), ("dollar", [], []), ("coffee", [], []), ("opec", [], []),
    ("profit", [], []), ('"interest rates"', [], []), ('"trade deficit"', [], []),
    ('"crude oil"', [], []), ("oil prices", [], []), ("wheat export", [], []),
    ("japan trade surplus", [], []), ("oil OR gas", [], []), ("gold OR silver", [], []),
    ("bank -japan", [], []), ("export*", [], []),
    ("oil", ["Reuters"], []), ("bank", ["Wire Daily", "The Courier"], []),
    ('"interest rates"', ["Market Times"], []), ("oil", [], ["OPEC"]),
    ("oil prices", ["Reuters", "Global Post"], ["OPEC"]), ("dollar", [], ["James Baker"]),
    ("shares", [], []), ("shares", ["Trade Journal"], []),
]


def _ms(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples) * 1000, p95 * 1000


def _timed(run) -> tuple[float, float]:
    times = []
    for q in QUERIES:
        run(q)  # warm-up
        t = time.perf_counter()
        run(q)
        times.append(time.perf_counter() - t)
    return _ms(times)


def _own_peak_mb() -> float:
    """This process's peak resident memory since it started (VmHWM; ru_maxrss would
    carry over the parent's from before exec)."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


# --------------------------------------------------------------------------- newsfacet


def bench_newsfacet(records, where: Path, workers: int, reuse: bool = False, batch: int = 5000) -> dict:
    ingest_rate = None
    if not (reuse and (where / "whoosh").is_dir()):
        lines = (json.dumps(r) for r in records)
        items = (record_item(f"reuters:{i}", line) for i, line in enumerate(lines))
        start = time.perf_counter()
        summary = ingest_items(where, items, workers=workers, batch=batch)
        ingest_s = time.perf_counter() - start
        assert not summary.failed, summary.failed[:3]
        ingest_rate = summary.documents / ingest_s
        # CPU per document, and the rate these allow on `workers` free cores (the machine is shared)
        extract_ms, writer_ms = 1000 * summary.extract_cpu / summary.documents, 1000 * summary.writer_cpu / summary.documents
        capacity = 1000 / max(writer_ms, (extract_ms + writer_ms) / workers)
        print(f"newsfacet ingest: {ingest_rate:,.0f} docs/s wall; CPU per document: extraction {extract_ms:.2f} ms "
              f"(workers), writer {writer_ms:.2f} ms (one process); on {workers} free cores that is "
              f"{capacity:,.0f} docs/s", flush=True)
    out = subprocess.run([sys.executable, __file__, "--serve", str(where)], check=True,
                         capture_output=True, text=True)
    served = json.loads(out.stdout.strip().splitlines()[-1])
    return {"engine": "newsfacet", "ingest_docs_s": ingest_rate, **served}


def serve(where: Path) -> None:
    """Open the index in this (fresh) process, run the queries, print one JSON line."""
    t = time.perf_counter()
    index = WhooshBackend.open(where)
    index.columns()
    open_ms = (time.perf_counter() - t) * 1000

    def run(q):
        text, outlets, actors = q
        search(index, SearchRequest(query=text, outlet=outlets, actor=actors, interval="year"))

    p50, p95 = _timed(run)
    rss = _own_peak_mb()
    print(json.dumps({"documents": index.doc_count(), "p50_ms": p50, "p95_ms": p95,
                      "first_open_ms": open_ms, "serving_rss_mb": rss,
                      "segments": len(index.columns().leaves)}))
    index.close()


# --------------------------------------------------------------------------- plain Whoosh


def bench_whoosh(records: list[dict], where: Path) -> dict:
    from whoosh import fields, index as wi, qparser, sorting
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
                           body=fields.TEXT(analyzer=StemmingAnalyzer()),
                           outlet=fields.ID(stored=True), year=fields.ID, actor=fields.KEYWORD(commas=True))
    where.mkdir(parents=True)
    ix = wi.create_in(str(where), schema)
    start = time.perf_counter()
    w = ix.writer(limitmb=256)
    n = 0
    for r in records:
        n += 1
        w.add_document(title=r["title"], body=r["text"], outlet=r["outlet"], year=r["date"][:4],
                       actor=",".join(a["name"] for a in r["actors"]))
    w.commit()
    ingest_s = time.perf_counter() - start
    parser = qparser.MultifieldParser(["title", "body"], schema)
    parser.add_plugin(qparser.PlusMinusPlugin())
    searcher = ix.searcher()
    groups = {"outlet": sorting.FieldFacet("outlet"), "year": sorting.FieldFacet("year"),
              "actor": sorting.FieldFacet("actor", allow_overlap=True)}

    def run(q):
        text, outlets, actors = q
        from whoosh import query as wq
        parts = [parser.parse(text)]
        if outlets:
            parts.append(wq.Or([wq.Term("outlet", o) for o in outlets]))
        if actors:
            parts.append(wq.Or([wq.Term("actor", a) for a in actors]))
        results = searcher.search(wq.And(parts), limit=10, groupedby=groups)
        for name in groups:
            {k: len(v) for k, v in results.groups(name).items()}
        [hit["title"] for hit in results]

    p50, p95 = _timed(run)
    return {"engine": "whoosh groupedby", "documents": searcher.doc_count(), "ingest_docs_s": n / ingest_s,
            "p50_ms": p50, "p95_ms": p95}


# --------------------------------------------------------------------------- SQLite FTS5


def _fts_query(text: str) -> str:
    """Our query syntax as FTS5's (the same meaning for the QUERIES above)."""
    out = []
    for word in text.replace(" OR ", " | ").split():
        if word == "|":
            out.append("OR")
        elif word.startswith("-"):
            out.append(f'NOT "{word[1:]}"')
        elif word.endswith("*"):
            out.append(f'"{word[:-1]}"*')
        elif word.startswith('"') or word.endswith('"'):
            out.append(word)
        else:
            out.append(f'"{word}"')
    return " ".join(out)


def bench_fts5(records: list[dict], where: Path) -> dict:
    db = sqlite3.connect(where)
    db.executescript("""
        CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, outlet TEXT, year TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE actors (doc INTEGER, name TEXT);
    """)
    start = time.perf_counter()
    with db:
        for i, r in enumerate(records, 1):
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (i, r["title"], r["outlet"], r["date"][:4]))
            db.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", (i, r["title"], r["text"]))
            db.executemany("INSERT INTO actors VALUES (?, ?)", [(i, a["name"]) for a in r["actors"]])
        db.execute("CREATE INDEX actors_doc ON actors(doc)")
        db.execute("CREATE INDEX actors_name ON actors(name)")
    ingest_s = time.perf_counter() - start

    def run(q):
        text, outlets, actors = q
        where_sql, args = ["fts MATCH ?"], [_fts_query(text)]
        if outlets:
            where_sql.append(f"docs.outlet IN ({','.join('?' * len(outlets))})")
            args += outlets
        if actors:
            where_sql.append(f"docs.id IN (SELECT doc FROM actors WHERE name IN ({','.join('?' * len(actors))}))")
            args += actors
        cond = " AND ".join(where_sql)
        base = f"SELECT docs.id, docs.outlet, docs.year FROM fts JOIN docs ON docs.id = fts.rowid WHERE {cond}"
        db.execute(f"SELECT docs.title FROM fts JOIN docs ON docs.id = fts.rowid WHERE {cond} "
                   f"ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10", args).fetchall()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY, outlet TEXT, year TEXT)")
        db.execute("DELETE FROM m")
        db.execute(f"INSERT INTO m {base}", args)
        db.execute("SELECT outlet, COUNT(*) FROM m GROUP BY outlet").fetchall()
        db.execute("SELECT year, COUNT(*) FROM m GROUP BY year").fetchall()
        db.execute("SELECT a.name, COUNT(*) c FROM m JOIN actors a ON a.doc = m.id GROUP BY a.name "
                   "ORDER BY c DESC LIMIT 10").fetchall()

    p50, p95 = _timed(run)
    n = db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
    db.close()
    return {"engine": "sqlite fts5 + group by", "documents": n, "ingest_docs_s": n / ingest_s,
            "p50_ms": p50, "p95_ms": p95}


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=5000, help="newsfacet ingest: captures per commit")
    ap.add_argument("--baselines", default="whoosh,fts5", help="comma-separated: whoosh, fts5 (or none)")
    ap.add_argument("--keep", type=Path, help="build the indexes here and keep them")
    ap.add_argument("--reuse", action="store_true", help="with --keep: use the newsfacet index already there")
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if not reuters.REUTERS.is_dir():
        print(f"skipped: {reuters.REUTERS} is not there (a fresh clone has no ../shared)")
        return
    base = reuters.stories()
    records = list(reuters.replicated(base, args.size)) if args.size <= 200_000 else None
    print(f"Corpus: Reuters-21578, {len(base):,} stories with a body, replicated to {args.size:,} documents "
          f"(copy k: own URL, one of {len(set(reuters.OUTLETS))} outlets, date moved back k % 30 years).")
    print(f"Queries: {len(QUERIES)} (words, phrases, AND, OR, NOT, prefix; {sum(1 for q in QUERIES if q[1] or q[2])} "
          "with facet selections); each run once to warm up, then timed: top 10 + outlet, actor and year counts.")
    print(f"Machine: {os.cpu_count()} cores; newsfacet ingest with {args.workers} workers.\n")
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsfacet-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        def corpus():  # the records again (a generator above 200,000: they are not all held)
            return records if records is not None else reuters.replicated(base, args.size)

        rows.append(bench_newsfacet(corpus(), root / "newsfacet", args.workers, args.reuse, args.batch))
        print(f"newsfacet done; peak memory so far {_peak_mb():,.0f} MB", flush=True)
        chosen = {b.strip() for b in args.baselines.split(",")}
        if "fts5" in chosen:
            rows.append(bench_fts5(corpus(), root / "fts5.sqlite"))
        if "whoosh" in chosen:
            rows.append(bench_whoosh(corpus(), root / "whoosh"))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\n{'engine':<24} {'docs':>10} {'ingest docs/s':>14} {'p50 ms':>8} {'p95 ms':>8}")
    for r in rows:
        rate = f"{r['ingest_docs_s']:>14,.0f}" if r["ingest_docs_s"] else f"{'(reused)':>14}"
        print(f"{r['engine']:<24} {r['documents']:>10,} {rate} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}")
    ours = rows[0]
    for r in rows[1:]:
        print(f"newsfacet vs {r['engine']}: p50 {r['p50_ms'] / ours['p50_ms']:.1f}x faster, "
              f"p95 {r['p95_ms'] / ours['p95_ms']:.1f}x faster")
    print(f"newsfacet first searcher open (arrays built): {ours['first_open_ms']:,.0f} ms; "
          f"{ours['segments']} segments")
    print(f"newsfacet serving memory (max RSS of the fresh query process): {ours['serving_rss_mb']:,.0f} MB")
    print(f"peak memory (max RSS of this process or a worker): {_peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
