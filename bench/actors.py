"""Score actor extraction, and time it.

    python bench/actors.py                  # seeds + Reuters-21578
    python bench/actors.py --set seeds      # one set: seeds | reuters | conll
    python bench/actors.py --misses 20      # also list 20 missed Reuters tags

Seeds (../shared/README.md, "Actors"): per document, recall = required actors found
(under their canonical name) / required; precision = found actors that are required or
allowed / all found; forbidden actors found are counted apart and must be zero. Names
compare case- and accent-insensitively. The seeds go through the whole pipeline
(stripping, enrichment, actors) as `newsfacet extract` runs it.

Reuters-21578: recall of the hand-assigned PEOPLE and ORGS tags over the stories that
carry them (micro: tags found / tags). A PEOPLE tag (`hisham-nazer`, `volcker`) is found
when an actor is a person whose name ends with the tag's words and contains them all
("Paul Volcker" for `volcker`); an ORGS tag when an actor's name is one of the tag's
usual written forms (`ec`: European Community, EC, European Commission...; `imf`: IMF,
International Monetary Fund). The story is the TITLE and the BODY, its wrapped lines
joined into paragraphs. Speed is documents per second of actor extraction alone, on one
core, in this process, by CPU time (and by the wall clock). Skips with a message when ../shared is absent.

CoNLL-2003 eng.testa (the tagger's development split, ../shared/README.md): per document,
the distinct people and organisations found against the hand-labelled PER and ORG names;
a found name matches a gold one when equal ignoring case or when one is the other's
trailing words (Clinton ~ Bill Clinton); micro P/R/F1 over documents. The document is its
sentences, one a line, as actors_from_text gets a stripped body (no title).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.caches import forget  # noqa: E402
from search.extract.actors import actors_from_text  # noqa: E402
from search.extract.lexicon import fold  # noqa: E402

SHARED = Path(ROOT.parent / "shared")
CONLL = SHARED / "data" / "conll2003"
REUTERS = SHARED / "data" / "reuters21578"

#: Reuters ORGS tags -> the names a story writes them with.
ORG_FORMS: dict[str, list[str]] = {
    "adb-africa": ["African Development Bank", "AfDB", "ADB"],
    "adb-asia": ["Asian Development Bank", "ADB"],
    "aibd": ["Association of International Bond Dealers", "AIBD"],
    "aid": ["Agency for International Development", "USAID", "AID"],
    "anrpc": ["Association of Natural Rubber Producing Countries", "ANRPC"],
    "asean": ["ASEAN", "Association of South East Asian Nations", "Association of Southeast Asian Nations"],
    "atpc": ["Association of Tin Producing Countries", "ATPC"],
    "bis": ["Bank for International Settlements", "BIS"],
    "cipec": ["CIPEC", "Intergovernmental Council of Copper Exporting Countries"],
    "comecon": ["Comecon", "CMEA", "Council for Mutual Economic Assistance"],
    "ec": ["European Community", "EC", "European Commission", "European Economic Community", "EEC",
           "European Communities", "EC Commission"],
    "eca": ["Economic Commission for Africa", "ECA"],
    "ecafe": ["Economic Commission for Asia and the Far East", "ECAFE"],
    "ece": ["Economic Commission for Europe", "ECE"],
    "ecla": ["Economic Commission for Latin America", "ECLA"],
    "ecsc": ["European Coal and Steel Community", "ECSC"],
    "ecwa": ["Economic Commission for Western Asia", "ECWA"],
    "efta": ["European Free Trade Association", "EFTA"],
    "eib": ["European Investment Bank", "EIB"],
    "emcf": ["European Monetary Cooperation Fund", "EMCF"],
    "escap": ["Economic and Social Commission for Asia and the Pacific", "ESCAP"],
    "euratom": ["Euratom"],
    "fao": ["Food and Agriculture Organization", "FAO"],
    "gatt": ["GATT", "General Agreement on Tariffs and Trade"],
    "gcc": ["Gulf Cooperation Council", "GCC"],
    "geplacea": ["GEPLACEA", "Group of Latin American and Caribbean Sugar Exporting Countries"],
    "iaea": ["International Atomic Energy Agency", "IAEA"],
    "iata": ["International Air Transport Association", "IATA"],
    "icco": ["International Cocoa Organization", "ICCO"],
    "ico-coffee": ["International Coffee Organization", "ICO"],
    "ico-islam": ["Islamic Conference Organization", "Organisation of the Islamic Conference",
                  "Organization of the Islamic Conference", "ICO", "OIC"],
    "ida": ["International Development Association", "IDA"],
    "iea": ["International Energy Agency", "IEA"],
    "iisi": ["International Iron and Steel Institute", "IISI"],
    "ilo": ["International Labour Organization", "ILO"],
    "ilzsg": ["International Lead and Zinc Study Group", "ILZSG"],
    "imco": ["Inter-Governmental Maritime Consultative Organization", "IMCO"],
    "imf": ["International Monetary Fund", "IMF"],
    "inro": ["International Natural Rubber Organization", "INRO"],
    "irsg": ["International Rubber Study Group", "IRSG"],
    "isa": ["International Sugar Organization", "International Sugar Agreement", "ISO", "ISA"],
    "itc": ["International Tin Council", "ITC"],
    "iwc-whale": ["International Whaling Commission", "IWC"],
    "iwc-wheat": ["International Wheat Council", "IWC"],
    "iwcc": ["International Wrought Copper Council", "IWCC"],
    "iws": ["International Wool Secretariat", "IWS"],
    "iwto": ["International Wool Textile Organisation", "IWTO"],
    "lafta": ["Latin American Free Trade Association", "LAFTA"],
    "mfa": ["Multi-Fibre Arrangement", "Multifibre Arrangement", "MFA"],
    "oapec": ["OAPEC", "Organization of Arab Petroleum Exporting Countries"],
    "oecd": ["OECD", "Organisation for Economic Co-operation and Development"],
    "opec": ["OPEC", "Organization of the Petroleum Exporting Countries"],
    "un": ["United Nations", "UN"],
    "unctad": ["UNCTAD", "United Nations Conference on Trade and Development"],
    "who": ["World Health Organization", "WHO"],
    "worldbank": ["World Bank"],
}

_STORY = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "BODY", "PEOPLE", "ORGS")}
_D = re.compile(r"<D>(.*?)</D>")


def reuters_stories() -> list[dict]:
    """Stories with a body: title, body (paragraphs joined by blank lines), people, orgs."""
    stories = []
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for block in _STORY.findall(raw):
            fields = {k: (m.group(1) if (m := p.search(block)) else "") for k, p in _FIELD.items()}
            body = html.unescape(fields["BODY"]).replace("\x03", "").strip()
            if not body:
                continue
            body = re.sub(r"\s*\bReuter\s*$", "", body)
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body)]
            stories.append({
                "title": " ".join(html.unescape(fields["TITLE"]).split()) or None,
                "body": "\n\n".join(p for p in paragraphs if p),
                "people": _D.findall(fields["PEOPLE"]),
                "orgs": _D.findall(fields["ORGS"]),
            })
    return stories


def person_found(tag: str, actors) -> bool:
    words = tag.replace("-", " ").split()
    for actor in actors:
        if actor.type != "person":
            continue
        name = fold(actor.name).replace("-", " ").split()
        if name and name[-1] == words[-1] and all(w in name for w in words):
            return True
    return False


def org_found(tag: str, actors) -> bool:
    forms = {fold(f) for f in ORG_FORMS.get(tag, [tag])}
    return any(fold(a.name) in forms for a in actors)


def bench_reuters(misses: int) -> None:
    if not REUTERS.is_dir():
        print(f"reuters: skipped, {REUTERS} is not there")
        return
    stories = reuters_stories()
    actors_from_text(stories[0]["title"], stories[0]["body"])  # load the lexicon outside the timing
    forget()
    start, cpu = time.perf_counter(), time.process_time()
    results = [actors_from_text(s["title"], s["body"]) for s in stories]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    counts = Counter()
    missed = []
    per_doc = []
    for story, actors in zip(stories, results):
        counts["actors"] += len(actors)
        for kind, tags, found in (("people", story["people"], person_found), ("orgs", story["orgs"], org_found)):
            if not tags:
                continue
            counts[f"{kind} docs"] += 1
            hits = [found(t, actors) for t in tags]
            counts[f"{kind} tags"] += len(tags)
            counts[f"{kind} found"] += sum(hits)
            per_doc.append((kind, sum(hits) / len(tags)))
            missed += [(kind, t, story["title"]) for t, h in zip(tags, hits) if not h]
    chars = sum(len(s["body"]) + len(s["title"] or "") for s in stories)
    print(f"reuters: {len(stories)} stories with a body, {chars / len(stories):.0f} characters each on average, "
          f"{counts['actors'] / len(stories):.1f} actors each")
    for kind in ("people", "orgs"):
        tags, found = counts[f"{kind} tags"], counts[f"{kind} found"]
        macro = statistics.mean(r for k, r in per_doc if k == kind)
        print(f"  {kind.upper():6} recall {found / tags:.3f} ({found}/{tags} tags over {counts[f'{kind} docs']} stories;"
              f" per-story mean {macro:.3f})")
    print(f"  speed  {len(stories) / cpu:.0f} docs/s of CPU time ({cpu:.2f} s on one core; "
          f"{len(stories) / elapsed:.0f} docs/s by the wall clock, which a busy machine slows)")
    whole = stories[:3000]
    from search.extract.capture import Capture
    from search.extract.pipeline import extract_capture

    captures = [Capture(source=f"r{i}.txt", text=(s["title"] or "") + "\n\n" + s["body"], kind="text",
                        encoding="utf-8") for i, s in enumerate(whole)]
    extract_capture(captures[0])
    forget()   # the stories were just read above: time a first pass (bench/caches.py)
    start, cpu = time.perf_counter(), time.process_time()
    for capture in captures:
        extract_capture(capture)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  whole extraction (strip, metadata, language, actors) of the first {len(whole)} stories as text captures: "
          f"{len(whole) / cpu:.0f} docs/s of CPU time ({len(whole) / elapsed:.0f} by the wall clock)")
    if misses:
        print(f"  first {misses} missed tags:")
        for kind, tag, title in missed[:misses]:
            print(f"    {kind:6} {tag:24} {title}")


def bench_seeds(shapes: tuple[str, ...] = ("as-is",)) -> bool:
    gold_path = SHARED / "gold" / "seeds.json"
    if not gold_path.is_file():
        print(f"seeds: skipped, {gold_path} is not there")
        return True
    from search.extract.capture import Capture
    from search.extract.pipeline import extract_capture

    sys.path[:0] = [str(ROOT / "bench")]
    from shapes import transform

    docs = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    ok = True
    for shape in shapes:
        print(f"seeds ({shape}):")
        ok &= _seeds(docs, shape, transform, Capture, extract_capture)
    return ok


def _seeds(docs, shape, transform, Capture, extract_capture) -> bool:
    ok = True
    for name, gold in sorted(docs.items()):
        text = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        if shape != "as-is":
            text = transform(shape, text)
        article = extract_capture(Capture(source=name, text=text, kind="text", encoding="utf-8"))[0]
        found = {fold(a.name) for a in article.actors}
        required = {fold(n) for n in gold["actors"]["required"]}
        allowed = {fold(n) for n in gold["actors"]["allowed"]}
        forbidden = {fold(n) for n in gold["actors"]["forbidden"]}
        recall = len(found & required) / len(required) if required else 1.0
        precision = len(found & (required | allowed)) / len(found) if found else 1.0
        bad = sorted(found & forbidden)
        extra = sorted(a.name for a in article.actors if fold(a.name) not in required | allowed)
        missing = sorted(n for n in gold["actors"]["required"] if fold(n) not in found)
        good = recall == 1.0 and precision >= 0.90 and not bad
        ok &= good
        print(f"  {name}  recall {recall:.2f}  precision {precision:.2f}  forbidden {len(bad)}  "
              f"{'ok' if good else 'FAIL'}" + (f"  missing {missing}" if missing else "")
              + (f"  extra {extra}" if extra else "") + (f"  forbidden {bad}" if bad else ""))
    return ok


def bench_conll(split: str = "eng.testa", misses: int = 0) -> None:
    path = CONLL / split
    if not path.is_file():
        print(f"conll: skipped, {path} is not there")
        return
    sys.path[:0] = [str(ROOT / "bench")]
    from conll import doc_names, doc_text, read_conll, score

    docs = read_conll(path)
    texts = [doc_text(d) for d in docs]
    actors_from_text(None, texts[0])
    start, cpu = time.perf_counter(), time.process_time()
    results = [actors_from_text(None, t) for t in texts]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"conll {split}: {len(docs)} documents, {sum(len(t) for t in texts) / len(docs):.0f} characters each")
    for kind, label in (("PER", "person"), ("ORG", "organisation")):
        gold = [doc_names(d, kind) for d in docs]
        pred = [{a.name for a in found if a.type == label} for found in results]
        p, r, f = score(pred, gold)
        print(f"  {label + 's':14} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        if misses:
            lost = [(g, i) for i, (ps, gs) in enumerate(zip(pred, gold)) for g in sorted(gs)
                    if not any(score([{x}], [{g}])[1] == 1.0 for x in ps)]
            extra = [(x, i) for i, (ps, gs) in enumerate(zip(pred, gold)) for x in sorted(ps)
                     if not any(score([{x}], [{g}])[0] == 1.0 for g in gs)]
            print(f"    missed: {lost[:misses]}")
            print(f"    wrong:  {extra[:misses]}")
    print(f"  speed  {len(docs) / cpu:.0f} docs/s of CPU time ({cpu:.2f} s; {len(docs) / elapsed:.0f} by the wall clock)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("seeds", "reuters", "conll"), help="run one set only")
    parser.add_argument("--misses", type=int, default=0, help="list this many missed Reuters tags")
    parser.add_argument("--shape", choices=("as-is", "wrap72", "wrap60", "caps", "pdf", "all"), default="as-is",
                        help="seeds: transform each capture first (bench/shapes.py); all: every shape")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not there (it holds the labelled data and is not part of the repository)")
        return 0
    if args.set in (None, "seeds"):
        bench_seeds(("as-is", "wrap72", "wrap60", "caps", "pdf") if args.shape == "all" else (args.shape,))
    if args.set in (None, "reuters"):
        bench_reuters(args.misses)
    if args.set in (None, "conll"):
        bench_conll(misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
