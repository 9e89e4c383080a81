"""The package's modules import one another without circles, every import counted (those inside functions too,
since a circle through a lazy import still ties two modules together)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "src" / "pamc"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(here[: len(here) - node.level + 1] + ([node.module] if node.module else []))
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def import_graph() -> dict[str, set[str]]:
    """module → the package modules it imports (anywhere in its text)."""
    paths = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in paths}
    for module, path in paths.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = _resolve(module, path.name == "__init__.py", node)
            for target in targets:
                if target in paths and target != module and target != module.rsplit(".", 1)[0]:
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
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
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_is_read_from_the_sources():
    graph = import_graph()
    assert "pamc.model.catalogue" in graph["pamc.model.findings"]
    assert "pamc.release.parquet" in graph["pamc.release.contents"]  # an import inside a function counts


def test_no_two_modules_import_each_other_even_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The layers, lowest first: each imports only its own layer and those below it.
LAYERS = ["pamc.model", "pamc.io", "pamc.checks", "pamc.analysis", "pamc.release", "pamc.cli"]


def layer(module: str) -> int:
    for i, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return i
    raise AssertionError(f"{module} belongs to no layer: put it in one of {', '.join(LAYERS)}")


def test_every_module_belongs_to_a_layer():
    for module in import_graph():
        if module != "pamc":
            layer(module)


def test_a_lower_layer_never_imports_a_higher_one():
    upward = sorted(f"{a} imports {b}" for a, targets in import_graph().items() if a != "pamc"
                    for b in targets if b != "pamc" and layer(b) > layer(a))
    assert upward == []


def test_validate_reads_then_checks_and_reading_never_calls_the_checks():
    graph = import_graph()
    for module in graph:
        if module.startswith("pamc.io."):
            assert not any(t.startswith("pamc.checks") for t in graph[module]), module
