"""search.extract.capture: decoding, reading and finding captures, on real files."""
from __future__ import annotations

import gzip
import os
import shutil
import pwd
import tempfile
import time
from pathlib import Path

import pytest

from search.extract.capture import MAX_BYTES, Capture, decode, iter_capture_paths, read_capture
from search.errors import CaptureError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


# ------------------------------------------------------------------ decode


def test_decode_utf8():
    assert decode("Müller café – “Kyiv”".encode("utf-8")) == ("Müller café – “Kyiv”", "utf-8")


def test_decode_utf8_bom_is_dropped():
    text, encoding = decode(b"\xef\xbb\xbfHello")
    assert (text, encoding) == ("Hello", "utf-8")


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_decode_legacy_western_bytes(codec):
    text, encoding = decode("Müller café".encode(codec))
    assert text == "Müller café"
    assert encoding == "cp1252"


def test_decode_cp1252_punctuation():
    text, _ = decode("Price: 5€ – “quoted” text…".encode("cp1252"))
    assert text == "Price: 5€ – “quoted” text…"


@pytest.mark.parametrize("data", [
    b"\xc3\x28 broken \xa0\xa1",
    b"\xff\xff\xff",
    b"\x80",
    bytes(range(256)) * 3,
    "Président déclaré".encode("utf-8") + b"\xe9",  # UTF-8 cut or stray byte
])
def test_decode_invalid_utf8_never_raises(data):
    text, encoding = decode(data)
    assert isinstance(text, str) and encoding


def test_decode_mostly_utf8_keeps_utf8():
    text, encoding = decode("Président déclaré à Genève".encode("utf-8") + b" \xe9")
    assert text.startswith("Président déclaré à Genève")
    assert encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16(codec):
    raw = "Müller café\r\nZweite Zeile".encode(codec)
    if codec != "utf-16":  # the plain codec writes a BOM; add one for the others
        raw = ("\ufeff" + "Müller café\r\nZweite Zeile").encode(codec)
    assert decode(raw) == ("Müller café\nZweite Zeile", "utf-16")


def test_decode_utf16_without_bom():
    text, encoding = decode("A news capture without a byte order mark".encode("utf-16-le"))
    assert text == "A news capture without a byte order mark"
    assert encoding == "utf-16"


def test_decode_html_meta_charset():
    page = b'<html><head><meta charset="iso-8859-15"></head><body>\xa4 5</body></html>'
    text, encoding = decode(page)
    assert "€ 5" in text and encoding == "iso8859-15"


def test_decode_normalises_newlines_and_drops_controls():
    text, _ = decode(b"one\r\ntwo\rthree\n\tfour\x00\x07\x1b\x7f!")
    assert text == "one\ntwo\nthree\n\tfour!"


# ------------------------------------------------------------------ read_capture


def _problem(path) -> str:
    with pytest.raises(CaptureError) as info:
        read_capture(path)
    assert info.value.source == str(path)
    return info.value.problem


def test_read_text_capture(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("London Daily\r\n\r\nTalks fail\r\nMüller said.\r\n".encode("cp1252"))
    cap = read_capture(p)
    assert cap == Capture(source=str(p), text="London Daily\n\nTalks fail\nMüller said.\n",
                          kind="text", encoding="cp1252")


def test_read_html_capture(tmp_path):
    p = tmp_path / "a.html"
    p.write_text("\n  <!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", encoding="utf-8")
    assert read_capture(p).kind == "html"


def test_text_mentioning_html_is_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("How to write <html> by hand\n\nAn article about markup.", encoding="utf-8")
    assert read_capture(p).kind == "text"


def test_read_gzipped_html(tmp_path):
    p = tmp_path / "page.html.gz"
    p.write_bytes(gzip.compress("<!doctype html><html><head><title>Café</title></head></html>".encode()))
    cap = read_capture(p)
    assert cap.kind == "html" and "Café" in cap.text and cap.source == str(p)


def test_read_gzipped_text(tmp_path):
    p = tmp_path / "notes.txt.gz"
    p.write_bytes(gzip.compress(b"Plain copied text\nSecond line"))
    cap = read_capture(p)
    assert cap.kind == "text" and cap.text == "Plain copied text\nSecond line"


def test_gzipped_binary_is_refused(tmp_path):
    p = tmp_path / "image.html.gz"
    p.write_bytes(gzip.compress(PNG))
    assert _problem(p) == "binary file, not a text or HTML capture (looks like gzip-compressed PNG image)"


def test_corrupt_gzip(tmp_path):
    p = tmp_path / "cut.html.gz"
    p.write_bytes(gzip.compress(b"<html>" + b"x" * 10000)[:40])
    assert _problem(p).startswith("corrupt or truncated gzip file")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert _problem(p) == "empty file"


def test_white_space_only(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b" \r\n\t\n")
    assert _problem(p) == "no text in it (only white space)"


def test_png_is_refused(tmp_path):
    p = tmp_path / "shot.txt"
    p.write_bytes(PNG + bytes(200))
    assert _problem(p) == "binary file, not a text or HTML capture (looks like PNG image)"


@pytest.mark.parametrize("magic, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
])
def test_other_binary_formats(tmp_path, magic, what):
    p = tmp_path / "x.txt"
    p.write_bytes(magic + bytes(100))
    assert what in _problem(p)


def test_unknown_binary_by_control_bytes(tmp_path):
    p = tmp_path / "data.bin"
    p.write_bytes(bytes(range(256)) * 40)
    assert _problem(p) == "binary file, not a text or HTML capture (looks like binary data)"


def test_too_large_is_refused_fast(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant, no disk used
    start = time.monotonic()
    assert _problem(p) == "too large (52.4 MB; the limit is 20 MB)"
    assert time.monotonic() - start < 1.0
    assert MAX_BYTES == 20_000_000


def test_gzip_bomb_is_bounded(tmp_path):
    p = tmp_path / "bomb.html.gz"
    with gzip.open(p, "wb", compresslevel=1) as f:
        chunk = b"a" * (1 << 20)
        for _ in range(MAX_BYTES // len(chunk) + 2):
            f.write(chunk)
    assert _problem(p).startswith("too large when decompressed")


def test_missing_file(tmp_path):
    assert _problem(tmp_path / "nope.txt") == "no such file"


def test_directory_given_to_read_capture(tmp_path):
    assert _problem(tmp_path) == "is a directory, not a capture file"


def test_permission_denied(tmp_path):
    """An unreadable file. Root reads files whatever their mode, so as root the
    reading is done by a child process running as the unprivileged user 'nobody'."""
    p = tmp_path / "secret.txt"
    p.write_text("text")
    p.chmod(0)
    try:
        if os.geteuid() != 0:
            assert _problem(p) == "permission denied"
            return
        # A folder 'nobody' may enter, holding a file it may not read; a forked child
        # drops to 'nobody' and reads it with the module already imported.
        shared = Path(tempfile.mkdtemp(prefix="newsfacet-perm-"))
        try:
            shared.chmod(0o755)
            secret = shared / "secret.txt"
            secret.write_text("text")
            secret.chmod(0)
            nobody = pwd.getpwnam("nobody")
            rfd, wfd = os.pipe()
            pid = os.fork()
            if pid == 0:   # the child: never returns into pytest
                status = 1
                try:
                    os.close(rfd)
                    os.setgroups([])
                    os.setgid(nobody.pw_gid)
                    os.setuid(nobody.pw_uid)
                    try:
                        read_capture(secret)
                        answer = "read"
                    except CaptureError as e:
                        answer = e.problem
                    os.write(wfd, answer.encode())
                    status = 0
                finally:
                    os._exit(status)
            os.close(wfd)
            with os.fdopen(rfd, "rb") as r:
                answer = r.read().decode()
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
            assert answer == "permission denied"
        finally:
            shutil.rmtree(shared, ignore_errors=True)
    finally:
        p.chmod(0o644)


# ------------------------------------------------------------------ iter_capture_paths


def _tree(root: Path) -> None:
    (root / "site" / "2025").mkdir(parents=True)
    (root / "site" / ".cache").mkdir()
    for name in ["site/a.txt", "site/b.HTML", "site/2025/c.html.gz", "site/2025/d.htm.gz",
                 "site/e.text", "site/f.htm", "site/notes.md", "site/.hidden.txt",
                 "site/.cache/g.txt", "site/image.png"]:
        (root / name).write_bytes(b"x")


def test_directory_is_walked_recursively(tmp_path):
    _tree(tmp_path)
    got = list(iter_capture_paths([str(tmp_path / "site")]))
    names = sorted(os.path.relpath(p, tmp_path) for p, err in got)
    assert all(err is None for _, err in got)
    assert names == ["site/2025/c.html.gz", "site/2025/d.htm.gz", "site/a.txt", "site/b.HTML",
                     "site/e.text", "site/f.htm"]


def test_explicit_file_taken_whatever_its_suffix(tmp_path):
    _tree(tmp_path)
    for name in ["site/notes.md", "site/.hidden.txt", "site/image.png"]:
        assert list(iter_capture_paths([str(tmp_path / name)])) == [(str(tmp_path / name), None)]


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("not a capture")
    got = list(iter_capture_paths([str(tmp_path / "nope.txt"), str(tmp_path / "empty")]))
    assert [(arg, err.problem.split(" (")[0]) for arg, err in got] == [
        (str(tmp_path / "nope.txt"), "no such file"),
        (str(tmp_path / "empty"), "is a directory with no captures"),
    ]
    assert all(isinstance(err, CaptureError) and err.source == arg for arg, err in got)


def test_glob(tmp_path):
    _tree(tmp_path)
    got = list(iter_capture_paths([str(tmp_path / "site" / "**" / "*.gz")]))
    assert [os.path.relpath(p, tmp_path) for p, _ in got] == ["site/2025/c.html.gz", "site/2025/d.htm.gz"]
    [(arg, err)] = list(iter_capture_paths([str(tmp_path / "*.nothing")]))
    assert arg == str(tmp_path / "*.nothing") and err.problem == "no captures match this pattern"


def test_existing_name_with_glob_characters_is_literal(tmp_path):
    p = tmp_path / "what[1].txt"
    p.write_text("x")
    assert list(iter_capture_paths([str(p)])) == [(str(p), None)]


def test_same_file_twice_is_yielded_once(tmp_path):
    _tree(tmp_path)
    a = str(tmp_path / "site" / "a.txt")
    got = [p for p, _ in iter_capture_paths([a, str(tmp_path / "site"), a])]
    assert got.count(a) == 1 and len(got) == 6


def test_stdin_dash_passes_through():
    assert list(iter_capture_paths(["-"])) == [("-", None)]
