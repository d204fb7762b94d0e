"""Fuzzing with a fixed seed: the capture reader, both strippers and the query parser
take random and mutated input and never let an exception escape, within a bounded
time per input. Longer runs: raise FUZZ_EXAMPLES (e.g. `FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`)."""
from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, seed, settings, strategies as st

from search.capture import decode
from search.errors import BadQuery
from search.html import extract as extract_html
from search.query import parse
from search.strip import strip

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PER_INPUT_SECONDS = 2.0

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
    text, encoding = _timed(decode, data)
    assert isinstance(text, str) and encoding


@seed(20261125)
@SETTINGS
@given(st.one_of(_junk, mutated(TEXT)))
def test_text_stripper_takes_any_text(text):
    out = _timed(strip, text)
    assert all(isinstance(line, str) for line in out.body)


@seed(20261125)
@SETTINGS
@given(st.one_of(_junk, mutated(PAGE)))
def test_html_extractor_takes_any_markup(html):
    found = _timed(extract_html, html)
    assert isinstance(found.stripped.body, list)


@seed(20261125)
@SETTINGS
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "*", "title:", "date:", "..",
                                           "2022-01-01", "macron", "a", " ", ":"]), max_size=40).map("".join)))
def test_query_parser_answers_or_refuses(q):
    try:
        _timed(parse, q)
    except BadQuery:
        pass  # a clear refusal is the right answer to a bad query
