"""A search request: the query, the facet selections, the sort, the page, and their
bounds. The engine (search/engine.py) hands it to a backend as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from search import facets
from search.errors import BadQuery
from search.settings import FACET_TOP, MAX_PER_PAGE, MAX_RESULT_WINDOW

SORTS = ("relevance", "newest", "oldest")


@dataclass
class SearchRequest:
    """What to search for and which page of results to return (every front door makes one)."""
    query: str = ""
    outlet: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    date_from: Date | None = None
    date_to: Date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    any_word: bool = False
    collapse: bool = True
    interval: str | None = None      # date histogram: day | month | year (None: from the span)
    facet_top: int = FACET_TOP
    language: list[str] = field(default_factory=list)   # ISO 639-1 codes (a facet like outlet)

    def check(self) -> None:
        """Raise BadQuery for parameters out of bounds."""
        if self.sort not in SORTS:
            raise BadQuery(f"unknown sort {self.sort!r}", hint="sort by " + ", ".join(SORTS))
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadQuery(f"per page must be from 1 to {MAX_PER_PAGE}")
        if self.page < 1 or (self.page - 1) * self.per_page >= MAX_RESULT_WINDOW:
            raise BadQuery(f"page must be from 1 to {MAX_RESULT_WINDOW // self.per_page}",
                           hint="narrow the search instead of paging this deep")
        if self.interval is not None and self.interval not in facets.INTERVALS:
            raise BadQuery(f"unknown interval {self.interval!r}", hint="day, month or year")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadQuery("--from is after --to")
        if not 1 <= self.facet_top <= 1000:
            raise BadQuery("facet size must be from 1 to 1000")

    @property
    def selection(self) -> facets.Selection:
        return facets.Selection(list(self.outlet), list(self.actor), self.date_from, self.date_to,
                                list(self.language))
