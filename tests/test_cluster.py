"""Beyond one machine: the files in object storage, the parse in shards on other executors.

The object store is an S3 endpoint on this machine (moto's server), reached through s3fs as any
S3 is; the executors are Dagster's multiprocess executor and dagster-dask on a Dask
`LocalCluster`. Whichever way, the warehouse holds the tables a local, in-process run gives.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from conftest import RAW, materialize_command, warehouse_snapshot

from pipelines.config import DB_NAME
from pipelines.definitions import materialize_all
from pipelines.staging.parse_cache import CACHE
from pipelines.synth.corpus import generate

moto_server = pytest.importorskip("moto.server")
s3fs = pytest.importorskip("s3fs")

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The seeds and reports of every format the generator makes, and the tables of a local,
    in-process run over them with the parse in one shard: what every other way must give."""
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    shutil.copytree(RAW, raw)
    for g in generate(30, seed=61, layouts=("pdf", "docx", "html", "markdown", "tabbed", "aligned")):
        (raw / g.name).write_bytes(g.data)
    wh = raw.parent / "local"
    materialize_all(raw, wh)
    return raw, warehouse_snapshot(wh / DB_NAME)


@pytest.fixture(scope="module")
def s3() -> Iterator[s3fs.S3FileSystem]:
    """An S3 endpoint on this machine with a bucket `reports`; the AWS settings s3fs reads."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://{host}:{port}"}.items():
            env.setenv(name, value)
        s3fs.S3FileSystem.clear_instance_cache()
        fs = s3fs.S3FileSystem()
        fs.mkdir("reports")
        yield fs
        s3fs.S3FileSystem.clear_instance_cache()
    server.stop()


def _parse_metadata(result: dg.ExecuteInProcessResult) -> dict:
    return next(m for m in result.get_asset_materialization_events()
                if m.asset_key == dg.AssetKey("parsed_reports")).materialization.metadata


def test_a_run_from_a_bucket_gives_the_tables_of_a_local_run_and_its_rerun_parses_nothing(
        corpus: tuple[Path, dict], s3: s3fs.S3FileSystem, tmp_path: Path) -> None:
    raw, local = corpus
    s3.put(f"{raw}/", "reports/national/raw/", recursive=True)
    wh = tmp_path / "warehouse"
    run = {"raw": "s3://reports/national/raw", "warehouse": wh, "storage_url": "s3://reports/national/warehouse",
           "shards": 2}
    first = materialize_all(**run)
    assert warehouse_snapshot(wh / DB_NAME) == local
    # the Parquet lives in the bucket, the DuckDB file on this machine, with a copy in the bucket
    assert s3.glob("reports/national/warehouse/parsed/format-*/batch-*/cells.parquet")
    assert s3.exists("reports/national/warehouse/staging/reports.parquet")
    assert s3.exists(f"reports/national/warehouse/{DB_NAME}")
    assert sorted(p.name for p in wh.iterdir()) == [DB_NAME]
    assert _parse_metadata(first)["parsed_this_run"].value == len(list(raw.iterdir()))

    again = materialize_all(**run)
    parsed = _parse_metadata(again)
    assert (parsed["parsed_this_run"].value, parsed["shards_skipped"].value) == (0, 2)
    assert warehouse_snapshot(wh / DB_NAME) == local


@pytest.fixture
def dask_cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_the_multiprocess_executor_gives_the_tables_of_the_in_process_run(
        corpus: tuple[Path, dict], tmp_path: Path) -> None:
    """The command line a user runs, with the executor and three shards set by the environment:
    each step (each shard among them) in a process of its own."""
    raw, local = corpus
    wh = tmp_path / "warehouse"
    cmd, env = materialize_command(raw, wh, tmp_path / "home")
    env |= {"DISCLOSURE_EXECUTOR": "multiprocess", "DISCLOSURE_PARSE_SHARDS": "3"}
    run = subprocess.run(cmd, env=env, cwd=tmp_path / "home", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    shards = sorted(p.name for p in (wh / CACHE / "shards").iterdir())
    assert shards == ["3-0.json", "3-1.json", "3-2.json"]  # each shard parsed, on a step of its own
    assert warehouse_snapshot(wh / DB_NAME) == local


def test_a_dask_cluster_reading_a_bucket_gives_the_tables_of_the_in_process_run(
        corpus: tuple[Path, dict], s3: s3fs.S3FileSystem, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    """As a cluster runs it: the reports and the lake in a bucket (DISCLOSURE_STORAGE_URL), each
    step a task on a Dask cluster whose workers have the same settings (as every machine running
    a code location does), three shards, what steps hand on kept in the bucket too."""
    raw, local = corpus
    s3.put(f"{raw}/", "reports/dask/raw/", recursive=True)
    wh = tmp_path / "warehouse"
    cmd, env = materialize_command(raw, wh, tmp_path / "home")
    env |= {"DISCLOSURE_RAW_DIR": "s3://reports/dask/raw", "DISCLOSURE_STORAGE_URL": "s3://reports/dask",
            "DISCLOSURE_EXECUTOR": "dask", "DISCLOSURE_PARSE_SHARDS": "3"}
    for name, value in env.items():
        if name.startswith("DISCLOSURE_"):  # the workers start after this, with these settings
            monkeypatch.setenv(name, value)
    env["DISCLOSURE_DASK_ADDRESS"] = request.getfixturevalue("dask_cluster")
    run = subprocess.run(cmd, env=env, cwd=tmp_path / "home", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    shards = sorted(p.rsplit("/", 1)[1] for p in s3.glob("reports/dask/warehouse/parsed/format-*/shards/*.json"))
    assert shards == ["3-0.json", "3-1.json", "3-2.json"]
    assert s3.glob("reports/dask/warehouse/dagster-io/**")  # the steps' outputs, where every worker reads
    assert warehouse_snapshot(wh / DB_NAME) == local


def test_a_batch_cut_short_in_the_bucket_is_found_by_its_size_and_parsed_again(
        corpus: tuple[Path, dict], s3: s3fs.S3FileSystem, tmp_path: Path) -> None:
    """On an object store a batch is checked against the store's listing (present, of its size),
    not downloaded: one cut short is discarded, and its files parsed again."""
    raw, local = corpus
    s3.put(f"{raw}/", "reports/damaged/raw/", recursive=True)
    wh = tmp_path / "warehouse"
    run = {"raw": "s3://reports/damaged/raw", "warehouse": wh, "storage_url": "s3://reports/damaged/warehouse"}
    materialize_all(**run)
    cells = s3.glob("reports/damaged/warehouse/parsed/format-*/batch-*/cells.parquet")[0]
    s3.pipe(cells, s3.cat(cells)[:100])
    parsed = _parse_metadata(materialize_all(**run))
    assert parsed["damaged_batches_discarded"].value
    assert parsed["parsed_this_run"].value > 0
    assert warehouse_snapshot(wh / DB_NAME) == local
