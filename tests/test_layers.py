"""The package's layers import one way: parsing <- staging <- warehouse <- defs.

A module may import its own layer and the layers before it, never one after: the parser knows
nothing of Parquet, the load nothing of Dagster. The generator (`synth`) is a tool for tests and
benchmarks: it may use anything, and nothing in the product uses it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipelines

PACKAGE = Path(pipelines.__file__).parent
# Each top-level module or subpackage of `pipelines`, by layer (lower first).
LAYERS = {
    "model": 0, "config": 0, "templates": 0, "sql": 0, "invariants": 0,  # the vocabulary, the forms and rules as data
    "storage": 0,  # where files live (a local folder or a URL), for every layer that reads or writes them
    "parsing": 1, "parse": 1, "agencies": 1,  # bytes -> Report, its command line, who reports
    "staging": 2,  # raw folder -> Parquet
    "warehouse": 3, "summary": 3, "query": 3, "correct": 3, "site": 3,  # Parquet -> DuckDB, reading it back
    "defs": 4, "definitions": 4,  # the Dagster assets, thin wrappers
    "synth": 5,  # the report generator: tests and benchmarks only
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "pipelines" and len(parts) > 1 else None


def _imports() -> list[tuple[str, str, int]]:
    """(importing file, imported pipelines module, line) for every import in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [(str(path.relative_to(PACKAGE)), n, node.lineno) for n in names if n.startswith("pipelines.")]
    return found


def _layer_of_file(rel: str) -> str:
    return rel.split("/")[0].removesuffix(".py")


def test_every_module_of_the_package_has_a_layer() -> None:
    tops = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
            if (p.suffix == ".py" and p.name != "__init__.py") or (p.is_dir() and (p / "__init__.py").exists())}
    assert tops == set(LAYERS)


def test_no_module_imports_a_later_layer() -> None:
    upward = [f"{rel}:{line} imports {module}" for rel, module, line in _imports()
              if LAYERS[_part(module) or ""] > LAYERS[_layer_of_file(rel)]]
    assert not upward, upward


def test_nothing_outside_the_generator_imports_it() -> None:
    users = [f"{rel}:{line}" for rel, module, line in _imports()
             if _part(module) == "synth" and _layer_of_file(rel) != "synth"]
    assert not users, users
