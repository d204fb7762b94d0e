"""Shared fixtures: a real SphinxQL cluster (2 shard searchd processes and a coordinator,
on free loopback ports, generated configs in a temp dir), per test module, stopped at
the end of the module also when a test fails."""
from __future__ import annotations

import os

import pytest

from search.settings import BackendSettings
from search.sphinxlocal import LocalCluster, searchd_available

#: The backends the engine's behaviour tests run against.
BACKENDS = ("whoosh", "sphinx")


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
