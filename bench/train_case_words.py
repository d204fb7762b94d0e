"""Rebuild search/extract/data/lower_words.txt: the words newswire writes in lower case.

    .venv/bin/python bench/train_case_words.py

Counts, in ../shared/data/conll2003/eng.train (Reuters, 1996; its README gives the terms)
and the story bodies of ../shared/data/reuters21578 (Reuters, 1987; free for research
use), how often each word is written in lower case and how often with a capital, leaving
out a sentence's first word (capitalised whatever it is) and words in capitals (headlines).
A word written in lower case at least MIN_LOWER times and at least SHARE of the times is
listed. Case repair (search/extract/casing.py) reads the list: a word that newswire
writes in lower case is not given a capital because a list of first names knows it
("Take", "Tone", "Made" are first names somewhere) unless the capture or the alias table
says so. The counts are deterministic: the same file gives the same list.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench import reuters  # noqa: E402
from bench.conll import read_conll  # noqa: E402

SOURCE = REPO.parent / "shared" / "data" / "conll2003" / "eng.train"
TARGET = REPO / "search" / "extract" / "data" / "lower_words.txt"
MIN_LOWER = 3
SHARE = 0.75
_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
_OPENERS = {'"', "``", "'", "(", ":", "-", ".", "!", "?", ";"}


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is not there: nothing to count", file=sys.stderr)
        return 1
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
