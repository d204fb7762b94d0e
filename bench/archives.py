"""Ingest from a WARC against the same pages as loose .html.gz files: speed and peak memory.

    .venv/bin/python bench/archives.py                      # 20,000 pages, in /tmp/newsfacet-archives
    .venv/bin/python bench/archives.py --pages 2000 --repeat 1
    .venv/bin/python bench/archives.py --readers            # also time warcio against fastwarc

Builds (once; kept in --dir, never in the repository) a gzipped WARC of --pages HTML
response records, the pages of ../shared/data/wcxb-dev-articles/html replicated with
distinct URLs (https://HOST/nf-copy-K/PATH), written with warcio's writer, and the same
pages as loose .html.gz files. Then ingests each into a fresh index, in a process of its
own (`ingest_items` with the default workers: the cores), --repeat times, alternating:

- warc: the archive, as `newsfacet ingest crawl.warc.gz` reads it (items_from_paths);
- loose: the files, as `newsfacet ingest pages/` reads them, each with its record's URL
  as the url hint (so that both give the same documents: a replicated page's own canonical
  URL would make its copies duplicates).

Reported per run: documents, wall seconds, documents per wall second, CPU seconds of the
whole process tree (writer and workers), documents per CPU second, and peak memory: the
largest sum of the proportional set sizes of the process tree (shared pages counted once;
sampled every 0.2 s from /proc) and of their resident sizes, the writer's own peak
(getrusage), and per role (writer, fork server, worker: the largest of the workers) the
peak proportional and resident sizes. The ratio warc/loose is of the medians. Speeds on a
shared machine drift: compare the ratio, and the CPU figure, more than the seconds.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data" / "wcxb-dev-articles"


def page_urls(pages: int) -> list[tuple[Path, str]]:
    files = sorted((SHARED / "html").glob("*.html.gz"))
    out = []
    for k in range(pages):
        f = files[k % len(files)]
        truth = SHARED / "truth" / (f.name.removesuffix(".html.gz") + ".json")
        url = json.loads(truth.read_text(encoding="utf-8")).get("url") or f"https://example.org/{f.stem}"
        parts = urlsplit(url)
        out.append((f, f"https://{parts.netloc}/nf-copy-{k // len(files)}{parts.path or '/'}"
                       + (f"?{parts.query}" if parts.query else "")))
    return out


def build(workdir: Path, pages: int, plain: bool = False) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc, loose = workdir / f"crawl-{pages}.warc{'' if plain else '.gz'}", workdir / f"pages-{pages}"
    done = workdir / f".built-{pages}"
    if done.exists() and warc.exists():
        return warc, loose
    loose.mkdir(parents=True, exist_ok=True)
    urls = {}
    with open(warc, "wb") as f:
        writer = WARCWriter(f, gzip=not plain)
        for k, (src, url) in enumerate(page_urls(pages)):
            raw = src.read_bytes()
            data = gzip.decompress(raw)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(data)))],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data),
                                                          http_headers=http))
            name = f"{k:06d}.html.gz"
            (loose / name).write_bytes(raw)
            urls[name] = url
    (workdir / f"urls-{pages}.json").write_text(json.dumps(urls), encoding="utf-8")
    done.touch()
    return warc, loose


# --------------------------------------------------------------------------- one run (a child process)


def run_child(kind: str, source: str, index: str, urls: str | None, workers: str = "0") -> None:
    from search.ingest import ingest_items
    from search.items import items_from_paths

    items = items_from_paths([source])
    if kind == "loose":
        url_of = json.loads(Path(urls).read_text(encoding="utf-8"))

        def with_urls(items):
            for item in items:
                item.hints["url"] = url_of[os.path.basename(item.source)]
                yield item
        items = with_urls(items)
    summary = ingest_items(index, items, workers=int(workers) or None)
    print(json.dumps({"documents": summary.documents, "added": summary.added, "failed": len(summary.failed),
                      "duplicates": summary.duplicates, "writer_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


# --------------------------------------------------------------------------- measuring


def _pss(pid: int) -> int:
    """Proportional set size in bytes: the process's own pages, plus each page it shares
    (a library, the fork server's tables) divided by the processes sharing it."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def _role(pid: int, root: int, parent: dict[int, int]) -> str:
    """"writer" (the run's own process), "forkserver" (the writer's child), "worker" (a fork
    server's child, or a pool process of the writer's) or "other" (multiprocessing's resource tracker)."""
    if pid == root:
        return "writer"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read()
    except OSError:
        return "other"
    if b"forkserver" in cmd and parent.get(pid) == root:   # its workers, forked from it, share its command line
        return "forkserver"
    if b"resource_tracker" in cmd:
        return "other"
    return "worker"


def _tree(root: int, cpu: dict[int, float], peaks: dict[int, int] | None = None,
          roles: dict[str, list[int]] | None = None) -> tuple[int, int]:
    """Memory of `root` and its descendants: the sum of their proportional set sizes (what
    the machine gives the tree: shared pages counted once) and of their resident sizes
    (shared pages counted in every process). Their CPU seconds so far go in `cpu` (by pid:
    the pool's workers are not children the run waits for, so getrusage misses them), and
    each one's largest resident bytes so far in `peaks`; in `roles`, the largest
    [proportional, resident] bytes of a process of each role (see `_role`)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    pss: dict[int, int] = {}
    ticks: dict[int, float] = {}
    parent: dict[int, int] = {}
    hz = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            ticks[int(d)] = (int(fields[11]) + int(fields[12])) / hz
            children.setdefault(ppid, []).append(int(d))
            parent[int(d)] = ppid
        except (OSError, ValueError, IndexError):
            continue
    total_pss = total_rss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                rss[pid] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            pss[pid] = _pss(pid)
        except (OSError, ValueError, IndexError):
            pass
        total_rss += rss.get(pid, 0)
        total_pss += pss.get(pid, 0)
        if peaks is not None and pid in rss:
            peaks[pid] = max(peaks.get(pid, 0), rss[pid])
        if roles is not None and pid in rss:
            role = roles.setdefault(_role(pid, root, parent), [0, 0])
            role[0], role[1] = max(role[0], pss.get(pid, 0)), max(role[1], rss[pid])
        if pid in ticks:
            cpu[pid] = max(cpu.get(pid, 0.0), ticks[pid])
        todo += children.get(pid, [])
    return total_pss, total_rss


def measure(kind: str, source: Path, workdir: Path, urls: Path, workers: int = 0) -> dict:
    index = workdir / f"index-{kind}"
    shutil.rmtree(index, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind, str(source), str(index), str(urls), str(workers)],
                            stdout=subprocess.PIPE, text=True, cwd=str(REPO))
    peak = [0, 0]
    cpu_of: dict[int, float] = {}
    peaks: dict[int, int] = {}
    roles: dict[str, list[int]] = {}

    def sample():
        while proc.poll() is None:
            pss, rss = _tree(proc.pid, cpu_of, peaks, roles)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            time.sleep(0.2)
    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    t.join()
    cpu = sum(cpu_of.values())   # as last sampled: up to 0.2 s of each process's end is missed
    if proc.returncode != 0:
        raise SystemExit(f"the {kind} run failed (exit status {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    docs = result["documents"]
    result.update(kind=kind, wall_s=round(wall, 1), docs_per_s=round(docs / wall, 1), cpu_s=round(cpu, 1),
                  docs_per_cpu_s=round(docs / cpu, 2), tree_peak_mb=round(peak[0] / 2**20), tree_rss_peak_mb=round(peak[1] / 2**20),
                  writer_peak_mb=round(result["writer_peak_mb"]),
                  process_peaks_mb=sorted((round(v / 2**20) for v in peaks.values()), reverse=True),
                  role_peaks_mb={role: {"pss": round(v[0] / 2**20), "rss": round(v[1] / 2**20)}
                                 for role, v in sorted(roles.items())})
    shutil.rmtree(index, ignore_errors=True)
    return result


def readers(warc: Path) -> None:
    """CPU seconds to read every record's payload, warcio against fastwarc (if installed)."""
    from warcio.archiveiterator import ArchiveIterator

    t = time.process_time()
    n = 0
    with open(warc, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    print(f"warcio:   {n} records read in {time.process_time() - t:.1f} CPU s")
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator, WarcRecordType
    except ImportError:
        print("fastwarc: not installed (pip install fastwarc to compare)")
        return
    t = time.process_time()
    n = 0
    for record in FastIterator(str(warc), record_types=WarcRecordType.response, fsspec_args=False):
        record.reader.read()
        n += 1
    print(f"fastwarc: {n} records read in {time.process_time() - t:.1f} CPU s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--dir", default="/tmp/newsfacet-archives", help="where the WARC, the pages and the indexes go")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each kind, alternating")
    ap.add_argument("--readers", action="store_true", help="also time warcio against fastwarc")
    ap.add_argument("--plain", action="store_true",
                    help="an uncompressed .warc (20,000 pages: 3.6 GB) instead of .warc.gz (0.68 GB)")
    ap.add_argument("--workers", type=int, default=0,
                    help="extraction processes (default: newsfacet's default, the cores; 1: in the writer)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child(*args.child)
        return 0
    if not (SHARED / "html").is_dir():
        print(f"skipped: {SHARED} is not there (bench/archives.py builds its pages from it)")
        return 0
    workdir = Path(args.dir)
    workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    warc, loose = build(workdir, args.pages, args.plain)
    urls = workdir / f"urls-{args.pages}.json"
    print(f"{args.pages} pages: {warc} ({warc.stat().st_size / 1e9:.2f} GB), {loose}/ "
          f"(built or found in {time.perf_counter() - t:.0f} s)", flush=True)
    if args.readers:
        readers(warc)
    runs: dict[str, list[dict]] = {"warc": [], "loose": []}
    for i in range(args.repeat):
        for kind in (("warc", "loose") if i % 2 == 0 else ("loose", "warc")):
            r = measure(kind, warc if kind == "warc" else loose, workdir, urls, args.workers)
            runs[kind].append(r)
            print(json.dumps(r), flush=True)
    med = {k: statistics.median(r["docs_per_s"] for r in v) for k, v in runs.items()}
    med_cpu = {k: statistics.median(r["docs_per_cpu_s"] for r in v) for k, v in runs.items()}
    peak = max(r["tree_peak_mb"] for r in runs["warc"])
    print(f"warc/loose speed: {med['warc'] / med['loose']:.3f} by wall time ({med['warc']:.1f} vs {med['loose']:.1f} docs/s), "
          f"{med_cpu['warc'] / med_cpu['loose']:.3f} by CPU time; WARC ingest peak memory (process tree) {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
