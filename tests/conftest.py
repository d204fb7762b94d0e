"""Shared fixtures: a real SphinxQL cluster (2 shard searchd processes and a coordinator,
on free loopback ports, generated configs in a temp dir), per test module, stopped at
the end of the module also when a test fails."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from search.settings import BackendSettings
from search.backends.sphinx.local import LocalCluster, searchd_available

#: The backends the engine's behaviour tests run against.
BACKENDS = ("whoosh", "sphinx")

#: The sample captures `make demo` ingests, and how many there are (one page a file).
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def sample_count() -> int:
    from search.extract.capture import CAPTURE_SUFFIXES
    return sum(1 for p in SAMPLES.iterdir() if p.name.lower().endswith(CAPTURE_SUFFIXES))


@pytest.fixture(scope="module")
def sphinx_cluster(tmp_path_factory):
    """Skipped on a machine without searchd, except in CI (.ci/run installs sphinxsearch), where that fails."""
    if not searchd_available():
        if os.environ.get("CI"):
            pytest.fail("searchd is not installed: .ci/run installs Debian's sphinxsearch")
        pytest.skip("searchd is not installed (apt-get install sphinxsearch)")
    cluster = LocalCluster(2, folder=tmp_path_factory.mktemp("sphinx")).start()
    try:
        yield cluster
    finally:
        cluster.stop()


def sphinx_settings(cluster: LocalCluster, **kw) -> BackendSettings:
    return BackendSettings("sphinx", tuple(cluster.addresses), **kw)


def settings_for(request, backend: str) -> BackendSettings | None:
    """The settings of `backend` for a test (None: the default, Whoosh); starts the module's
    cluster for sphinx."""
    if backend == "whoosh":
        return None
    return sphinx_settings(request.getfixturevalue("sphinx_cluster"))


class TeeIndex:
    """Two real indexes written by one ingest (each capture extracted once, each document
    written to both): for comparing backends on the same articles without paying for
    extraction twice. The first is the one whose folder keeps the capture store."""

    def __init__(self, first, second):
        self.first, self.second = first, second
        self.path = first.path

    @property
    def store_path(self):
        return self.first.store_path

    def writer(self):
        return _TeeWriter(self.first.writer(), self.second.writer())


class _TeeWriter:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def add_document(self, **doc):
        self.a.add_document(**doc)
        self.b.add_document(**dict(doc))

    def delete_by_term(self, field, value):
        self.a.delete_by_term(field, value)
        self.b.delete_by_term(field, value)

    def commit(self, **kw):
        self.a.commit(**kw)
        self.b.commit(**kw)

    def cancel(self):
        self.a.cancel()
        self.b.cancel()


def ingest_both(whoosh_dir, sphinx_dir, settings: BackendSettings, items, *, workers: int = 2):
    """Ingest `items` once into a Whoosh index at `whoosh_dir` and the cluster of `settings`
    (index folder `sphinx_dir`); returns the two, open."""
    from search.backends import open_index
    from search.writing import run as _run
    from search.store import CaptureStore

    whoosh = open_index(whoosh_dir, create=True)
    sphinx = open_index(sphinx_dir, settings, create=True)
    store = CaptureStore(whoosh.store_path)
    try:
        summary = _run(TeeIndex(whoosh, sphinx), store, items, workers=workers, batch=1000,
                       store_path=whoosh.store_path, on_progress=None)
    finally:
        store.close()
    sphinx.flush()
    return whoosh, sphinx, summary
