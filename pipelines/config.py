"""Where the pipeline reads and writes: one data directory, from configuration.

`DISCLOSURE_DATA_DIR` (default `./data`, relative to where the command runs) holds `raw/`, the
reports crawled, `warehouse/`, the Parquet and the DuckDB file written, `corrections/`, the
reviewers' corrections and reviews (CSV files kept in git), and `site/`, the pages built.
`DISCLOSURE_RAW_DIR`, `DISCLOSURE_WAREHOUSE_DIR`, `DISCLOSURE_CORRECTIONS_DIR` and
`DISCLOSURE_SITE_DIR` set any one elsewhere. Nothing depends on where the package is installed.

In a cluster the files live in object storage: `DISCLOSURE_STORAGE_URL` (say `s3://bucket/prefix`,
any fsspec URL) is where the raw reports (`<url>/raw`, unless DISCLOSURE_RAW_DIR says otherwise)
and the lake (`<url>/warehouse`: the crawl's record, the parse cache, the staged Parquet, and a
copy of the DuckDB file after each load) are; the DuckDB file is still written on this machine,
in the warehouse folder. How the steps run: `DISCLOSURE_EXECUTOR` (`in_process`, the default;
`multiprocess`; `dask`, on the Dask scheduler at `DISCLOSURE_DASK_ADDRESS`, or a local cluster
without one) and `DISCLOSURE_PARSE_SHARDS` (the parse cut into this many shards, default 1).
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
STORAGE_URL_ENV = "DISCLOSURE_STORAGE_URL"
EXECUTOR_ENV = "DISCLOSURE_EXECUTOR"
DASK_ADDRESS_ENV = "DISCLOSURE_DASK_ADDRESS"
PARSE_SHARDS_ENV = "DISCLOSURE_PARSE_SHARDS"
EXECUTORS = ("in_process", "multiprocess", "dask")
DEFAULT_DATA_DIR = "data"
DB_NAME = "disclosure.duckdb"


@dataclass(frozen=True, slots=True)
class DataPaths:
    raw: str  # a local folder or a URL
    warehouse: Path
    corrections: Path
    site: Path
    lake: str = ""  # where the Parquet lives: a URL, or "" for the warehouse folder itself

    @property
    def database(self) -> Path:
        """The DuckDB file analysts query."""
        return self.warehouse / DB_NAME


def data_paths(environ: Mapping[str, str] | None = None) -> DataPaths:
    """The raw and warehouse folders the environment names (see the module's docstring)."""
    env = os.environ if environ is None else environ
    data = Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)
    storage = (env.get(STORAGE_URL_ENV) or "").rstrip("/")
    return DataPaths(raw=env.get(RAW_DIR_ENV) or (f"{storage}/raw" if storage else str(data / "raw")),
                     warehouse=Path(env.get(WAREHOUSE_DIR_ENV) or data / "warehouse"),
                     corrections=Path(env.get(CORRECTIONS_DIR_ENV) or data / "corrections"),
                     site=Path(env.get(SITE_DIR_ENV) or data / "site"),
                     lake=f"{storage}/warehouse" if storage else "")


def parse_shards(environ: Mapping[str, str] | None = None) -> int:
    """Into how many shards the parse is cut (DISCLOSURE_PARSE_SHARDS, default 1)."""
    env = os.environ if environ is None else environ
    value = env.get(PARSE_SHARDS_ENV) or "1"
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{PARSE_SHARDS_ENV}={value!r}: expected a whole number of shards, 1 or more")
    return int(value)


def executor_name(environ: Mapping[str, str] | None = None) -> str:
    """Which Dagster executor runs the steps (DISCLOSURE_EXECUTOR), checked against those known."""
    env = os.environ if environ is None else environ
    name = env.get(EXECUTOR_ENV) or "in_process"
    if name not in EXECUTORS:
        raise ValueError(f"{EXECUTOR_ENV}={name!r}: expected one of {', '.join(EXECUTORS)}")
    return name
