"""The `newsfacet` command, through click's runner and as a real process.

These tests check the command's structure (output shape, errors, exit status),
not the quality of extraction: which lines are stripped is the stripper's tests' job.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.extract.article import Actor, Article, Dropped
from search.cli import main
from search.cli.extract import format_article

REPO = Path(__file__).resolve().parent.parent
KEYS = ["source", "url", "title", "outlet", "date", "author", "language", "actors", "body", "dropped", "provenance"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
CAPTURE = """London Daily
Focus on the big picture.
Friday, Nov 14, 2025

Talks between Macron and Putin fail to produce Ukraine breakthrough

Emmanuel Macron and Vladimir Putin did not appear to reach a breakthrough in talks at the Kremlin.

After five hours of negotiations, Macron warned that the two sides needed to work quickly.

Sign up for our newsletter
"""


@pytest.fixture
def good(tmp_path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(CAPTURE, encoding="utf-8")
    return p


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "extract" in result.output and "Examples" in result.output


def test_extract_help_teaches():
    result = run("extract", "--help")
    assert result.exit_code == 0
    for word in ["--json", "--explain", "--outlet", "--url", "--date", "Examples", "Exit status"]:
        assert word in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_json_lines_with_keys_in_order(good):
    result = run("extract", "--json", str(good))
    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert records
    for record in records:
        assert list(record) == KEYS
        assert record["source"] == str(good)
        assert isinstance(record["actors"], list) and isinstance(record["dropped"], list)
        assert record["date"] is None or len(record["date"]) == 10
    assert "Macron" in records[0]["body"]


def test_json_keeps_non_ascii(tmp_path):
    p = tmp_path / "c.txt"
    p.write_bytes("Müller café\n\nDer Bürgermeister sprach.".encode("cp1252"))
    result = run("extract", "--json", str(p))
    assert result.exit_code == 0
    assert "Müller" in result.stdout and "\\u00fc" not in result.stdout


def test_hints_win(good):
    result = run("extract", "--json", "--outlet", "The Daily", "--url", "https://example.com/a",
                 "--date", "2025-11-14", str(good))
    assert result.exit_code == 0, result.output
    main_article = json_lines(result.stdout)[0]
    assert main_article["outlet"] == "The Daily"
    assert main_article["url"] == "https://example.com/a"
    assert main_article["date"] == "2025-11-14"


def test_readable_text(good):
    result = run("extract", str(good))
    assert result.exit_code == 0, result.output
    for label in ["Outlet:", "Date:", "Author:", "URL:", "Source:"]:
        assert label in result.stdout
    assert f"Source: {good}" in result.stdout
    assert "Macron" in result.stdout


def test_explain_lists_dropped_blocks(good):
    result = run("extract", "--explain", str(good))
    assert result.exit_code == 0
    assert "Dropped" in result.stdout


def test_json_explain_is_still_json(good):
    result = run("extract", "--json", "--explain", str(good))
    assert result.exit_code == 0
    assert all(list(r) == KEYS for r in json_lines(result.stdout))


def test_format_article():
    article = Article(
        source="a.txt", body="The body.\n", title="A title", outlet="London Daily",
        actors=[Actor("Emmanuel Macron", "person")],
        dropped=[Dropped("Sign up for our\n newsletter", "newsletter"), Dropped("x " * 200, "comments")],
    )
    text = format_article(article, explain=True)
    lines = text.splitlines()
    assert lines[0] == "A title"
    assert "Outlet: London Daily" in lines and "Date:   (unknown)" in lines and "Source: a.txt" in lines
    assert "Actors: Emmanuel Macron (person)" in lines
    assert "The body." in lines
    assert "  [newsletter] Sign up for our newsletter" in lines
    [long] = [line for line in lines if line.startswith("  [comments]")]
    assert long.endswith("…") and len(long) <= len("  [comments] ") + 100
    assert "Dropped" not in format_article(article)


def test_stdin(good):
    result = run("extract", "--json", "-", input=good.read_bytes())
    assert result.exit_code == 0
    assert json_lines(result.stdout)[0]["source"] == "-"


@pytest.mark.parametrize("bad_name, content, problem", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty file"),
    ("shot.png", PNG, "binary file, not a text or HTML capture (looks like PNG image)"),
])
def test_batch_with_a_bad_file(tmp_path, good, bad_name, content, problem):
    bad = tmp_path / bad_name
    if content is not None:
        bad.write_bytes(content)
    result = run("extract", "--json", str(bad), str(good))
    assert result.exit_code == 1
    assert [r["source"] for r in json_lines(result.stdout)][0] == str(good)
    assert result.stderr.splitlines() == [f"newsfacet: error: {bad}: {problem}"]
    assert "Traceback" not in result.output


def test_every_bad_file_gets_one_line(tmp_path, good):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("extract", str(tmp_path / "nope.txt"), str(good), str(empty))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert "nope.txt: no such file" in errors[0] and "empty.txt: empty file" in errors[1]
    assert "Macron" in result.stdout


@pytest.mark.parametrize("value", ["14/11/2025", "2025-13-01", "2025-02-30", "yesterday", "20251114"])
def test_bad_date_is_a_usage_error(good, value):
    result = run("extract", "--date", value, str(good))
    assert result.exit_code == 2
    assert "--date" in result.stderr and "Traceback" not in result.output


def test_no_path_is_a_usage_error():
    assert run("extract").exit_code == 2


def test_directory_with_no_captures(tmp_path):
    (tmp_path / "notes.md").write_text("not a capture")
    result = run("extract", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"newsfacet: error: {tmp_path}: is a directory with no captures")
    assert result.stdout == ""


def test_directory_of_captures(tmp_path):
    bodies = ["The council approved the budget after a long debate on Tuesday night.",
              "Heavy rain flooded the riverside roads and closed two schools on Monday.",
              "The museum reopened its east wing with a new exhibition of maps."]
    for i, body in enumerate(bodies):
        (tmp_path / f"{i}.txt").write_text(f"Headline number {i}\n\n{body}\n\n{body.upper()}\n",
                                            encoding="utf-8")
    result = run("extract", "--json", str(tmp_path))
    assert result.exit_code == 0
    sources = [r["source"] for r in json_lines(result.stdout)]
    assert [os.path.basename(s) for s in dict.fromkeys(sources)] == ["0.txt", "1.txt", "2.txt"]


# ------------------------------------------------------------------ as a real process


def _process(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_module_entry_point(tmp_path, good):
    bad = tmp_path / "shot.png"
    bad.write_bytes(PNG)
    proc = _process([sys.executable, "-m", "search", "extract", "--json", str(good), str(bad)])
    assert proc.returncode == 1
    assert list(json.loads(proc.stdout.splitlines()[0])) == KEYS
    assert proc.stderr.splitlines() == [
        f"newsfacet: error: {bad}: binary file, not a text or HTML capture (looks like PNG image)"]
    assert "Traceback" not in proc.stderr


def test_console_script(good):
    script = Path(sys.executable).parent / "newsfacet"
    if not script.exists():
        pytest.skip(f"no console script at {script}: run `pip install -e .` (make venv) first")
    proc = _process([str(script), "extract", "--date", "nope", str(good)])
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr and "Traceback" not in proc.stderr
    proc = _process([str(script), "extract", str(good)])
    assert proc.returncode == 0 and "Source:" in proc.stdout
