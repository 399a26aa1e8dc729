"""The code location: the assets and checks of every module of `pipelines.defs`, the job, the
schedule and the sensor, with their resources.

Loaded by module, not from the project's files, so the installed package runs from any folder
(`dagster asset materialize -m pipelines.definitions --select '*'`), as `dg` does in a checkout.
"""

import os
from pathlib import Path

import dagster as dg

import pipelines.defs
from pipelines.config import DASK_ADDRESS_ENV, executor_name, parse_shards
from pipelines.defs.parsed import parsed_reports_asset
from pipelines.defs.resources import WarehousePaths, default_resources
from pipelines.defs.schedules import nightly_refresh, raw_files_changed, refresh_warehouse
from pipelines.defs.tables import warehouse_tables_asset


def executor() -> dg.ExecutorDefinition:
    """The executor DISCLOSURE_EXECUTOR names. In process by default: the steps are a chain, each
    waiting for the one before (the parse has its own worker processes), so one process spares
    the seconds of starting one per step. `multiprocess` runs each step, so each parse shard, in
    a process of its own; `dask` on a Dask cluster (DISCLOSURE_DASK_ADDRESS, or a local one), the
    engine a cluster already runs: a step per task, the files read from the same storage URL."""
    name = executor_name()
    if name == "multiprocess":
        # each step's process forked from a server that has imported the pipeline once (a step
        # spawned afresh spends about two seconds importing Dagster and the parser)
        return dg.multiprocess_executor.configured(
            {"start_method": {"forkserver": {"preload_modules": ["pipelines.definitions"]}}})
    if name == "dask":
        from dagster_dask import dask_executor  # imported only when chosen: it loads dask.distributed

        address = os.environ.get(DASK_ADDRESS_ENV)
        cluster = {"existing": {"address": address}} if address else {"local": {"n_workers": os.cpu_count() or 1}}
        return dask_executor.configured({"cluster": cluster})
    return dg.in_process_executor


@dg.definitions
def defs() -> dg.Definitions:
    return definitions_for(parse_shards())


def definitions_for(shards: int) -> dg.Definitions:
    """The code location with the parse cut into this many shards (a graph of that many steps).

    Under the Dask executor no step has a concurrency pool: a run with pools carries their
    accounting in its run record, which dagster-dask hands to Dask, and Dask cannot pack it (the
    record refuses the iteration Dask's task packing does), so the run would fail before its
    first step. There one run at a time comes from the schedule and the sensor, which skip while a
    run is in progress; two runs that overlap anyway stay safe (the parse cache and the warehouse
    swap are built for it)."""
    pooled = executor_name() != "dask"
    return dg.Definitions(
        assets=[*dg.load_assets_from_package_module(pipelines.defs),
                parsed_reports_asset(shards, pool="parse" if pooled else None),
                warehouse_tables_asset(pool="duckdb_writer" if pooled else None)],
        asset_checks=dg.load_asset_checks_from_package_module(pipelines.defs),
        jobs=[refresh_warehouse],
        schedules=[nightly_refresh],
        sensors=[raw_files_changed],
        resources=default_resources(),
        executor=executor(),
    )


def refresh_job() -> dg.JobDefinition:
    """The refresh job as the configured executor runs it, for `dg.reconstructable`: executors that
    run steps in other processes (multiprocess, Dask) rebuild it there from this function."""
    return defs().resolve_job_def("refresh_warehouse")


def materialize_all(raw: Path | str, warehouse: Path, *, workers: int = 0, storage_url: str = "", shards: int = 1,
                    run_config: dict | None = None, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    """Every asset and check of these definitions, materialized in this process on these folders:
    what the UI, the schedule and `make run` run, for tests, benchmarks and scripts."""
    d = definitions_for(shards)
    paths = WarehousePaths(raw_dir=str(raw), warehouse_dir=str(warehouse), parse_workers=workers,
                           storage_url=storage_url)
    return dg.materialize([*d.assets, *d.asset_checks], resources={"paths": paths}, run_config=run_config,
                          raise_on_error=raise_on_error)
