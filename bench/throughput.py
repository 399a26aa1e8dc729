"""Throughput benchmark: parse rate, end-to-end time, incremental time and peak memory.

    .venv/bin/python bench/throughput.py [--reports 100000] [--workers 2] [--seed 11]

Generates a corpus of text reports (every text layout, with noise) once into bench/out/ (kept
for reruns), then materializes the Dagster definitions on a fresh warehouse, as `make run` does
(every asset and check, in process), and times each step from the run's own events: crawl,
parse (worker processes, batches), stage reports, index cells, load DuckDB, the checks. Then it
adds 1,000 new files, changes 10 and removes 1, and times the incremental run. Peak RSS: this
process's high-water mark and the largest parse worker's. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipelines.definitions import materialize_all
from pipelines.synth.corpus import generate
from pipelines.synth.noise import TEXT_LAYOUTS

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
    parse = next(m for m in result.get_asset_materialization_events()
                 if m.asset_key.to_user_string() == "parsed_reports").materialization.metadata
    rows.append((f"{tag}(peak RSS of a parse worker, MB)", parse["peak_rss_mb"].value))
    return total, parse["parsed_this_run"].value


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
    print("\n| step | seconds |\n|---|---:|")
    for label, value in rows:
        print(f"| {label} | {value:.2f} |")
    print(f"\n| figure | value |\n|---|---:|\n| reports | {args.reports} |\n| workers | {args.workers} |")
    print(f"| parse rate (the parsed_reports step) | {parsed / parse_time:.0f} reports/s |")
    print(f"| end to end (every asset and check, in process) | {total:.1f} s |")
    print(f"| incremental (+1,000 new, 10 changed, 1 removed; {inc_parsed} parsed) | {inc_total:.1f} s |")
    print(f"| peak RSS, this process | {_peak_mb():.0f} MB |")


if __name__ == "__main__":
    main()
