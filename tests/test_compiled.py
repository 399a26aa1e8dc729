"""The compiled parser (Cython, built by `make`) is used when current, never when stale."""

from __future__ import annotations

import os
import shutil
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import pipelines.parsing.align
from pipelines._compiled import _FreshSourceFinder

ALIGN = Path(pipelines.parsing.align.__file__)
compiled = pytest.mark.skipif(not ALIGN.name.endswith(tuple(EXTENSION_SUFFIXES)),
                              reason="the parser is not compiled here (no C compiler at `make`)")


@compiled
def test_a_current_build_is_imported_in_place_of_the_source() -> None:
    source = ALIGN.with_name("align.py")
    assert source.exists() and source.stat().st_mtime_ns <= ALIGN.stat().st_mtime_ns


@compiled
def test_a_source_edited_after_the_build_is_imported_instead_of_the_stale_build(tmp_path: Path) -> None:
    package = tmp_path / "parsing"
    package.mkdir()
    shutil.copy(ALIGN, package / ALIGN.name)
    source = package / "align.py"
    shutil.copy(ALIGN.with_name("align.py"), source)
    finder = _FreshSourceFinder()
    built = os.stat(package / ALIGN.name).st_mtime_ns
    os.utime(source, ns=(built - 10**9, built - 10**9))
    assert finder.find_spec("pipelines.parsing.align", [str(package)]) is None  # current: the usual import

    os.utime(source, ns=(built + 10**9, built + 10**9))
    with pytest.warns(UserWarning, match="changed since it was compiled"):
        spec = finder.find_spec("pipelines.parsing.align", [str(package)])
    assert spec is not None and spec.origin == str(source)
