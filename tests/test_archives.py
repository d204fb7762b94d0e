"""WARC and WACZ reading (search/extract/archives.py) on archives written by warcio's writer."""
from __future__ import annotations

import pytest

import formatkit as kit
from search.errors import CaptureError
from search.extract.archives import read_wacz, read_warc
from search.extract.records import Payload, Skipped

PAGES = [(f"https://harbour.example/news/{i}", kit.article_html(f"Story {i}", kit.marker(i))) for i in range(3)]


def kinds(records):
    return [type(r).__name__ for r in records]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_each_html_response_is_a_capture_with_url_date_and_offset(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    kit.write_warc(path, PAGES, gzipped=gzipped)
    offsets = {uri: off for off, kind, uri in kit.record_offsets(path) if kind == "response"}
    records = list(read_warc(str(path)))
    pages = [r for r in records if isinstance(r, Payload)]
    assert [p.hints["url"] for p in pages] == [u for u, _ in PAGES]
    for p in pages:
        prov = p.hints["provenance"]
        assert prov["format"] == "warc" and prov["archive"] == str(path)
        assert prov["offset"] == offsets[p.hints["url"]]
        assert p.source == f"{path}@{prov['offset']}"
        assert prov["record_id"].startswith("<urn:uuid:")
        assert p.hints["fallback"]["date"] == prov["captured"][:10]   # the crawl day: only a fallback
        assert "date" not in p.hints
        assert p.data is None and p.at == (str(path), prov["offset"])   # the page is read where it is
        capture = p.capture()
        assert capture.kind == "html" and kit.marker(pages.index(p)) in capture.text
    skipped = [r.reason for r in records if isinstance(r, Skipped)]
    assert skipped == ["not HTML (image/png)", "HTTP status 301, not a page",
                       "revisit (a capture of a page already archived)"]
    assert not [r for r in records if isinstance(r, CaptureError)]   # warcinfo and requests: not captures


def test_a_broken_record_in_the_middle_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    kit.write_warc(path, PAGES, others=False)
    offsets = [off for off, _, _ in kit.record_offsets(path)]
    data = bytearray(path.read_bytes())
    data[offsets[1] + 100: offsets[1] + 160] = b"x" * 60      # inside the second record's gzip member
    path.write_bytes(bytes(data))
    records = list(read_warc(str(path)))
    assert kinds(records) == ["Payload", "CaptureError", "Payload"]
    assert records[1].source == f"{path}@{offsets[1]}"
    assert "damaged record" in records[1].problem
    assert [r.hints["url"] for r in records if isinstance(r, Payload)] == [PAGES[0][0], PAGES[2][0]]


def test_garbage_between_uncompressed_records_is_one_error(tmp_path):
    path = tmp_path / "crawl.warc"
    kit.write_warc(path, PAGES, gzipped=False, others=False)
    offsets = [off for off, _, _ in kit.record_offsets(path)]
    data = path.read_bytes()
    path.write_bytes(data[:offsets[1]] + b"this is not a record\r\n" * 3 + data[offsets[1]:])
    records = list(read_warc(str(path)))
    assert kinds(records) == ["Payload", "CaptureError", "Payload", "Payload"]
    assert "not a readable WARC record" in records[1].problem


def test_a_truncated_gzip_warc_keeps_the_records_before_the_cut(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    kit.write_warc(path, PAGES, others=False)
    offsets = [off for off, _, _ in kit.record_offsets(path)]
    data = path.read_bytes()
    path.write_bytes(data[:offsets[2] + 400])
    records = list(read_warc(str(path)))
    assert kinds(records) == ["Payload", "Payload", "CaptureError"]
    assert records[2].source == f"{path}@{offsets[2]}"
    assert "truncated" in records[2].problem or "gzip" in records[2].problem


def test_a_record_read_again_from_a_changed_archive_is_an_error(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    kit.write_warc(path, PAGES, others=False)
    first, second = list(read_warc(str(path)))[:2]
    kit.write_warc(path, PAGES[::-1], others=False)   # rewritten since: other records at those offsets
    with pytest.raises(CaptureError, match="archive changed"):
        first.capture()
    path.unlink()
    with pytest.raises(CaptureError, match="cannot read the record again"):
        second.capture()


def test_wacz_reads_every_warc_inside(tmp_path):
    one, two = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    kit.write_warc(one, PAGES[:2], others=False)
    kit.write_warc(two, PAGES[2:], others=False)
    wacz = tmp_path / "site.wacz"
    kit.write_wacz(wacz, {"data-1.warc.gz": one.read_bytes(), "data-2.warc.gz": two.read_bytes()})
    records = list(read_wacz(str(wacz)))
    assert [r.hints["url"] for r in records] == [u for u, _ in PAGES]
    prov = records[2].hints["provenance"]
    assert prov["format"] == "wacz" and prov["member"] == "archive/data-2.warc.gz" and prov["offset"] == 0
    assert records[2].source == f"{wacz}!archive/data-2.warc.gz@0"
    assert records[2].data and records[2].at is None   # a member of a zip: its bytes come with it


def test_a_zip_without_warcs_is_an_error(tmp_path):
    import zipfile

    path = tmp_path / "other.wacz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    records = list(read_wacz(str(path)))
    assert kinds(records) == ["CaptureError"] and "no WARC" in records[0].problem
