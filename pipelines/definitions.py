"""The code location: the assets and checks of every module of `pipelines.defs`, the job, the
schedule and the sensor, with their resources.

Loaded by module, not from the project's files, so the installed package runs from any folder
(`dagster asset materialize -m pipelines.definitions --select '*'`), as `dg` does in a checkout.
"""

from pathlib import Path

import dagster as dg

import pipelines.defs
from pipelines.defs.resources import WarehousePaths, default_paths
from pipelines.defs.schedules import nightly_refresh, raw_files_changed, refresh_warehouse


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_package_module(pipelines.defs),
        asset_checks=dg.load_asset_checks_from_package_module(pipelines.defs),
        jobs=[refresh_warehouse],
        schedules=[nightly_refresh],
        sensors=[raw_files_changed],
        resources={"paths": default_paths()},
        # The steps are a chain, each waiting for the one before (the parse step has its own worker
        # processes): run in one process, they spare the seconds of starting one per step.
        executor=dg.in_process_executor,
    )


def materialize_all(raw: Path, warehouse: Path, *, workers: int = 0, run_config: dict | None = None,
                    raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    """Every asset and check of these definitions, materialized in this process on these folders:
    what the UI, the schedule and `make run` run, for tests, benchmarks and scripts."""
    d = defs()
    paths = WarehousePaths(raw_dir=str(raw), warehouse_dir=str(warehouse), parse_workers=workers)
    return dg.materialize([*d.assets, *d.asset_checks], resources={"paths": paths}, run_config=run_config,
                          raise_on_error=raise_on_error)
