"""The objects the front doors show, whatever the backend: a document as `show`
returns it, a syndicated copy, and snippets (the passage of a body with the query's
words marked).
"""
from __future__ import annotations

import functools
import html
import itertools
import re

from search.analysis import query_terms, terms
from search.multilingual import fold
from search.query import Node, Terms, words

SNIPPET_CHARS = 240


def copy_object(stored: dict) -> dict:
    """A syndicated copy as `show` lists it, from its stored fields (any backend)."""
    return {"id": stored["id"], "outlet": stored.get("outlet"), "date": stored.get("date"),
            "url": stored.get("url"), "title": stored.get("title")}


def article_object(stored: dict, copies: list[dict]) -> dict:
    """The object `show` returns, from a document's stored fields (any backend)."""
    return {
        "id": stored["id"], "source": stored.get("source"), "url": stored.get("url"),
        "title": stored.get("title"), "outlet": stored.get("outlet"), "date": stored.get("date"),
        "author": stored.get("author"), "language": stored.get("language"),
        "actors": [{"name": n, "type": t} for n, t in stored.get("actors", [])],
        "body": stored.get("body") or "",
        "dropped": [{"text": t, "reason": r} for t, r in stored.get("dropped", [])],
        "copies": copies,
        "provenance": stored.get("provenance"),   # where a record of an archive, mailbox or feed came from
    }


WORD_RE = re.compile(r"\w+")


def highlighter(node: Node, languages=("en",)):
    """A function body -> HTML-escaped snippet with the query's words in <mark>; a query
    word stands for its terms in each of `languages` (analysis.query_languages)."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for w in words(node):
        if w.field not in (None, "body"):
            continue
        if w.kind == "prefix":
            prefixes.append(fold(w.text.lower()))
        else:
            stems.update(t for ts in query_terms(w.text, languages) for t in ts)
    if isinstance(node, Terms):
        stems.update(node.terms)
    languages = tuple(languages)
    return lambda body: snippet(body, stems, prefixes, languages=languages)


def single_term(word: str, language: str | None = "en") -> str | None:
    toks = terms(word, language)
    return toks[0] if len(toks) == 1 else None


@functools.lru_cache(maxsize=256)
def _cues(stems: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern | None:
    """A pattern finding the words (``\\w+``, any case) that start with a query word's stem
    less its last letter (the stem of a word is checked after), or with a prefix."""
    cues = {s[:max(2, len(s) - 1)] for s in stems} | set(prefixes)
    cues = sorted((c for c in cues if WORD_RE.fullmatch(c)), key=len, reverse=True)
    if not cues:
        return None
    # a cue is folded (no accents): it finds the word with them too (negoci: négociations),
    # and a bigram of Chinese or Japanese text inside a run of characters
    alts = "|".join("".join(_ACCENTED.get(c, re.escape(c)) for c in cue) for cue in cues)
    return re.compile(r"(?:(?<!\w)|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]))(?:" + alts + r")\w*",
                      re.IGNORECASE)


#: A folded letter and the letters that fold to it (a cue's character class).
_ACCENTED: dict[str, str] = {}
for _c in itertools.chain(map(chr, range(0xC0, 0x250)), map(chr, range(0x400, 0x500))):
    _f = fold(_c.lower())
    if len(_f) == 1 and _f != _c.lower() and _f.isalpha():
        _ACCENTED.setdefault(_f, _f)
        _ACCENTED[_f] += _c.lower() + _c.upper()
for _f in list(_ACCENTED):
    _ACCENTED[_f] = "[" + re.escape(_ACCENTED[_f]) + "]"


def snippet(body: str, stems: set[str], prefixes: list[str] = (), width: int = SNIPPET_CHARS,
            languages: tuple = ("en",)) -> str:
    """The passage of `body` (about `width` characters) with the most query words, HTML-escaped,
    query words in <mark>. The start of the body when no word matches."""
    body = " ".join(body[:100_000].split())
    spans = []
    cues = _cues(frozenset(stems), tuple(prefixes))
    if cues is not None:
        for m in cues.finditer(body):   # only the words that start like a query word
            low = m.group(0).lower()
            if (any(fold(low).startswith(p) for p in prefixes)
                    or any(single_term(low, lang) in stems for lang in languages)):
                spans.append((m.start(), m.end(), low))
    if spans:
        best, best_score = 0, -1
        for i, (s, _, _) in enumerate(spans):
            inside = {w for (_, _, w) in itertools.takewhile(lambda sp: sp[0] < s + width - 40, spans[i:])}
            if len(inside) > best_score:
                best, best_score = i, len(inside)
        start = max(0, spans[best][0] - 40)
    else:
        start = 0
    if start > 0:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for s, e, _ in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(body[pos:s], quote=False))
        out.append("<mark>" + html.escape(body[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(body[pos:end], quote=False))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(body) else "")
