"""The layout of the code (search/ and web/): no import circles, no module importing
another's private names, no dispatch on the type of a backend, no module over ~600
lines. Read from the source with `ast`, imports inside functions included (a lazy
import that closes a circle is still a circle)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("search", "web")
MAX_LINES = 620   # "about 600"
#: The classes that implement search/backends' Backend protocol, and the protocol itself.
BACKEND_CLASSES = {"Backend", "BackendWriter", "WhooshBackend", "SphinxBackend", "Index", "SphinxWriter"}


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str):
    """(node, imported module, names imported from it or None) for every import of ours in module `name`."""
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if _is_package(name) else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if len(submodules) < len(names):
                yield node, target, [n for n in names if f"{target}.{n}" not in MODULES]
            for sub in submodules:
                yield node, sub, None


def _graph() -> dict[str, set[str]]:
    return {name: {target for _, target, _ in _imports(name) if target != name} for name in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_walk_sees_the_modules_and_their_imports():
    # the checks below are only as good as the graph: it must see the pipeline's edges
    graph = _graph()
    assert {"search.engine", "search.extract.pipeline", "search.backends.whoosh.backend", "web.data"} <= set(graph)
    assert "search.backends" in graph["search.engine"]
    assert "search.ingest" in graph["search.cli.index"]          # a function-level import
    assert "web.api" in graph["web"]                                # a relative import
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles():
    assert _cycles(_graph()) == []


def test_no_module_imports_another_modules_private_names():
    found = []
    for name in MODULES:
        bound: dict[str, str] = {}   # local name -> our module it is bound to
        for node, target, names in _imports(name):
            if names is None:
                for alias in node.names:
                    if isinstance(node, ast.Import) or f"{target}".endswith("." + alias.name) or target == alias.name:
                        bound[alias.asname or alias.name.split(".")[-1]] = target
                continue
            found += [f"{name}: from {target} import {n}" for n in names
                      if n.startswith("_") and not n.startswith("__")]
        for node in ast.walk(TREES[name]):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{name}: {node.value.id}.{node.attr} ({bound[node.value.id]})")
    assert found == []


def test_no_dispatch_on_the_type_of_a_backend():
    found = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "hasattr"):
                if len(node.args) < 2:
                    continue
                kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
                names = {k.id if isinstance(k, ast.Name) else k.attr if isinstance(k, ast.Attribute) else None
                         for k in kinds}
                if node.func.id == "isinstance" and names & BACKEND_CLASSES:
                    found.append(f"{name}:{node.lineno}: isinstance(..., {', '.join(sorted(names & BACKEND_CLASSES))})")
                if (node.func.id == "hasattr" and isinstance(node.args[0], ast.Name)
                        and node.args[0].id in ("index", "backend")):
                    found.append(f"{name}:{node.lineno}: hasattr({node.args[0].id}, ...)")
    assert found == []
    # the engine, the front doors' one search function, asks its backend, never about it
    for name in ("search.engine",):
        calls = [n for n in ast.walk(TREES[name]) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id in ("isinstance", "type")]
        assert calls == [], name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_about_600_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)}: {lines} lines"


#: (room, rooms it must never import): the layering README's Layout section describes.
FORBIDDEN = [
    ("search.extract", ("search.backends", "search.engine", "search.ingest", "search.writing", "search.workers",
                        "search.extraction", "search.items", "search.cli", "web")),
    ("search.backends.whoosh", ("search.backends.sphinx", "search.engine", "search.ingest", "search.cli", "web")),
    ("search.backends.sphinx", ("search.backends.whoosh", "search.engine", "search.ingest", "search.cli", "web")),
    ("search.writing", ("search.backends.whoosh", "search.backends.sphinx", "search.engine", "search.cli", "web")),
    ("search.engine", ("search.backends.whoosh", "search.backends.sphinx", "search.cli", "web")),
    ("web", ("search.backends.whoosh", "search.backends.sphinx", "search.cli")),
]


def _inside(module: str, room: str) -> bool:
    return module == room or module.startswith(room + ".")


@pytest.mark.parametrize("room,never", FORBIDDEN, ids=[r for r, _ in FORBIDDEN])
def test_rooms_import_only_what_they_may(room, never):
    graph = _graph()
    found = [f"{name} -> {target}" for name, targets in graph.items() if _inside(name, room)
             for target in targets if any(_inside(target, n) for n in never)]
    assert found == []


def test_an_ingest_writer_does_not_load_the_pipeline():
    # The writer reads the captures and writes the index; its workers extract (search/extraction.py,
    # loaded by them): the pipeline's modules and tables in the writer were memory for nothing.
    import os
    import subprocess
    import sys

    code = ("import sys, search.ingest, search.backends.whoosh.backend, search.cli.index; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('search'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=str(ROOT), env=env).stdout.split())
    assert {"search.ingest", "search.workers", "search.extract.archives"} <= loaded
    assert not loaded & {"search.extraction", "search.extract.pipeline", "search.extract.finish",
                         "search.extract.strip", "search.extract.actors", "search.extract.language"}
