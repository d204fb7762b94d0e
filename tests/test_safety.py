"""Data safety on a real index on disk and real processes: SIGKILL at random points,
Ctrl-C and SIGTERM, searches (CLI and HTTP) during an ingest and a reindex, two
writers at once, a full disk and a read-only folder, a damaged segment."""
from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import crashkit
from crashkit import REPO, newsfacet
from search.backends.whoosh.check import check
from search.engine import SearchRequest, search
from search.errors import IndexWriteError
from search.backends.whoosh.backend import WhooshBackend
from search.backends.whoosh.index import exists
from search.ingest import ingest, reindex
from search.writing import JOURNAL_FILE
from search.backends.whoosh.safety import NEW_DIR, leftovers

ENV = dict(os.environ, PYTHONWARNINGS="ignore")


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(newsfacet(*args), cwd=REPO, env=ENV, capture_output=True, text=True, timeout=timeout)


# --------------------------------------------------------------------------- SIGKILL


def test_sigkill_at_20_random_points_then_rerun_equals_a_clean_run(tmp_path):
    records = crashkit.write_captures(tmp_path / "captures.jsonl", 2000)
    clean_dir = tmp_path / "clean"
    ingest(clean_dir, [str(records)], workers=1, batch=64)
    clean = crashkit.state(clean_dir)
    assert clean["documents"] == clean["captures"] == 2000

    crashed = tmp_path / "crashed"
    reports = []

    def after_kill(i):
        if exists(crashed):
            reports.append(crashkit.assert_sound(crashed))

    figures = crashkit.kill_trials(crashed, records, 20, random.Random(20261125), batch=64, after_kill=after_kill)
    assert figures["kills"] >= 18, figures     # (a run may finish before its kill point: counted)
    assert reports and all(r["ok"] for r in reports)
    documents = [r["documents"] for r in reports]
    assert documents == sorted(documents) and 0 < documents[-1] < 2000   # progress kept, not finished
    assert crashkit.state(crashed) == clean
    assert check(crashed).ok
    again = run("ingest", "--index", str(crashed), str(records))
    assert again.returncode == 0 and "0 added" in again.stderr and "2000 unchanged" in again.stderr


def test_crash_between_index_and_store_commits_is_undone(tmp_path, monkeypatch):
    """The one window where the two disagree: the next writer (or check) undoes the batch."""
    from search.errors import Interrupted
    from search.store import CaptureStore

    records = crashkit.write_captures(tmp_path / "c.jsonl", 200)
    ingest(tmp_path / "ix", [str(records)], workers=1, batch=64)
    crashkit.write_captures(tmp_path / "more.jsonl", 300, seed=8)   # 200 of them updates
    real = CaptureStore.commit
    calls = []

    def power_cut(self):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self)

    monkeypatch.setattr(CaptureStore, "commit", power_cut)
    with pytest.raises(Interrupted):
        ingest(tmp_path / "ix", [str(tmp_path / "more.jsonl")], workers=1, batch=64)
    monkeypatch.setattr(CaptureStore, "commit", real)
    assert (tmp_path / "ix" / JOURNAL_FILE).exists()
    report = check(tmp_path / "ix")
    assert report.ok, report.problems
    assert any("undid a batch of 64" in n for n in report.recovered)
    assert not (tmp_path / "ix" / JOURNAL_FILE).exists()
    ingest(tmp_path / "ix", [str(tmp_path / "more.jsonl")], workers=1, batch=64)
    ingest(tmp_path / "clean", [str(records)], workers=1, batch=64)
    ingest(tmp_path / "clean", [str(tmp_path / "more.jsonl")], workers=1, batch=64)
    assert crashkit.state(tmp_path / "ix") == crashkit.state(tmp_path / "clean")


# --------------------------------------------------------------------------- Ctrl-C, SIGTERM


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_cleanly_with_a_summary(tmp_path, sig, code):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 500)
    ix = tmp_path / "ix"
    proc = subprocess.Popen(newsfacet("ingest", "--index", str(ix), "--batch", "64", "--workers", "2", str(records)),
                            cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while crashkit.latest_generation(ix / "whoosh") < 1 and time.monotonic() < deadline:  # a first commit
        time.sleep(0.01)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "Traceback" not in out
    m = re.search(r"interrupted: (\d+) captures \((\d+) documents\) were committed", err)
    assert m, err
    assert "hint: run the same command again" in err
    assert check(ix).ok
    assert crashkit.state(ix)["documents"] == int(m.group(2)) < 500
    rest = run("ingest", "--index", str(ix), str(records))
    assert rest.returncode == 0 and f"{m.group(1)} unchanged" in rest.stderr
    assert crashkit.state(ix)["documents"] == 500


# --------------------------------------------------------------------------- readers never block


def _serve(index_dir: Path):
    proc = subprocess.Popen(newsfacet("serve", "--index", str(index_dir), "--port", "0"), cwd=REPO, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"on http://127\.0\.0\.1:(\d+)/", line)
    assert m, line
    return proc, f"http://127.0.0.1:{m.group(1)}"


class Searchers:
    """Searches in a loop, over HTTP (two threads) and by the CLI (a process each time),
    recording every answer's total or failure."""

    def __init__(self, base: str, index_dir: Path):
        self.base, self.index_dir = base, index_dir
        self.stop = threading.Event()
        self.http: list[list[int]] = [[], []]
        self.cli: list[int] = []
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self._http, args=(i,)) for i in range(2)]
        self.threads.append(threading.Thread(target=self._cli))

    def _http(self, i):
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(self.base + "/api/search?q=story&collapse=0&per_page=1", timeout=30) as r:
                    self.http[i].append(json.loads(r.read())["total"])
            except (OSError, ValueError) as exc:
                self.failures.append(f"http: {exc}")
            time.sleep(0.02)   # leave the writer some of the machine

    def _cli(self):
        while not self.stop.is_set():
            r = run("search", "--index", str(self.index_dir), "--json", "--no-collapse", "--per-page", "1", "story")
            if r.returncode != 0 or "Traceback" in r.stderr:
                self.failures.append(f"cli: exit {r.returncode}: {r.stderr.strip()[-300:]}")
            else:
                self.cli.append(json.loads(r.stdout)["total"])

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(60)

    def answers(self) -> list[list[int]]:
        return self.http + [self.cli]


def test_searches_answer_during_ingest_merge_and_reindex(tmp_path):
    first = crashkit.write_captures(tmp_path / "first.jsonl", 200)
    more = crashkit.write_captures(tmp_path / "more.jsonl", 900, seed=9, start=200)
    ix = tmp_path / "ix"
    ingest(ix, [str(first)], workers=1, batch=32)      # 6 segments of 32 and one of 8
    server, base = _serve(ix)
    try:
        with Searchers(base, ix) as s:
            time.sleep(0.5)
            r = run("ingest", "--index", str(ix), "--batch", "32", "--workers", "1", str(more), timeout=300)
            time.sleep(0.5)
        assert r.returncode == 0, r.stderr
        assert not s.failures, s.failures[:5]
        # Committed states: 200, then 32 more captures per commit, finally 1100. The 26th
        # commit makes the 32nd segment of 32 documents: they are merged (readers see that too).
        committed = {200 + 32 * k for k in range(0, 29)} | {1100}
        for answers in s.answers():
            assert answers, "no answer at all"
            assert set(answers) <= committed, sorted(set(answers) - committed)
            assert answers == sorted(answers)   # never back to an older state
        assert sum(len(a) for a in s.answers()) > 10
        assert s.answers()[0][-1] == 1100
        assert check(ix).segments < 10     # a merge happened

        with Searchers(base, ix) as s:
            time.sleep(0.5)
            r = run("reindex", "--index", str(ix), "--workers", "1", timeout=300)
            time.sleep(1.0)
        assert r.returncode == 0, r.stderr
        assert not s.failures, s.failures[:5]
        for answers in s.answers():
            assert answers and set(answers) == {1100}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        finally:   # a server that does not stop is killed: its pipe must not leak into other tests
            if server.poll() is None:
                server.kill()
                server.wait()
            server.stderr.close()
    assert server.returncode == 0
    assert check(ix).ok


def test_reader_keeps_its_searcher_through_a_swap(tmp_path):
    """A searcher opened before a reindex keeps answering; the next search sees the new index."""
    records = crashkit.write_captures(tmp_path / "c.jsonl", 100)
    ingest(tmp_path / "ix", [str(records)], workers=1)
    index = WhooshBackend.open(tmp_path / "ix")
    before = search(index, SearchRequest(query="story", collapse=False))["total"]
    searcher = index.searcher()
    reindex(tmp_path / "ix", workers=1)
    assert searcher.doc_count() == 100 and len(list(searcher.documents())) == 100   # old files still readable
    assert search(index, SearchRequest(query="story", collapse=False))["total"] == before == 100
    assert index.searcher() is not searcher     # it looked again, found the new generation
    index.close()


def test_a_searcher_opened_before_a_swap_reads_what_it_had_not_touched(tmp_path):
    """A search that opened the index just before a reindex swapped the folders reads
    stored fields, lengths and columns it had not read yet from the old files (Whoosh
    opens those on first use, and would look for them in the new folder)."""
    records = crashkit.write_captures(tmp_path / "c.jsonl", 60)
    ingest(tmp_path / "ix", [str(records)], workers=1, batch=25)    # three segments
    index = WhooshBackend.open(tmp_path / "ix")
    searcher = index.searcher()                 # nothing read through it yet
    reindex(tmp_path / "ix", workers=1)
    reader = searcher.reader()
    ids = {searcher.stored_fields(n)["id"] for n in range(reader.doc_count_all())}
    assert len(ids) == 60
    assert all(reader.doc_field_length(n, "body") > 0 for n in range(reader.doc_count_all()))
    for leaf, _ in reader.leaf_readers():
        assert leaf.has_column("day") and len(list(leaf.column_reader("day"))) == leaf.doc_count_all()
    assert search(index, SearchRequest(query="story", collapse=False))["total"] == 60
    index.close()


# --------------------------------------------------------------------------- two writers


def test_two_ingests_at_once_one_waits_and_the_index_ends_right(tmp_path):
    a = crashkit.write_captures(tmp_path / "a.jsonl", 300, seed=1)
    b = tmp_path / "b.jsonl"
    b.write_text(a.read_text(encoding="utf-8").replace("https://news", "https://other"), encoding="utf-8")
    ix = tmp_path / "ix"
    lock = ix / "newsfacet.lock"

    def start(f):
        return subprocess.Popen(newsfacet("ingest", "--index", str(ix), "--workers", "1", "--batch", "64",
                                          "--lock-timeout", "120", str(f)),
                                cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = start(a)
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().startswith("pid")) and time.monotonic() < deadline:
        time.sleep(0.005)
    first.send_signal(signal.SIGSTOP)          # hold it there: the second one must wait
    try:
        second = start(b)
        said = second.stderr.readline()
    finally:
        first.send_signal(signal.SIGCONT)
    assert re.search(r"another process \(pid \d+ since [0-9:]+\) is writing to the index; waiting", said), said
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], results
    assert crashkit.state(ix)["documents"] == 600
    assert check(ix).ok

    # A writer that gives up: a clear message, a hint, exit 1, and the index unchanged.
    holder = subprocess.Popen(newsfacet("ingest", "--index", str(ix), "--workers", "1", "--batch", "2000",
                                        str(crashkit.write_captures(tmp_path / "c.jsonl", 800, seed=3, start=1000))),
                              cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        lock = ix / "newsfacet.lock"
        while not (lock.exists() and lock.read_text().startswith("pid")) and time.monotonic() < deadline:
            time.sleep(0.01)
        holder.send_signal(signal.SIGSTOP)
        late = run("ingest", "--index", str(ix), "--lock-timeout", "0.5", str(a))
    finally:
        holder.send_signal(signal.SIGCONT)
        holder.send_signal(signal.SIGINT)
        holder.communicate(timeout=120)
    assert late.returncode == 1
    assert "locked by another writer (held by pid" in late.stderr and "hint:" in late.stderr
    assert "Traceback" not in late.stderr
    assert check(ix).ok


def test_a_dead_holders_lock_is_recognised_and_cleared(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 50)
    ix = tmp_path / "ix"
    code = ("import os, sys; from pathlib import Path; from search.backends.whoosh.locking import writer_lock\n"
            "with writer_lock(Path(sys.argv[1])):\n    os.kill(os.getpid(), 9)\n")
    dead = subprocess.run([sys.executable, "-c", code, str(ix)], cwd=REPO, env=ENV)
    assert dead.returncode == -signal.SIGKILL
    assert (ix / "newsfacet.lock").read_text().startswith("pid")      # it died holding it
    r = run("ingest", "--index", str(ix), "--lock-timeout", "0", str(records))
    assert r.returncode == 0, r.stderr                                  # no wait: the lock died with it
    assert "the previous writer (pid" in r.stderr and "stopped without finishing" in r.stderr
    assert (ix / "newsfacet.lock").read_text() == ""


# --------------------------------------------------------------------------- disk full, read-only


@contextlib.contextmanager
def small_disk(size: str):
    """A real small filesystem (tmpfs) mounted for the test, or None where mounting is not permitted."""
    where = Path(tempfile.mkdtemp(prefix="newsfacet-disk-"))
    ok = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                                              capture_output=True).returncode == 0
    try:
        yield where if ok else None
    finally:
        if ok:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        shutil.rmtree(where, ignore_errors=True)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the filesystem of `folder` until `leave` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    filler = folder / "filler"
    with open(filler, "wb") as f:
        try:
            f.write(b"\0" * max(0, free - leave))
        except OSError:
            pass
    return filler


def _limit_file_size(limit: int):
    import resource

    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)     # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_disk_full_is_a_clear_error_and_loses_nothing(tmp_path):
    first = crashkit.write_captures(tmp_path / "first.jsonl", 100)
    big = crashkit.write_captures(tmp_path / "big.jsonl", 1200, seed=4, start=100)
    with small_disk("48m") as disk:
        ix = (disk or tmp_path) / "ix"
        ingest(ix, [str(first)], workers=1, batch=64)
        before = crashkit.state(ix)
        if disk is not None:
            filler = _fill(disk, 64_000)
            r = run("ingest", "--index", str(ix), "--workers", "1", "--batch", "400", str(big))
        else:   # no mount here: the same failure from a per-process file size limit (EFBIG)
            filler = None
            size = max(p.stat().st_size for p in ix.rglob("*") if p.is_file())
            r = subprocess.run(newsfacet("ingest", "--index", str(ix), "--workers", "1", "--batch", "400", str(big)),
                               cwd=REPO, env=ENV, capture_output=True, text=True, preexec_fn=_limit_file_size(size + 4096))
        assert r.returncode == 1, r.stderr
        assert "Traceback" not in r.stderr
        lines = [ln for ln in r.stderr.splitlines() if ln.startswith("newsfacet: error:")]
        assert len(lines) == 1 and f"cannot write to the index at {ix}" in lines[0], r.stderr
        assert "it is as it was after the last commit" in lines[0]
        assert "hint: free some disk space" in r.stderr
        after = crashkit.state(ix)      # readers: as before, or with whole batches more
        assert after["documents"] == after["captures"] >= before["documents"]
        assert all(after["facets"]["outlet"].get(k, 0) >= v for k, v in before["facets"]["outlet"].items())
        if filler is not None:
            filler.unlink()
        report = check(ix)
        assert report.ok, report.problems
        assert not leftovers(ix / "whoosh")
        r = run("ingest", "--index", str(ix), "--workers", "1", "--batch", "400", str(big))
        assert r.returncode == 0, r.stderr
        assert crashkit.state(ix)["documents"] == 1300


def test_read_only_index_folder(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 100)
    more = crashkit.write_captures(tmp_path / "more.jsonl", 50, seed=5)
    with small_disk("16m") as disk:
        ix = (disk or tmp_path) / "ix"
        ingest(ix, [str(records)], workers=1)
        before = crashkit.state(ix)
        if disk is not None:
            assert subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode == 0
            preexec = None
        else:
            if os.geteuid() == 0:
                pytest.fail("running as root where mounting is not permitted: no read-only folder to test with")
            for p in [ix, *ix.rglob("*")]:
                p.chmod(p.stat().st_mode & ~0o222)
            preexec = None
        try:
            r = subprocess.run(newsfacet("ingest", "--index", str(ix), str(more)), cwd=REPO, env=ENV,
                               capture_output=True, text=True, preexec_fn=preexec)
            assert r.returncode == 1 and "Traceback" not in r.stderr
            assert f"newsfacet: error: cannot write to the index at {ix}: the folder is read-only" in r.stderr \
                or f"newsfacet: error: cannot write to the index at {ix}: permission denied" in r.stderr, r.stderr
            assert "hint: make the folder writable" in r.stderr
            s = run("search", "--index", str(ix), "--json", "--no-collapse", "story")
            assert s.returncode == 0 and json.loads(s.stdout)["total"] == before["documents"]
            c = run("check", "--index", str(ix))
            assert c.returncode == 0 and "checked without the writer lock" in c.stderr, c.stderr
            d = run("delete", "--index", str(ix), "nope")
            assert d.returncode == 1 and "Traceback" not in d.stderr
            assert crashkit.state(ix) == before
        finally:
            if disk is not None:
                subprocess.run(["mount", "-o", "remount,rw", str(disk)])
            else:
                for p in [ix, *ix.rglob("*")]:
                    p.chmod(p.stat().st_mode | 0o200)


# --------------------------------------------------------------------------- damage, check, reindex


def test_check_finds_a_damaged_segment_and_reindex_brings_every_capture_back(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 400)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1, batch=100)
    good = crashkit.state(ix)
    ok = run("check", "--index", str(ix))
    assert ok.returncode == 0 and ok.stdout.startswith("OK: 400 documents"), ok.stdout + ok.stderr

    postings = sorted((ix / "whoosh").glob("*.pst"))[1]
    data = bytearray(postings.read_bytes())
    data[len(data) // 2: len(data) // 2 + 16] = b"\xff" * 16
    postings.write_bytes(bytes(data))
    bad = run("check", "--index", str(ix))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert f"{postings.name}" in bad.stderr and "damaged" in bad.stderr
    assert "hint: run `newsfacet reindex`" in bad.stderr

    fixed = run("reindex", "--index", str(ix))
    assert fixed.returncode == 0, fixed.stderr
    assert run("check", "--index", str(ix)).returncode == 0
    assert crashkit.state(ix)["facets"] == good["facets"]
    assert crashkit.state(ix)["documents"] == good["documents"] == 400


def test_check_finds_a_lost_segment_file_and_an_unreadable_toc(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 200)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1, batch=100)
    victim = sorted((ix / "whoosh").glob("*.trm"))[0]
    victim.unlink()
    report = check(ix)
    assert not report.ok and any("missing" in p and victim.name in p for p in report.problems), report.problems
    reindex(ix, workers=1)
    assert check(ix).ok
    toc = next((ix / "whoosh").glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes()[:40])
    report = check(ix)
    assert not report.ok and "table of contents" in report.problems[0]
    s = run("search", "--index", str(ix), "story")
    assert s.returncode == 1 and "Traceback" not in s.stderr and "newsfacet check" in s.stderr
    reindex(ix, workers=1)
    assert check(ix).ok and crashkit.state(ix)["documents"] == 200


def test_check_cleans_leftovers_of_a_dead_writer_and_stale_arrays(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 100)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1)
    w = ix / "whoosh"
    (w / "MAIN.tmp").mkdir()
    (w / "MAIN.tmp" / "run1.tmp").write_bytes(b"x" * 100)
    (w / "_MAIN_1.toc.1700000000.5").write_bytes(b"half a toc")
    (w / "MAIN_orphan0segment.pst").write_bytes(b"x")
    (ix / "arrays").mkdir(exist_ok=True)
    (ix / "arrays" / "MAIN_gone.v1.pickle").write_bytes(b"junk")
    report = check(ix)
    assert report.ok, report.problems
    assert any("3 leftover file(s)" in n for n in report.recovered), report.recovered
    assert not leftovers(w) and not (ix / "arrays" / "MAIN_gone.v1.pickle").exists()

    # Saved arrays that no longer match their segment: removed (a search builds them again).
    crashkit.state(ix)                                   # a search saves them
    saved = sorted((ix / "arrays").glob("*.pickle"))
    assert saved
    saved[0].write_bytes(b"not a pickle")
    report = check(ix)
    assert report.ok and any("removed the saved arrays of segment" in n for n in report.notes), report.notes
    assert not saved[0].exists()


def test_interrupted_reindex_leaves_the_old_index_and_a_committed_one_is_finished(tmp_path, monkeypatch):
    from search import writing as writing_module
    from search.backends.whoosh import backend as whoosh_backend
    from search.errors import Interrupted

    records = crashkit.write_captures(tmp_path / "c.jsonl", 300)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1, batch=100)
    good = crashkit.state(ix)

    # SIGKILL while it builds: the old index is untouched, whoosh.new/ is removed later.
    proc = subprocess.Popen(newsfacet("reindex", "--index", str(ix), "--workers", "1"), cwd=REPO, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (ix / NEW_DIR).exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    time.sleep(0.3)
    proc.kill()
    proc.wait()
    assert (ix / NEW_DIR).exists()
    assert crashkit.state(ix) == good
    report = check(ix)
    assert report.ok and not (ix / NEW_DIR).exists()
    assert any("unfinished reindex" in n for n in report.recovered)

    # Stopped after the store committed but before the swap: the next writer swaps it in.
    def cut(new, live):
        raise KeyboardInterrupt
    monkeypatch.setattr(whoosh_backend, "swap_in", cut)
    with pytest.raises(KeyboardInterrupt):
        reindex(ix, workers=1)
    monkeypatch.undo()
    assert (ix / NEW_DIR).exists()
    report = check(ix)
    assert report.ok, report.problems
    assert any("finished an interrupted reindex" in n for n in report.recovered)
    assert not (ix / NEW_DIR).exists() and crashkit.state(ix) == good

    # Ctrl-C during a reindex (library: KeyboardInterrupt inside the run): nothing changes.
    calls = []
    real = writing_module.BatchWriter.add

    def interrupt(self, out):
        calls.append(1)
        if len(calls) == 150:
            raise KeyboardInterrupt
        real(self, out)
    monkeypatch.setattr(writing_module.BatchWriter, "add", interrupt)
    with pytest.raises(Interrupted):
        reindex(ix, workers=1, batch=50)
    monkeypatch.undo()
    assert not (ix / NEW_DIR).exists() and crashkit.state(ix) == good and check(ix).ok


def test_a_swap_stopped_half_way_without_renameat2_is_put_back(tmp_path):
    """Where folders cannot be exchanged in one step, the swap is three renames; stopped
    after the first (no whoosh/, only whoosh.swap/), the next writer puts the old one back."""
    records = crashkit.write_captures(tmp_path / "c.jsonl", 60)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1)
    good = crashkit.state(ix)
    os.replace(ix / "whoosh", ix / "whoosh.swap")
    report = check(ix)
    assert report.ok, report.problems
    assert any("folder swap" in n for n in report.recovered)
    assert crashkit.state(ix) == good and not (ix / "whoosh.swap").exists()


#: Points inside the commit protocol (function, which call): the writer kills itself
#: (SIGKILL) on entering it. Writing a segment, the journal, the TOC (its temporary file,
#: fsync and rename), Whoosh's clean-up of replaced files, a merge, the store's commit,
#: the checksums.
KILL_POINTS = [
    ("SegmentWriter._finalize_segment", 2),
    ("BatchWriter._write_journal", 3),
    ("TOC.write", 2),
    ("durable_storage.<locals>.DurableStorage._fsync", 5),
    ("clean_files", 2),
    ("SegmentWriter.add_reader", 1),
    ("CaptureStore.commit", 2),
    ("seal", 1),
]

_KILLER = """
import os, signal, sys
from search.backends.whoosh import codec as index
from search.cli import main
index.MERGE_FACTOR = 4          # merges early, so that a kill can land in one
target, nth = sys.argv[1], int(sys.argv[2])
seen = [0]
def profile(frame, event, arg):
    if event == "call" and frame.f_code.co_qualname == target:
        seen[0] += 1
        if seen[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
sys.setprofile(profile)
main(sys.argv[3:], prog_name="newsfacet")
"""


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("points")
    records = crashkit.write_captures(d / "c.jsonl", 130)
    ingest(d / "clean", [str(records)], workers=1, batch=32)
    return records, crashkit.state(d / "clean")


@pytest.mark.parametrize("point,nth", KILL_POINTS, ids=[p.rsplit(">.", 1)[-1] for p, _ in KILL_POINTS])
def test_sigkill_at_each_point_of_a_commit(tmp_path, small_batch, point, nth):
    records, clean = small_batch
    ix = tmp_path / "ix"
    killed = subprocess.run([sys.executable, "-c", _KILLER, point, str(nth), "ingest", "--index", str(ix),
                             "--workers", "1", "--batch", "32", str(records)],
                            cwd=REPO, env=ENV, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, f"{point} was not reached: {killed.stderr[-500:]}"
    if exists(ix):
        crashkit.assert_sound(ix)
    ingest(ix, [str(records)], workers=1, batch=32)
    assert crashkit.state(ix) == clean
    assert check(ix).ok


def test_ctrl_c_while_waiting_for_the_lock_stops_at_once(tmp_path):
    records = crashkit.write_captures(tmp_path / "c.jsonl", 30)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1)
    code = ("import sys, time; from pathlib import Path; from search.backends.whoosh.locking import writer_lock\n"
            "with writer_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(ix)], cwd=REPO, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = subprocess.Popen(newsfacet("ingest", "--index", str(ix), str(records)), cwd=REPO, env=ENV,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert "waiting" in waiting.stderr.readline()
        waiting.send_signal(signal.SIGINT)
        out, err = waiting.communicate(timeout=30)
    finally:
        holder.kill()
        holder.communicate()
    assert waiting.returncode == 130 and "interrupted before anything was written" in err
    assert "Traceback" not in err


def test_whooshs_own_lock_held_by_another_program_is_a_clear_error(tmp_path, monkeypatch):
    """Whoosh's MAIN_WRITELOCK (an flock too, so it also dies with its holder), held by a
    program that does not take newsfacet's lock: the writer gives up with IndexLocked."""
    import fcntl

    from whoosh.writing import SegmentWriter

    from search.errors import IndexLocked

    records = crashkit.write_captures(tmp_path / "c.jsonl", 20)
    ix = tmp_path / "ix"
    ingest(ix, [str(records)], workers=1)
    real = SegmentWriter.__init__

    def no_long_wait(self, whoosh_ix, **kwargs):   # Whoosh waits 30 s for its lock: not in a test
        real(self, whoosh_ix, **{**kwargs, "timeout": 0.2})
    monkeypatch.setattr(SegmentWriter, "__init__", no_long_wait)
    fd = os.open(ix / "whoosh" / "MAIN_WRITELOCK", os.O_CREAT | os.O_WRONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        index = WhooshBackend.open(ix)
        try:
            with pytest.raises(IndexLocked, match="a program other than newsfacet"):
                index.writer()
        finally:
            index.close()
    finally:
        os.close(fd)
    index = WhooshBackend.open(ix)
    try:
        index.writer().cancel()        # released: a writer opens at once
    finally:
        index.close()
