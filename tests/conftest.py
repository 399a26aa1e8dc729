"""Shared fixtures: the seed reports in data/raw/ and their hand-read golden files."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import materialize_all

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted(p.stem for p in GOLDEN.glob("*.json"))


def run_pipeline(raw: Path, warehouse: Path, *, workers: int = 0) -> dg.ExecuteInProcessResult:
    """Materialize every asset and check of the code location, in process, on these folders:
    what `make run`, the UI and the schedule run, pointed at a test's own data."""
    return materialize_all(raw, warehouse, workers=workers)


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
