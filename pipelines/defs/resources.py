"""Where the pipeline reads and writes, as a Dagster resource: overridable per run or per test."""

from pathlib import Path

import dagster as dg

from pipelines.config import DB_NAME, data_paths


class WarehousePaths(dg.ConfigurableResource):
    """The raw folder crawled and the warehouse folder written (Parquet and DuckDB).

    Defaults come from the environment (`pipelines.config`: DISCLOSURE_DATA_DIR, default
    `./data`), so the same code runs on another machine or storage without edits.
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

    @property
    def database(self) -> Path:
        return self.warehouse / DB_NAME


def default_paths() -> WarehousePaths:
    paths = data_paths()
    return WarehousePaths(raw_dir=str(paths.raw), warehouse_dir=str(paths.warehouse))
