"""A SphinxQL cluster on this machine: N shard `searchd` processes and a coordinator,
on free loopback ports, each with a config generated here, in a folder of its own.

Used by the tests (tests/conftest.py), by bench/cluster.py, and as the reference
of the configuration a cluster needs (README, "Running on a cluster"):

* each shard serves the real-time index ``nf_shard`` (SCHEMA_CONF below) on a
  SphinxQL (MySQL protocol) port, which the writer uses, and on a binary API port,
  which the coordinator's agents use;
* the coordinator serves the distributed index ``nf`` whose agents are the shards,
  on a SphinxQL port: the address newsfacet queries (the first of ``--nodes``).

`LocalCluster.stop_shard(i)` / `start_shard(i)` kill and restart one shard (the
shard-down test). Never the system's sphinxsearch service: every process here is
started with its own config and stopped by its own pid.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from search.backends.sphinx.schema import DIST_INDEX, SHARD_INDEX   # the shards' index and the coordinator's

SEARCHD = "searchd"

#: The shard index. Title and body hold our own analysed terms (backend.py says why),
#: `tags` the outlet/actor/`all` marker tokens; the attributes are what filters, facets,
#: sorting and collapsing need, and `doc` the stored fields (JSON) for the page of hits.
SCHEMA_CONF = """\
    type = rt
    rt_field = title
    rt_field = body
    rt_field = tags
    rt_attr_uint = day
    rt_attr_uint = month
    rt_attr_uint = year
    rt_attr_bigint = outlet
    rt_attr_multi_64 = actor
    rt_attr_uint = has_actor
    rt_attr_bigint = cluster
    rt_attr_bigint = collapse
    rt_attr_bigint = capture
    rt_attr_string = doc
    rt_attr_bigint = language
    dict = keywords
    min_prefix_len = 2
    charset_table = 0..9, a..z, A..Z, _, U+80..U+2FFFF
    index_field_lengths = 1
    rt_mem_limit = 256M
"""

#: Agent timeouts of the coordinator (ms): a shard that is down costs at most this.
AGENT_CONNECT_TIMEOUT = 300
AGENT_QUERY_TIMEOUT = 10000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def searchd_available() -> bool:
    return shutil.which(SEARCHD) is not None


@dataclass
class Node:
    name: str
    folder: Path
    sql_port: int
    api_port: int
    proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    @property
    def config(self) -> Path:
        return self.folder / "sphinx.conf"


def _searchd_section(node: Node, extra: str = "") -> str:
    f = node.folder
    return f"""searchd
{{
    listen = 127.0.0.1:{node.sql_port}:mysql41
    listen = 127.0.0.1:{node.api_port}
    pid_file = {f}/searchd.pid
    log = {f}/searchd.log
    query_log = {f}/query.log
    binlog_path = {f}/binlog
    binlog_flush = 1
    workers = threads
    max_children = 64
    read_timeout = 5
    client_timeout = 300
    max_packet_size = 32M
    seamless_rotate = 0
    expansion_limit = 0
    collation_server = utf8_general_ci
{extra}}}
"""


def shard_config(node: Node) -> str:
    return (f"index {SHARD_INDEX}\n{{\n{SCHEMA_CONF}    path = {node.folder}/data/{SHARD_INDEX}\n}}\n\n"
            + _searchd_section(node))


def coordinator_config(node: Node, shards: list[str]) -> str:
    """`shards`: the shards' binary API addresses, HOST:PORT, in --nodes order."""
    agents = "".join(f"    agent = {a}:{SHARD_INDEX}\n" for a in shards)
    return (f"index {DIST_INDEX}\n{{\n    type = distributed\n{agents}"
            f"    agent_connect_timeout = {AGENT_CONNECT_TIMEOUT}\n"
            f"    agent_query_timeout = {AGENT_QUERY_TIMEOUT}\n}}\n\n"
            + _searchd_section(node))


@dataclass
class LocalCluster:
    """`shards` shard nodes and one coordinator, under `folder` (a temp dir if None)."""
    shards: int = 2
    folder: Path | None = None
    nodes: list[Node] = field(default_factory=list)   # coordinator first, then the shards
    _own_folder: bool = False

    def __post_init__(self):
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="newsfacet-sphinx-"))
            self._own_folder = True
        self.folder = Path(self.folder)

    # ------------------------------------------------------------------ addresses

    @property
    def coordinator(self) -> Node:
        return self.nodes[0]

    @property
    def shard_nodes(self) -> list[Node]:
        return self.nodes[1:]

    @property
    def addresses(self) -> list[str]:
        """The --nodes value: the coordinator's SphinxQL address, then each shard's."""
        return [n.address for n in self.nodes]

    # ------------------------------------------------------------------ life

    def start(self, timeout: float = 20.0) -> "LocalCluster":
        if not searchd_available():
            raise RuntimeError("searchd not found: install Debian's sphinxsearch (apt-get install sphinxsearch)")
        names = ["coordinator"] + [f"shard{i + 1}" for i in range(self.shards)]
        for name in names:
            folder = self.folder / name
            (folder / "data").mkdir(parents=True, exist_ok=True)
            (folder / "binlog").mkdir(exist_ok=True)
            self.nodes.append(Node(name, folder, free_port(), free_port()))
        for node in self.shard_nodes:
            node.config.write_text(shard_config(node))
        self.coordinator.config.write_text(
            coordinator_config(self.coordinator, [f"127.0.0.1:{n.api_port}" for n in self.shard_nodes]))
        try:
            for node in self.shard_nodes + [self.coordinator]:
                self._launch(node)
            for node in self.nodes:
                self._wait(node, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, node: Node) -> None:
        log = open(node.folder / "stdout.log", "ab")
        node.proc = subprocess.Popen([SEARCHD, "--config", str(node.config), "--nodetach"],
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=node.folder, start_new_session=True)
        log.close()

    def _wait(self, node: Node, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if node.proc is not None and node.proc.poll() is not None:
                out = (node.folder / "stdout.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"searchd {node.name} exited ({node.proc.returncode}):\n{out}")
            try:
                with socket.create_connection(("127.0.0.1", node.sql_port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"searchd {node.name} did not listen on {node.sql_port} within {timeout} s")

    def truncate(self) -> None:
        """Empty every shard's index (between tests that share the cluster)."""
        import pymysql

        for node in self.shard_nodes:
            conn = pymysql.connect(host="127.0.0.1", port=node.sql_port, autocommit=True)
            try:
                with conn.cursor() as cur:
                    cur.execute(f"TRUNCATE RTINDEX {SHARD_INDEX}")
            finally:
                conn.close()

    def stop_shard(self, i: int) -> None:
        """Kill shard `i` (0-based) at once (SIGKILL: a crash, not a clean stop)."""
        node = self.shard_nodes[i]
        if node.proc is not None and node.proc.poll() is None:
            os.killpg(node.proc.pid, signal.SIGKILL)
            node.proc.wait(10)
        node.proc = None

    def start_shard(self, i: int, timeout: float = 20.0) -> None:
        """Start shard `i` again (it replays its binlog: nothing committed is lost)."""
        node = self.shard_nodes[i]
        (node.folder / "searchd.pid").unlink(missing_ok=True)
        self._launch(node)
        self._wait(node, timeout)

    def stop(self) -> None:
        for node in reversed(self.nodes):
            if node.proc is None or node.proc.poll() is not None:
                continue
            try:
                os.killpg(node.proc.pid, signal.SIGTERM)
                node.proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(node.proc.pid, signal.SIGKILL)
                    node.proc.wait(5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "LocalCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    """``python -m search.backends.sphinx.local [--shards N] [--folder DIR]``: start a local cluster,
    print the --nodes value for newsfacet, and keep it running until Ctrl+C."""
    import argparse

    ap = argparse.ArgumentParser(description="Start N shard searchd processes and a coordinator on loopback ports.")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--folder", type=Path, help="keep configs and data here (default: a temp dir, removed)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)   # stopped like Ctrl+C: the searchds too
    cluster = LocalCluster(args.shards, folder=args.folder).start()
    print(f"newsfacet --backend sphinx --nodes {','.join(cluster.addresses)} ...", flush=True)
    print(f"(configs in {cluster.folder}; Ctrl+C stops the cluster)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
