"""The Whoosh schema: the fields of a document, the text fields that take terms
analysed ahead (by the ingest workers), and the folders of a Whoosh index folder.

Layout of an index folder (the Whoosh backend's parts; see search/folder.py)::

    whoosh/            the Whoosh index (segments, TOC)
    arrays/            per-segment facet and length arrays, saved by the first searcher
"""
from __future__ import annotations

from whoosh import fields
from whoosh.columns import NumericColumn

from search.analysis import ANALYZER

class Analyzed:
    """A text field value already analysed (`index_terms`); the text to store goes in
    ``_stored_<field>`` (Whoosh's way of storing something other than what is indexed)."""
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


class AnalyzedText(fields.TEXT):
    """A TEXT field that also takes `Analyzed` values (the terms come ready from a worker)."""

    def index(self, value, **kwargs):
        if isinstance(value, Analyzed):
            return value.items
        return super().index(value, **kwargs)


#: The fields. Only title and body are scored; outlet and actor are exact values,
#: day and cluster per-document numbers; all four are read as arrays (columns.py).
SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    capture=fields.ID(stored=True),        # key of the capture it came from (re-ingest replaces)
    title=AnalyzedText(analyzer=ANALYZER, stored=True),
    body=AnalyzedText(analyzer=ANALYZER, stored=True),
    outlet=fields.ID(stored=True),          # exact, as extracted
    language=fields.ID(stored=True),        # ISO 639-1 code (search/extract/language.py)
    date=fields.STORED,                     # YYYY-MM-DD; dateless documents have none
    day=fields.COLUMN(NumericColumn("i", default=0)),      # date.toordinal(); 0: no date
    actor=fields.KEYWORD(commas=True, lowercase=False, scorable=False),  # canonical names
    actors=fields.STORED,                   # [[name, type], ...]
    author=fields.STORED,
    url=fields.ID(stored=True),
    source=fields.STORED,
    cluster=fields.COLUMN(NumericColumn("i", default=0)),  # syndication cluster number; 0: none
    dropped=fields.STORED,                  # [[text, reason], ...]
    provenance=fields.STORED,               # a record's origin: archive and offset, message id, feed item
)

#: Fields searched by words without a field name, and their weights in ranking.
TEXT_FIELDS: dict[str, float] = {"title": 2.0, "body": 1.0}

WHOOSH_DIR = "whoosh"
ARRAYS_DIR = "arrays"   # per-segment arrays saved by searchers (columns.py); safe to delete
