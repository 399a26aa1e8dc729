"""The package as a user installs it: a wheel, in a fresh environment, run from another folder."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
from conftest import RAW, ROOT, SEEDS


def _build_wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("pipelines-*.whl"))


def _fresh_venv(where: Path, wheel: Path) -> Path:
    """A new environment holding the wheel; its dependencies are this environment's, reached
    through a .pth file (installing them again would need the network and a minute)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # A plain path line: the .pth files there (this checkout's editable install) are not processed.
    (Path(purelib) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True)
    return python


def test_the_wheel_carries_the_sql_and_the_templates(tmp_path: Path) -> None:
    names = zipfile.ZipFile(_build_wheel(tmp_path)).namelist()
    assert "pipelines/sql/fact_request.sql" in names and "pipelines/sql/check_chain.sql" in names
    assert "pipelines/templates/gov_2021.toml" in names and "pipelines/templates/invariants.toml" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def test_the_installed_wheel_materializes_the_whole_pipeline_from_another_folder(tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path / "venv", _build_wheel(tmp_path / "wheels"))
    work = tmp_path / "elsewhere"
    shutil.copytree(RAW, work / "data" / "raw")
    where = subprocess.run([str(python), "-c", "import pipelines; print(pipelines.__file__)"], cwd=work,
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(tmp_path / "venv")), where
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path / "home")}
    (tmp_path / "home").mkdir()
    run = subprocess.run([str(python), "-m", "dagster", "asset", "materialize", "-m", "pipelines.definitions",
                          "--select", "*"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "RUN_SUCCESS" in run.stderr + run.stdout
    with duckdb.connect(str(work / "data" / "warehouse" / "disclosure.duckdb"), read_only=True) as con:
        assert con.sql("select count(*) from dim_report").fetchall()[0][0] == len(SEEDS)
        assert con.sql("select count(*) from check_result where status = 'fail'").fetchall()[0][0] == 0
