"""Shared fixtures: the seed reports in data/raw/ and their hand-read golden files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import materialize_all
from pipelines.warehouse.load import TABLES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted(p.stem for p in GOLDEN.glob("*.json"))


def run_pipeline(raw: Path, warehouse: Path, *, workers: int = 0) -> dg.ExecuteInProcessResult:
    """Materialize every asset and check of the code location, in process, on these folders:
    what `make run`, the UI and the schedule run, pointed at a test's own data."""
    return materialize_all(raw, warehouse, workers=workers)


# Columns that say when a run saw a file, not what it read: left out when two runs are compared.
RUN_TIMES = {"raw_file": ("modified_at",), "dim_report": ("first_seen_at", "removed_at"),
             "report_version": ("valid_from", "valid_to"), "report_change": ("changed_at",)}


def warehouse_snapshot(db: Path) -> dict[str, list]:
    """Every table of a warehouse, rows sorted, without the run times: equal for equal warehouses."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.table(t).select(f"* exclude ({', '.join(RUN_TIMES[t])})" if t in RUN_TIMES else "*")
                .order("all").fetchall() for t in TABLES}


def materialize_command(raw: Path, wh: Path, home: Path) -> tuple[list[str], dict[str, str]]:
    """The command line a user runs with the installed package (`make run` runs `dg launch`, the
    same definitions): every asset and check, with the data folders set by the environment."""
    home.mkdir(exist_ok=True)
    # the instance of these runs: no telemetry, and no capture of each step's stdout and stderr
    # (Dagster mirrors them through a `tail -F` per step, which a test has no use for)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\ncompute_logs:\n"
                                       "  module: dagster._core.storage.noop_compute_log_manager\n"
                                       "  class: NoOpComputeLogManager\n")
    dagster = Path(sys.executable).with_name("dagster")
    env = {**os.environ, "DISCLOSURE_RAW_DIR": str(raw), "DISCLOSURE_WAREHOUSE_DIR": str(wh),
           "DAGSTER_HOME": str(home)}
    return [str(dagster), "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"], env


def golden(stem: str) -> dict:
    return json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))


def seed_path(stem: str) -> Path:
    return next(RAW.glob(f"{stem}.*"))


def table_cells(doc: dict) -> dict[str, object]:
    """Every cell of a report document as {"table/row/col": value}."""
    return {
        f"{t}/{row}/{col}": v
        for t in ("t2_active", "t3_requests", "t4_review_litigation")
        for row, cols in (doc.get(t) or {}).items()
        for col, v in cols.items()
    }


def assert_same_cells(got: dict, want: dict) -> None:
    """Cell-by-cell equality, floats compared to 1e-9, listing every cell that differs."""
    g, w = table_cells(got), table_cells(want)
    wrong = {k: (g.get(k, "<absent>"), v) for k, v in w.items()
             if not (g.get(k, "<absent>") == v or (isinstance(v, float) and abs(float(g.get(k) or 0) - v) < 1e-9))}
    extra = sorted(set(g) - set(w))
    assert not wrong and not extra, f"wrong cells (got, want): {wrong}; cells not in the truth: {extra}"


@pytest.fixture(params=SEEDS)
def seed(request: pytest.FixtureRequest) -> str:
    return request.param
