"""Actors of the five seed captures against ../shared/gold/seeds.json: every required
actor under its canonical name, no forbidden one, precision >= 0.90 against required +
allowed, and the gold's alias groups mapping to one name.

../shared is not part of the repository (a fresh clone has none): the whole module is
skipped with a message when it is absent. The hand-written tests are in test_actors.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seeds.json"
SEEDS = SHARED / "seeds"

if not GOLD.is_file() or not SEEDS.is_dir():
    pytest.skip(f"actor gold tests skipped: {SHARED} (gold/seeds.json and seeds/) is not there; "
                "it holds the hand-labelled captures and is not part of the repository",
                allow_module_level=True)

from search.extract.actors import actors_from_text  # noqa: E402
from search.extract.capture import Capture  # noqa: E402
from search.extract.lexicon import fold  # noqa: E402
from search.extract.pipeline import extract_capture  # noqa: E402

GOLD_DATA = json.loads(GOLD.read_text(encoding="utf-8"))
DOCS: dict = GOLD_DATA["documents"]
NAMES = sorted(DOCS)


@pytest.fixture(autouse=True)
def _no_user_aliases(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACET_INDEX", str(tmp_path))


def _actors(name: str) -> set[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    article = extract_capture(Capture(source=name, text=text, kind="text", encoding="utf-8"))[0]
    return {fold(a.name) for a in article.actors}


@pytest.mark.parametrize("name", NAMES)
def test_required_actors_found_under_their_canonical_name(name):
    found = _actors(name)
    missing = [n for n in DOCS[name]["actors"]["required"] if fold(n) not in found]
    assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_no_forbidden_actor(name):
    found = _actors(name)
    assert not [n for n in DOCS[name]["actors"]["forbidden"] if fold(n) in found]


@pytest.mark.parametrize("name", NAMES)
def test_precision_against_required_and_allowed(name):
    found = _actors(name)
    gold = DOCS[name]["actors"]
    ok = {fold(n) for n in gold["required"] + gold["allowed"]}
    assert found and len(found & ok) / len(found) >= 0.90, sorted(found - ok)


def test_gold_alias_groups_map_to_one_name():
    """Each variant, alone in a sentence after a title or in running text, gives the
    canonical name when the article also names the canonical form."""
    for canonical, variants in GOLD_DATA["aliases"].items():
        if not actors_from_text(None, f"{canonical} arrived on Monday."):
            continue  # a place ("United States"): never an actor, whatever its spelling
        for variant in variants:
            body = f"{canonical} arrived on Monday. Later, {variant} spoke to the press about it."
            found = {fold(a.name) for a in actors_from_text(None, body)}
            assert fold(canonical) in found, (canonical, variant)
            assert fold(variant) not in found or fold(variant) == fold(canonical), (canonical, variant, found)
