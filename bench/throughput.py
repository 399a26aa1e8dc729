"""Throughput benchmark: per format in one process, end to end on the generator's mix, and on text.

    .venv/bin/python bench/throughput.py [--only formats,mix,text,shards] [--per-format 100]
        [--mix-reports 20000] [--reports 100000] [--shard-reports 20000] [--workers 2] [--seed 11]

formats: reports of each format (PDF, Word, a portal page, a Word page pasted into a portal,
  the six text layouts) parsed in this process, the best of three passes: ms per report.
mix: the generator's mix (one ninth each PDF, DOCX, HTML and the six text layouts), `--mix-reports`
  files, materialized end to end as `make run` does: reports/s.
text: text reports only (`--reports` files), end to end, then an incremental run (1,000 new
  files, 10 changed, 1 removed); each step's seconds from the run's own events; peak RSS of this
  process and of the largest parse worker.
shards: the parse step alone (`--shard-reports` text files, crawled first) in 1, 2 and 4 shards on
  the in-process, multiprocess and Dask (a LocalCluster of one worker per core) executors, run as
  a user runs it (`dagster asset materialize`, settings from the environment); then again with
  nothing to parse, every shard skipped: what each shard's step costs on its own.

Corpora are generated once into bench/out/ (kept for reruns). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import dagster as dg

from pipelines.definitions import materialize_all
from pipelines.parsing import parse_bytes
from pipelines.synth.corpus import generate
from pipelines.synth.noise import TEXT_LAYOUTS

OUT = Path(__file__).resolve().parent / "out"
CHUNK = 2000
# The generator's mix, as a national year of reports comes: one ninth each of PDF, DOCX, HTML and
# the six text layouts.
MIX = ("pdf", "docx", "html", *TEXT_LAYOUTS)
FORMATS = {"PDF": ("pdf",), "DOCX": ("docx",), "HTML (portal page)": ("html",),
           "HTML (Word pasted into a portal)": ("html_word",), "text (six layouts)": TEXT_LAYOUTS}


def _generate_chunk(args: tuple[Path, int, int, int, tuple[str, ...]]) -> int:
    raw, start, count, seed, layouts = args
    for g in generate(count, seed, layouts=layouts):
        (raw / f"c{start:07d}_{g.name}").write_bytes(g.data)
    return count


def corpus(n: int, seed: int, workers: int, layouts: tuple[str, ...] = TEXT_LAYOUTS, tag: str = "") -> Path:
    raw = OUT / f"corpus{tag}-{n}-{seed}"
    done = raw / ".complete"
    if done.exists():
        return raw
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    jobs = [(raw, s, min(CHUNK, n - s), seed + s, layouts) for s in range(0, n, CHUNK)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_generate_chunk, jobs))
    done.write_text("")
    return raw


def _print_steps(rows: list, title: str) -> None:
    print(f"\n| {title} | seconds |\n|---|---:|")
    for label, value in rows:
        print(f"| {label} | {value:.2f} |")


def per_format(n: int, seed: int) -> None:
    """ms per report of each format, parsed in this process (the best of three passes)."""
    print(f"\n| format, one process ({n} reports each) | ms per report | reports/s |\n|---|---:|---:|")
    for label, layouts in FORMATS.items():
        reports = [(g.data, g.name) for g in generate(n, seed, layouts=layouts)]
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for data, name in reports:
                parse_bytes(data, name)
            best = min(best, time.perf_counter() - t)
        print(f"| {label} | {best / n * 1000:.2f} | {n / best:.0f} |")


def mix(n: int, seed: int, workers: int) -> None:
    """The generator's mix end to end, as `make run` does."""
    t = time.perf_counter()
    raw = corpus(n, seed, workers, MIX, "-mix")
    print(f"\nmix corpus: {n} reports ({', '.join(MIX)}) in {raw} (ready in {time.perf_counter() - t:.0f} s)")
    wh = OUT / f"warehouse-mix-{n}"
    shutil.rmtree(wh, ignore_errors=True)
    rows: list = []
    total, parsed = run_timed(raw, wh, workers, rows, "")
    _print_steps(rows, "step (mix)")
    parse_time = dict(rows)["parsed_reports"]
    print(f"\n| mix, {workers} workers | value |\n|---|---:|")
    print(f"| parse rate (the parsed_reports step) | {parsed / parse_time:.0f} reports/s |")
    print(f"| end to end (every asset and check, in process) | {total:.1f} s = {n / total:.0f} reports/s |")


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_timed(raw: Path, wh: Path, workers: int, rows: list, tag: str) -> tuple[float, int]:
    """One materialization of every asset and check; each step's seconds from the run's events."""
    t = time.perf_counter()
    result = materialize_all(raw, wh, workers=workers)
    total = time.perf_counter() - t
    for event in result.all_events:
        if event.event_type_value == "STEP_SUCCESS":
            rows.append((f"{tag}{event.step_key}", event.event_specific_data.duration_ms / 1000))
    # the parse asset is a graph (plan, shards, collect), its steps one after the other in process
    rows.append((f"{tag}parsed_reports", sum(v for k, v in rows if k.startswith(f"{tag}parsed_reports."))))
    parse = next(m for m in result.get_asset_materialization_events()
                 if m.asset_key.to_user_string() == "parsed_reports").materialization.metadata
    rows.append((f"{tag}(peak RSS of a parse worker, MB)", parse["peak_rss_mb"].value))
    return total, parse["parsed_this_run"].value


def text(args: argparse.Namespace) -> None:
    """Text reports end to end, then an incremental run."""
    t = time.perf_counter()
    raw = corpus(args.reports, args.seed, args.workers)
    print(f"\ntext corpus: {args.reports} text reports in {raw} (ready in {time.perf_counter() - t:.0f} s)")
    wh = OUT / f"warehouse-{args.reports}"
    shutil.rmtree(wh, ignore_errors=True)
    rows: list = []
    total, parsed = run_timed(raw, wh, args.workers, rows, "")
    parse_time = dict(rows)["parsed_reports"]
    # incremental: 1,000 new files, 10 changed, 1 removed
    files = sorted(p for p in raw.iterdir() if not p.name.startswith("."))
    inc = OUT / f"incremental-{args.reports}"
    shutil.rmtree(inc, ignore_errors=True)
    inc.mkdir()
    for g in generate(1000, args.seed + 10**6, layouts=TEXT_LAYOUTS):
        (inc / f"new_{g.name}").write_bytes(g.data)
    changed = files[:10]
    originals = {p: p.read_bytes() for p in changed}
    removed = files[10]
    removed_bytes = removed.read_bytes()
    try:
        for p in inc.iterdir():
            shutil.copy(p, raw / p.name)
        for i, (p, data) in enumerate(originals.items()):
            p.write_bytes(data.replace("无。".encode(), f"无。第{i}次修订。".encode(), 1) + b"\n")
        removed.unlink()
        inc_total, inc_parsed = run_timed(raw, wh, args.workers, rows, "incremental ")
    finally:  # put the corpus back as it was
        for p in inc.iterdir():
            (raw / p.name).unlink(missing_ok=True)
        for p, data in originals.items():
            p.write_bytes(data)
        removed.write_bytes(removed_bytes)
    _print_steps(rows, "step (text)")
    print(f"\n| figure | value |\n|---|---:|\n| reports | {args.reports} |\n| workers | {args.workers} |")
    print(f"| parse rate (the parsed_reports step) | {parsed / parse_time:.0f} reports/s |")
    print(f"| end to end (every asset and check, in process) | {total:.1f} s |")
    print(f"| incremental (+1,000 new, 10 changed, 1 removed; {inc_parsed} parsed) | {inc_total:.1f} s |")
    print(f"| peak RSS, this process | {_peak_mb():.0f} MB |")


def _parse_seconds(home: Path) -> float:
    """The parse graph's seconds in the last run of this Dagster instance: from its first step's
    start to its last step's end (step processes started in between count)."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = instance.get_runs(limit=1)[0]
        times = [(e.dagster_event.event_type_value, e.timestamp) for e in instance.all_logs(run.run_id)
                 if e.dagster_event and (e.dagster_event.step_key or "").startswith("parsed_reports.")]
    return max(t for k, t in times if k == "STEP_SUCCESS") - min(t for k, t in times if k == "STEP_START")


def _materialize(selection: str, env: dict[str, str], home: Path) -> None:
    cmd = [str(Path(sys.executable).with_name("dagster")), "asset", "materialize", "-m", "pipelines.definitions",
           "--select", selection]
    done = subprocess.run(cmd, env=env, cwd=home, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])


def sharded(args: argparse.Namespace) -> None:
    """The parse in 1, 2 and 4 shards on each executor, and the cost of a shard's step."""
    raw = corpus(args.shard_reports, args.seed, args.workers)
    n = args.shard_reports
    print("\n| executor | shards | parse s | reports/s | every shard skipped, s |\n|---|---:|---:|---:|---:|")
    for executor in ("in_process", "multiprocess", "dask"):
        for count in (1, 2, 4):
            wh, home = OUT / f"warehouse-shards-{executor}-{count}", OUT / f"home-shards-{executor}-{count}"
            for folder in (wh, home):
                shutil.rmtree(folder, ignore_errors=True)
            home.mkdir(parents=True)
            (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
            env = {"DISCLOSURE_RAW_DIR": str(raw), "DISCLOSURE_WAREHOUSE_DIR": str(wh), "DAGSTER_HOME": str(home),
                   "DISCLOSURE_EXECUTOR": executor, "DISCLOSURE_PARSE_SHARDS": str(count)}
            os.environ.update(env)  # a Dask LocalCluster's workers start with these settings
            with _cluster(executor, args.workers) as cluster:
                if cluster is not None:
                    env["DISCLOSURE_DASK_ADDRESS"] = cluster.scheduler_address
                full = {**os.environ, **env}
                _materialize("raw_files", full, home)
                _materialize("parsed_reports", full, home)
                parse = _parse_seconds(home)
                _materialize("parsed_reports", full, home)  # nothing new: every shard skipped
                idle = _parse_seconds(home)
            print(f"| {executor} | {count} | {parse:.1f} | {n / parse:.0f} | {idle:.2f} |")


def _cluster(executor: str, workers: int):
    """A Dask LocalCluster of one single-threaded worker per core for the Dask executor, else nothing."""
    if executor != "dask":
        return nullcontext()
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="formats,mix,text,shards", help="which of formats, mix, text, shards to run")
    ap.add_argument("--per-format", type=int, default=100)
    ap.add_argument("--mix-reports", type=int, default=20_000)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--shard-reports", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    parts = set(args.only.split(","))
    if "formats" in parts:
        per_format(args.per_format, args.seed)
    if "mix" in parts:
        mix(args.mix_reports, args.seed, args.workers)
    if "text" in parts:
        text(args)
    if "shards" in parts:
        sharded(args)


if __name__ == "__main__":
    main()
