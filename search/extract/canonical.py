"""Actors' canonical names: the mentions the actor finder (actors.py) found in one
document resolved to one name each, and the alias tables that map variants to one name
across documents.

In a document a surname or partial name maps to the fullest name used there ("Mr
Macron" -> "Emmanuel Macron", "Le Drian" -> "Jean-Yves Le Drian"), a surname after a
title one letter away from a known one is taken for a misspelling of it, an acronym
defined in the text maps to its long form; across documents the built-in alias table
(`data/aliases.tsv`, loaded by lexicon.py) and the user's alias file
(`<index dir>/aliases.json`, written by `newsfacet actors merge`) map variants to one name.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search import settings
from search.extract.article import Actor
from search.extract.lexicon import COMPANY_SUFFIXES, ORGANISATION, PERSON, PLACE, Lexicon, fold

ALIAS_FILE_NAME = "aliases.json"


# --------------------------------------------------------------------------- user aliases

def alias_file(index_dir: str | os.PathLike | None = None) -> Path:
    """The user's alias file, kept beside the index: <index dir>/aliases.json (the index
    folder as settings.index_dir finds it: `index_dir`, else $NEWSFACET_INDEX, else ./index)."""
    return settings.index_dir(index_dir) / ALIAS_FILE_NAME


def read_user_aliases(path: str | os.PathLike) -> dict[str, str]:
    """{variant: canonical} from a user alias file; {} when there is none."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable alias file ({exc})") from exc
    aliases = data.get("aliases", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in aliases.items()}


def merge_alias(path: str | os.PathLike, variant: str, canonical: str) -> dict[str, str]:
    """Record that VARIANT is CANONICAL in the user alias file; returns the new table.

    Variants that pointed at VARIANT now point at CANONICAL, so chains stay one step."""
    variant, canonical = " ".join(variant.split()), " ".join(canonical.split())
    if not variant or not canonical:
        raise ValueError("variant and canonical name must not be empty")
    if fold(variant) == fold(canonical) and variant == canonical:
        raise ValueError("a name cannot be merged into itself")
    aliases = read_user_aliases(path)
    aliases = {v: (canonical if fold(c) == fold(variant) else c) for v, c in aliases.items()}
    aliases = {v: c for v, c in aliases.items() if fold(v) != fold(variant)}
    aliases[variant] = canonical
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"aliases": dict(sorted(aliases.items()))}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    tmp.replace(path)
    _user_aliases.cache_clear()
    return aliases


@lru_cache(maxsize=8)
def _user_aliases(path: str, mtime: float) -> dict[str, str]:
    return {fold(k): v for k, v in read_user_aliases(path).items()}


def user_aliases(path: str | os.PathLike | None) -> dict[str, str]:
    """The folded user alias table at PATH, re-read only when the file changes."""
    if path is None:
        return {}
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return {}
    return _user_aliases(str(path), mtime)


# --------------------------------------------------------------------------- mentions

@dataclass
class Mention:
    """A name the actor finder found in a document, typed or not, before resolution."""

    name: str
    type: str | None      # person / organisation; None: unresolved single word
    pos: int
    evidence: bool = False  # came after a title (a person's name)
    soft: bool = False      # from a headline: counts only if the article names it elsewhere


# --------------------------------------------------------------------------- resolution

_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’&-]*|of|for|and|the|on|in|de|du|des)(?:\s+(?:[A-Z][\w'’&-]*|of|for|and|the|on|in|de|du|des)){1,9})\s*\(([A-Z][A-Za-z&-]{1,9})\)")


def acronym_definitions(text: str) -> dict[str, str]:
    """'European Council on Foreign Relations (ECFR)' -> {'ecfr': 'European Council on Foreign Relations'}."""
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        letters = acr.replace("-", "").replace("&", "").upper()
        # Take the shortest tail of the words whose capitals spell the acronym.
        for start in range(len(words) - 1, -1, -1):
            tail = words[start:]
            caps = "".join(w[0] for w in tail if w[0].isupper())
            if caps == letters and tail[0][0].isupper():
                found[fold(acr)] = " ".join(tail)
                break
    return found


def _edit1(a: str, b: str) -> bool:
    """At most one substitution, insertion or deletion apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if a == b[:i] + b[i + 1:]:
            return True
    return False


def _canonical(name: str, kind: str, lex: Lexicon, user: dict[str, str]) -> tuple[str, str] | None:
    key = fold(name)
    hit = lex.aliases.get(key)
    if hit:
        name, kind = hit
        if kind == PLACE:
            return None
        key = fold(name)
    if key in user:
        name = user[key]
        hit = lex.aliases.get(fold(name))
        if hit:
            name, kind = hit[0], (hit[1] if hit[1] != PLACE else kind)
    return name, kind


def resolve(mentions: list[Mention], text_defs: dict[str, str], lex: Lexicon, user: dict[str, str]) -> list[Actor]:
    persons: dict[str, Mention] = {}   # folded full name -> first mention
    orgs: dict[str, Mention] = {}
    for m in mentions:
        if m.soft:
            continue
        if m.type == PERSON and (" " in m.name or m.name in lex.canonical_names):
            persons.setdefault(fold(m.name), m)
        elif m.type == ORGANISATION:
            orgs.setdefault(fold(m.name), m)
    # Longest full name for each folded name: "Le Drian" -> "Jean-Yves Le Drian".
    full = sorted(persons, key=lambda k: -len(k.split()))

    def longer(key: str) -> str | None:
        words = key.split()
        best = None
        for other in full:
            ow = other.split()
            if len(ow) > len(words) and ow[-len(words):] == words:
                if best is None or len(ow) > len(best.split()):
                    best = other
        return best

    counts: dict[str, int] = {}
    for m in mentions:
        k = fold(m.name)
        counts[k] = counts.get(k, 0) + 1

    def find_person(key: str, typo: bool) -> str | None:
        hit = longer(key)
        if hit:
            return hit
        # A surname written once, one letter away from a surname the article uses: a typo.
        if typo and " " not in key and len(key) >= 5 and counts.get(key, 0) == 1:
            for other in full:
                last = other.split()[-1]
                if last[0] == key[0] and _edit1(last, key):
                    return other
        return None

    results: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}

    def add(name: str, kind: str, pos: int) -> None:
        canon = _canonical(name, kind, lex, user)
        if canon is None:
            return
        name, kind = canon
        key = fold(name)
        if kind == ORGANISATION:  # "Panin Holdings" is "Panin Holdings Ltd"
            words = key.split()
            while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
                words.pop()
            key = " ".join(words)
        if key in seen:
            return
        seen[key] = len(results)
        results.append((pos, name, kind))

    for m in mentions:
        key = fold(m.name)
        if m.type == PERSON and not m.evidence and any(o.startswith(key + " ") for o in orgs):
            # "Marine Midland" after "Marine Midland Banks": the organisation, shortened.
            org = min((o for o in orgs if o.startswith(key + " ")), key=len)
            add(orgs[org].name, ORGANISATION, m.pos)
        elif m.type == PERSON:
            target = find_person(key, m.evidence) if " " not in key or key in persons else None
            if key in persons and longer(key):
                target = longer(key)
            if target:
                add(persons[target].name, PERSON, m.pos)
            elif not m.soft:
                add(_repair(m.name), PERSON, m.pos)
        elif m.type == ORGANISATION:
            if m.soft and key not in orgs:
                continue
            add(text_defs.get(key, m.name), ORGANISATION, m.pos)
        else:  # a lone capitalised word: a surname or an acronym named in full elsewhere
            target = find_person(key, False)
            if target:
                add(persons[target].name, PERSON, m.pos)
            elif key in text_defs:
                add(text_defs[key], ORGANISATION, m.pos)
            elif key in user:
                name = user[key]
                hit = lex.aliases.get(fold(name))
                add(name, hit[1] if hit and hit[1] != PLACE else (PERSON if " " in name else ORGANISATION), m.pos)
    results.sort(key=lambda r: r[0])
    return [Actor(name, kind) for _, name, kind in results]


def _repair(name: str) -> str:
    """Case repair: 'vladimir Putin' -> 'Vladimir Putin'; particles stay lower case."""
    return " ".join(w if w[:1].isupper() or w in ("de", "du", "da", "di", "van", "von", "der", "den", "le", "la", "al", "bin", "ibn", "y")
                    else w[:1].upper() + w[1:] for w in name.split())
