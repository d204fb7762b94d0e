"""Empty the extractors' caches of lines and words, for a timed pass that sees each
capture for the first time.

The extractors cache what repeats: a line of furniture (the phrase rules, the HTML
block hints), a word's case facts, a word's tagger scores. Across the captures of an
ingest that is what a user gets; a benchmark that times a second pass over captures it
has just read would answer every line and word from the cache, and report speeds no
ingest reaches. Each timed pass in bench/ starts with `forget()`.
"""
from __future__ import annotations


def forget() -> None:
    from search.extract import casing, htmlblocks, rules, tagger

    rules._classify.cache_clear()
    htmlblocks._cached_hint.cache_clear()
    casing._FACTS.clear()
    model = tagger.model()
    if model is not None:
        model._reset()
