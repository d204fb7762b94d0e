"""Ranking quality: MAP on CACM with `--any` (natural-language queries, any word).

    .venv/bin/python bench/ranking.py [--k1 1.2 --b 0.75] [--line-breaks] [--caps]

The 3,204 CACM documents (../shared/data/cacm/cacm.all: title .T, abstract .W,
keywords .K) are ingested as records (title, and abstract + keywords as text);
the 64 queries (query.text) are run as any-word searches after removing
punctuation; MAP over the 52 judged queries (qrels.text), top 1000.

`--line-breaks` also ingests the same records with the collection's own line breaks
(hard-wrapped at about 70 columns, as a news API or a plain-text archive gives text),
and prints both MAPs and the share of the records' words kept in the indexed bodies
(issue 14: at least 98%, MAP within 0.005 of the one-line records). `--caps` also
ingests them in capitals with their line breaks, titles too: the shape of a teletype or
magazine archive typed in capitals (TIME's 1963 stories), scored the same way.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from search.backends.whoosh import evaluate  # noqa: E402
from search.backends.whoosh.searching import sort as _sort  # noqa: E402
from search.engine import SearchRequest  # noqa: E402
from search.backends.whoosh.evaluate import Evaluator  # noqa: E402
from search.analysis import STOP_WORDS  # noqa: E402
from search.backends.whoosh.backend import WhooshBackend  # noqa: E402
from search.backends.whoosh.schema import TEXT_FIELDS  # noqa: E402
from search.ingest import ingest_items  # noqa: E402
from search.items import record_item  # noqa: E402
from search.query import parse  # noqa: E402

CACM = _HERE.parents[1] / "shared" / "data" / "cacm"
_WORD = re.compile(r"\w+")


def _sections(path: Path) -> dict[str, dict[str, str]]:
    docs: dict[str, dict[str, str]] = {}
    current, field = None, None
    for line in path.read_text(encoding="latin-1").splitlines():
        m = re.match(r"^\.([A-Z])(?:\s+(\d+))?\s*$", line)
        if m:
            if m.group(1) == "I":
                current = docs.setdefault(str(int(m.group(2))), {})
                field = None
            else:
                field = m.group(1)
                current.setdefault(field, "")
            continue
        if current is not None and field:
            current[field] += line + "\n"
    return docs


def _record_text(f: dict[str, str], line_breaks: bool, caps: bool = False) -> str:
    """A document's abstract and keywords: on one line, or with the collection's own line
    breaks; in capitals if `caps`."""
    text = (f.get("W", "") + "\n" + f.get("K", "")).strip() or f.get("T", "").strip()
    text = text if line_breaks else " ".join(text.split())
    return text.upper() if caps else text


def run_map(docs: dict, queries: dict, qrels: dict[str, set[str]], *, line_breaks: bool,
            k1: float, b: float, caps: bool = False) -> tuple[float, float, object, int]:
    """(MAP, share of the records' words kept in the indexed bodies, ingest summary, queries run)."""
    root = Path(tempfile.mkdtemp(prefix="newsfacet-cacm-"))
    try:
        items, texts = [], {}
        for did, f in docs.items():
            text = _record_text(f, line_breaks, caps)
            texts[did] = text
            title = " ".join(f.get("T", "").split())
            record = {"url": f"https://cacm.example/{did}", "title": title.upper() if caps else title,
                      "text": text}
            items.append(record_item(f"cacm:{did}", json.dumps(record)))
        summary = ingest_items(root / "index", items, workers=1)
        index = WhooshBackend.open(root / "index")
        cols = index.columns()
        url_to_doc = {}
        kept = total = 0
        for docnum in range(cols.size):
            stored = cols.searcher.stored_fields(docnum)
            did = (stored.get("url") or "").rsplit("/", 1)[-1]
            url_to_doc[docnum] = did
            if did in texts:
                want = Counter(_WORD.findall(texts[did].casefold()))
                got = Counter(_WORD.findall((stored.get("body") or "").casefold()))
                kept += sum((want & got).values())
                total += sum(want.values())
        aps = []
        for qid, f in queries.items():
            if qid not in qrels:
                continue
            text = re.sub(r"[^\w\s]", " ", f.get("W", ""))
            m = Evaluator(cols, k1=k1, b=b).run(parse(text, any_word=True))
            ranked = _sort(cols, np.flatnonzero(m.mask), m.score, "relevance")[:1000]
            relevant, hits, ap = qrels[qid], 0, 0.0
            for rank, docnum in enumerate(ranked.tolist(), 1):
                if url_to_doc[docnum] in relevant:
                    hits += 1
                    ap += hits / rank
            aps.append(ap / len(relevant))
        index.close()
        return sum(aps) / len(aps), kept / max(total, 1), summary, len(aps)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k1", type=float, default=evaluate.K1)
    ap.add_argument("--b", type=float, default=evaluate.B)
    ap.add_argument("--line-breaks", action="store_true",
                    help="also ingest the records with the collection's own line breaks (as a news API or a "
                         "plain-text archive gives them) and report both MAPs and the words kept")
    ap.add_argument("--caps", action="store_true",
                    help="also ingest the records in capitals with their line breaks (a teletype or magazine "
                         "archive typed in capitals) and report its MAP and words kept")
    args = ap.parse_args()
    if not CACM.is_dir():
        print(f"skipped: {CACM} is not there (a fresh clone has no ../shared)")
        return
    docs = _sections(CACM / "cacm.all")
    queries = _sections(CACM / "query.text")
    qrels: dict[str, set[str]] = {}
    for line in (CACM / "qrels.text").read_text().splitlines():
        q, d = line.split()[:2]
        qrels.setdefault(str(int(q)), set()).add(str(int(d)))
    shapes = {"records on one line": (False, False)}
    if args.line_breaks:
        shapes["records with their line breaks"] = (True, False)
    if args.caps:
        shapes["records in capitals with their line breaks"] = (True, True)
    results = {label: run_map(docs, queries, qrels, line_breaks=lb, caps=caps, k1=args.k1, b=args.b)
               for label, (lb, caps) in shapes.items()}
    _map, _kept, summary, n_queries = results["records on one line"]
    print(f"CACM: {len(docs)} documents ingested ({summary.documents} indexed, {len(summary.failed)} failed), "
          f"{n_queries} judged queries run with --any (punctuation removed), top 1000.")
    print(f"BM25F k1={args.k1} b={args.b}, title weight {TEXT_FIELDS['title']:g}, Porter stemming, "
          f"{len(STOP_WORDS)} English stop words (Whoosh's lists).")
    for label, (value, kept, summary, _n) in results.items():
        print(f"MAP = {value:.4f}  ({label}; words kept {kept:.1%}, {summary.documents} indexed)")
    for label in list(results)[1:]:
        print(f"MAP difference ({label} - one line) = {results[label][0] - _map:+.4f}")

if __name__ == "__main__":
    main()
