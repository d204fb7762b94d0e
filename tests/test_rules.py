"""The phrase rules: the literal prefilter (an Aho-Corasick pass over each line) never
changes which rule a line matches; it only skips patterns that cannot match."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from search.extract import rules
from search.extract.rules import RULES, _literals, _sre_parse, classify

REPO = Path(__file__).resolve().parents[1]


def _fold(line: str) -> str:
    text = " ".join(line.split())
    return text.lower() if text.isascii() else rules._unify(unicodedata.normalize("NFKC", text)).lower()


def _reference(line: str) -> rules.Rule | None:
    """The rule a line matches, every rule's whole pattern tried in order (no prefilter)."""
    folded = _fold(line)
    if not folded or len(folded) > rules._LONGEST:
        return None
    for rule in RULES:
        if len(folded) > rule.max_len:
            continue
        if folded in rule.exact:
            return rule
        if rule.pattern.search(folded):
            return rule
    return None


def _sample_lines() -> list[str]:
    lines: list[str] = []
    for folder in (REPO / "samples", REPO / "bench" / "data" / "langpages"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".html", ".eml", ".json"):
                lines.extend(path.read_text("utf-8", errors="replace").splitlines())
    return list(dict.fromkeys(line for line in lines if line.strip()))


def _literal_lines() -> list[str]:
    """Lines built around every rule's literals: alone, at a line's start, inside prose."""
    out = []
    for rule in RULES:
        for literal in sorted(set().union(*rule.literals)):
            out += [literal, literal.strip() + " now", f"Read this: {literal} here.", literal.upper()]
    return out


@pytest.mark.parametrize("source", ["samples", "literals"])
def test_the_prefilter_gives_the_rule_the_patterns_give(source: str) -> None:
    lines = _sample_lines() if source == "samples" else _literal_lines()
    assert len(lines) > 1000
    differ = [line for line in lines if classify(line) is not _reference(line)]
    assert differ == []
    assert sum(_reference(line) is not None for line in lines) > 50   # the rules do speak to these lines


@pytest.mark.parametrize("pattern, line, found", [
    (r"^(subscribe|sign up) (to|for) our newsletter", "sign up for our newsletter", True),
    (r"\bdonat(e|ion)\b", "make a donation today", True),
    (r"^©\s", "© 2024 the paper", True),
    (r"^(x|close)$", "close", None),          # "x" has no literal of two characters: always tried
    (r"(?:photo)?credit", "credit: ap", True),
])
def test_literals_are_strings_every_match_holds(pattern: str, line: str, found: bool | None) -> None:
    literals = _literals(_sre_parse(pattern))
    if found is None:
        assert literals is None
        return
    assert literals and re.search(pattern, line)
    assert any(literal in line for literal in literals)
