"""A longer fuzz run: the tests of tests/test_fuzz.py (capture decoding, both strippers,
capture reading with mixed encodings and huge lines, the query parser, /api/search with
random parameters) with many more inputs each, and a count of what was tried.

    .venv/bin/python bench/fuzz.py                   # 3,000 inputs per target
    .venv/bin/python bench/fuzz.py --examples 20000 --seed 7

Hypothesis generates the inputs (a fixed seed: the same run every time; --seed for
others). A target fails when an exception escapes, an input takes longer than its
bound, or /api/search answers with a 5xx or a traceback; the failing input is printed.
Exit status 1 if any target failed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=3000, help="inputs per target (at most)")
    ap.add_argument("--seed", type=int, default=20261125)
    args = ap.parse_args()
    os.environ["FUZZ_EXAMPLES"] = str(args.examples)   # read by test_fuzz when it is imported

    from hypothesis import seed

    import test_fuzz
    import webcorpus
    from web import create_app

    with tempfile.TemporaryDirectory(prefix="newsfacet-fuzz-") as tmp:
        index = webcorpus.build(Path(tmp) / "index")
        client = create_app({"INDEX": str(index), "TESTING": True}).test_client()
        targets = [
            ("decode", test_fuzz.test_decode_takes_any_bytes, {}),
            ("text stripper", test_fuzz.test_text_stripper_takes_any_text, {}),
            ("html extractor", test_fuzz.test_html_extractor_takes_any_markup, {}),
            ("capture pipeline", test_fuzz.test_capture_reader_and_pipeline_take_mixed_encodings, {}),
            ("query parser", test_fuzz.test_query_parser_answers_or_refuses, {}),
            ("/api/search", test_fuzz.test_api_search_never_answers_5xx, {"api_client": client}),
        ]
        failed = 0
        started = time.monotonic()
        for name, test, kwargs in targets:
            t0 = time.monotonic()
            try:
                seed(args.seed)(test)(**kwargs)
                status = "ok"
            except Exception:
                failed += 1
                status = "FAILED\n" + traceback.format_exc()
            print(f"{name:18s} {test_fuzz.TRIED[name]:7d} inputs  {time.monotonic() - t0:6.1f} s  {status}", flush=True)
    total = sum(test_fuzz.TRIED.values())
    print(f"\n{total} inputs in {len(targets)} targets, {failed} target(s) failed, seed {args.seed}, "
          f"{time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
