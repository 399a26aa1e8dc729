"""Accuracy benchmark: generate a corpus from known values, parse it, score it, check it.

    .venv/bin/python bench/accuracy.py [--reports 2000] [--seed 7] [--noise-rate 0.3]

Prints reports fully right, then cell and metadata accuracy, per layout (the PDF extractors
too: the generated PDF as pdftotext, pdfplumber and PDFium turn it into text) and per noise
kind; and for the invariant checks (run through a materialization of the definitions into a DuckDB warehouse) the
share of deliberately broken reports caught by the rule they break, how those failures were
attributed, and false alarms on clean reports. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipelines.synth.accuracy import FIELDS, detection, score, table
from pipelines.synth.corpus import generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--noise-rate", type=float, default=0.3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus = list(generate(args.reports, args.seed, noise_rate=args.noise_rate))
    t1 = time.perf_counter()
    out = score(corpus)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        det = detection(corpus, Path(tmp))
    t3 = time.perf_counter()
    overall = out.overall
    print(f"## Accuracy on {len(corpus)} generated reports (seed {args.seed}, noise rate {args.noise_rate})\n")
    print(f"reports fully right: {overall.reports_right}/{overall.reports}; "
          f"cells: {overall.cells_right}/{overall.cells} = {overall.cell_accuracy:.4%}; "
          f"exceptions: {overall.exceptions}\n")
    print(table(out.by_layout, "layout") + "\n")
    print(table(out.by_noise, "noise") + "\n")
    print("| metadata field | right |\n|---|---:|")
    for f in FIELDS:
        right, total = out.by_field[f]
        print(f"| {f} | {right}/{total} = {right / total:.2%} |")
    print(f"\n| invariant checks | |\n|---|---:|\n| broken reports caught by the rule they break | "
          f"{det.caught_by_right_rule}/{det.broken} = {det.catch_rate:.1%} |\n"
          f"| false alarms on clean reports | {len(det.false_alarms)}/{det.clean} |\n"
          f"| of which blamed on the agency (agency_arithmetic) | {len(det.wrongly_blamed)} |")
    print(f"| prose misstating a number of its tables, found by prose_vs_table | "
          f"{det.prose_caught}/{det.prose_mismatches} |")
    kinds = ", ".join(f"{k}: {n}" for k, n in sorted(det.kinds.items()))
    print(f"| failure kinds on the broken reports caught | {kinds} |")
    for name in det.missed[:10]:
        print(f"missed: {name}")
    for line in det.false_alarms[:10]:
        print(f"false alarm: {line}")
    for name, error in list(out.errors.items())[:10]:
        print(f"error: {name}: {error}")
    print(f"\n(generate {t1 - t0:.1f} s, parse and score {t2 - t1:.1f} s, materialize and check {t3 - t2:.1f} s)")


if __name__ == "__main__":
    main()
