"""Fuzzing with a fixed seed: the capture reader, both strippers and the query parser
take random and mutated input and never let an exception escape, within a bounded
time per input; /api/search takes random queries and parameters and never answers
with a 5xx or a traceback. Longer runs: bench/fuzz.py (or raise FUZZ_EXAMPLES, e.g.
`FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`). TRIED counts the inputs each test took."""
from __future__ import annotations

import json
import os
import time
from collections import Counter

from hypothesis import HealthCheck, given, seed, settings, strategies as st

import pytest

from search.extract.capture import decode
from search.errors import BadQuery
from search.extract.html import extract as extract_html
from search.query import parse
from search.extract.strip import strip

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PER_INPUT_SECONDS = 2.0
#: Inputs taken, per test (bench/fuzz.py reports them).
TRIED: Counter = Counter()

PAGE = ("<html><head><meta charset='utf-8'><title>T | Site</title></head><body><nav><a>Home</a></nav>"
        "<article><h1>Headline</h1><p>First paragraph of the story, with enough words to be prose.</p>"
        "<p>Second paragraph.</p></article><footer>© Site</footer></body></html>")
TEXT = ("Site\n\nHeadline of the story\n\nBy Jane Doe\nMonday 07 February 2022\n\n"
        "First paragraph of the story, with enough words to count as prose in a capture.\n\n"
        "Sign up for our newsletter\n\n3 Comments\nLog in to leave a comment\n")

# Mutations of realistic input: cut, repeated, spliced with junk, control characters.
_junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@st.composite
def mutated(draw, base: str) -> str:
    cut = draw(st.integers(0, len(base)))
    text = base[:cut] + draw(_junk) + base[cut:]
    if draw(st.booleans()):
        text = text * draw(st.integers(1, 20))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["<div>", "<p>", "<b><i>", "\x00", "\r", "\u202e", "�"])) * draw(st.integers(1, 3000)) + text
    return text


def _timed(fn, *args):
    start = time.monotonic()
    result = fn(*args)
    assert time.monotonic() - start < PER_INPUT_SECONDS
    return result


@seed(20261125)
@SETTINGS
@given(st.binary(max_size=4000))
def test_decode_takes_any_bytes(data):
    TRIED["decode"] += 1
    text, encoding = _timed(decode, data)
    assert isinstance(text, str) and encoding


@seed(20261125)
@SETTINGS
@given(st.one_of(_junk, mutated(TEXT)))
def test_text_stripper_takes_any_text(text):
    TRIED["text stripper"] += 1
    out = _timed(strip, text)
    assert all(isinstance(line, str) for line in out.body)


@seed(20261125)
@SETTINGS
@given(st.one_of(_junk, mutated(PAGE)))
def test_html_extractor_takes_any_markup(html):
    TRIED["html extractor"] += 1
    found = _timed(extract_html, html)
    assert isinstance(found.stripped.body, list)


@seed(20261125)
@SETTINGS
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "*", "title:", "date:", "..",
                                           "2022-01-01", "macron", "a", " ", ":"]), max_size=40).map("".join)))
def test_query_parser_answers_or_refuses(q):
    TRIED["query parser"] += 1
    try:
        _timed(parse, q)
    except BadQuery:
        pass  # a clear refusal is the right answer to a bad query


# Mixed encodings (parts of one capture in different encodings), huge lines, deep nesting.
_ENCODINGS = ["utf-8", "utf-16", "cp1252", "latin-1", "koi8-r", "shift_jis", "gb18030", "iso-8859-7"]
_SAMPLE = "Straße Ελλάδα Москва 東京 café naïve — “quotes” € "


@st.composite
def mixed_capture(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        enc = draw(st.sampled_from(_ENCODINGS))
        text = draw(st.sampled_from([TEXT, PAGE, _SAMPLE * 20])) + draw(_junk)
        parts.append(text.encode(enc, "replace"))
    data = b"".join(parts)
    shape = draw(st.sampled_from(["as is", "huge line", "deep", "truncated"]))
    if shape == "huge line":
        data += b"word " * draw(st.integers(10_000, 60_000))
    elif shape == "deep":
        data = b"<div>" * draw(st.integers(500, 5000)) + data
    elif shape == "truncated":
        data = data[: draw(st.integers(0, len(data)))]
    return data


@seed(20261125)
@SETTINGS
@given(mixed_capture())
def test_capture_reader_and_pipeline_take_mixed_encodings(data):
    from search.extract import pipeline
    from search.extract.capture import Capture, looks_like_html

    TRIED["capture pipeline"] += 1
    start = time.monotonic()
    text, encoding = decode(data)
    capture = Capture(source="fuzz", text=text, kind="html" if looks_like_html(text) else "text", encoding=encoding)
    articles = pipeline.extract_capture(capture)
    assert articles and all(isinstance(a.body, str) for a in articles)
    assert time.monotonic() - start < 3 * PER_INPUT_SECONDS


_PARAMS = ["q", "outlet", "actor", "from", "to", "sort", "page", "per_page", "any", "collapse", "interval",
           "facet_size", "format", "more", "outlet_filter", "x"]
_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "1", "10", "100", "101", "99999999", "1e3", "relevance", "newest", "oldest",
                     "day", "month", "year", "2023-01-09", "2023-02-30", "9999-12-31", "0000-00-00", "csv", "json",
                     "true", "no", "Harbour Herald", "Mara Quinn", '"', "(", "*", "a" * 3000, "\x00", "%", "%ZZ"]),
)
_QUERY = st.one_of(st.text(max_size=200),
                   st.lists(st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "*", "title:", "outlet:", "actor:",
                                             "date:", "..", "2023", "harbour", "strike", "é", " "]),
                            max_size=30).map("".join))


@pytest.fixture(scope="module")
def api_client(tmp_path_factory):
    import webcorpus
    from web import create_app

    app = create_app({"INDEX": str(webcorpus.shared_index(tmp_path_factory)), "TESTING": True})
    return app.test_client()


@seed(20261125)
@SETTINGS
@given(q=_QUERY, params=st.lists(st.tuples(st.sampled_from(_PARAMS), _VALUES), max_size=8))
def test_api_search_never_answers_5xx(api_client, q, params):
    TRIED["/api/search"] += 1
    start = time.monotonic()
    response = api_client.get("/api/search", query_string=[("q", q)] + params)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    if response.mimetype == "application/json":
        obj = json.loads(body)
        assert ("error" in obj) == (response.status_code >= 400)
    assert time.monotonic() - start < PER_INPUT_SECONDS
