"""MHTML reading (search/extract/mhtml.py) on saved pages built with the email package."""
from __future__ import annotations

import formatkit as kit
from search.errors import CaptureError
from search.extract.mhtml import read_mhtml
from search.extract.records import Payload


def test_the_html_part_with_its_content_location(tmp_path):
    p = tmp_path / "page.mhtml"
    url = "https://harbour.example/news/saved"
    p.write_bytes(kit.mhtml(url, kit.article_html("Saved story", "mhtquokka")))
    (page,) = list(read_mhtml(str(p)))
    assert isinstance(page, Payload)
    assert page.hints["url"] == url and page.hints["fallback"] == {"date": "2025-03-04"}
    assert page.hints["provenance"] == {"format": "mhtml", "file": str(p), "location": url, "saved": "2025-03-04"}
    capture = page.capture()
    assert capture.kind == "html" and "mhtquokka" in capture.text and "PNG" not in capture.text


def test_an_mhtml_without_html_is_an_error(tmp_path):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    img = EmailMessage()
    img.set_content(b"\x89PNG" + bytes(20), maintype="image", subtype="png")
    msg.attach(img)
    p = tmp_path / "x.mht"
    p.write_bytes(bytes(msg))
    (error,) = list(read_mhtml(str(p)))
    assert isinstance(error, CaptureError) and "no HTML part" in error.problem
