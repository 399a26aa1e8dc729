"""Where the pipeline reads and writes, as a Dagster resource: overridable per run or per test."""

from pathlib import Path

import dagster as dg

from pipelines.config import DB_NAME, data_paths
from pipelines.model import DEFAULT_LIMITS, Limits
from pipelines.storage import Store


class WarehousePaths(dg.ConfigurableResource):
    """The raw folder crawled (a local folder or a URL: `s3://bucket/raw`), the warehouse folder
    written (the DuckDB file, and the Parquet unless `storage_url` puts it elsewhere), how the parse
    is parsed (worker processes), and what one file may cost before it is refused (`limits`).

    Defaults come from the environment (`pipelines.config`: DISCLOSURE_DATA_DIR, default `./data`;
    DISCLOSURE_STORAGE_URL), so the same code runs on another machine or storage without edits.
    """

    raw_dir: str
    warehouse_dir: str
    # the lake: the crawl's record, the parse cache and the staged Parquet, as a URL
    # ("": the warehouse folder); a copy of the DuckDB file goes there after each load
    storage_url: str = ""
    # reviewers' corrections and reviews, and the pages built ("": beside the warehouse folder)
    corrections_dir: str = ""
    site_dir: str = ""
    parse_workers: int = 0  # worker processes for parsing; 0: one per core
    # what one file may cost before it is refused (pipelines.model.Limits)
    max_file_bytes: int = DEFAULT_LIMITS.max_bytes
    max_pdf_pages: int = DEFAULT_LIMITS.max_pdf_pages
    max_docx_unpacked_bytes: int = DEFAULT_LIMITS.max_docx_unpacked_bytes
    max_html_depth: int = DEFAULT_LIMITS.max_html_depth
    max_parse_seconds: float = DEFAULT_LIMITS.max_parse_seconds

    @property
    def raw(self) -> Store:
        return Store(self.raw_dir)

    @property
    def lake(self) -> Store:
        return Store(self.storage_url or self.warehouse_dir)

    @property
    def warehouse(self) -> Path:
        path = Path(self.warehouse_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def corrections(self) -> Path:
        return Path(self.corrections_dir) if self.corrections_dir else Path(self.warehouse_dir).parent / "corrections"

    @property
    def site(self) -> Path:
        return Path(self.site_dir) if self.site_dir else Path(self.warehouse_dir).parent / "site"

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_file_bytes, max_pdf_pages=self.max_pdf_pages,
                      max_docx_unpacked_bytes=self.max_docx_unpacked_bytes, max_html_depth=self.max_html_depth,
                      max_parse_seconds=self.max_parse_seconds)

    @property
    def database(self) -> Path:
        return self.warehouse / DB_NAME


def default_paths() -> WarehousePaths:
    paths = data_paths()
    return WarehousePaths(raw_dir=paths.raw, warehouse_dir=str(paths.warehouse), storage_url=paths.lake,
                          corrections_dir=str(paths.corrections), site_dir=str(paths.site))
