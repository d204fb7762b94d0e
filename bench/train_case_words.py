"""Rebuild search/extract/data/lower_words.txt and case_words.json: how newswire writes words.

    .venv/bin/python bench/train_case_words.py

Counts, in ../shared/data/conll2003/eng.train (Reuters, 1996; its README gives the terms)
and the story bodies of ../shared/data/reuters21578 (Reuters, 1987; free for research
use), how often each word is written in lower case and how often with a capital, leaving
out a sentence's first word (capitalised whatever it is) and words in capitals (headlines).
A word written in lower case at least MIN_LOWER times and at least SHARE of the times is
listed. Case repair (search/extract/casing.py) reads the list: a word that newswire
writes in lower case is not given a capital because a list of first names knows it
("Take", "Tone", "Made" are first names somewhere) unless the capture or the alias table
says so.

The same counts give data/case_words.json, for the repair of text in capitals:
- `common`: words newswire (almost) never capitalises inside a sentence (at least
  NEVER_MIN times, a capital fewer than NEVER_SHARE of them: "said", "firms",
  "figures"); a name of the shape "Council on Foreign Relations" never runs on into one;
- `demonym_names`: an adjective of nationality and an organisation word that newswire
  writes as one name ("British Airways", "European Commission": capitalised at least
  half of at least PAIR_MIN times); other pairs stay common words after a nationality
  ("European partners", "Japanese banks").
The counts are deterministic: the same files give the same lists.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench import reuters  # noqa: E402
from bench.conll import read_conll  # noqa: E402
from search.extract.lexicon import fold, lexicon  # noqa: E402

SOURCE = REPO.parent / "shared" / "data" / "conll2003" / "eng.train"
TARGET = REPO / "search" / "extract" / "data" / "lower_words.txt"
CASE_TARGET = REPO / "search" / "extract" / "data" / "case_words.json"
MIN_LOWER = 3
SHARE = 0.75
NEVER_MIN, NEVER_SHARE = 20, 0.03
PAIR_MIN = 2
_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
_OPENERS = {'"', "``", "'", "(", ":", "-", ".", "!", "?", ";"}


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is not there: nothing to count", file=sys.stderr)
        return 1
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()          # (nationality, organisation word): times seen
    pair_capital: Counter[tuple[str, str]] = Counter()   # ... written with a capital
    lex = lexicon()
    org_words = lex.org_suffixes | lex.org_heads

    def count(words: list[str]) -> None:
        for i, word in enumerate(words):
            if not word.isalpha() or word.isupper() and len(word) > 1:
                continue
            if i == 0 or words[i - 1] in _OPENERS:
                continue   # a sentence's (or a quotation's) first word
            if word.islower():
                lower[word] += 1
            elif word[0].isupper():
                capital[word.lower()] += 1
            before = words[i - 1]
            if (before[:1].isupper() and not before.isupper() and fold(before.lower()) in lex.demonyms
                    and fold(word.lower()) in org_words):
                pair = (fold(before.lower()), fold(word.lower()))
                pairs[pair] += 1
                pair_capital[pair] += word[0].isupper()

    for doc in read_conll(SOURCE):
        for sent in doc:
            count([word for word, _ in sent])
    for story in reuters.stories():
        for paragraph in story["body"].split("\n\n"):
            count(_TOKEN.findall(paragraph))
    words = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= SHARE * (n + capital[w]))
    TARGET.write_text("# Words newswire writes in lower case (bench/train_case_words.py, from CoNLL-2003 eng.train)\n"
                      + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {TARGET.relative_to(REPO)} ({TARGET.stat().st_size // 1024} kB)")
    common = sorted(w for w, n in lower.items() if n + capital[w] >= NEVER_MIN and capital[w] < NEVER_SHARE * (n + capital[w]))
    names = sorted(" ".join(p) for p, n in pairs.items() if n >= PAIR_MIN and 2 * pair_capital[p] >= n)
    CASE_TARGET.write_text(json.dumps({"source": "bench/train_case_words.py: CoNLL-2003 eng.train and Reuters-21578 story bodies",
                                       "common": common, "demonym_names": names}, ensure_ascii=False, indent=0) + "\n",
                           encoding="utf-8")
    print(f"{len(common)} common words, {len(names)} nationality names -> {CASE_TARGET.relative_to(REPO)}"
          f" ({CASE_TARGET.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
