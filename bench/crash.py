"""Crash trials: SIGKILL `newsfacet ingest` at random points, check after every kill, run
it to the end, and compare with a clean single run.

    .venv/bin/python bench/crash.py                    # 5 trials of 20 kills over 2,000 captures
    .venv/bin/python bench/crash.py --trials 20 --kills 30 --captures 5000 --batch 100 --seed 1

A trial: synthetic multilingual captures (tests/crashkit.py) are ingested by
`newsfacet ingest` processes, each killed with SIGKILL at a random point (half at a
random time after the start, half a random time after the process's next commit),
`--kills` times; after each kill the index must open and answer a search (as a reader,
before any writer recovers it) and `check` must pass. Then the ingest runs to the end,
and the index's document count, stored captures and facet counts (outlet, actor, date)
must equal those of a clean single run of the same captures. Printed: every trial's
result and a summary; exit status 1 if any trial failed.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import crashkit  # noqa: E402
from search.backends.whoosh.index import exists  # noqa: E402
from search.ingest import ingest  # noqa: E402


def trial(n: int, args, workdir: Path) -> tuple[bool, str, dict]:
    rng = random.Random(args.seed * 1000 + n)
    records = crashkit.write_captures(workdir / "captures.jsonl", args.captures, seed=args.seed + n)
    ingest(workdir / "clean", [str(records)], workers=1, batch=args.batch)
    clean = crashkit.state(workdir / "clean")
    crashed = workdir / "crashed"
    checks = []

    def after_kill(i):
        if exists(crashed):
            checks.append(crashkit.assert_sound(crashed)["documents"])

    figures = crashkit.kill_trials(crashed, records, args.kills, rng, batch=args.batch, after_kill=after_kill,
                                   log=print if args.verbose else None)
    final = crashkit.state(crashed)
    figures["checks_passed"] = len(checks)
    figures["documents_after_kills"] = checks
    if final != clean:
        diff = {k: (final[k], clean[k]) for k in clean if final.get(k) != clean[k]}
        return False, f"final state differs from a clean run: {diff}", figures
    return True, f"{figures['kills']} kills, {len(checks)} checks passed, final {final['documents']} documents " \
                 f"= clean run", figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--captures", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    started = time.monotonic()
    failed = kills = checks = 0
    for n in range(args.trials):
        with tempfile.TemporaryDirectory(prefix="newsfacet-crash-") as tmp:
            t0 = time.monotonic()
            try:
                ok, message, figures = trial(n, args, Path(tmp))
                kills += figures["kills"]
                checks += figures["checks_passed"]
            except AssertionError as exc:
                ok, message = False, f"assertion failed: {exc}"
            except Exception:
                ok, message = False, traceback.format_exc()
            failed += not ok
            print(f"trial {n + 1}/{args.trials}: {'ok' if ok else 'FAILED'} ({time.monotonic() - t0:.0f} s): {message}",
                  flush=True)
    print(f"\n{args.trials} trials, {kills} SIGKILLs, {checks} checks after a kill passed, "
          f"{failed} trials failed; {args.captures} captures, batch {args.batch}, seed {args.seed}, "
          f"{time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
