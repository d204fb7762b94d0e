"""CoNLL-2003 files (../shared/data/conll2003): documents of sentences of (word, tag),
tags turned from IOB1 into BIO, a document's names per type, and its text.

A document's gold names are the distinct names of each type it holds; a predicted name
matches a gold name when they are equal ignoring case, or when one is the other's
trailing words ("Clinton" ~ "Bill Clinton"), as ../shared/README.md scores it.
"""
from __future__ import annotations

from pathlib import Path

Sentence = list[tuple[str, str]]


def read_conll(path: Path) -> list[list[Sentence]]:
    """Documents (split at -DOCSTART-), each a list of sentences of (word, BIO tag)."""
    docs: list[list[Sentence]] = []
    sent: Sentence = []
    doc: list[Sentence] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines() + [""]:
        parts = line.split()
        if not parts:
            if sent:
                doc.append(_bio(sent))
                sent = []
            continue
        if parts[0] == "-DOCSTART-":
            if doc:
                docs.append(doc)
            doc = []
            continue
        sent.append((parts[0], parts[-1]))
    if doc:
        docs.append(doc)
    return docs


def _bio(sent: Sentence) -> Sentence:
    out = []
    prev = "O"
    for word, tag in sent:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append((word, tag))
        prev = tag
    return out


def entities(sent: Sentence) -> list[tuple[str, str]]:
    """(type, name) of each name in a sentence."""
    out = []
    cur: list[str] = []
    kind = None
    for word, tag in sent + [("", "O")]:
        if tag == "O" or tag.startswith("B-"):
            if cur:
                out.append((kind, " ".join(cur)))
            cur, kind = ([word], tag[2:]) if tag != "O" else ([], None)
        else:
            cur.append(word)
    return out


def doc_names(doc: list[Sentence], kind: str) -> set[str]:
    return {name for sent in doc for k, name in entities(sent) if k == kind}


_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", ")", "'s", "n't", "'", "%"}


def doc_text(doc: list[Sentence]) -> str:
    """The document as text: a sentence a line, words joined as a writer would."""
    lines = []
    for sent in doc:
        out = ""
        for word, _ in sent:
            if out and word not in _NO_SPACE_BEFORE and not out.endswith("("):
                out += " "
            out += word
        lines.append(out)
    return "\n".join(lines)


def _match(a: str, b: str) -> bool:
    a, b = a.lower().split(), b.lower().split()
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short):] == short


def score(predicted: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    """Doc-level micro precision, recall and F1 over distinct names."""
    tp_p = tp_g = n_p = n_g = 0
    for pred, true in zip(predicted, gold):
        n_p += len(pred)
        n_g += len(true)
        tp_p += sum(1 for p in pred if any(_match(p, g) for g in true))
        tp_g += sum(1 for g in true if any(_match(p, g) for p in pred))
    precision = tp_p / n_p if n_p else 1.0
    recall = tp_g / n_g if n_g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
