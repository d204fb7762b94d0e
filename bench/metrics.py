"""The metrics of ../shared/README.md, in one place for the benchmarks and the gold tests."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Word n-grams of lowercased text, as a multiset."""
    words = _WORD.findall((text or "").lower())
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def overlap(predicted: str, gold: str, ignore: Counter | None = None) -> tuple[float, float, float]:
    """Precision, recall and F1 of word 4-gram shingles; `ignore` is removed from the prediction."""
    pred, ref = shingles(predicted), shingles(gold)
    if ignore:
        pred = pred - ignore
    shared = sum((pred & ref).values())
    p = shared / sum(pred.values()) if pred else (1.0 if not ref else 0.0)
    r = shared / sum(ref.values()) if ref else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def same_title(a: str | None, b: str | None) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", s).translate(_QUOTES).split())
    return bool(a) and bool(b) and norm(a) == norm(b)


def same_name(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def same_day(a: date | str | None, b: date | str | None) -> bool:
    return bool(a) and bool(b) and str(a)[:10] == str(b)[:10]
