"""Throughput benchmark: parse rate, end-to-end time, incremental time and peak memory.

    .venv/bin/python bench/throughput.py [--reports 100000] [--workers 2] [--seed 11]

Generates a corpus of text reports (every text layout, with noise) once into bench/out/ (kept
for reruns), then on a fresh warehouse times each stage of the refresh: crawl, parse (worker
processes, batches), stage reports, stage cells, build DuckDB, run every check; then adds 1,000
new files, changes 10 and removes 1, and times the incremental refresh. Peak RSS is read per
stage from /proc (the main process's high-water mark, reset before each stage, and the largest
worker's). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from pipelines.staging.assemble import index_cells, stage_reports
from pipelines.staging.parse_cache import parse_new
from pipelines.synth.corpus import generate
from pipelines.synth.noise import TEXT_LAYOUTS
from pipelines.warehouse.checks import rule_outcome, unreconciled
from pipelines.warehouse.load import DB_NAME, build
from pipelines.warehouse.model_tables import rule_ids
from pipelines.warehouse.refresh import crawl_raw

OUT = Path(__file__).resolve().parent / "out"
CHUNK = 2000


def _generate_chunk(args: tuple[Path, int, int, int]) -> int:
    raw, start, count, seed = args
    for g in generate(count, seed, layouts=TEXT_LAYOUTS):
        (raw / f"c{start:07d}_{g.name}").write_bytes(g.data)
    return count


def corpus(n: int, seed: int, workers: int) -> Path:
    raw = OUT / f"corpus-{n}-{seed}"
    done = raw / ".complete"
    if done.exists():
        return raw
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    jobs = [(raw, s, min(CHUNK, n - s), seed + s) for s in range(0, n, CHUNK)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_generate_chunk, jobs))
    done.write_text("")
    return raw


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:  # Linux: 5 resets the peak RSS (VmHWM)
        f.write("5")


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def timed(label: str, rows: list, fn, *args, **kw):
    _reset_peak()
    t = time.perf_counter()
    result = fn(*args, **kw)
    dt = time.perf_counter() - t
    workers = getattr(result, "peak_rss_mb", 0.0)
    rows.append((label, dt, _peak_mb(), workers))
    return result, dt


def run_checks(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse / DB_NAME), read_only=True) as con:
        for rule in rule_ids():
            rule_outcome(con, rule)
        unreconciled(con)


def refresh_timed(raw: Path, wh: Path, workers: int, rows: list, tag: str) -> tuple[float, int]:
    total = 0.0
    crawled, dt = timed(f"{tag}crawl", rows, crawl_raw, raw, wh)
    total += dt
    stats, dt = timed(f"{tag}parse", rows, parse_new, raw, wh, crawled.to_parse, workers=workers)
    parsed = stats.parsed
    total += dt
    for label, fn in (("stage reports", stage_reports), ("index cells", index_cells), ("load DuckDB", build),
                      ("checks", run_checks)):
        _, dt = timed(f"{tag}{label}", rows, fn, wh)
        total += dt
    return total, parsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    t = time.perf_counter()
    raw = corpus(args.reports, args.seed, args.workers)
    print(f"corpus: {args.reports} text reports in {raw} (ready in {time.perf_counter() - t:.0f} s)")
    wh = OUT / f"warehouse-{args.reports}"
    shutil.rmtree(wh, ignore_errors=True)
    rows: list = []
    total, parsed = refresh_timed(raw, wh, args.workers, rows, "")
    parse_time = next(dt for label, dt, *_ in rows if label == "parse")
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
        inc_total, inc_parsed = refresh_timed(raw, wh, args.workers, rows, "incremental ")
    finally:  # put the corpus back as it was
        for p in inc.iterdir():
            (raw / p.name).unlink(missing_ok=True)
        for p, data in originals.items():
            p.write_bytes(data)
        removed.write_bytes(removed_bytes)
    print("\n| stage | seconds | peak RSS main process (MB) | peak RSS of a parse worker (MB) |\n|---|---:|---:|---:|")
    for label, dt, peak, child in rows:
        print(f"| {label} | {dt:.2f} | {peak:.0f} | {child:.0f} |")
    print(f"\n| figure | value |\n|---|---:|\n| reports | {args.reports} |\n| workers | {args.workers} |")
    print(f"| parse rate | {parsed / parse_time:.0f} reports/s |")
    print(f"| end to end (crawl → warehouse → checks) | {total:.1f} s |")
    print(f"| incremental (+1,000 new, 10 changed, 1 removed; {inc_parsed} parsed) | {inc_total:.1f} s |")
    print(f"| peak RSS, largest process | {max(max(r[2], r[3]) for r in rows):.0f} MB |")


if __name__ == "__main__":
    main()
