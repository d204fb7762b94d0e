"""`newsfacet serve`: the app on waitress, a real server over HTTP on 127.0.0.1."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

import webcorpus


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return webcorpus.shared_index(tmp_path_factory)


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, dict(e.headers), e.read()


def test_newsfacet_serve_over_http(index_dir):
    proc = subprocess.Popen([sys.executable, "-m", "search", "serve", "--index", str(index_dir), "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = proc.stderr.readline()
        match = re.search(r"serving .* on http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        base = f"http://127.0.0.1:{match.group(1)}"
        deadline = time.monotonic() + 20
        while True:
            try:
                status, headers, body = get(base + "/api/health")
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert status == 200 and json.loads(body)["documents"] == 18
        assert headers["Server"] == "newsfacet"               # waitress, not the Flask debug server
        status, headers, body = get(base + "/api/search?q=harbour&outlet=Harbour+Herald")
        obj = json.loads(body)
        assert status == 200 and obj["total"] == 5 and {h["outlet"] for h in obj["hits"]} == {"Harbour Herald"}
        status, headers, body = get(base + "/?q=harbour")
        assert status == 200 and b"<strong>16</strong> results" in body
        assert headers["X-Content-Type-Options"] == "nosniff" and "default-src 'none'" in headers["Content-Security-Policy"]
        status, headers, body = get(base + "/api/search?q=%28")
        assert status == 400 and json.loads(body)["error"]["code"] == "bad_query"
        status, headers, body = get(base + "/static/app.js")
        assert status == 200 and b"use strict" in body
    finally:
        _stop(proc, signal.SIGINT)
    assert proc.returncode == 0


def _stop(proc: subprocess.Popen, sig: int) -> None:
    """Signal a server and wait for it; one that has not stopped after 30 s is killed
    (the test fails on its exit status), and its pipe is closed either way."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    finally:
        proc.stderr.close()


def test_serve_help():
    from click.testing import CliRunner

    from search.cli import main

    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--host" in r.output and "--port" in r.output and "--index" in r.output
    assert "waitress" in r.output


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # as a shell starts a background job


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_cleanly_on_sigint_or_sigterm_even_started_in_the_background(index_dir, sig):
    proc = subprocess.Popen([sys.executable, "-m", "search", "serve", "--index", str(index_dir), "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, preexec_fn=_ignore_sigint)
    try:
        assert "serving" in proc.stderr.readline()
    finally:
        _stop(proc, sig)
    assert proc.returncode == 0
