"""Captures the user says are already clean (`--as-is`, `"clean": true` in a JSON Lines
record): indexed as given, every word, with metadata only from the record or the options."""
from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from search.analysis import index_terms
from search.backends.whoosh.backend import WhooshBackend
from search.cli import main
from search.ingest import ingest

# A transcript that looks like furniture in places: short lines, a sign-up sentence,
# a "Comments" heading, a byline and a date, hard-wrapped like an e-mail.
TEXT = """Transcript of the evening briefing
By Maria Lopez
14 March 2024

Good evening. Tonight the council will vote on the harbour budget, and the
mayor has asked every member to read the port authority's report before
the session opens, because the figures changed on Monday.

Subscribe to our newsletter for the full agenda.
Comments

Question: will the night shifts be paid at the old rate?
Answer: the union and the company meet again on Thursday morning.
Share on Facebook
"""


def _body_length(index_dir: Path) -> tuple[int, dict]:
    """The number of body tokens indexed for the only document, and its stored fields."""
    index = WhooshBackend.open(index_dir)
    try:
        searcher = index.searcher()
        docnums = list(searcher.document_numbers())
        assert len(docnums) == 1
        return searcher.doc_field_length(docnums[0], "body"), searcher.stored_fields(docnums[0])
    finally:
        index.close()


def _tokens(text: str) -> int:
    return sum(freq for _term, freq, _weight, _positions in index_terms(text, "en"))


def _records(tmp_path: Path, name: str, **extra) -> Path:
    path = tmp_path / name
    record = {"url": "https://council.example/briefing", "title": "Evening briefing", "text": TEXT, **extra}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_a_clean_record_indexes_every_word_and_states_only_the_record(tmp_path: Path) -> None:
    ingest(tmp_path / "clean", [str(_records(tmp_path, "clean.jsonl", clean=True))], workers=1)
    length, stored = _body_length(tmp_path / "clean")
    assert length == _tokens(TEXT)   # every word of the text, furniture-like or not
    assert stored["title"] == "Evening briefing"   # from the record
    assert not stored.get("author")                # "By Maria Lopez" is text, not metadata
    assert not stored.get("date")
    # without "clean" the same record is stripped: the sign-up line and the share button go
    ingest(tmp_path / "stripped", [str(_records(tmp_path, "stripped.jsonl"))], workers=1)
    assert _body_length(tmp_path / "stripped")[0] < length


def test_ingest_as_is_indexes_every_word_of_a_capture_file(tmp_path: Path) -> None:
    capture = tmp_path / "briefing.txt"
    capture.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--index", str(tmp_path / "index"), "--workers", "1", "--as-is",
                                       str(capture)])
    assert result.exit_code == 0, result.output
    length, stored = _body_length(tmp_path / "index")
    assert length == _tokens(TEXT)
    assert not stored.get("title") and not stored.get("author")


def test_extract_as_is_prints_the_text_as_given(tmp_path: Path) -> None:
    capture = tmp_path / "briefing.txt"
    capture.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--json", "--as-is", "--outlet", "Council TV", str(capture)])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output.splitlines()[0])
    assert article["body"] == TEXT.strip("\n")
    assert article["dropped"] == [] and article["title"] is None and article["author"] is None
    assert article["date"] is None and article["outlet"] == "Council TV"
    plain = CliRunner().invoke(main, ["extract", "--json", str(capture)])
    stripped = json.loads(plain.output.splitlines()[0])
    words = lambda text: len(re.findall(r"\w+", text))  # noqa: E731
    assert words(stripped["body"]) < words(article["body"])
