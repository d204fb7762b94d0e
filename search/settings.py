"""Settings: where the index lives, and the bounds that keep every query fast.

The environment is read here and nowhere else.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

#: Environment variable naming the index folder (used when --index is not given).
INDEX_ENV = "NEWSFACET_INDEX"
#: The index folder when neither --index nor NEWSFACET_INDEX says otherwise.
DEFAULT_INDEX = "index"

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 2000
#: Most query words (terms, phrases, prefixes) in one query.
MAX_QUERY_TERMS = 150
#: Most index words one prefix (``pri*``) may expand to.
MAX_PREFIX_EXPANSION = 2000
#: Shortest prefix before ``*``.
MIN_PREFIX_CHARS = 2
#: Largest page of results.
MAX_PER_PAGE = 100
#: Deepest page: results beyond MAX_RESULT_WINDOW are not paged to.
MAX_RESULT_WINDOW = 10_000
#: Facet values listed per facet (outlet, actor) unless asked otherwise.
FACET_TOP = 10
#: How long a writer waits for another one to finish, in seconds.
LOCK_TIMEOUT = 600.0
#: Captures per commit while ingesting.
INGEST_BATCH = 1000


def index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The index folder: `explicit` (``--index``), else $NEWSFACET_INDEX, else ./index."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(INDEX_ENV, "").strip()
    return Path(env) if env else Path(DEFAULT_INDEX)


def default_workers() -> int:
    """Extraction worker processes: the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the backend

#: The search backends: the embedded Whoosh index, or a SphinxQL cluster (Sphinx, Manticore).
BACKENDS = ("whoosh", "sphinx")
#: What a search does when a shard of the cluster does not answer.
ON_SHARD_DOWN = ("warn", "error")
BACKEND_ENV = "NEWSFACET_BACKEND"
NODES_ENV = "NEWSFACET_NODES"
#: The config file read from the index folder (or given with --config).
CONFIG_FILE = "newsfacet.toml"
#: Most groups (distinct outlets, actors, days, clusters) one cluster facet query counts.
SPHINX_MAX_GROUPS = 100_000
#: Seconds a SphinxQL connection waits to connect, and for an answer.
SPHINX_CONNECT_TIMEOUT = 3.0
SPHINX_READ_TIMEOUT = 120.0

_NODE = re.compile(r"^[A-Za-z0-9_.\-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$")


@dataclass(frozen=True)
class BackendSettings:
    """Which backend serves the index folder. For sphinx, `nodes` are SphinxQL addresses
    HOST:PORT: the coordinator (its distributed index) first, then every shard in a fixed
    order (an article's shard is the hash of its id modulo the number of shards)."""
    backend: str = "whoosh"
    nodes: tuple[str, ...] = ()
    on_shard_down: str = "warn"

    @property
    def coordinator(self) -> str:
        return self.nodes[0]

    @property
    def shards(self) -> tuple[str, ...]:
        return self.nodes[1:]


def parse_nodes(value: str | list | tuple | None) -> tuple[str, ...]:
    """``HOST:PORT,HOST:PORT,...`` (or a list of them) as a tuple; BadConfig if malformed."""
    from search.errors import BadConfig

    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    nodes = tuple(str(n).strip() for n in items if str(n).strip())
    for n in nodes:
        if not _NODE.match(n) or not 0 < int(n.rsplit(":", 1)[1]) < 65536:
            raise BadConfig(f"node {n!r} is not HOST:PORT", "write --nodes 10.0.0.1:9306,10.0.0.2:9306,...")
    return nodes


def read_config(path: Path) -> dict:
    """The [backend] table of a newsfacet.toml file ({} if there is none)."""
    from search.errors import BadConfig

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BadConfig(f"cannot read {path}: {exc}", "fix the file; see README, Running on a cluster") from None
    table = data.get("backend", {})
    if not isinstance(table, dict):
        raise BadConfig(f"{path}: [backend] must be a table")
    return table


def backend_settings(index: Path | None = None, *, backend: str | None = None, nodes=None,
                     on_shard_down: str | None = None, config: str | os.PathLike | None = None) -> BackendSettings:
    """The backend settings: explicit values (command line, web app config), else
    $NEWSFACET_BACKEND / $NEWSFACET_NODES, else the config file (`config`, else
    `<index>/newsfacet.toml`), else the Whoosh index."""
    from search.errors import BadConfig

    if config is not None and not Path(config).is_file():
        raise BadConfig(f"no config file at {config}")
    path = Path(config) if config is not None else (Path(index) / CONFIG_FILE if index is not None else None)
    table = read_config(path) if path is not None else {}
    name = backend or os.environ.get(BACKEND_ENV, "").strip() or table.get("name") or "whoosh"
    if name not in BACKENDS:
        raise BadConfig(f"unknown backend {name!r}", "the backends are " + ", ".join(BACKENDS))
    found = parse_nodes(nodes or os.environ.get(NODES_ENV, "").strip() or table.get("nodes"))
    down = on_shard_down or table.get("on_shard_down") or "warn"
    if down not in ON_SHARD_DOWN:
        raise BadConfig(f"on_shard_down must be warn or error, not {down!r}")
    if name == "sphinx" and len(found) < 2:
        raise BadConfig("the sphinx backend needs --nodes COORDINATOR,SHARD[,SHARD...]",
                        "give the coordinator's SphinxQL address first, then each shard's")
    return BackendSettings(name, found if name == "sphinx" else (), down)
