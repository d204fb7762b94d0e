"""Crash trials on a real index: synthetic multilingual captures, `newsfacet ingest`
run as a process and killed with SIGKILL at random points (fixed seed), and the state
an index ends in. Shared by tests/test_safety.py and bench/crash.py.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from search.backends.whoosh.check import check
from search.engine import SearchRequest, search
from search.backends.whoosh.backend import WhooshBackend
from search.backends.whoosh.index import exists
from search.backends.whoosh.schema import WHOOSH_DIR
from search.backends.whoosh.safety import latest_generation
from search.store import CaptureStore

REPO = Path(__file__).resolve().parents[1]

#: Words of several languages and scripts; every capture says "story" (a word all match).
WORDS = {
    "en": "harbour council minister budget election river festival school market railway strike".split(),
    "de": "Bürgermeister Straße Haushalt Wahl Fluss Schule Markt Bahnhof Gemeinde Brücke Streik".split(),
    "fr": "maire élection budget rivière école marché gare conseil grève pêcheurs".split(),
    "ru": "министр бюджет выборы река школа рынок вокзал город мост совет забастовка".split(),
    "el": "υπουργός προϋπολογισμός εκλογές ποταμός σχολείο αγορά σταθμός πόλη απεργία".split(),
    "zh": "市长 选举 预算 河流 学校 市场 车站 议会 罢工".split(),
}
OUTLETS = ["Harbour Herald", "Die Zeitung", "Le Quotidien", "Городские вести", "Η Καθημερινή", "日报"]
ACTORS = ["Mara Quinn", "Tomas Berg", "Zoë Ångström", "Иван Петров", "Νίκος Παππάς", "王伟"]


def write_captures(path: Path, n: int, seed: int = 7, start: int = 0) -> Path:
    """`n` JSON Lines records numbered from `start`: a URL (from the number: the same
    number with another seed is an update), an outlet, a date, a title, actors and a
    few paragraphs."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(start, start + n):
            lang = rng.choice(sorted(WORDS))
            words = WORDS[lang]
            paras = [f"Story {i}-{p}: " + " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))) + "."
                     for p in range(rng.randint(2, 3))]
            record = {"url": f"https://news{i % 6}.example/story/{i}", "outlet": OUTLETS[i % len(OUTLETS)],
                      "date": f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}", "title": f"Story {i} ({lang})",
                      "text": "\n\n".join(paras), "actors": rng.sample(ACTORS, rng.randint(0, 2))}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def state(index_dir: Path) -> dict:
    """What a user sees of an index: documents, stored captures, and the facet counts
    (outlet, actor, date by year) and totals of a search matching every document."""
    index = WhooshBackend.open(index_dir)
    try:
        every = search(index, SearchRequest(query="story", collapse=False, facet_top=1000, interval="year"))
        folded = search(index, SearchRequest(query="story"))
        facets = {name: {v["value"]: v["count"] for v in every["facets"][name]["values"]}
                  for name in ("outlet", "actor", "date")}
        out = {"documents": index.doc_count(), "matches": every["total"], "collapsed": folded["total"],
               "facets": facets}
    finally:
        index.close()
    store = CaptureStore(index_dir / "captures.sqlite", readonly=True)
    try:
        out["captures"] = store.count()
    finally:
        store.close()
    return out


def _documents(index_dir: Path) -> int:
    """Documents in the index's last commit (0 before the first)."""
    if not exists(index_dir):
        return 0
    index = WhooshBackend.open(index_dir)
    try:
        return index.doc_count()
    finally:
        index.close()


def newsfacet(*args: str) -> list[str]:
    return [sys.executable, "-m", "search", *args]


def _wait_group_gone(proc: subprocess.Popen, seconds: float = 10.0) -> None:
    """The killed writer's workers exit by themselves (they watch the writer); wait for
    that, and only then, as a last resort, kill what is left of the process group."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    raise AssertionError("processes of the killed ingest were still running 10 s after it was killed")


def kill_trials(index_dir: Path, records: Path, kills: int, rng: random.Random, *, batch: int,
                after_kill=None, log=None) -> dict:
    """Run `newsfacet ingest` and kill it with SIGKILL `kills` times at random points,
    calling `after_kill(i)` after each; then run it to the end. Half the kill points
    are a random time after the start (start-up, reading, extracting), half a random
    time after the process's next commit appears (writing the next batch, committing,
    merging). Returns figures of the trials.

    The pace adapts to the machine: a trial that got more than its share of the batch in
    (on a fast machine) halves the time window of the next ones, so that every kill
    lands before the ingest could finish, however fast the machine."""
    figures = {"kills": 0, "finished_before_kill": 0, "commits_seen": 0}
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    with open(records, "rb") as f:
        total = sum(1 for _ in f)
    share = total / (kills * 1.5)   # documents one trial may add, leaving room for the rest
    window = 1.5                    # seconds: the time-based kill points fall in (0.05, window)
    before = _documents(index_dir)
    for i in range(kills):
        workers = rng.choice(["1", "2"])
        proc = subprocess.Popen(newsfacet("ingest", "--index", str(index_dir), "--batch", str(batch),
                                          "--workers", workers, str(records)),
                                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        start = time.monotonic()
        gen = latest_generation(index_dir / WHOOSH_DIR)
        if rng.random() < 0.5:
            delay = rng.uniform(0.05, max(0.06, window))
            while proc.poll() is None and time.monotonic() - start < delay:
                time.sleep(0.005)
        else:
            while proc.poll() is None and latest_generation(index_dir / WHOOSH_DIR) <= gen \
                    and time.monotonic() - start < 30:
                time.sleep(0.005)
            figures["commits_seen"] += 1
            time.sleep(rng.uniform(0.0, min(0.4, window / 4)))
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        err = proc.communicate()[1].decode("utf-8", "replace")
        assert "Traceback" not in err, err
        _wait_group_gone(proc)
        figures["kills"] += 0 if finished else 1
        figures["finished_before_kill"] += 1 if finished else 0
        if log:
            log(f"kill {i + 1}: {'finished first' if finished else f'at {time.monotonic() - start:.2f} s'}, "
                f"workers {workers}")
        if after_kill:
            after_kill(i)
        after = _documents(index_dir)
        if after - before > share:
            window = max(0.1, window / 2)
        before = after
    done = subprocess.run(newsfacet("ingest", "--index", str(index_dir), "--batch", str(batch), str(records)),
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    figures["final_run"] = done.stderr.strip().splitlines()[-1]
    return figures


def assert_sound(index_dir: Path) -> dict:
    """The index opens and answers a search (as a reader, before any writer recovers
    it), then `check` passes; returns the check report as a dict."""
    index = WhooshBackend.open(index_dir)
    try:
        result = search(index, SearchRequest(query="story", collapse=False))
        assert result["total"] == index.doc_count()
    finally:
        index.close()
    report = check(index_dir, lock_timeout=30)
    assert report.ok, report.problems
    return report.to_dict()
