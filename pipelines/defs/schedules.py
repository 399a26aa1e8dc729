"""The nightly refresh, and a sensor that refreshes when files in data/raw/ change."""

import hashlib
import os

import dagster as dg

from pipelines.defs.resources import WarehousePaths

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse", selection=dg.AssetSelection.all(),
    description="Crawl data/raw/, parse, stage Parquet, rebuild the DuckDB warehouse and run every check.",
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh", job=refresh_warehouse, cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai", default_status=dg.DefaultScheduleStatus.RUNNING,
)


def raw_fingerprint(root: str) -> str:
    """A digest of the raw folder's listing (paths, sizes, times): cheap, no file is read."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, f))
            except OSError:
                continue
            h.update(f"{os.path.join(dirpath, f)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def raw_files_changed(context: dg.SensorEvaluationContext, paths: WarehousePaths) -> dg.SensorResult:
    """Requests a refresh when files are added, changed or removed under data/raw/."""
    fingerprint = raw_fingerprint(paths.raw_dir)
    if fingerprint == context.cursor:
        return dg.SensorResult(skip_reason="no change under the raw folder")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)
