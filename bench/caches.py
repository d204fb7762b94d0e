"""Empty the extractors' caches of lines and words, for a timed pass that sees each
capture for the first time.

The extractors cache what repeats: a line of furniture (the phrase rules, the HTML
block hints), a word's case facts, a word's tagger scores. Across the captures of an
ingest that is what a user gets; a benchmark that times a second pass over captures it
has just read would answer every line and word from the cache, and report speeds no
ingest reaches. Each timed pass in bench/ starts with `forget()`.

It also settles the heap as an ingest worker's is settled. A worker is forked from the
fork server after search/preload.py has loaded the tables and frozen the garbage
collector (gc.freeze), so the collector never walks the modules, the tables or anything
else alive before the work began. In a benchmark process nothing is frozen, and every
full collection during a timed pass walks all of that and the benchmark's own data too
(the test set, its gold labels, the figures of earlier passes): time no ingest spends.
So `forget()` collects, then freezes what is alive, and the timed pass pays for the
garbage it makes itself.
"""
from __future__ import annotations

import gc


def forget() -> None:
    from search.extract import casing, htmlblocks, rules, tagger

    rules._classify.cache_clear()
    htmlblocks._cached_hint.cache_clear()
    casing._FACTS.clear()
    casing._GAPS.clear()
    model = tagger.model()
    if model is not None:
        model._reset()
    gc.collect()
    gc.freeze()
