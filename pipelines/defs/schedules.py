"""The nightly refresh, and a sensor that refreshes when files in the raw folder change. Both
skip, saying why, while a run is in progress: two refreshes would only queue behind each other."""

import hashlib

import dagster as dg

from pipelines.defs.resources import WarehousePaths
from pipelines.storage import Store, modified_ns, store_of

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse", selection=dg.AssetSelection.all(),
    description="Crawl the raw folder, parse, stage Parquet, load the DuckDB warehouse and run every check.",
)

# A run in one of these states has not finished yet.
UNFINISHED = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
              dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def run_in_progress(instance: dg.DagsterInstance) -> str | None:
    """Why a new run should wait: the id of a run of this pipeline not finished yet, or None."""
    runs = instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED), limit=1)
    return f"run {runs[0].dagster_run.run_id} is still in progress" if runs else None


@dg.schedule(job=refresh_warehouse, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def nightly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    """Every night at 02:00 Beijing time, unless a run is still going."""
    busy = run_in_progress(context.instance)
    return dg.SkipReason(f"{busy}: tonight's refresh is skipped") if busy else dg.RunRequest()


def raw_fingerprint(raw: Store | str) -> str:
    """A digest of the raw folder's listing (paths, sizes, times, or ETags on object stores):
    cheap, no file is read."""
    h = hashlib.sha256()
    for rel, info in sorted(store_of(raw).files().items()):
        h.update(f"{rel}\0{info.get('size')}\0{modified_ns(info)}\0{info.get('ETag', '')}\n"
                 .encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def raw_files_changed(context: dg.SensorEvaluationContext, paths: WarehousePaths) -> dg.SensorResult:
    """Requests a refresh when files are added, changed or removed under the raw folder."""
    busy = run_in_progress(context.instance)
    if busy:  # the cursor stays: the change is seen again once the run is over
        return dg.SensorResult(skip_reason=f"{busy}: the change will be picked up after it")
    fingerprint = raw_fingerprint(paths.raw)
    if fingerprint == context.cursor:
        return dg.SensorResult(skip_reason="no change under the raw folder")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)
