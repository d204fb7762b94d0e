"""RSS, Atom and JSON Feed reading (search/extract/feeds.py) on hand-written feed files."""
from __future__ import annotations

from pathlib import Path

from search.errors import CaptureError
from search.extract.feeds import read_feed
from search.extract.records import Payload

DATA = Path(__file__).parent / "data"


def test_rss_full_content_and_summary_only_items():
    path = str(DATA / "harbour.rss")
    full, summary = list(read_feed(path))
    assert isinstance(full, Payload) and isinstance(summary, Payload)
    assert full.hints["url"] == "https://harbour.example/news/ferry-plan"
    assert full.hints["title"] == "Council backs the feedquokkaone ferry plan"
    assert full.hints["date"] == "2025-05-06"
    assert full.hints["outlet"] == "Harbour Gazette"
    assert full.hints["provenance"] == {"format": "rss", "file": path, "feed": "https://harbour.example/", "item": 1,
                                        "item_id": "harbour-2025-0001", "content": "full"}
    assert full.kind == "html" and "regional court" in full.capture().text   # content:encoded, not the summary
    assert summary.hints["provenance"]["content"] == "summary"
    assert "residents' submissions" in summary.capture().text
    assert full.source == f"{path}#1" and summary.source == f"{path}#2"


def test_atom_content():
    (entry,) = list(read_feed(str(DATA / "harbour.atom")))
    assert entry.hints["provenance"]["format"] == "atom"
    assert entry.hints["provenance"]["item_id"] == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert entry.hints["date"] == "2025-05-08" and "url" not in entry.hints
    assert "lower fares" in entry.capture().text


def test_json_feed():
    (item,) = list(read_feed(str(DATA / "harbour.json")))
    assert item.hints["provenance"]["format"] == "json feed" and item.hints["provenance"]["item_id"] == "j-1"
    assert item.hints["title"] == "Residents march for the jsonquokkaone park"
    assert "old quay green" in item.capture().text


def test_a_feed_that_is_not_xml_is_one_error():
    (error,) = list(read_feed(str(DATA / "broken.rss")))
    assert isinstance(error, CaptureError) and error.problem.startswith("not an RSS or Atom feed")


def test_json_that_is_not_a_feed(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"hello": 1}')
    (error,) = list(read_feed(str(p)))
    assert isinstance(error, CaptureError) and "not a JSON Feed" in error.problem
