"""Where the pipeline's files live: a folder on any filesystem fsspec knows.

A `Store` is a base URL (a local folder by default, `s3://bucket/prefix` or any other fsspec URL in
a cluster) and the few operations the pipeline needs on it, each written so that a reader never
sees half a file: on a local disk a file is written under a name of its own and renamed over its
target; on an object store one upload is already all or nothing. Credentials and endpoints come
from the filesystem's own configuration (for S3: the usual `AWS_*` environment variables, e.g.
`AWS_ENDPOINT_URL` for a MinIO or moto endpoint), never from this code.

DuckDB reads a store's Parquet through the same fsspec filesystem, registered with the connection
(`register`): no DuckDB extension is downloaded, so it works on a machine without the internet.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import fsspec
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

TMP_SUFFIX = ".tmp"


class Store:
    """A folder at a URL. Paths given to its methods are relative to it, with `/`."""

    def __init__(self, url: str | os.PathLike[str]) -> None:
        self.url = str(url)
        self.fs, root = fsspec.core.url_to_fs(self.url)
        self.root = root.rstrip("/") or "/"

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Store) and (self.fs.protocol, self.root) == (other.fs.protocol, other.root)

    def __hash__(self) -> int:
        return hash((str(self.fs.protocol), self.root))

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def path(self, rel: str = "") -> str:
        """The filesystem's own path of `rel` (no protocol)."""
        return f"{self.root}/{rel}" if rel else self.root

    def uri(self, rel: str = "") -> str:
        """What DuckDB is given for `rel`: a local path, or the URL of its filesystem (registered)."""
        return self.path(rel) if self.is_local else self.fs.unstrip_protocol(self.path(rel))

    def local_path(self, rel: str = "") -> Path:
        """`rel` as a local path, for code that needs one (only on a local store)."""
        if not self.is_local:
            raise ValueError(f"{self.url} is not a local folder")
        return Path(self.path(rel))

    def child(self, rel: str) -> Store:
        """The store of a folder below this one."""
        return Store(self.url.rstrip("/") + "/" + rel)

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        """Let DuckDB read this store's URLs through its fsspec filesystem (nothing to do locally)."""
        if self.is_local:
            return
        protocols = self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,)
        if not con.filesystem_is_registered(protocols[0]):
            con.register_filesystem(self.fs)

    # reading

    def exists(self, rel: str = "") -> bool:
        return self.fs.exists(self.path(rel))

    def is_dir(self, rel: str = "") -> bool:
        return self.fs.isdir(self.path(rel))

    def read_bytes(self, rel: str) -> bytes:
        return self.fs.cat_file(self.path(rel))

    def read_each(self, rels: Iterable[str], chunk: int = 32) -> Iterator[tuple[str, bytes | OSError]]:
        """Each file's bytes (or why it could not be read), in order. From an object store a chunk
        of files is fetched at once, on threads (one file at a time, a crawl or a parse would
        spend most of its time waiting on each request's latency); from a local disk one at a
        time, as they are asked for."""
        if self.is_local:
            yield from ((rel, self._read_or_why(rel)) for rel in rels)
            return
        rels = list(rels)
        with ThreadPoolExecutor(max_workers=chunk) as pool:
            for start in range(0, len(rels), chunk):  # a chunk at a time: memory stays bounded
                part = rels[start:start + chunk]
                yield from zip(part, list(pool.map(self._read_or_why, part)), strict=True)

    def _read_or_why(self, rel: str) -> bytes | OSError:
        try:
            return self.read_bytes(rel)
        except OSError as exc:
            return exc

    def read_text(self, rel: str) -> str:
        return self.read_bytes(rel).decode("utf-8")

    def size(self, rel: str) -> int:
        return int(self.fs.size(self.path(rel)))

    def glob(self, pattern: str) -> list[str]:
        """The paths (relative, sorted) matching a glob pattern relative to the store."""
        prefix = self.root.rstrip("/") + "/"
        return sorted(p.removeprefix(prefix) for p in self.fs.glob(self.path(pattern)))

    def files(self) -> dict[str, dict]:
        """Every file below the store (relative path -> the filesystem's details: size, time)."""
        prefix = self.root.rstrip("/") + "/"
        found = self.fs.find(self.root, detail=True) if self.exists() else {}
        return {p.removeprefix(prefix): d for p, d in found.items() if d.get("type", "file") == "file"}

    def read_parquet(self, rel: str, columns: list[str] | None = None) -> pl.DataFrame:
        if self.is_local:
            return pl.read_parquet(self.path(rel), columns=columns)
        return pl.from_arrow(pq.read_table(self.path(rel), columns=columns, filesystem=self.fs))  # type: ignore[return-value]

    def read_parquets(self, rels: list[str], columns: list[str] | None = None) -> pa.Table:
        """Several Parquet files of one schema as one Arrow table."""
        return pq.ParquetDataset([self.path(r) for r in rels], filesystem=self.fs).read(columns=columns)

    def parquet_rows(self, rels: list[str]) -> int:
        """The rows of these Parquet files, from their footers."""
        return sum(pq.ParquetFile(self.path(r), filesystem=self.fs).metadata.num_rows for r in rels)

    # writing: a reader sees the old file or the new one, never half of one

    def write_bytes(self, rel: str, data: bytes, *, durable: bool = True) -> None:
        """Write `rel` whole or not at all. `durable`: on a local disk, flushed to the device before
        it replaces the old file (what a crash must not lose); files that can be made again (the
        parse cache) spare the wait."""
        if not self.is_local:  # one upload: all or nothing
            self.fs.pipe_file(self.path(rel), data)
            return
        target = self.local_path(rel)
        tmp = temp_beside(target)
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                if durable:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)

    def write_text(self, rel: str, text: str, *, durable: bool = True) -> None:
        self.write_bytes(rel, text.encode("utf-8"), durable=durable)

    def write_parquet(self, table: pa.Table | pl.DataFrame, rel: str, *, compression: str = "zstd",
                      statistics: bool = True) -> None:
        """Write a table as Parquet at `rel`, whole or not at all."""
        arrow = table.to_arrow() if isinstance(table, pl.DataFrame) else table
        buffer = io.BytesIO()
        pq.write_table(arrow, buffer, compression=compression, write_statistics=statistics)
        self.write_bytes(rel, buffer.getvalue())

    def put_file(self, local: Path, rel: str) -> None:
        """Copy a local file to `rel` (the DuckDB file, after its swap)."""
        if self.is_local:
            self.write_bytes(rel, local.read_bytes())
        else:
            self.fs.put_file(str(local), self.path(rel))

    def remove(self, rel: str, *, recursive: bool = False) -> None:
        """Remove a file (or a folder with `recursive`); gone already is fine."""
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm(self.path(rel), recursive=recursive)


def modified_ns(info: dict) -> int:
    """A listed file's modification time in ns, however its filesystem reports it (a local disk:
    `mtime` in seconds; S3: `LastModified`, a datetime); 0 when it reports none."""
    when = info.get("mtime") or info.get("LastModified") or info.get("last_modified") or info.get("created")
    if hasattr(when, "timestamp"):
        return int(when.timestamp() * 1e9)
    return int(float(when) * 1e9) if when is not None else 0


def temp_beside(target: Path) -> Path:
    """A fresh temporary name in a local target's folder, unique to this call (hidden, `.tmp`): a
    run deletes only the temporary files it made itself."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}")


def store_of(location: Store | str | os.PathLike[str]) -> Store:
    """A store, given one or its URL or local folder."""
    return location if isinstance(location, Store) else Store(location)
