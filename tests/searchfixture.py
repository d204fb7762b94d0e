"""A small skewed corpus for the engine tests: outlets and actors 6/3/1, dates over spans.

Module-level tuples, so every test reads the same data; `build(path)` ingests it as
JSON Lines records into a real index on disk.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from search.ingest import ingest

_rng = random.Random(7)
_VOCAB = ("harbour lantern meadow copper violet thunder pepper marble saddle walnut orchid "
          "glacier canyon falcon ember hazel quartz willow tundra nectar basalt cobalt "
          "juniper lagoon mango nickel oyster parsley quiver rhubarb sorrel tulip umber").split()

# (outlet or None, actors, date or None, mentions "zebra", mentions "giraffe")
DOCS: tuple[tuple[str | None, tuple[str, ...], str | None, bool, bool], ...] = tuple(
    [
        # outlet Alpha Post x6, Beta News x3, Gamma Daily x1, none x2
        ("Alpha Post", ("Ann Lee", "Bo Chan"), "2021-01-05", True, False),
        ("Alpha Post", ("Ann Lee",), "2021-01-20", True, True),
        ("Alpha Post", ("Ann Lee", "Cy Park"), "2021-02-11", True, False),
        ("Alpha Post", ("Ann Lee",), "2021-03-02", False, True),
        ("Alpha Post", ("Ann Lee", "Bo Chan"), "2022-06-30", True, False),
        ("Alpha Post", ("Ann Lee",), None, True, True),
        ("Beta News", ("Bo Chan",), "2021-01-05", True, False),
        ("Beta News", (), "2023-12-31", False, True),
        ("Beta News", ("Cy Park",), "2021-01-07", True, True),
        ("Gamma Daily", ("Bo Chan",), "2021-01-06", True, False),
        (None, (), "2021-01-08", True, False),
        (None, ("Dee Ford",), None, False, True),
    ]
)


def body(i: int, zebra: bool, giraffe: bool) -> str:
    rng = random.Random(i)
    paragraphs = []
    for p in range(3):
        words = [rng.choice(_VOCAB) for _ in range(40)]
        if p == 1 and zebra:
            words.insert(5, "zebra")
        if p == 2 and giraffe:
            words.insert(9, "giraffe")
        paragraphs.append(f"Report {i}-{p} says " + " ".join(words) + ".")
    return "\n\n".join(paragraphs)


def records() -> list[dict]:
    out = []
    for i, (outlet, actors, date, zebra, giraffe) in enumerate(DOCS):
        r = {"title": f"Story number {i}", "text": body(i, zebra, giraffe),
             "actors": [{"name": a, "type": "person"} for a in actors]}
        if outlet:  # without a URL or an outlet the document has no outlet
            r["outlet"] = outlet
            r["url"] = f"https://example.org/story/{i}"
        if date:
            r["date"] = date
        out.append(r)
    return out


def write_records(path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    return path


def build(index_dir: Path, settings=None) -> Path:
    """The corpus ingested into `index_dir` (on the backend of `settings`: default Whoosh)."""
    records_file = write_records(index_dir.parent / "records.jsonl")
    summary = ingest(index_dir, [str(records_file)], workers=1, settings=settings)
    assert summary.added == len(DOCS), summary.to_dict()
    return index_dir
