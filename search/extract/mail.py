"""E-mail: one message (``.eml``) or a mailbox of many (``.mbox``), newsletters above all.

The capture of a message is its HTML part, else its text part; the sender's display name
is the outlet, the Date header the date, the Subject the title, the Message-ID its identity
(re-ingesting a mailbox updates, never duplicates). A mailbox is read message by message:
its messages start at a "From " line, and each is parsed alone, so memory stays bounded
whatever its size. The newsletter's own furniture is stripped after extraction
(newsletter.py, by finish.py). records.py says what a reader yields.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import re
from typing import BinaryIO, Iterator

from search.errors import CaptureError
from search.extract.capture import MAX_BYTES
from search.extract.records import Payload, Record, iso_day

#: A mailbox message starts at a "From " line: "From sender@example.com Mon Jan  1 00:00:00 2024".
FROM_LINE = re.compile(rb"^From \S*.*\d{4}\s*$|^From \S+@\S+\s")


def read_eml(path: str) -> Iterator[Record]:
    """The message of an ``.eml`` file (one capture)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES * 2 + 1)
    except OSError as exc:
        yield CaptureError(path, (exc.strerror or str(exc)).lower())
        return
    if len(data) > MAX_BYTES * 2:
        yield CaptureError(path, f"too large (more than {MAX_BYTES * 2 // 1_000_000} MB for one message)")
        return
    yield message_capture(path, data, {"format": "eml", "file": path})


def read_mbox(path: str) -> Iterator[Record]:
    """The messages of a mailbox, in order."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield CaptureError(path, (exc.strerror or str(exc)).lower())
        return
    with f:
        n = 0
        for offset, n, data in split_mbox(f):
            source = f"{path}@{offset}"
            if data is None:
                yield CaptureError(source, f"message {n} too large (more than {MAX_BYTES * 2 // 1_000_000} MB)")
                continue
            yield message_capture(source, data, {"format": "mbox", "file": path, "offset": offset, "message": n})
        if n == 0:
            yield CaptureError(path, 'no messages in this mailbox (none starts with a "From " line)')


def split_mbox(f: BinaryIO) -> Iterator[tuple[int, int, bytes | None]]:
    """(byte offset of its From line, number from 1, bytes or None when too large) of each
    message of a mailbox, read line by line (mboxrd ">From " quoting undone)."""
    lines: list[bytes] = []
    size, start, n, pos, blank = 0, 0, 0, 0, True
    too_large = False

    def message():
        return None if too_large else b"".join(lines)

    for line in f:
        if blank and line.startswith(b"From ") and FROM_LINE.match(line.rstrip(b"\r\n") + b" "):
            if n:
                yield start, n, message()
            n, start, lines, size, too_large = n + 1, pos, [], 0, False
        elif n:
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            size += len(line)
            if size > MAX_BYTES * 2:
                too_large, lines = True, []
            elif not too_large:
                lines.append(line)
        blank = not line.strip()
        pos += len(line)
    if n:
        yield start, n, message()


def message_capture(source: str, data: bytes, provenance: dict) -> Record:
    """The capture of one message: its HTML part, else its text part, with its hints."""
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        body = msg.get_body(preferencelist=("html", "plain"))
    except Exception as exc:   # the email package raises many kinds on damaged input
        return CaptureError(source, f"not a readable e-mail message ({type(exc).__name__}: {exc})")
    if body is None:
        kinds = sorted({p.get_content_type() for p in msg.walk() if not p.is_multipart()})
        return CaptureError(source, "a message with no HTML or text part"
                            + (f" (only {', '.join(kinds)})" if kinds else ""))
    hints: dict = {"provenance": dict(provenance)}
    mid = _header(msg, "Message-ID")
    if mid:
        hints["provenance"]["message_id"] = mid
    sender = _sender(msg)
    if sender:
        hints["outlet"] = sender
    day = _date(msg)
    if day:
        hints["date"] = day
    subject = " ".join((_header(msg, "Subject") or "").split())
    if subject:
        hints["title"] = subject
    try:
        payload = body.get_payload(decode=True) or b""
    except Exception as exc:
        return CaptureError(source, f"the message's {body.get_content_subtype()} part cannot be decoded ({exc})")
    kind = "html" if body.get_content_subtype() == "html" else "text"
    return Payload(source, payload, hints, kind=kind, charset=body.get_content_charset())


def _header(msg, name: str) -> str | None:
    try:
        value = msg.get(name)
        return str(value).strip() or None if value is not None else None
    except Exception:   # a header the policy cannot parse
        return None


def _sender(msg) -> str | None:
    """The From display name ("The Morning Brief" <news@example.com>), else None."""
    raw = _header(msg, "From")
    if not raw:
        return None
    name, address = email.utils.parseaddr(raw)
    name = " ".join(name.split()).strip("\"' ")
    return name or None


def _date(msg) -> str | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        return iso_day(email.utils.parsedate_to_datetime(raw))
    except (TypeError, ValueError, IndexError):
        return None
