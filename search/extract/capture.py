"""Reading captures: a page's text (or HTML) saved to a file, turned into clean text.

A *capture* is what the user saved of a news page: text copied out of a browser
(``.txt``), or the page's HTML (``.html``, possibly gzip-compressed). This module
finds capture files (:func:`iter_capture_paths`), reads one safely
(:func:`read_capture`) and decodes bytes of any likely encoding
(:func:`decode`). Every problem a user can cause is a :class:`CaptureError`
with a short, human message; nothing here lets another exception escape for
bad input.
"""
from __future__ import annotations

import codecs
import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from search.errors import CaptureError

#: The largest capture read, in bytes (after decompression for ``.gz``). News
#: pages are well under 1 MB of text; 20 MB leaves room for bloated HTML.
MAX_BYTES = 20_000_000

#: File names a directory is searched for (lower-cased comparison).
CAPTURE_SUFFIXES: tuple[str, ...] = (
    ".txt", ".text", ".htm", ".html", ".html.gz", ".htm.gz",
    # archives, saved pages, mail and feeds (search/extract/formats.py), many captures a file
    ".warc", ".warc.gz", ".wacz", ".mht", ".mhtml", ".eml", ".mbox", ".rss", ".atom",
)

#: How much of a file is looked at to tell binary data and HTML from text.
_SNIFF_BYTES = 8192


@dataclass
class Capture:
    """One capture, decoded: where it came from, its text, and what kind it is."""

    source: str    # the path as the user gave it, or "-" for standard input
    text: str      # decoded, newlines normalised to "\n", no control characters
    kind: str      # "text" (copied page text) or "html" (page source)
    encoding: str  # the encoding the bytes were decoded from, e.g. "utf-8", "cp1252"
    # A record of an archive, mailbox or feed (search/extract/records.py): its url, date,
    # outlet, title, "fallback" values and "provenance"; empty for a capture file.
    hints: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than \t and \n, plus DEL; \r is turned into \n before this.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
# Labels that browsers read as windows-1252 (WHATWG Encoding Standard).
_CP1252_LABELS = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1",
                  "ascii", "us-ascii", "windows-1252", "cp1252", "x-cp1252"}


def decode(data: bytes) -> tuple[str, str]:
    """Decode a capture's bytes; return ``(text, encoding)``. Never raises.

    Tried in order: a byte-order mark (UTF-8, UTF-16, UTF-32; the mark is
    dropped); UTF-16 without a mark (told by its NUL bytes); strict UTF-8;
    UTF-8 with a few damaged bytes (replaced by U+FFFD) when most non-ASCII
    bytes are valid UTF-8; the ``<meta charset>`` an HTML page declares;
    windows-1252 when ``charset_normalizer`` finds it plausible (it is the
    usual legacy encoding of Western news text, and short texts fool
    detectors); ``charset_normalizer``'s best guess; windows-1252; Latin-1.

    The text has its newlines normalised to ``\\n`` and NUL and the other C0
    control characters (but tab and newline) removed.
    """
    text, encoding = _decode_raw(data)
    return clean_text(text), encoding


def clean_text(text: str) -> str:
    """Newlines normalised to ``\\n``; a leading BOM and control characters removed."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL_CHARS.sub("", text)
    return text.removeprefix("\ufeff")


def _decode_raw(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding.removesuffix("-le").removesuffix("-be")
    utf16 = _bomless_utf16(data)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 (with NULs)
    if utf16:
        return data.decode(utf16, errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` if the NUL bytes say mostly-ASCII UTF-16."""
    sample = data[:_SNIFF_BYTES]
    half = len(sample) // 2
    if half < 2:
        return None
    even_nuls = sample[0:half * 2:2].count(0) / half
    odd_nuls = sample[1:half * 2:2].count(0) / half
    if odd_nuls > 0.6 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True if the bytes are UTF-8 with a little damage (a cut or a stray byte)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 2 and bad <= good // 4


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares near its top, as a Python codec name."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in _CP1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A UTF-8 page that failed strict UTF-8 is damaged, not declared; UTF-16/32
    # labels in an ASCII-compatible <meta> are wrong by construction.
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    return name


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        cp1252 = from_bytes(data, cp_isolation=["cp1252"]).best()
        if cp1252 is not None:
            return str(cp1252), "cp1252"
        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best), codecs.lookup(best.encoding).name
    except Exception:  # a detector bug must not make a capture unreadable
        return None
    return None


# --------------------------------------------------------------------------- sniffing

# (offset, magic bytes, what it is)
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip-compressed data"),
    (0, b"BZh", "bzip2-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"(\xb5/\xfd", "zstd-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\x7fELF", "executable program"),
    (0, b"MZ\x90\x00", "Windows executable"),
    (0, b"\xca\xfe\xba\xbe", "Java class or Mach-O program"),
    (0, b"\xcf\xfa\xed\xfe", "Mach-O program"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x00\x00\x01\x00", "icon image"),
    (0, b"wOFF", "web font"),
    (0, b"wOF2", "web font"),
    (0, b"OggS", "Ogg audio/video"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"ID3", "MP3 audio"),
    (0, b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (0, b"\x00asm", "WebAssembly module"),
)


def sniff_binary(data: bytes) -> str | None:
    """What binary format the bytes look like (e.g. ``"PNG image"``), or None for text.

    ``"binary data"`` when no known format matches but the start has many
    control bytes. UTF-16 and UTF-32 text (with or without a byte-order mark)
    counts as text.
    """
    for offset, magic, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return what
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime video or image"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    sample = data[:_SNIFF_BYTES]
    if not sample or any(sample.startswith(bom) for bom, _ in _BOMS) or _bomless_utf16(sample):
        return None
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\x0c\x0b\x1b")
    if controls / len(sample) > 0.05:
        return "binary data"
    return None


_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")


def looks_like_html(text: str) -> bool:
    """True if the text starts like an HTML page (a doctype, ``<html>``, ``<head>`` or ``<body>``)."""
    start = text[:2048].lstrip("\ufeff \t\n").lower()
    if not start.startswith("<"):
        return False
    return any(marker in start[:1024] for marker in _HTML_MARKERS)


# --------------------------------------------------------------------------- reading


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _too_large(n: int | None) -> str:
    limit = f"the limit is {MAX_BYTES // 1_000_000} MB"
    if n is None:
        return f"too large (more than {MAX_BYTES // 1_000_000} MB; {limit})"
    return f"too large ({_size(n)}; {limit})"


def _read_bounded(stream: BinaryIO) -> bytes:
    """Up to MAX_BYTES + 1 bytes, so that one byte more tells 'too large'."""
    chunks: list[bytes] = []
    left = MAX_BYTES + 1
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _gunzip(source: str, data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = _read_bounded(gz)
    except (OSError, EOFError, zlib.error) as exc:
        raise CaptureError(source, f"corrupt or truncated gzip file ({exc})") from None
    if len(out) > MAX_BYTES:
        raise CaptureError(source, f"too large when decompressed (more than {MAX_BYTES // 1_000_000} MB; "
                                   f"the limit is {MAX_BYTES // 1_000_000} MB)")
    return out


def _read_stdin(source: str) -> bytes:
    stream = sys.stdin
    if stream is None:
        raise CaptureError(source, "no standard input to read")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            return _read_bounded(buffer)
        return stream.read(MAX_BYTES + 1).encode("utf-8")
    except OSError as exc:
        raise CaptureError(source, f"cannot read standard input ({exc.strerror or exc})") from None


def _read_file(source: str, path: Path) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        problem = "no such file (a broken symbolic link)" if path.is_symlink() else "no such file"
        raise CaptureError(source, problem) from None
    except PermissionError:
        raise CaptureError(source, "permission denied") from None
    except OSError as exc:
        raise CaptureError(source, (exc.strerror or str(exc)).lower()) from None
    if stat.S_ISDIR(st.st_mode):
        raise CaptureError(source, "is a directory, not a capture file")
    if stat.S_ISREG(st.st_mode) and st.st_size > MAX_BYTES:
        raise CaptureError(source, _too_large(st.st_size))
    try:
        with open(path, "rb") as f:
            data = _read_bounded(f)
    except PermissionError:
        raise CaptureError(source, "permission denied") from None
    except IsADirectoryError:
        raise CaptureError(source, "is a directory, not a capture file") from None
    except OSError as exc:
        raise CaptureError(source, (exc.strerror or str(exc)).lower()) from None
    if len(data) > MAX_BYTES:  # grew since stat, or not a regular file
        raise CaptureError(source, _too_large(None))
    return data


def read_capture(path: str | Path) -> Capture:
    """Read and decode one capture file (``"-"`` reads standard input).

    Gzip-compressed files (``.html.gz`` and the like) are decompressed, up to
    :data:`MAX_BYTES`. The kind is ``"html"`` when the text starts like an
    HTML page, else ``"text"``.

    Raises :class:`~search.errors.CaptureError` with a short problem for a
    missing, unreadable, empty, binary or too large file.
    """
    source = str(path)
    data = _read_stdin(source) if source == "-" else _read_file(source, Path(path))
    if not data:
        raise CaptureError(source, "empty file")
    compressed = data[:2] == b"\x1f\x8b"
    if compressed:
        data = _gunzip(source, data)
        if not data:
            raise CaptureError(source, "empty file (once decompressed)")
    binary = sniff_binary(data)
    if binary:
        what = f"gzip-compressed {binary}" if compressed and binary != "gzip-compressed data" else binary
        raise CaptureError(source, f"binary file, not a text or HTML capture (looks like {what})")
    text, encoding = decode(data)
    if not text.strip():
        raise CaptureError(source, "no text in it (only white space)")
    kind = "html" if looks_like_html(text) else "text"
    return Capture(source=source, text=text, kind=kind, encoding=encoding)


# --------------------------------------------------------------------------- finding


_GLOB_MAGIC = re.compile(r"[*?[]")


def _is_capture_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(CAPTURE_SUFFIXES)


def _walk(directory: str) -> list[str]:
    """Capture files under a directory, recursively, sorted; hidden files and directories skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, f) for f in sorted(files) if _is_capture_name(f))
    return found


def _no_captures(arg: str) -> CaptureError:
    return CaptureError(arg, "is a directory with no captures (looked for "
                             + ", ".join(f"*{s}" for s in CAPTURE_SUFFIXES) + ")")


def iter_capture_paths(paths: Iterable[str]) -> Iterator[tuple[str, CaptureError | None]]:
    """Expand command-line arguments into capture files, in order.

    Yields ``(path, None)`` for each file to read, or ``(arg, CaptureError)``
    for an argument that gives none: a missing path, or a directory or glob
    pattern with no captures in it. Rules:

    - a file named explicitly is taken whatever its name (``"-"`` is standard input);
    - a directory is searched recursively for :data:`CAPTURE_SUFFIXES`,
      skipping hidden files and directories;
    - an argument with ``*``, ``?`` or ``[`` that is not an existing path is a
      glob pattern (``**`` recurses); matching files are taken, matching
      directories searched as above, and only a pattern that gives no
      capture at all is an error;
    - a file reached twice is yielded once (the same capture twice in a batch
      would make all its lines look like furniture).
    """
    seen: set[str] = set()

    def fresh(path: str) -> bool:
        key = "-" if path == "-" else os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for arg in paths:
        arg = os.fspath(arg)
        if arg == "-" or os.path.lexists(arg):
            if arg != "-" and os.path.isdir(arg):
                files = _walk(arg)
                if not files:
                    yield arg, _no_captures(arg)
                for f in files:
                    if fresh(f):
                        yield f, None
            elif fresh(arg):
                yield arg, None
            continue
        if _GLOB_MAGIC.search(arg):
            files = []
            for match in sorted(glob.glob(arg, recursive=True)):
                files.extend(_walk(match) if os.path.isdir(match) else [match])
            if not files:
                yield arg, CaptureError(arg, "no captures match this pattern")
            for f in files:
                if fresh(f):
                    yield f, None
            continue
        yield arg, CaptureError(arg, "no such file")
