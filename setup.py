"""The build: the package as plain Python and, unless PIPELINES_COMPILE=0, its parser compiled by
mypyc into a C extension (as black builds its wheels). The Python source stays the truth: the
compiled modules are built from it, unchanged, by the build backend, and nothing swaps them in at
run time (an editable install builds them beside their sources, where Python's own import finds
them first; `make setup` builds them again whenever a source changes). Compiled, a report parses
in about 1.3 ms instead of 2.2 (README "Plain code, and what it costs"). The rest of the project
(configured in pyproject.toml) stays Python: it waits on files, DuckDB and Arrow, not on Python.

The modules compiled are those `mypy` checks (`[tool.mypy] files` in pyproject.toml): the parser
and what it calls for every cell. mypyc checks their type hints at run time, so a hint the code
does not honour would refuse a report: `make test` runs mypy over them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from setuptools import setup


def _compiled_sources() -> list[str]:
    entries = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mypy"]["files"]
    files: list[str] = []
    for entry in entries:
        path = Path(entry)
        files += sorted(str(p) for p in path.rglob("*.py")) if path.is_dir() else [entry]
    return files


def _extensions() -> list:
    if os.environ.get("PIPELINES_COMPILE", "1") == "0":
        return []
    from mypyc.build import mypycify

    # one shared library for every module (`group_name`), so calls between them are C calls
    return mypycify(["--config-file", "pyproject.toml", *_compiled_sources()], opt_level="3",
                    group_name="pipelines")


setup(ext_modules=_extensions())
