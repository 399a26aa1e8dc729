"""parsed_reports: the parse step, where the work is, fanned out in shards.

A graph: `plan_shards` readies the cache and names the shards (DISCLOSURE_PARSE_SHARDS, by
content hash), `parse_shard` parses one shard on a step of its own (wherever the executor runs
steps: this process, a process each, a Dask worker), `collect_parsed` sums them up as the asset's
materialization. Each content is parsed once, into the cache; a shard whose manifest matches its
inputs is skipped. Steps cost seconds to start on a cluster: shards are meant to be coarse (see
the README's section on running in a cluster).
"""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import read_crawl
from pipelines.staging.parse_cache import ParseStats, Shard, batch_files, parse_shard, prepare_cache


@dg.op(ins={"crawled": dg.In(dg.Nothing)},
       out={"shards": dg.DynamicOut(Shard), "discarded": dg.Out(list)}, pool="parse")
def plan_shards(context: dg.OpExecutionContext, paths: WarehousePaths) -> Iterator[dg.Output | dg.DynamicOutput]:
    """Ready the cache (damaged batches discarded, a killed run's leftovers removed), then one
    output per shard. One run plans at a time (pool `parse`)."""
    with disk_full_stops_the_run("readying the parse cache", paths.warehouse):
        discarded = prepare_cache(paths.lake)
    for why in discarded:
        context.log.warning(f"a damaged parse batch was discarded and its files parsed again: {why}")
    yield dg.Output(list(discarded), "discarded")
    count = max(1, paths.parse_shards)
    for k in range(count):
        yield dg.DynamicOutput(Shard(k, count), output_name="shards", mapping_key=f"shard_{k}_of_{count}")


@dg.op
def parse_one_shard(context: dg.OpExecutionContext, paths: WarehousePaths, shard: Shard) -> ParseStats:
    """Parse the files of one shard not parsed before (in worker processes), and commit it."""
    with disk_full_stops_the_run("writing the parse cache", paths.warehouse):
        stats = parse_shard(paths.raw, paths.lake, read_crawl(paths.lake), shard,
                            workers=paths.parse_workers or None, limits=paths.limits)
    done = "skipped: its manifest matches its inputs" if stats.skipped else \
        f"parsed {stats.parsed} new reports, {stats.refused} refused"
    context.log.info(f"shard {shard.index + 1} of {shard.count}: {done}")
    return stats


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


@dg.graph_asset(group_name="staging", kinds={"python", "parquet"},
                ins={"raw_files": dg.AssetIn(dagster_type=dg.Nothing)})
def parsed_reports(raw_files):  # the crawl: a dependency, no value passed
    """Every readable file parsed into the parse cache (Parquet batches under
    parsed/format-N/ in the lake): its report's metadata, sections, cells, warnings, readings and
    the outcomes of its own arithmetic, or the reason it is not a report. Only contents not parsed
    before are parsed, in shards (DISCLOSURE_PARSE_SHARDS), each in worker processes."""
    shards, discarded = plan_shards(raw_files)
    return collect_parsed(shards.map(parse_one_shard).collect(), discarded)
