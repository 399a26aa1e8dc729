"""Where the pipeline reads and writes, as a Dagster resource: overridable per run or per test."""

import pickle
from pathlib import Path

import dagster as dg
from upath import UPath

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


class LakePickles(dg.UPathIOManager):
    """What one step hands the next (a shard's counts, the reasons a batch was discarded: a few
    bytes each), pickled under `dagster-io/` in the lake. On one machine Dagster keeps these in its
    own storage; in a cluster a step runs on any machine, so they must be where every machine
    reads: the lake."""

    extension = ".pickle"

    def dump_to_path(self, context: dg.OutputContext, obj: object, path: UPath) -> None:
        path.write_bytes(pickle.dumps(obj))

    def load_from_path(self, context: dg.InputContext, path: UPath) -> object:
        return pickle.loads(path.read_bytes())


def default_resources() -> dict[str, object]:
    """The resources of the code location: the paths, and where a lake in object storage is
    configured (DISCLOSURE_STORAGE_URL), the steps' outputs kept there (`LakePickles`)."""
    paths = default_paths()
    if not paths.storage_url:
        return {"paths": paths}
    return {"paths": paths, "io_manager": LakePickles(UPath(paths.storage_url) / "dagster-io")}
