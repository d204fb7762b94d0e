"""The query language: parsing a query string into a small tree, with errors that
point at the problem.

Syntax (words are all required unless ``any_word``):

    oil prices            both words (stemmed: "prices" finds "price", "priced")
    "oil prices"          the phrase
    oil OR gas            either
    oil NOT gas, oil -gas oil without gas
    (oil OR gas) opec     grouping
    pri*                  words starting with "pri"
    title:opec            a word (or "phrase", or prefix*) in the title; body: likewise
    outlet:Reuters        exact value (outlet:"The Independent"); actor: likewise
    date:2022-01-01..2022-02-28, date:2022, date:2022-03, date:..2021-12-31, date:2023..
    *                     every document

The tree is built here, by hand, not by Whoosh's query parser (its date plugin
mis-reads ranges and it never reports syntax errors); evaluate.py runs it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from search.errors import BadQuery
from search.settings import MAX_QUERY_CHARS, MAX_QUERY_TERMS, MIN_PREFIX_CHARS

#: Field names a query may use, and what kind of value each takes.
TEXT_FIELD_NAMES = ("title", "body")
VALUE_FIELD_NAMES = ("outlet", "actor", "language")
FIELD_NAMES = TEXT_FIELD_NAMES + VALUE_FIELD_NAMES + ("date",)
#: Deepest nesting of parentheses.
MAX_NESTING = 10
_SYNTAX_HINT = ('query syntax: words, "a phrase", OR, NOT or -word, prefix*, (groups), '
                "title:/outlet:/actor:word, date:2022-01-01..2022-02-28")


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Node:
    pass


@dataclass(frozen=True)
class Word(Node):
    """A word, phrase or prefix in `field` (None: title and body), as typed."""
    text: str
    field: str | None = None
    kind: str = "word"          # "word" | "phrase" | "prefix"
    start: int = 0              # where it is in the query string
    end: int = 0


@dataclass(frozen=True)
class Terms(Node):
    """Index terms, already analysed (used by `similar`), any of which may match."""
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Value(Node):
    """An exact value of a value field (outlet, actor); a trailing * matches a prefix."""
    field: str
    text: str


@dataclass(frozen=True)
class DateRange(Node):
    """Documents dated from `first` to `last` (inclusive; None: open)."""
    first: Date | None
    last: Date | None


@dataclass(frozen=True)
class All(Node):
    pass


@dataclass(frozen=True)
class And(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    child: Node


# --------------------------------------------------------------------------- lexing


@dataclass
class _Token:
    kind: str                   # "(" ")" "AND" "OR" "NOT" "-" "word" "phrase" "end"
    text: str = ""
    field: str | None = None
    start: int = 0
    end: int = 0


_FIELD = re.compile(r"([A-Za-z_]+):(?=\S)")
_WORD = re.compile(r'[^\s()"]+')


def _lex(q: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            tokens.append(_Token(c, c, start=i, end=i + 1))
            i += 1
            continue
        if c in "-+" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in "-+":
            if c == "-":
                tokens.append(_Token("-", c, start=i, end=i + 1))
            i += 1
            continue
        start, fieldname = i, None
        m = _FIELD.match(q, i)
        if m and (m.group(1).lower() in FIELD_NAMES or not q.startswith("//", m.end())):
            fieldname = m.group(1).lower()
            if fieldname not in FIELD_NAMES:
                raise BadQuery(f"unknown field {m.group(1)!r}; fields are " + ", ".join(FIELD_NAMES),
                               q, i, _SYNTAX_HINT)
            i = m.end()
        if i < n and q[i] == '"':
            close = q.find('"', i + 1)
            if close < 0:
                raise BadQuery("unclosed quote", q, i, "close the phrase with another \"")
            tokens.append(_Token("phrase", q[i + 1:close], fieldname, start, close + 1))
            i = close + 1
            continue
        m = _WORD.match(q, i)
        if not m:  # a field name followed by a parenthesis
            raise BadQuery(f"{fieldname}: needs a word, a \"phrase\" or a value after it", q, i, _SYNTAX_HINT)
        word = m.group(0)
        kind = "word"
        if fieldname is None and word in ("AND", "OR", "NOT"):
            kind = word
        tokens.append(_Token(kind, word, fieldname, start, m.end()))
        i = m.end()
    tokens.append(_Token("end", start=n, end=n))
    return tokens


# --------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self, q: str, any_word: bool):
        self.q = q
        self.any_word = any_word
        self.tokens = _lex(q)
        self.i = 0
        self.leaves = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, message: str, tok: _Token, hint: str = _SYNTAX_HINT) -> BadQuery:
        return BadQuery(message, self.q, tok.start, hint)

    def parse(self) -> Node:
        node = self.parse_or()
        tok = self.peek()
        if tok.kind == ")":
            raise self.error("unmatched )", tok, "remove it or add a ( before it")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek().kind == "OR":
            tok = self.take()
            if self.peek().kind in ("OR", ")", "end", "AND"):
                raise self.error("OR needs a word after it", tok)
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        groups: list[list[Node]] = []
        negated: list[Node] = []
        joined = False
        while self.peek().kind not in ("OR", ")", "end"):
            tok = self.peek()
            if tok.kind == "AND":
                self.take()
                if not groups or self.peek().kind in ("OR", ")", "end", "AND"):
                    raise self.error("AND needs a word on each side", tok)
                joined = True
                continue
            node = self.parse_unary()
            if isinstance(node, Not) and self.any_word:
                negated.append(node)
            elif groups and (joined or not self.any_word):
                groups[-1].append(node)
            else:
                groups.append([node])
            joined = False
        if not groups and not negated:
            raise self.error("expected a word here", self.peek())
        parts = [g[0] if len(g) == 1 else And(tuple(g)) for g in groups]
        if self.any_word:
            core = parts[0] if len(parts) == 1 else Or(tuple(parts)) if parts else All()
            return And((core, *negated)) if negated else core
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("NOT", "-"):
            self.take()
            if self.peek().kind in ("OR", ")", "end", "AND", "NOT", "-"):
                raise self.error(f"{tok.text} needs a word after it", tok)
            return Not(self.parse_unary())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.take()
        if tok.kind == "(":
            if self.peek().kind == ")":
                raise self.error("empty parentheses", tok)
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self.error(f"parentheses nested too deep (the limit is {MAX_NESTING})", tok,
                                 "simplify the query")
            node = self.parse_or()
            self.depth -= 1
            if self.peek().kind != ")":
                raise self.error("unclosed parenthesis", tok, "add a ) to close it")
            self.take()
            return node
        if tok.kind == ")":
            raise self.error("unmatched )", tok, "remove it or add a ( before it")
        if tok.kind in ("AND", "OR"):
            raise self.error(f"{tok.kind} needs a word on each side", tok)
        self.leaves += 1
        if self.leaves > MAX_QUERY_TERMS:
            raise self.error(f"too many words (the limit is {MAX_QUERY_TERMS})", tok, "shorten the query")
        return self.leaf(tok)

    def leaf(self, tok: _Token) -> Node:
        text, fieldname = tok.text, tok.field
        if fieldname == "date":
            return parse_date_range(text, self.q, tok.start)
        if fieldname in VALUE_FIELD_NAMES:
            return Value(fieldname, text)
        if tok.kind == "phrase":
            if not text.strip():
                raise self.error("empty phrase", tok, 'put words between the quotes: "oil prices"')
            return Word(text, fieldname, "phrase", tok.start, tok.end)
        if text == "*" and fieldname is None:
            return All()
        star = text.find("*")
        if star >= 0:
            if star != len(text) - 1 or "?" in text:
                raise BadQuery("* may only end a word (prefix*)", self.q, tok.start + star,
                               "write a prefix such as pri* (at least "
                               f"{MIN_PREFIX_CHARS} letters before the *)")
            if len(text) - 1 < MIN_PREFIX_CHARS:
                raise BadQuery(f"a prefix needs at least {MIN_PREFIX_CHARS} letters before the *",
                               self.q, tok.start, "make the prefix longer")
            return Word(text[:-1], fieldname, "prefix", tok.start, tok.end)
        return Word(text, fieldname, "word", tok.start, tok.end)


def parse(q: str, *, any_word: bool = False) -> Node:
    """The tree of query `q`; an empty query is every document.

    Raises BadQuery (with the position of the problem) for bad syntax, a date
    that is not a date, or a query that is too long.
    """
    if len(q) > MAX_QUERY_CHARS:
        raise BadQuery(f"query too long ({len(q)} characters; the limit is {MAX_QUERY_CHARS})", "", None,
                       "shorten the query")
    if not q.strip():
        return All()
    return _Parser(q, any_word).parse()


# --------------------------------------------------------------------------- dates

_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _bound(text: str, last: bool, q: str, pos: int) -> Date | None:
    if not text:
        return None
    m = _DAY.match(text)
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        if mo is None:
            return Date(y, 12, 31) if last else Date(y, 1, 1)
        mo = int(mo)
        if d is None:
            if not last:
                return Date(y, mo, 1)
            nxt = Date(y + (mo == 12), mo % 12 + 1, 1)
            return Date.fromordinal(nxt.toordinal() - 1)
        return Date(y, mo, int(d))
    except ValueError:
        raise BadQuery(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", q, pos,
                       "write a range as date:2022-01-01..2022-02-28") from None


def parse_date_range(text: str, q: str = "", pos: int = 0) -> DateRange:
    """``2022``, ``2022-03``, ``2022-03-05``, or ``A..B`` of those (either end may be left open)."""
    if ".." in text:
        a, _, b = text.partition("..")
        first, last = _bound(a, False, q, pos + 5), _bound(b, True, q, pos + 5 + len(a) + 2)
        if first is None and last is None:
            raise BadQuery("a date range needs at least one end", q, pos, "date:2022-01-01..2022-02-28")
    else:
        first, last = _bound(text, False, q, pos + 5), _bound(text, True, q, pos + 5)
    if first and last and first > last:
        raise BadQuery("the date range ends before it starts", q, pos, "put the earlier date first")
    return DateRange(first, last)


# --------------------------------------------------------------------------- describing


def describe(node: Node) -> str:
    """The tree as one line, for --explain."""
    if isinstance(node, Word):
        where = node.field or "title|body"
        shown = f'"{node.text}"' if node.kind == "phrase" else node.text + ("*" if node.kind == "prefix" else "")
        return f"{where}:{shown}"
    if isinstance(node, Terms):
        return "ANY(" + " ".join(node.terms) + ")"
    if isinstance(node, Value):
        return f"{node.field}={node.text!r}"
    if isinstance(node, DateRange):
        return f"date:{node.first or ''}..{node.last or ''}"
    if isinstance(node, All):
        return "ALL"
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    op = "AND" if isinstance(node, And) else "OR"
    return f"{op}(" + ", ".join(describe(c) for c in node.children) + ")"


def words(node: Node, negated: bool = False) -> list[Word]:
    """The Word leaves that are not under a NOT (what highlighting and spelling look at)."""
    if isinstance(node, Word):
        return [] if negated else [node]
    if isinstance(node, Not):
        return words(node.child, True)
    if isinstance(node, (And, Or)):
        return [w for c in node.children for w in words(c, negated)]
    return []
