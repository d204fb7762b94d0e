"""Ranking quality: MAP on CACM with `--any` (natural-language queries, any word).

    .venv/bin/python bench/ranking.py [--k1 1.2 --b 0.75]

The 3,204 CACM documents (../shared/data/cacm/cacm.all: title .T, abstract .W,
keywords .K) are ingested as records (title, and abstract + keywords as text);
the 64 queries (query.text) are run as any-word searches after removing
punctuation; MAP over the 52 judged queries (qrels.text), top 1000.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k1", type=float, default=evaluate.K1)
    ap.add_argument("--b", type=float, default=evaluate.B)
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
    root = Path(tempfile.mkdtemp(prefix="newsfacet-cacm-"))
    try:
        items = []
        for did, f in docs.items():
            text = " ".join((f.get("W", "") + "\n" + f.get("K", "")).split()) or " ".join(f.get("T", "").split())
            record = {"url": f"https://cacm.example/{did}", "title": " ".join(f.get("T", "").split()),
                      "text": text}
            items.append(record_item(f"cacm:{did}", json.dumps(record)))
        summary = ingest_items(root / "index", items, workers=1)
        index = WhooshBackend.open(root / "index")
        cols = index.columns()
        url_to_doc = {}
        for docnum in range(cols.size):
            url = cols.searcher.stored_fields(docnum).get("url") or ""
            url_to_doc[docnum] = url.rsplit("/", 1)[-1]
        aps = []
        for qid, f in queries.items():
            if qid not in qrels:
                continue
            text = re.sub(r"[^\w\s]", " ", f.get("W", ""))
            m = Evaluator(cols, k1=args.k1, b=args.b).run(parse(text, any_word=True))
            ranked = _sort(cols, __import__("numpy").flatnonzero(m.mask), m.score, "relevance")[:1000]
            relevant, hits, total = qrels[qid], 0, 0.0
            for rank, docnum in enumerate(ranked.tolist(), 1):
                if url_to_doc[docnum] in relevant:
                    hits += 1
                    total += hits / rank
            aps.append(total / len(relevant))
        index.close()
        print(f"CACM: {len(docs)} documents ingested ({summary.documents} indexed, {len(summary.failed)} failed), "
              f"{len(aps)} judged queries run with --any (punctuation removed), top 1000.")
        print(f"BM25F k1={args.k1} b={args.b}, title weight {TEXT_FIELDS['title']:g}, Porter stemming, "
              f"{len(STOP_WORDS)} English stop words (Whoosh's lists).")
        print(f"MAP = {sum(aps) / len(aps):.4f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
