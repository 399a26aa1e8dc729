"""Where the pipeline reads and writes: one data directory, from configuration.

`DISCLOSURE_DATA_DIR` (default `./data`, relative to where the command runs) holds `raw/`, the
reports crawled, `warehouse/`, the Parquet and the DuckDB file written, `corrections/`, the
reviewers' corrections and reviews (CSV files kept in git), and `site/`, the pages built.
`DISCLOSURE_RAW_DIR`, `DISCLOSURE_WAREHOUSE_DIR`, `DISCLOSURE_CORRECTIONS_DIR` and
`DISCLOSURE_SITE_DIR` set any one elsewhere. Nothing depends on where the package is installed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "DISCLOSURE_DATA_DIR"
RAW_DIR_ENV = "DISCLOSURE_RAW_DIR"
WAREHOUSE_DIR_ENV = "DISCLOSURE_WAREHOUSE_DIR"
CORRECTIONS_DIR_ENV = "DISCLOSURE_CORRECTIONS_DIR"
SITE_DIR_ENV = "DISCLOSURE_SITE_DIR"
DEFAULT_DATA_DIR = "data"
DB_NAME = "disclosure.duckdb"


@dataclass(frozen=True, slots=True)
class DataPaths:
    raw: Path
    warehouse: Path
    corrections: Path
    site: Path

    @property
    def database(self) -> Path:
        """The DuckDB file analysts query."""
        return self.warehouse / DB_NAME


def data_paths(environ: Mapping[str, str] | None = None) -> DataPaths:
    """The raw and warehouse folders the environment names (see the module's docstring)."""
    env = os.environ if environ is None else environ
    data = Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)
    return DataPaths(raw=Path(env.get(RAW_DIR_ENV) or data / "raw"),
                     warehouse=Path(env.get(WAREHOUSE_DIR_ENV) or data / "warehouse"),
                     corrections=Path(env.get(CORRECTIONS_DIR_ENV) or data / "corrections"),
                     site=Path(env.get(SITE_DIR_ENV) or data / "site"))
