"""Score the extractor as ../shared/README.md defines it, and time it.

    python bench/extract.py                 # seeds + WCXB dev text captures
    python bench/extract.py --set seeds     # one set: seeds | wcxb-text | wcxb-html
    python bench/extract.py --worst 10      # also list the 10 worst pages
    python bench/extract.py --shape all     # also each text capture wrapped, upper-cased, PDF-copied
    python bench/extract.py --set langs-text   # or langs-html: pages in 9 other languages, per page

`langs-text` and `langs-html` are bench/data/langpages/ (bench/langpages.py): news pages
written for newsfacet in German, French, Spanish, Italian, Portuguese, Dutch, Russian and
Polish with the furniture of their language, as text captures and as HTML; each page's
F1 is listed with its language. They need no ../shared.

`--shape wrap72|wrap60|caps|pdf|all` (bench/shapes.py, ../shared/README.md "Shapes of
text captures") transforms every text capture of the set before extraction and scores it
against the same gold; the per-shape table is printed under the unchanged figures. For the
seeds it also gives the metadata (title exact, and title ignoring case: an upper-cased
headline cannot say which of its words were capitals) and the actors (recall of the
required ones, forbidden ones found), each seed's body F1, and words kept (the share of
the gold body's words found in the body, as a multiset).

Speed is captures per CPU-second of the whole extraction (stripping and enrichment, no
file reading) on one core, in this single-threaded process: CPU time (time.process_time)
rather than wall time, so other work on a shared machine does not skew it (it still slows
it: compare shapes by `x as-is`, the shape's strip/s over the unchanged captures' in the
same run; issue 14 asks for 200 strip/s on one core, reflowing included). `docs/s` is
the whole extraction (stripping, metadata, actors); `strip/s` the text stripper alone.
Each is timed in a pass of its own over the set, with the extractors' caches of lines and
words emptied before it, so that a capture is never timed on lines the cache already
holds from the same capture (only what repeats across captures is answered from the
cache, as in an ingest). `strip/s` is the median of `--repeat` such passes (default 3):
one pass of the WCXB set lasts a few seconds, and this machine's speed wanders by up to
10% between two of them. Skips with a message when ../shared is absent.

The wcxb-html set runs the HTML pages themselves (read and decoded as `newsfacet extract`
reads them, outside the timing) and also reports the share of the gold's `with` snippets
kept in the body and of its `without` snippets kept out of it, title/date/author accuracy
over pages whose gold states the value, and dates (authors) given where the gold has none;
its `strip/s` is the HTML extractor alone (DOM body and the page's metadata, no actors).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from caches import forget  # noqa: E402
from metrics import overlap, same_day, same_name, same_title, shingles  # noqa: E402
from shapes import SHAPES, transform  # noqa: E402

from search.extract.capture import Capture, read_capture  # noqa: E402
from search.extract.html import extract as extract_html  # noqa: E402
from search.extract.htmlmeta import DATE_EVIDENCE, date_evidence  # noqa: E402
from search.extract.pipeline import extract_capture  # noqa: E402
from search.extract.lexicon import fold  # noqa: E402
from search.extract.strip import strip  # noqa: E402

SHARED = Path(ROOT.parent / "shared")


def _lines(text: str, spans: list[list[int]]) -> str:
    rows = text.split("\n")
    return "\n".join("\n".join(rows[a - 1:b]) for a, b in spans)


def seed_cases():
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))["documents"]
    for name, g in sorted(gold.items()):
        text = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        yield name, text, _lines(text, g["body"]), shingles(_lines(text, g.get("optional", []))), g


def wcxb_cases():
    base = SHARED / "data" / "wcxb-dev-articles"
    for path in sorted((base / "text").glob("*.txt")):
        truth = json.loads((base / "truth" / f"{path.stem}.json").read_text(encoding="utf-8"))
        text = path.read_bytes().decode("utf-8", errors="replace")
        yield path.stem, text, truth.get("main_content") or "", None, truth


def wcxb_html_cases():
    base = SHARED / "data" / "wcxb-dev-articles"
    for path in sorted((base / "html").glob("*.html.gz")):
        stem = path.name.removesuffix(".html.gz")
        truth = json.loads((base / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
        yield stem, read_capture(path), truth


_SNIP_WORD = re.compile(r"\w+")


LANGPAGES = ROOT / "bench" / "data" / "langpages"


def _langpages_gold() -> list[dict]:
    return [json.loads(line) for line in (LANGPAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


def langs_text_cases():
    for g in _langpages_gold():
        text = (LANGPAGES / f"{g['id']}.txt").read_text(encoding="utf-8")
        yield f"{g['language']} {g['id']}", text, g["body"], None, g


def langs_html_cases():
    for g in _langpages_gold():
        truth = {"main_content": g["body"], "title": g["title"], "publish_date": g["date"], "author": g["author"]}
        yield f"{g['language']} {g['id']}", read_capture(LANGPAGES / f"{g['id']}.html"), truth


def _words(text: str) -> str:
    return " ".join(_SNIP_WORD.findall(unicodedata.normalize("NFKC", text or "").casefold()))


def snippet_in(snippet: str, body_words: str) -> bool:
    """True if the snippet's words occur in a row in the body (`body_words` from `_words`).
    Gold snippets are cut at 80 characters, mid-word: a long one's last word may be a prefix."""
    words = _words(snippet)
    if not words:
        return False
    hay = f" {body_words} "
    return f" {words}" in hay if len(snippet) >= 78 else f" {words} " in hay


#: The stripper is timed in this many first passes (`--repeat`); the median is reported.
STRIP_PASSES = 3


def _time_each(function, items, passes: int = 1) -> float:
    """CPU seconds of `function` over every item in one pass after `forget` (bench/caches.py):
    the median of `passes` such passes."""
    runs = []
    for _ in range(passes):
        forget()
        took = 0.0
        for item in items:
            t0 = time.process_time()
            function(item)
            took += time.process_time() - t0
        runs.append(took)
    forget()
    return statistics.median(runs)


def run_html(cases, worst: int = 0) -> dict:
    """The HTML mode: F1, snippets, metadata and speed on HTML captures."""
    scores, took, rows = [], 0.0, []
    kept = [0, 0]     # `with` snippets found in the body / all
    removed = [0, 0]  # `without` snippets absent from the body / all
    hits = {"title": [0, 0], "date": [0, 0], "author": [0, 0]}
    invented = {"date": [0, 0], "author": [0, 0]}
    evidence: Counter = Counter()   # (what dated the page, right / wrong / none / invented / no date)
    cases = list(cases)
    took_strip = _time_each(extract_html, [capture.text for _, capture, _ in cases], STRIP_PASSES)
    for name, capture, g in cases:
        t0 = time.process_time()
        articles = extract_capture(capture)
        took += time.process_time() - t0
        found = extract_html(capture.text)
        main = articles[0]
        day, kind = date_evidence(found.meta, found.dates, main.url, found.far_date)
        gold_day = g.get("publish_date")
        evidence[kind, ("right" if same_day(day, gold_day) else "wrong" if day else "none") if gold_day
                 else ("invented" if day else "no date")] += 1
        p, r, f = overlap(main.body, g.get("main_content") or "")
        scores.append((p, r, f))
        rows.append((f, p, r, name))
        body = _words(main.body)
        for s in g.get("with") or []:
            kept[0] += snippet_in(s, body)
            kept[1] += 1
        for s in g.get("without") or []:
            removed[0] += not snippet_in(s, body)
            removed[1] += 1
        for key, gold_key, same in (("title", "title", same_title), ("date", "publish_date", same_day),
                                    ("author", "author", same_name)):
            got, want = getattr(main, key), g.get(gold_key)
            if want:
                hits[key][0] += bool(same(got, want))
                hits[key][1] += 1
            elif key in invented:
                invented[key][0] += got is not None
                invented[key][1] += 1
    n = len(scores)
    res = {"n": n, "P": statistics.mean(s[0] for s in scores), "R": statistics.mean(s[1] for s in scores),
           "F1": statistics.mean(s[2] for s in scores), "per_s": n / took if took else 0.0,
           "strip_per_s": n / took_strip if took_strip else 0.0,
           "min_F1": min(s[2] for s in scores)}
    res["meta"] = {
        "with": f"{kept[0] / max(kept[1], 1):.1%}", "without": f"{removed[0] / max(removed[1], 1):.1%}",
        **{k: f"{v[0] / max(v[1], 1):.3f}" for k, v in hits.items()},
        **{f"{k} invented": f"{v[0]}/{v[1]}" for k, v in invented.items()},
    }
    res["rows"] = sorted(rows)[:worst] if worst else []
    res["all"] = sorted(rows, key=lambda row: row[3])
    res["evidence"] = evidence
    return res


def print_evidence(evidence: Counter) -> None:
    """What dated each page, against the gold: right/wrong/none where the gold has a date,
    invented/no date where it has none."""
    outcomes = ("right", "wrong", "none", "invented", "no date")
    print(f"\n    {'dated by':<28}" + "".join(f"{o:>10}" for o in outcomes))
    for kind in DATE_EVIDENCE:
        if any(evidence[kind, o] for o in outcomes):
            print(f"    {kind:<28}" + "".join(f"{evidence[kind, o]:>10}" for o in outcomes))


def _kept(body: str, gold: str) -> tuple[int, int]:
    """Words of the gold body found in the body (multiset), and the gold's words."""
    want = Counter(_SNIP_WORD.findall(gold.casefold()))
    got = Counter(_SNIP_WORD.findall(body.casefold()))
    return sum((want & got).values()), sum(want.values())


def run(cases, worst: int = 0, meta: bool = False, shape: str = "as-is") -> dict:
    scores, took, rows = [], 0.0, []
    hits = {"title": [], "title ignoring case": [], "outlet": [], "date": [], "author": []}
    actors = {"required": [0, 0], "forbidden": 0}
    words = [0, 0]
    cases = [(name, transform(shape, text), *rest) for name, text, *rest in cases]
    took_strip = _time_each(strip, [text for _, text, *_ in cases], STRIP_PASSES)
    for name, text, gold_body, optional, g in cases:
        t0 = time.process_time()
        articles = extract_capture(Capture(source=name, text=text, kind="text", encoding="utf-8"))
        took += time.process_time() - t0
        main = articles[0]
        p, r, f = overlap(main.body, gold_body, optional)
        scores.append((p, r, f))
        rows.append((f, p, r, name))
        k, total = _kept(main.body, gold_body)
        words[0] += k
        words[1] += total
        if meta:
            hits["title"].append(same_title(main.title, g["title"]))
            hits["title ignoring case"].append(same_title((main.title or "").casefold(), g["title"].casefold()))
            found = {fold(a.name) for a in main.actors}
            required = g["actors"]["required"]
            actors["required"][0] += sum(fold(a) in found for a in required)
            actors["required"][1] += len(required)
            actors["forbidden"] += sum(fold(a) in found for a in g["actors"]["forbidden"])
            for key, same in (("outlet", same_name), ("date", same_day), ("author", same_name)):
                want = [g[key], *g.get(f"{key}_also_accepted", [])]
                got = getattr(main, key)
                hits[key].append(got is None if g[key] is None and got is None else any(same(got, w) for w in want if w))
    n = len(scores)
    res = {"n": n, "P": statistics.mean(s[0] for s in scores), "R": statistics.mean(s[1] for s in scores),
           "F1": statistics.mean(s[2] for s in scores), "per_s": n / took if took else 0.0,
           "strip_per_s": n / took_strip if took_strip else 0.0,
           "min_F1": min(s[2] for s in scores)}
    res["words kept"] = words[0] / max(words[1], 1)
    if meta:
        res["meta"] = {k: f"{sum(v)}/{len(v)}" for k, v in hits.items()}
        res["meta"]["actors recall"] = f"{actors['required'][0]}/{actors['required'][1]}"
        res["meta"]["forbidden"] = str(actors["forbidden"])
    res["rows"] = sorted(rows)[:worst] if worst else []
    res["all"] = sorted(rows, key=lambda row: row[3])
    return res


def main() -> int:
    global STRIP_PASSES
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["seeds", "wcxb-text", "wcxb-html", "langs-text", "langs-html", "all"],
                    default="all")
    ap.add_argument("--worst", type=int, default=0, help="list the N lowest-F1 captures")
    ap.add_argument("--shape", choices=[*SHAPES, "all"], default=None,
                    help="also score the text captures in this shape (or every shape), beside the unchanged figures")
    ap.add_argument("--dates", action="store_true",
                    help="wcxb-html: also count, for each kind of evidence a page is dated by, the dates right, "
                         "wrong and missing (gold dated) and invented or rightly absent (gold undated)")
    ap.add_argument("--repeat", type=int, default=STRIP_PASSES, metavar="N",
                    help=f"time the text stripper in N first passes and report the median (default {STRIP_PASSES})")
    args = ap.parse_args()
    STRIP_PASSES = max(1, args.repeat)
    if not SHARED.is_dir() and not args.set.startswith("langs"):
        print(f"bench: skipped: {SHARED} is not there (it holds the gold data; see README)")
        return 0
    print(f"{'set':<12}{'docs':>6}{'P':>8}{'R':>8}{'F1':>8}{'min F1':>8}{'docs/s':>9}{'strip/s':>9}  metadata")
    for label, cases, meta in (("seeds", seed_cases, True), ("wcxb-text", wcxb_cases, False),
                               ("wcxb-html", wcxb_html_cases, True), ("langs-text", langs_text_cases, False),
                               ("langs-html", langs_html_cases, True)):
        if args.set not in (label, "all") or (args.set == "all" and not SHARED.is_dir() and label[:5] != "langs"):
            continue
        res = run_html(cases(), args.worst) if label.endswith("-html") else run(cases(), args.worst, meta)
        extra = "  ".join(f"{k} {v}" for k, v in res.get("meta", {}).items())
        print(f"{label:<12}{res['n']:>6}{res['P']:>8.4f}{res['R']:>8.4f}{res['F1']:>8.4f}{res['min_F1']:>8.3f}"
              f"{res['per_s']:>9.0f}{res.get('strip_per_s', 0):>9.0f}  {extra}")
        if label == "seeds" or label.startswith("langs"):
            for f, p, r, name in res["all"]:
                print(f"    {name:<28} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        if label.startswith("langs"):   # per language: the pages' mean F1
            by: dict[str, list[float]] = {}
            for f, _, _, name in res["all"]:
                by.setdefault(name.split()[0], []).append(f)
            print("    per language: " + "  ".join(f"{k} {statistics.mean(v):.3f} ({len(v)})" for k, v in sorted(by.items())))
        for f, p, r, name in res["rows"]:
            print(f"    worst {name:<10} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        if args.dates and "evidence" in res:
            print_evidence(res["evidence"])
        if args.shape and label != "wcxb-html":
            print_shapes(label, cases, meta, res, SHAPES if args.shape == "all" else (args.shape,))
    return 0


def print_shapes(label: str, cases, meta: bool, unchanged: dict, shapes) -> None:
    """The set again in each shape, beside the unchanged figures."""
    print(f"\n  {label} by shape{'':<4}{'P':>8}{'R':>8}{'F1':>8}{'dF1':>8}{'min F1':>8}{'strip/s':>9}"
          f"{'x as-is':>8}{'words':>8}  metadata")
    for shape, res in (("as-is", unchanged), *((s, run(cases(), 0, meta, s)) for s in shapes)):
        extra = "  ".join(f"{k} {v}" for k, v in res.get("meta", {}).items())
        ratio = res["strip_per_s"] / unchanged["strip_per_s"] if unchanged["strip_per_s"] else 0.0
        print(f"    {shape:<16}{res['P']:>8.4f}{res['R']:>8.4f}{res['F1']:>8.4f}{res['F1'] - unchanged['F1']:>+8.4f}"
              f"{res['min_F1']:>8.3f}{res['strip_per_s']:>9.0f}{ratio:>8.2f}{res['words kept']:>8.1%}  {extra}")
        if label == "seeds":
            print("      " + "  ".join(f"{name[:3]} {f:.3f}" for f, p, r, name in res["all"]))


if __name__ == "__main__":
    sys.exit(main())
