"""Small real-format fixtures, built by the libraries themselves: WARC and WACZ with
warcio's writer, MHTML, e-mails and mailboxes with the email package; feeds are written
by hand (tests/test_feeds.py). Each page has a made-up word of its own (`marker`), so a
search for it counts exactly the documents that page gave."""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPH = ("The council met on Tuesday evening to discuss the {m} proposal, which residents say would change "
             "the character of the harbour district for a generation. ")


def marker(n: int, what: str = "page") -> str:
    return f"{what}quokka{'abcdefghijklmnopqrstuvwxyz'[n % 26]}{'zyxwvutsrq'[n // 26 % 10]}"


def article_html(title: str, word: str, *, paragraphs: int = 4, extra: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH.format(m=word)}Speaker {i} said the {word} vote was close and that more "
                   f"meetings would follow before the summer recess.</p>" for i in range(paragraphs))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>{title}</h1>"
            f"{body}{extra}</article><footer>Copyright Harbour Gazette</footer></body></html>")


# --------------------------------------------------------------------------- WARC, WACZ


def write_warc(path: Path, pages: list[tuple[str, str]], *, gzipped: bool = True, others: bool = True) -> list[str]:
    """A WARC of one HTML response per (url, html), with, when `others`, a warcinfo record, a
    request record before each response, an image response, a redirect and a revisit.
    Returns the record types in the order written."""
    written = []
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gzipped)

        def put(record):
            w.write_record(record)
            written.append(record.rec_type)

        if others:
            put(w.create_warcinfo_record(path.name, {"software": "newsfacet tests"}))
        for url, html in pages:
            data = html.encode("utf-8")
            if others:
                put(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), length=27,
                                         warc_content_type="application/http; msgtype=request"))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(data)))], protocol="HTTP/1.1")
            put(w.create_warc_record(url, "response", payload=io.BytesIO(data), length=len(data), http_headers=http))
        if others:
            png = b"\x89PNG\r\n\x1a\n" + bytes(100)
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            put(w.create_warc_record("https://example.org/logo.png", "response", payload=io.BytesIO(png),
                                     length=len(png), http_headers=http))
            http = StatusAndHeaders("301 Moved Permanently", [("Location", "https://example.org/new"),
                                                              ("Content-Type", "text/html")], protocol="HTTP/1.1")
            put(w.create_warc_record("https://example.org/old", "response", payload=io.BytesIO(b"<html>moved</html>"),
                                     length=18, http_headers=http))
            url, _ = pages[0]
            put(w.create_revisit_record(url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                        refers_to_uri=url, refers_to_date="2024-01-01T00:00:00Z"))
    return written


def record_offsets(path: Path) -> list[tuple[int, str, str | None]]:
    """(offset, type, target URI) of every record, as warcio reads them."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            out.append((it.offset, record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
            record.content_stream().read()
    return out


def write_wacz(path: Path, warcs: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in warcs.items():
            z.writestr(f"archive/{name}", data)
        z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
        z.writestr("pages/pages.jsonl", "")


# --------------------------------------------------------------------------- MHTML, e-mail


def mhtml(url: str, html: str, *, saved: datetime | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = url
    msg["Subject"] = "saved page"
    msg["Date"] = format_datetime(saved or datetime(2025, 3, 4, 10, 0, tzinfo=timezone.utc))
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    page = EmailMessage()
    page.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    page["Content-Location"] = url
    msg.attach(page)
    image = EmailMessage()
    image.set_content(b"\x89PNG\r\n\x1a\n" + bytes(50), maintype="image", subtype="png")
    image["Content-Location"] = url.rsplit("/", 1)[0] + "/logo.png"
    msg.attach(image)
    return bytes(msg)


def newsletter(n: int, *, sender: str = "The Harbour Briefing", html: str | None = None, text: str | None = None,
               attachment_only: bool = False) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f'"{sender}" <briefing@harbour.example>'
    msg["To"] = "reader@example.com"
    msg["Subject"] = f"Harbour briefing {n}: the {marker(n, 'mail')} vote"
    msg["Date"] = format_datetime(datetime(2025, 5, 1 + n % 27, 7, 30, tzinfo=timezone.utc))
    msg["Message-ID"] = f"<briefing-{n}@harbour.example>"
    if attachment_only:
        msg.set_content(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="issue.pdf")
        return msg
    msg.set_content(text or f"Plain text version of the {marker(n, 'mail')} briefing.\n")
    msg.add_alternative(html if html is not None else newsletter_html(n), subtype="html")
    return msg


def newsletter_html(n: int) -> str:
    word = marker(n, "mail")
    rows = [
        "View this email in your browser",
        "<h1>Good morning from the harbour</h1>",
        *(f"{PARAGRAPH.format(m=word)}Speaker {i} said the {word} vote was close and that more meetings would "
          f"follow before the summer recess." for i in range(4)),
        "SPONSORED",
        "Try Ferrylink Premium",
        "Ferrylink Premium gets you to the island faster, with reserved seats and no queues. Try it free.",
        "Know someone who would like this? Refer a friend and earn rewards.",
        "You are receiving this email because you signed up for The Harbour Briefing.",
        "Unsubscribe | Manage preferences",
        "Harbour Media Ltd, 1 Quay Street, Portsmouth",
    ]
    cells = "".join(f"<tr><td>{r if r.startswith('<') else '<p>' + r + '</p>'}</td></tr>" for r in rows)
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><table>{cells}</table></body></html>"


def mbox(messages: list[EmailMessage]) -> bytes:
    out = []
    for m in messages:
        out.append(b"From briefing@harbour.example Thu May  1 07:30:00 2025\n")
        raw = m.as_bytes(policy=m.policy.clone(linesep="\n"))
        out.append(b"\n".join((b">" + line if line.startswith(b"From ") else line) for line in raw.split(b"\n")))
        out.append(b"\n\n")
    return b"".join(out)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
