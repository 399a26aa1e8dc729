"""The whole refresh without Dagster: raw folder -> Parquet -> DuckDB, for scripts and benchmarks.

The Dagster assets run the same steps, one asset each; this runs them back to back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.staging.assemble import StagedCounts, index_cells, stage_reports
from pipelines.staging.crawl import crawl, crawl_frame, read_crawl, readable
from pipelines.staging.parquet import write_atomic
from pipelines.staging.parse_cache import ToParse, parse_new
from pipelines.warehouse.load import LoadResult, build

CRAWL_FILE = "raw_reports.parquet"


@dataclass(frozen=True, slots=True)
class Crawled:
    files: int
    to_parse: list[ToParse]


def crawl_raw(raw_dir: Path, warehouse: Path) -> Crawled:
    """Crawl the raw folder (reusing the last crawl's hashes for untouched files) and record it."""
    files = crawl(raw_dir, read_crawl(warehouse / CRAWL_FILE))
    write_atomic(crawl_frame(files), warehouse / CRAWL_FILE)
    return Crawled(len(files), [ToParse(*f) for f in readable(files)])


def parse_and_stage(raw_dir: Path, warehouse: Path, crawled: Crawled,
                    workers: int | None = None) -> tuple[int, int, StagedCounts]:
    """Parse what is new, then stage reports, sections, warnings and quarantine."""
    parsed, refused, _ = parse_new(raw_dir, warehouse, crawled.to_parse, workers=workers)
    return parsed, refused, stage_reports(warehouse)


def refresh(raw_dir: Path, warehouse: Path, workers: int | None = None) -> LoadResult:
    """Crawl, parse, stage, build: the same files and tables the Dagster assets write."""
    crawled = crawl_raw(raw_dir, warehouse)
    parse_and_stage(raw_dir, warehouse, crawled, workers)
    index_cells(warehouse)
    return build(warehouse)


def main(argv: list[str] | None = None) -> int:
    """`python -m pipelines.warehouse.refresh RAW_DIR WAREHOUSE_DIR`: the refresh without Dagster."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m pipelines.warehouse.refresh", description=main.__doc__)
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("warehouse_dir", type=Path)
    ap.add_argument("--workers", type=int, default=None, help="parse worker processes (default: one per core)")
    args = ap.parse_args(argv)
    result = refresh(args.raw_dir, args.warehouse_dir, workers=args.workers)
    print(f"{result.mode} load: {result.reports_added} reports added, {result.reports_removed} removed; "
          f"{result.row_counts.get('dim_report', 0)} reports, {result.row_counts.get('quarantine', 0)} quarantined")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
