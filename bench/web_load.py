"""Web load: 16 concurrent clients for 30 s against /api/search of a real `newsfacet serve`.

    .venv/bin/python bench/web_load.py                       # 20,000 documents, 16 clients, 30 s
    .venv/bin/python bench/web_load.py --clients 32 --seconds 60 --threads 8
    .venv/bin/python bench/web_load.py --rebuild             # build the cached index again

The index is Reuters-21578 (the 19,043 stories with a body, ../shared) replicated to
--size documents (bench/reuters.py says how copies differ), ingested through the real
ingest. It is built once and cached outside the repository, in --cache (default:
$TMPDIR/newsfacet-bench/web-load-SIZE); delete it or pass --rebuild after a change to
the index format.

`newsfacet serve` (waitress) is started as a process of its own on 127.0.0.1, on a port
it picks. After every query has been asked once (warm-up, not counted), --clients
threads each keep one HTTP/1.1 connection (http.client) and ask QUERIES in turn, from
a different starting point each, until --seconds have passed. A request is an error
when it fails or its status is not 200. Printed: requests, requests per second, errors,
and latency percentiles (p50, p95, p99, max) over every request of the timed run.
Acceptance (the web issue): zero errors and p95 <= 250 ms; the exit status is 1 when
it does not hold. Client and server share the machine's cores (loopback only).
Skips with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

# Import the repository's packages (bench/ itself stays off the path, as for the other benches).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from bench import reuters  # noqa: E402

from search import __version__  # noqa: E402

P95_LIMIT_MS = 250.0

#: The mixed query list: /api/search parameters. Words, phrases, OR, NOT, prefix, fields,
#: date ranges, outlet and actor selections (one and several), sorts, pages, page sizes.
QUERIES: list[dict] = [
    {"q": "oil"}, {"q": "bank"}, {"q": "dollar"}, {"q": "coffee"}, {"q": "opec"}, {"q": "profit"},
    {"q": "shares"}, {"q": "wheat export"}, {"q": "japan trade surplus"}, {"q": "oil prices"},
    {"q": '"interest rates"'}, {"q": '"trade deficit"'}, {"q": '"crude oil"'}, {"q": '"money supply" fed'},
    {"q": "oil OR gas"}, {"q": "gold OR silver"}, {"q": "(corn OR wheat) export"}, {"q": "bank -japan"},
    {"q": "NOT dollar yen"}, {"q": "export*"}, {"q": "title:merger"}, {"q": "acquisition", "any": "1"},
    {"q": "oil", "outlet": ["Reuters"]}, {"q": "bank", "outlet": ["Wire Daily", "The Courier"]},
    {"q": '"interest rates"', "outlet": ["Market Times"]}, {"q": "oil", "actor": ["OPEC"]},
    {"q": "oil prices", "outlet": ["Reuters", "Global Post"], "actor": ["OPEC"]},
    {"q": "dollar", "actor": ["James Baker"]}, {"q": "shares", "outlet": ["Trade Journal"]},
    {"q": "", "outlet": ["Evening Ledger"]}, {"q": "", "actor": ["OPEC", "GATT"]},
    {"q": "oil", "sort": "newest"}, {"q": "bank", "sort": "oldest"}, {"q": "", "sort": "newest"},
    {"q": "oil", "page": "2"}, {"q": "shares", "page": "5"}, {"q": "dollar", "page": "3", "sort": "newest"},
    {"q": "trade", "per_page": "50"}, {"q": "oil", "from": "1987-03-01", "to": "1987-03-31"},
    {"q": "bank date:1987", "outlet": ["Reuters"]}, {"q": "", "from": "1980-01-01", "to": "1984-12-31"},
    {"q": "coffee", "interval": "year"}, {"q": "oil", "collapse": "0"},
]


def urls() -> list[str]:
    return ["/api/search?" + urlencode(q, doseq=True) for q in QUERIES]


# --------------------------------------------------------------------------- the index


def index_for(size: int, cache: Path, rebuild: bool, workers: int | None) -> Path:
    """The cached index of `size` documents, built first when it is missing (or `rebuild`)."""
    from search.ingest import ingest_items
    from search.items import record_item

    index, marker = cache / "index", cache / "built.json"
    if marker.is_file() and not rebuild:
        built = json.loads(marker.read_text())
        print(f"Index: reused {index} ({built['documents']:,} documents, built by newsfacet {built['version']} "
              f"in {built['seconds']:.0f} s; --rebuild to build it again)")
        return index
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    base = reuters.stories()
    print(f"Index: building {index}: Reuters-21578, {len(base):,} stories with a body, replicated to "
          f"{size:,} documents ...", flush=True)
    items = (record_item(f"reuters:{i}", json.dumps(r)) for i, r in enumerate(reuters.replicated(base, size)))
    start = time.perf_counter()
    summary = ingest_items(index, items, workers=workers, batch=5000)
    seconds = time.perf_counter() - start
    if summary.failed:
        sys.exit(f"web_load: ingest failed for {len(summary.failed)} records, e.g. {summary.failed[:3]}")
    marker.write_text(json.dumps({"documents": summary.documents, "version": __version__, "seconds": seconds}))
    print(f"Index: {summary.documents:,} documents ingested in {seconds:.0f} s", flush=True)
    return index


# --------------------------------------------------------------------------- the server


class Server:
    """`newsfacet serve` in a process of its own, on 127.0.0.1 and a free port."""

    def __init__(self, index: Path, threads: int):
        exe = Path(sys.executable).with_name("newsfacet")
        command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "search"]
        # stderr to a file, not a pipe: waitress logs (e.g. task queue depth) must never block it.
        self.log = tempfile.NamedTemporaryFile(prefix="newsfacet-serve-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            command + ["serve", "--index", str(index), "--host", "127.0.0.1", "--port", "0",
                       "--threads", str(threads)],
            stdout=subprocess.DEVNULL, stderr=self.log, cwd=tempfile.gettempdir())
        self.port = self._port()

    def _port(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(r"on http://127\.0\.0\.1:(\d+)/", Path(self.log.name).read_text(errors="replace"))
            if match:
                return int(match.group(1))
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        sys.exit(f"web_load: newsfacet serve did not start:\n{self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)


# --------------------------------------------------------------------------- the clients


def get(conn: http.client.HTTPConnection, url: str) -> int:
    conn.request("GET", url, headers={"Accept": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def client(port: int, paths: list[str], start: int, deadline: float, out: list, errors: list) -> None:
    """Ask `paths` in turn from `start` until `deadline`: (seconds) into `out`, failures into `errors`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = start
    try:
        while time.perf_counter() < deadline:
            url = paths[i % len(paths)]
            i += 1
            t = time.perf_counter()
            try:
                status = get(conn, url)
            except (OSError, http.client.HTTPException) as exc:
                out.append(time.perf_counter() - t)
                errors.append(f"{url}: {type(exc).__name__}: {exc}")
                conn.close()                               # a new connection for the next request
                continue
            out.append(time.perf_counter() - t)
            if status != 200:
                errors.append(f"{url}: HTTP {status}")
    finally:
        conn.close()


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def run(port: int, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    paths = urls()
    # Warm-up: every query once (the index opened, caches filled), and each must answer 200.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for url in paths:
            status = get(conn, url)
            if status != 200:
                sys.exit(f"web_load: warm-up: {url} answered HTTP {status} "
                         "(a cached index of an older format? try --rebuild)")
    finally:
        conn.close()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    start = time.perf_counter()
    deadline = start + seconds
    threads = [threading.Thread(target=client, args=(port, paths, n * len(paths) // clients, deadline,
                                                      latencies[n], errors), daemon=True)
               for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.perf_counter()) + 15)   # a request times out after 10 s
    elapsed = time.perf_counter() - start
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        errors.append(f"{stuck} clients still waiting for an answer at the end")
    return [x for per_client in latencies for x in per_client], errors, elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=20_000, help="documents in the index (default 20,000)")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of the timed run (default 30)")
    ap.add_argument("--threads", type=int, default=4, help="newsfacet serve --threads (default 4, its default)")
    ap.add_argument("--workers", type=int, help="ingest workers when building (default: the cores)")
    ap.add_argument("--cache", type=Path, help="where the index is built and kept "
                    "(default: $TMPDIR/newsfacet-bench/web-load-SIZE)")
    ap.add_argument("--rebuild", action="store_true", help="build the cached index again")
    args = ap.parse_args()
    if not reuters.REUTERS.is_dir():
        print(f"skipped: {reuters.REUTERS} is not there (a fresh clone has no ../shared)")
        return 0
    cache = args.cache or Path(tempfile.gettempdir()) / "newsfacet-bench" / f"web-load-{args.size}"
    index = index_for(args.size, cache.resolve(), args.rebuild, args.workers)
    server = Server(index, args.threads)
    try:
        latencies, errors, elapsed = run(server.port, args.clients, args.seconds)
    finally:
        server.stop()
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    n = len(ms)
    print(f"Server: newsfacet serve (waitress, {args.threads} threads) on 127.0.0.1:{server.port}; "
          f"{os.cpu_count()} cores shared with the clients")
    print(f"Load: {args.clients} clients (one keep-alive connection each) for {elapsed:.1f} s over "
          f"{len(QUERIES)} queries to /api/search (warmed up once each first)\n")
    print(f"{'requests':>9} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    if n:
        print(f"{n:>9,} {n / elapsed:>8.1f} {len(errors):>7} {percentile(ms, 50):>8.1f} {percentile(ms, 95):>8.1f} "
              f"{percentile(ms, 99):>8.1f} {ms[-1]:>8.1f}")
    for e in errors[:10]:
        print(f"error: {e}")
    ok = n > 0 and not errors and percentile(ms, 95) <= P95_LIMIT_MS
    print(f"\nAcceptance (zero errors, p95 <= {P95_LIMIT_MS:.0f} ms): {'holds' if ok else 'does NOT hold'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
