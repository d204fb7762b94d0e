"""The backend interface: what the engine needs of a place to keep and search articles,
and the two places there are.

* ``whoosh`` (the default): the embedded index in the index folder
  (search/backends/whoosh/: the engine's own evaluator, facets and ranking).
* ``sphinx``: a SphinxQL cluster of `searchd` nodes, shards and a coordinator
  (search/backends/sphinx/; Sphinx 2.2 here, Manticore Search in production).

Both keep the raw captures in the index folder (search/store.py), so ``reindex``
rebuilds either one from them. The engine (search/engine.py) calls a `Backend`'s
methods and never asks which one it holds; ingest (search/writing.py) writes through
`Backend.writer()`. Each backend's module ``search.backends.NAME.backend`` offers the
same three functions this module dispatches to by the settings' backend name:
`open_backend`, `writer_lock` and `rebuilding`.
"""
from __future__ import annotations

import importlib
import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, runtime_checkable

from search.settings import BACKENDS, LOCK_TIMEOUT, BackendSettings

if TYPE_CHECKING:   # types only: neither module imports this one's callers
    from search.query import Node
    from search.request import SearchRequest
    from search.store import CaptureStore


@runtime_checkable
class BackendWriter(Protocol):
    """One batch of writes (search/writing.py): add documents, delete a capture's
    documents (re-ingest), then commit or cancel. A document may carry ``terms``: its
    title and body analysed ahead (search.analysis.index_terms), for a backend that
    takes them."""

    def add_document(self, **document) -> None: ...
    def delete_by_term(self, field: str, value: str) -> None: ...
    def commit(self, **options) -> None: ...
    def cancel(self) -> None: ...


@runtime_checkable
class Backend(Protocol):
    """An index folder and where its documents are kept and searched.

    Every search method returns the backend's part of the engine's JSON objects (see
    search/engine.py); the engine adds what is the same for all (timing, key order)."""

    path: Path

    @property
    def store_path(self) -> Path: ...

    # writing
    def writing(self, *, timeout: float = ..., on_wait: Callable[[str], None] | None = ...) -> AbstractContextManager: ...
    def writer(self) -> BackendWriter: ...
    def delete(self, doc_ids: list[str]) -> list[str]: ...

    # reading
    def search(self, request: "SearchRequest") -> dict: ...
    def similar(self, doc_id: str, request: "SearchRequest") -> dict: ...
    def facet_values(self, name: str, request: "SearchRequest", prefix: str = "") -> dict: ...
    def show(self, doc_id: str) -> dict: ...
    def stats(self) -> dict: ...
    def explain(self, node: "Node") -> list[str]: ...

    def close(self) -> None: ...


def _module(settings: BackendSettings | None):
    name = (settings or BackendSettings()).backend
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}")
    return importlib.import_module(f"search.backends.{name}.backend")


def open_index(path: str | os.PathLike, settings: BackendSettings | None = None, *,
               create: bool = False) -> Backend:
    """The index folder at `path` on the backend `settings` names (Whoosh by default).
    Raises IndexNotFound when there is none and `create` is false."""
    return _module(settings).open_backend(path, settings or BackendSettings(), create=create)


def writer_lock(path: str | os.PathLike, settings: BackendSettings | None = None, *,
                timeout: float = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None,
                stop=None) -> AbstractContextManager:
    """The index folder's writer lock, with the backend's recovery from a writer that
    died (search.folder.writer_lock). Take it before opening the index to write."""
    return _module(settings).writer_lock(Path(path), settings or BackendSettings(), timeout=timeout,
                                         on_wait=on_wait, stop=stop)


def rebuilding(path: str | os.PathLike, settings: BackendSettings | None,
               store: "CaptureStore") -> AbstractContextManager[tuple[Backend, bool]]:
    """The backend's side of ``reindex``: yields (an empty index to write every stored
    capture into, whether the batches commit the capture store) and finishes the
    rebuild when the block ends without an error. Call while holding the writer lock."""
    return _module(settings).rebuilding(Path(path), settings or BackendSettings(), store)
