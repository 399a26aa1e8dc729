"""Compiled modules are used only while they match their source.

`make` compiles the parsing library with Cython (see the Makefile): each `x.py` gains a sibling
`x.<abi>.so` that Python imports in its place. A source edited after the build would then be
silently ignored, so this finder, installed when `pipelines` is imported, sends the import of any
module whose source is newer than its compiled form to the source instead, and warns once.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec, PathFinder
from types import ModuleType


class _FreshSourceFinder(MetaPathFinder):
    """Finds `pipelines.*` modules as usual, but prefers a newer `.py` to a stale extension."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if not fullname.startswith("pipelines."):
            return None
        spec = PathFinder.find_spec(fullname, path)
        origin = spec.origin if spec else None
        suffix = next((s for s in EXTENSION_SUFFIXES if origin and origin.endswith(s)), None)
        if spec is None or origin is None or suffix is None:
            return None
        source = origin[: -len(suffix)] + ".py"
        if not os.path.exists(source) or os.stat(source).st_mtime_ns <= os.stat(origin).st_mtime_ns:
            return None  # the compiled module is current: the usual finder's answer stands
        warnings.warn(f"{source} changed since it was compiled: using the source (run `make` to recompile)",
                      stacklevel=2)
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=spec.submodule_search_locations)


def prefer_fresh_sources() -> None:
    if not any(isinstance(f, _FreshSourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _FreshSourceFinder())
