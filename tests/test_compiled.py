"""The compiled parser (setup.py: mypyc over the modules mypy checks) reads every report exactly as
its Python source does. mypyc checks type hints at run time and runs the code without the
interpreter's loop, so this is asked of real files in every format, not assumed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RAW, ROOT

import pipelines.parsing.align
from pipelines.model import NotAReportError
from pipelines.parsing import parse_bytes
from pipelines.synth.corpus import generate
from pipelines.synth.noise import LAYOUTS

REAL = ROOT / "tests" / "real" / "raw"
PER_LAYOUT = 8

# Run in a fresh interpreter on a copy of the package's Python source (no compiled module in it).
_READ_ALL = """
import json, sys
from pathlib import Path
from pipelines.model import NotAReportError
from pipelines.parsing import parse_bytes
import pipelines.parsing.align
assert pipelines.parsing.align.__file__.endswith(".py"), pipelines.parsing.align.__file__
out = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        out[path.name] = parse_bytes(path.read_bytes(), path.name).to_json()
    except NotAReportError as exc:
        out[path.name] = {"refused": str(exc)}
print(json.dumps(out, ensure_ascii=False))
"""


def _read_all(folder: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(folder.iterdir()):
        try:
            out[path.name] = parse_bytes(path.read_bytes(), path.name).to_json()
        except NotAReportError as exc:
            out[path.name] = {"refused": str(exc)}
    return json.loads(json.dumps(out, ensure_ascii=False))  # as the other side's, through JSON


@pytest.mark.skipif(pipelines.parsing.align.__file__.endswith(".py"),
                    reason="the parser is not compiled here (make setup COMPILE=0): nothing to compare")
def test_the_compiled_parser_reads_every_format_exactly_as_its_python_source(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    for source in (RAW, REAL):
        for path in source.iterdir():
            shutil.copy(path, files / path.name)
    for g in generate(PER_LAYOUT * len(LAYOUTS), seed=53):  # every layout and format the generator makes
        (files / g.name).write_bytes(g.data)
    source = tmp_path / "source"
    shutil.copytree(ROOT / "pipelines", source / "pipelines",
                    ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    run = subprocess.run([sys.executable, "-c", _READ_ALL, str(files)], cwd=source, capture_output=True,
                         text=True, check=False, env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-3000:]
    interpreted = json.loads(run.stdout)
    compiled = _read_all(files)
    assert len(compiled) >= len(LAYOUTS) * PER_LAYOUT
    differ = [name for name in compiled if compiled[name] != interpreted.get(name)]
    assert not differ, f"read differently once compiled: {differ[:10]}"
