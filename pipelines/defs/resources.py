"""Where the pipeline reads and writes: declared once, overridable per run or per test."""

import os
from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class WarehousePaths(dg.ConfigurableResource):
    """The raw folder crawled and the warehouse folder written (Parquet and DuckDB).

    Defaults are the project's `data/raw` and `data/warehouse`; the environment variables
    DISCLOSURE_RAW_DIR and DISCLOSURE_WAREHOUSE_DIR override them, so the same code runs on
    another machine or storage without edits.
    """

    raw_dir: str
    warehouse_dir: str
    parse_workers: int = 0  # worker processes for parsing; 0: one per core

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse(self) -> Path:
        path = Path(self.warehouse_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path


def default_paths() -> WarehousePaths:
    return WarehousePaths(
        raw_dir=os.environ.get("DISCLOSURE_RAW_DIR", str(PROJECT_ROOT / "data" / "raw")),
        warehouse_dir=os.environ.get("DISCLOSURE_WAREHOUSE_DIR", str(PROJECT_ROOT / "data" / "warehouse")),
    )


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"paths": default_paths()})
