"""Files of many captures end to end (search/extract/formats.py): sniffed by content,
ingested and searched with exact counts and provenance, re-ingested without duplicates,
bad input as one line each; `show` and the article page say where a record came from."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import formatkit as kit
from search.cli import main
from search.extract.formats import sniff
from web import create_app

DATA = Path(__file__).parent / "data"
PAGES = [(f"https://harbour.example/news/{i}", kit.article_html(f"Harbour story number {i}", kit.marker(i)))
         for i in range(3)]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def search(index, query) -> dict:
    r = run("search", "--index", index, "--json", "--no-collapse", query)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def show(index, doc_id) -> dict:
    r = run("show", "--index", index, "--json", doc_id)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def summary_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("Ingested"))


# --------------------------------------------------------------------------- sniffing


def test_formats_are_told_by_content_whatever_the_name(tmp_path):
    files = {}
    kit.write_warc(tmp_path / "a", PAGES[:1], others=False)
    files["warc"] = tmp_path / "a"
    kit.write_warc(tmp_path / "b", PAGES[:1], gzipped=False, others=False)
    files["warc-plain"] = tmp_path / "b"
    (tmp_path / "c").write_bytes(kit.mhtml("https://x.example/a", PAGES[0][1]))
    (tmp_path / "d").write_bytes(bytes(kit.newsletter(1)))
    (tmp_path / "e").write_bytes(kit.mbox([kit.newsletter(1), kit.newsletter(2)]))
    shutil.copy(DATA / "harbour.rss", tmp_path / "f")
    shutil.copy(DATA / "harbour.json", tmp_path / "g")
    kit.write_wacz(tmp_path / "h", {"x.warc.gz": (tmp_path / "a").read_bytes()})
    (tmp_path / "i.txt").write_text("From our correspondent in Kyiv\n\nThe talks went on.\n")
    (tmp_path / "j.html").write_text(PAGES[0][1])
    got = {p.name: sniff(str(p)) for p in sorted(tmp_path.iterdir())}
    assert got == {"a": "warc", "b": "warc", "c": "mhtml", "d": "eml", "e": "mbox", "f": "feed", "g": "feed",
                   "h": "wacz", "i.txt": None, "j.html": None}


def test_a_name_decides_only_when_the_content_says_nothing(tmp_path):
    (tmp_path / "x.rss").write_text("not xml")
    (tmp_path / "x.txt").write_text("not xml")
    assert sniff(str(tmp_path / "x.rss")) == "feed" and sniff(str(tmp_path / "x.txt")) is None


# --------------------------------------------------------------------------- each format, end to end


def test_warc_ingest_search_provenance_and_reingest(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    kit.write_warc(warc, PAGES)
    offsets = {uri: off for off, kind, uri in kit.record_offsets(warc) if kind == "response"}
    index = tmp_path / "index"
    r = run("ingest", "--index", index, warc)
    assert r.exit_code == 0, r.output
    assert "3 added, 0 updated, 0 unchanged, 0 duplicates, 0 failed; 3 documents written" in summary_line(r)
    assert "Skipped 3 records" in r.stderr and "1 revisit" in r.stderr and "1 not HTML (image/png)" in r.stderr
    for i, (url, _) in enumerate(PAGES):
        hits = search(index, kit.marker(i))
        assert hits["total"] == 1
        doc = show(index, hits["hits"][0]["id"])
        assert doc["url"] == url and doc["source"] == f"{warc}@{offsets[url]}"
        assert doc["provenance"]["format"] == "warc" and doc["provenance"]["offset"] == offsets[url]
        assert doc["provenance"]["archive"] == str(warc)
    again = run("ingest", "--index", index, warc)
    assert "0 added, 0 updated, 3 unchanged" in summary_line(again)
    text = run("show", "--index", index, search(index, kit.marker(0))["hits"][0]["id"]).stdout
    assert f"Record: WARC record at byte {offsets[PAGES[0][0]]} of {warc}" in text
    # a page crawled again (its text changed) updates its document, never a second one
    kit.write_warc(warc, [(PAGES[0][0], kit.article_html("Harbour story number 0", kit.marker(0), paragraphs=5))],
                   others=False)
    third = run("ingest", "--index", index, warc)
    assert "0 added, 1 updated" in summary_line(third)
    assert search(index, kit.marker(0))["total"] == 1
    assert run("stats", "--index", index, "--json").stdout and json.loads(
        run("stats", "--index", index, "--json").stdout)["documents"] == 3


def test_a_broken_warc_record_fails_alone(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    kit.write_warc(warc, PAGES, others=False)
    offsets = [off for off, _, _ in kit.record_offsets(warc)]
    data = bytearray(warc.read_bytes())
    data[offsets[1] + 100: offsets[1] + 160] = b"x" * 60
    warc.write_bytes(bytes(data))
    index = tmp_path / "index"
    r = run("ingest", "--index", index, warc)
    assert r.exit_code == 1
    assert "2 added" in summary_line(r) and "1 failed" in summary_line(r)
    errors = [line for line in r.stderr.splitlines() if line.startswith("newsfacet: error:")]
    assert errors == [f"newsfacet: error: {warc}@{offsets[1]}: damaged record: "
                      "not a readable WARC record (Invalid WARC record)"]
    assert "Traceback" not in r.output
    assert search(index, kit.marker(0))["total"] == 1 and search(index, kit.marker(2))["total"] == 1
    assert search(index, kit.marker(1))["total"] == 0


def test_truncated_gzip_warc_as_a_command(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    kit.write_warc(warc, PAGES, others=False)
    offsets = [off for off, _, _ in kit.record_offsets(warc)]
    warc.write_bytes(warc.read_bytes()[:offsets[2] + 300])
    r = run("extract", "--json", warc)
    assert r.exit_code == 1
    assert [json.loads(line)["url"] for line in r.stdout.splitlines()] == [PAGES[0][0], PAGES[1][0]]
    assert len([line for line in r.stderr.splitlines() if line.startswith("newsfacet: error:")]) == 1


def test_wacz_ingest(tmp_path):
    one = tmp_path / "one.warc.gz"
    kit.write_warc(one, PAGES, others=False)
    wacz = tmp_path / "site.wacz"
    kit.write_wacz(wacz, {"data.warc.gz": one.read_bytes()})
    index = tmp_path / "index"
    r = run("ingest", "--index", index, wacz)
    assert r.exit_code == 0 and "3 added" in summary_line(r)
    doc = show(index, search(index, kit.marker(2))["hits"][0]["id"])
    assert doc["provenance"]["format"] == "wacz" and doc["provenance"]["member"] == "archive/data.warc.gz"


def test_mhtml_ingest(tmp_path):
    page = tmp_path / "saved.mht"
    page.write_bytes(kit.mhtml("https://harbour.example/news/saved", kit.article_html("Saved", "mhtquokka")))
    index = tmp_path / "index"
    r = run("ingest", "--index", index, page)
    assert r.exit_code == 0 and "1 added" in summary_line(r)
    hits = search(index, "mhtquokka")
    assert hits["total"] == 1
    doc = show(index, hits["hits"][0]["id"])
    assert doc["url"] == "https://harbour.example/news/saved" and doc["provenance"]["format"] == "mhtml"


def test_mbox_ingest_strips_the_newsletter_and_keys_by_message_id(tmp_path):
    box = tmp_path / "inbox.mbox"
    box.write_bytes(kit.mbox([kit.newsletter(n) for n in range(3)] + [kit.newsletter(9, attachment_only=True)]))
    index = tmp_path / "index"
    r = run("ingest", "--index", index, box)
    assert r.exit_code == 1
    assert "3 added, 0 updated, 0 unchanged, 0 duplicates, 1 failed" in summary_line(r)
    assert "a message with no HTML or text part (only application/pdf)" in r.stderr
    for n in range(3):
        hits = search(index, kit.marker(n, "mail"))
        assert hits["total"] == 1
        doc = show(index, hits["hits"][0]["id"])
        assert doc["outlet"] == "The Harbour Briefing" and doc["date"] == f"2025-05-0{1 + n}"
        assert doc["title"] == f"Harbour briefing {n}: the {kit.marker(n, 'mail')} vote"
        assert doc["provenance"]["message_id"] == f"<briefing-{n}@harbour.example>"
        reasons = {d["text"]: d["reason"] for d in doc["dropped"]}
        assert reasons.get("Unsubscribe | Manage preferences") == "newsletter"
        assert reasons.get("Know someone who would like this? Refer a friend and earn rewards.") == "share"
        assert reasons.get("SPONSORED") == "sponsor"
        assert "Ferrylink" not in doc["body"] and "Unsubscribe" not in doc["body"]
        assert doc["body"].count(kit.marker(n, "mail")) == 8
    assert search(index, "Ferrylink")["total"] == 0
    # the same messages in a mailbox laid out differently (offsets change): updated, not duplicated
    box.write_bytes(kit.mbox([kit.newsletter(7)] + [kit.newsletter(n) for n in range(3)]))
    again = run("ingest", "--index", index, box)
    assert "1 added, 3 updated, 0 unchanged" in summary_line(again)
    assert json.loads(run("stats", "--index", index, "--json").stdout)["documents"] == 4


def test_eml_ingest(tmp_path):
    mail = tmp_path / "briefing.eml"
    mail.write_bytes(bytes(kit.newsletter(4)))
    index = tmp_path / "index"
    assert run("ingest", "--index", index, mail).exit_code == 0
    doc = show(index, search(index, kit.marker(4, "mail"))["hits"][0]["id"])
    assert doc["provenance"] == {"format": "eml", "file": str(mail), "message_id": "<briefing-4@harbour.example>"}


def test_feeds_ingest_full_and_summary_items(tmp_path):
    index = tmp_path / "index"
    r = run("ingest", "--index", index, DATA / "harbour.rss", DATA / "harbour.atom", DATA / "harbour.json",
            DATA / "broken.rss")
    assert r.exit_code == 1
    assert "4 added, 0 updated, 0 unchanged, 0 duplicates, 1 failed" in summary_line(r)
    assert f"newsfacet: error: {DATA / 'broken.rss'}: not an RSS or Atom feed" in r.stderr
    full = show(index, search(index, "feedquokkaone")["hits"][0]["id"])
    assert full["url"] == "https://harbour.example/news/ferry-plan" and full["date"] == "2025-05-06"
    assert full["outlet"] == "Harbour Gazette" and full["provenance"]["content"] == "full"
    assert "regional court" in full["body"]
    summary = show(index, search(index, "feedquokkatwo")["hits"][0]["id"])
    assert summary["provenance"]["content"] == "summary" and summary["provenance"]["item_id"] == "harbour-2025-0002"
    assert search(index, "atomquokkaone")["total"] == 1 and search(index, "jsonquokkaone")["total"] == 1
    again = run("ingest", "--index", index, DATA / "harbour.rss", DATA / "harbour.atom", DATA / "harbour.json")
    assert "0 added, 0 updated, 4 unchanged" in summary_line(again)
    text = run("show", "--index", index, summary["id"]).stdout
    assert "Record: item 2 of the RSS feed" in text and "summary only" in text


def test_a_folder_of_formats_and_the_article_page(tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    kit.write_warc(folder / "crawl.warc.gz", PAGES[:2], others=False)
    (folder / "briefing.eml").write_bytes(bytes(kit.newsletter(5)))
    shutil.copy(DATA / "harbour.atom", folder / "feed.atom")
    (folder / "page.html").write_text(kit.article_html("Loose page", "loosequokka"))
    index = tmp_path / "index"
    r = run("ingest", "--index", index, folder)
    assert r.exit_code == 0 and "5 added" in summary_line(r)
    doc_id = search(index, kit.marker(1))["hits"][0]["id"]
    page = create_app({"TESTING": True, "INDEX": str(index)}).test_client().get(f"/articles/{doc_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="provenance"' in html and "WARC record at byte" in html and "crawl.warc.gz" in html
    loose = show(index, search(index, "loosequokka")["hits"][0]["id"])
    assert loose["provenance"] is None


@pytest.mark.parametrize("name,content,problem", [
    ("cut.warc.gz", None, "truncated"),
    ("empty.mbox", b"", "empty"),
])
def test_bad_files_are_one_line_each(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is None:
        kit.write_warc(path, PAGES[:1], others=False)
        path.write_bytes(path.read_bytes()[:200])
    else:
        path.write_bytes(content)
    good = tmp_path / "good.html"
    good.write_text(kit.article_html("Good page", "goodquokka"))
    r = run("extract", path, good)
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("newsfacet: error:")]
    assert len(errors) == 1 and problem in errors[0] and "Traceback" not in r.output
    assert "goodquokka" in r.stdout


@pytest.mark.parametrize("backend", ["whoosh", "sphinx"])
def test_provenance_on_either_backend(request, tmp_path, backend):
    from conftest import settings_for
    from search import backends, engine
    from search.ingest import ingest

    settings = settings_for(request, backend)
    warc = tmp_path / "crawl.warc.gz"
    kit.write_warc(warc, PAGES[:2], others=False)
    offsets = [off for off, _, _ in kit.record_offsets(warc)]
    index_dir = tmp_path / "index"
    summary = ingest(index_dir, [str(warc)], workers=1, settings=settings)
    assert summary.added == 2 and summary.documents == 2
    index = backends.open_index(index_dir, settings)
    try:
        result = engine.search(index, engine.SearchRequest(query=kit.marker(1)))
        assert result["total"] == 1
        doc = engine.show(index, result["hits"][0]["id"])
        assert doc["provenance"]["offset"] == offsets[1] and doc["provenance"]["format"] == "warc"
    finally:
        index.close()
