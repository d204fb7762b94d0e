"""Saved pages: MHTML (``.mht``, ``.mhtml``; Chrome's "Save as single file"), a MIME
message whose parts are the page and its images, styles and frames.

The capture is the first HTML part (the page; later ones are frames), its url the part's
Content-Location (else the message's Snapshot-Content-Location), the message's Date a
fallback date (the day the page was saved). records.py says what a reader yields.
"""
from __future__ import annotations

import email
import email.policy
import os
from typing import Iterator

from search.errors import CaptureError
from search.extract.records import Payload, Record, iso_day

#: A saved page with its images can be large; the HTML part itself is held to capture.MAX_BYTES.
MAX_FILE_BYTES = 200_000_000


def read_mhtml(path: str) -> Iterator[Record]:
    """The page of an MHTML file (one capture)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            yield CaptureError(path, f"too large ({size / 1e6:.1f} MB; the limit for a saved page is "
                                     f"{MAX_FILE_BYTES // 1_000_000} MB)")
            return
        with open(path, "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
    except OSError as exc:
        yield CaptureError(path, (exc.strerror or str(exc)).lower())
        return
    page = next((part for part in message.walk() if part.get_content_type() in ("text/html", "application/xhtml+xml")), None)
    if page is None:
        yield CaptureError(path, "an MHTML file with no HTML part (not a saved page)")
        return
    try:
        data = page.get_payload(decode=True) or b""
    except Exception as exc:   # a damaged transfer encoding
        yield CaptureError(path, f"the page's part cannot be decoded ({exc})")
        return
    url = (page.get("Content-Location") or message.get("Snapshot-Content-Location") or "").strip() or None
    hints: dict = {"provenance": {"format": "mhtml", "file": path}}
    if url and url.startswith(("http://", "https://")):
        hints["url"] = url
        hints["provenance"]["location"] = url
    saved = _header_date(message)
    if saved:
        hints["fallback"] = {"date": saved}
        hints["provenance"]["saved"] = saved
    yield Payload(path, data, hints, kind="html", charset=page.get_content_charset())


def _header_date(message) -> str | None:
    try:
        value = message["Date"]
        return iso_day(value.datetime) if value is not None and getattr(value, "datetime", None) else None
    except (ValueError, TypeError, AttributeError):
        return None
