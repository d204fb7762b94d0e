"""The backend interface: what the engine needs of a place to keep and search articles,
and the two places there are.

* ``whoosh`` (the default): the embedded index in the index folder (index.py; the
  engine's own evaluator, facets and ranking: evaluate.py, facets.py, columns.py).
* ``sphinx``: a SphinxQL cluster of `searchd` nodes, shards and a coordinator
  (sphinx.py; Sphinx 2.2 here, Manticore Search in production).

Both keep the raw captures in the index folder (store.py), so ``reindex`` rebuilds
either one from them. The engine's functions (engine.search, similar, show,
facet_values, stats, delete) take either and return the same objects; ingest
writes through `Backend.writer()`.
"""
from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Callable, Protocol, runtime_checkable

from search.settings import BackendSettings


@runtime_checkable
class BackendWriter(Protocol):
    """One batch of writes (ingest.py's writer): add documents, delete a capture's documents
    (re-ingest), then commit or cancel."""

    def add_document(self, **document) -> None: ...
    def delete_by_term(self, field: str, value: str) -> None: ...
    def commit(self, **options) -> None: ...
    def cancel(self) -> None: ...


class Backend(Protocol):
    """An index folder and where its documents are searched."""

    path: Path

    @property
    def store_path(self) -> Path: ...
    def writing(self, *, timeout: float = ..., on_wait: Callable[[str], None] | None = ...) -> AbstractContextManager: ...
    def writer(self) -> BackendWriter: ...
    def close(self) -> None: ...


def open_index(path: str | os.PathLike, settings: BackendSettings | None = None, *, create: bool = False):
    """The index folder at `path` on the backend `settings` names (Whoosh by default).
    Raises IndexNotFound when there is none and `create` is false."""
    settings = settings or BackendSettings()
    if settings.backend == "sphinx":
        from search.backends.sphinx.backend import SphinxIndex

        return SphinxIndex.open(path, settings, create=create)
    from search.backends.whoosh.index import Index

    return Index.open(path, create=create)
