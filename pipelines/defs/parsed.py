"""parsed_reports: the parse step, where the work is, fanned out in shards.

A graph built for a number of shards (DISCLOSURE_PARSE_SHARDS, default 1): `plan_shards` readies
the cache, one `parse_shard_<k>_of_<n>` step per shard parses the files whose content hash falls
in it (wherever the executor runs steps: this process, a process each, a Dask worker), and
`collect_parsed` sums them up as the asset's materialization. The shards are fixed when the
definitions load, not discovered at run time: Dask's executor plans every step before the run
starts, and a dynamic fan-out would leave it nothing to run. Each content is parsed once, into
the cache; a shard whose manifest matches its inputs is skipped. A step costs seconds to start on
a cluster: shards are meant to be coarse (see the README's section on running in a cluster).
"""

import dagster as dg
import polars as pl

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import read_crawl
from pipelines.staging.parse_cache import ParseStats, Shard, batch_files, parse_shard, prepare_cache

PARSED_REPORTS = dg.AssetKey("parsed_reports")


def plan_op(pool: str | None) -> dg.OpDefinition:
    """The step that readies the cache for the shards, in this concurrency pool."""

    @dg.op(name="plan_shards", ins={"crawled": dg.In(dg.Nothing)}, pool=pool)
    def plan_shards(context: dg.OpExecutionContext, paths: WarehousePaths) -> list:
        """Ready the cache for the shards: damaged batches discarded (returned: why each was), a
        killed run's leftovers removed. One run at a time (pool `parse`, where pools are kept)."""
        with disk_full_stops_the_run("readying the parse cache", paths.warehouse):
            discarded = prepare_cache(paths.lake)
        for why in discarded:
            context.log.warning(f"a damaged parse batch was discarded and its files parsed again: {why}")
        return list(discarded)

    return plan_shards


def shard_op(shard: Shard) -> dg.OpDefinition:
    """The step that parses one shard."""

    @dg.op(name=f"parse_shard_{shard.index}_of_{shard.count}", ins={"ready": dg.In(dg.Nothing)})
    def parse_one_shard(context: dg.OpExecutionContext, paths: WarehousePaths) -> ParseStats:
        """Parse the files of this shard not parsed before (in worker processes), and commit it."""
        with disk_full_stops_the_run("writing the parse cache", paths.warehouse):
            stats = parse_shard(paths.raw, paths.lake, read_crawl(paths.lake), shard,
                                workers=paths.parse_workers or None, limits=paths.limits)
        done = ("skipped: its manifest matches its inputs" if stats.skipped
                else f"parsed {stats.parsed} new reports, {stats.refused} refused")
        context.log.info(f"shard {shard.index + 1} of {shard.count}: {done}")
        return stats

    return parse_one_shard


@dg.op
def collect_parsed(context: dg.OpExecutionContext, paths: WarehousePaths, shards: list[ParseStats],
                   discarded: list) -> dg.Output:
    """The shards summed up: the asset's row count, preview and what this run parsed."""
    stats = ParseStats.total(shards)
    files = batch_files(paths.lake, "reports")
    cached = paths.lake.parquet_rows(files) if files else 0
    head = paths.lake.read_parquet(files[0]).head(5).drop("spam") if files else pl.DataFrame()
    context.log.info(f"parsed {stats.parsed} new reports, {stats.refused} refused; {cached} in the cache")
    return dg.Output(None, metadata=frame_metadata(
        head, rows=cached,
        parsed_this_run=dg.MetadataValue.int(stats.parsed),
        refused_this_run=dg.MetadataValue.int(stats.refused),
        shards=dg.MetadataValue.int(len(shards)),
        shards_skipped=dg.MetadataValue.int(sum(s.skipped for s in shards)),
        damaged_batches_discarded=dg.MetadataValue.json(discarded),
        peak_rss_mb=dg.MetadataValue.float(stats.peak_rss_mb)))


def parsed_reports_asset(shards: int, pool: str | None = "parse") -> dg.AssetsDefinition:
    """The parse asset, its work cut into this many shards, its plan in this concurrency pool."""
    count = max(1, shards)
    plan_shards = plan_op(pool)

    @dg.graph_asset(name=PARSED_REPORTS.path[0], group_name="staging", kinds={"python", "parquet"},
                    ins={"raw_files": dg.AssetIn(dagster_type=dg.Nothing)})
    def parsed_reports(raw_files):  # the crawl: a dependency, no value passed
        """Every readable file parsed into the parse cache (Parquet batches under
        parsed/format-N/ in the lake): its report's metadata, sections, cells, warnings, readings
        and the outcomes of its own arithmetic, or the reason it is not a report. Only contents not
        parsed before are parsed, in shards (DISCLOSURE_PARSE_SHARDS), each in worker processes."""
        discarded = plan_shards(raw_files)
        parsed = [shard_op(Shard(k, count))(discarded) for k in range(count)]
        return collect_parsed(parsed, discarded)

    return parsed_reports
