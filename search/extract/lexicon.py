"""Actors' word lists: what the actor finder (actors.py) knows about words.

`fold` makes a name's matching key. `lexicon()` loads, once: the lists in
`data/lexicon.json` (honorifics and job titles, organisation words, name particles,
nationalities, places, stop words, acronyms that are not organisations, institutions
named by their building...), the gender-guesser package's ~45,000 first names from many
countries, pycountry's countries and subdivisions, and the built-in alias table
`data/aliases.tsv` (variant -> canonical name and type). A variant in the alias table
is a place only when the table types it so, and never a first name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place"

_HYPHENS = re.compile(r"[\u2010-\u2015]")


def fold(text: str) -> str:
    """A matching key: lower case, no accents, no dots, straight apostrophes, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = _HYPHENS.sub("-", text.replace("’", "'").replace("‘", "'"))
    text = text.lower()
    if text.endswith("'s"):
        text = text[:-2]
    if "." in text:
        text = text.replace(".", " ")
    return " ".join(text.split())


@dataclass
class Lexicon:
    honorifics: frozenset[str]
    title_heads: frozenset[str]
    title_words: frozenset[str]
    org_suffixes: frozenset[str]
    org_heads: frozenset[str]
    org_connectors: frozenset[str]
    particles: frozenset[str]
    demonyms: frozenset[str]
    places: frozenset[str]
    major_places: frozenset[str]  # countries and the built-in list: a word of a name is never one
    non_org_acronyms: frozenset[str]
    stopwords: frozenset[str]
    first_names: frozenset[str]
    aliases: dict[str, tuple[str, str]]  # folded variant -> (canonical, type)
    place_suffixes: frozenset[str]
    lower_words: frozenset[str]  # first names that are also common lower-case words
    seats: frozenset[str]  # institutions named by their building: "in the Kremlin" is a place
    canonical_names: frozenset[str]
    max_alias_words: int = 1
    noun_articles: frozenset[str] = frozenset()  # a language that capitalises nouns: its articles (actorlang.py)
    language: str | None = None  # the articles' language, when not English (actorlang.py)


def _first_names() -> set[str]:
    """Folded first names from gender-guesser's nam_dict.txt (Jörg Michael's list)."""
    names: set[str] = set()
    try:
        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - dependency missing
        return names
    for line in data.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        for name in {parts[1].replace("+", ""), *parts[1].split("+")}:
            if len(name) >= 2:
                names.add(fold(name))
    return names


def _pycountry_places(subdivisions: bool = True) -> set[str]:
    places: set[str] = set()
    try:
        import pycountry
    except ModuleNotFoundError:  # pragma: no cover - dependency missing
        return places
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                places.add(fold(value))
                if "," in value:  # "Korea, Republic of" -> "korea"
                    places.add(fold(value.split(",")[0]))
    for sub in pycountry.subdivisions if subdivisions else ():
        places.add(fold(sub.name))
    return places


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data_dir = resources.files("search.extract").joinpath("data")
    lists = json.loads(data_dir.joinpath("lexicon.json").read_text("utf-8"))
    aliases: dict[str, tuple[str, str]] = {}
    for line in data_dir.joinpath("aliases.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, kind, *rest = line.split("\t")
        variants = [v for v in (rest[0].split("|") if rest else []) if v.strip()]
        for variant in [canonical, *variants]:
            aliases.setdefault(fold(variant), (canonical, kind))
    places = _pycountry_places() | {fold(p) for p in lists["places"]}
    places -= {key for key, (_, kind) in aliases.items() if kind != PLACE}
    major = (_pycountry_places(subdivisions=False) | {fold(p) for p in lists["places"]}
             | {key for key, (_, kind) in aliases.items() if kind == PLACE})
    stop = frozenset(lists["stopwords"])
    demonyms = frozenset(lists["demonyms"])
    title_heads = frozenset(lists["title_heads"]) | frozenset(lists["honorifics"])
    first = _first_names() - stop - demonyms - title_heads - set(lists["org_suffixes"]) - major - set(aliases)
    return Lexicon(
        honorifics=frozenset(lists["honorifics"]),
        title_heads=title_heads,
        title_words=title_heads | frozenset(lists["title_modifiers"]),
        org_suffixes=frozenset(lists["org_suffixes"]),
        org_heads=frozenset(lists["org_heads"]),
        org_connectors=frozenset(lists["org_connectors"]),
        particles=frozenset(lists["name_particles"]),
        demonyms=demonyms,
        places=frozenset(places),
        major_places=frozenset(major),
        non_org_acronyms=frozenset(lists["non_org_acronyms"]),
        stopwords=stop,
        first_names=frozenset(first),
        aliases=aliases,
        place_suffixes=frozenset(lists["place_suffixes"]),
        lower_words=frozenset(lists["lower_case_first_names"]) | (_newswire_lower(data_dir) & first),
        seats=frozenset(fold(s) for s in lists["seats"]),
        canonical_names=frozenset(c for c, _ in aliases.values()),
        max_alias_words=max(len(k.split()) for k in aliases),
    )


def _newswire_lower(data_dir) -> frozenset[str]:
    """Words newswire writes in lower case (data/lower_words.txt, counted in Reuters stories
    by bench/train_case_words.py): a first name among them ("take", "done", "tone") is a
    common word first, whatever a list of names says."""
    text = data_dir.joinpath("lower_words.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


#: Words that end a company's name ("Panin Holdings Ltd" is "Panin Holdings").
COMPANY_SUFFIXES = frozenset({"inc", "corp", "co", "cos", "ltd", "plc", "llc", "ag", "sa", "nv", "bv", "gmbh",
                               "spa", "ab", "asa", "bhd", "pty", "lp", "llp", "group", "company", "corporation"})
