"""`python -m pipelines.synth --count N --out DIR --seed S`: write a corpus of rendered reports.

Each report is written as DIR/NAME (txt, html, docx or pdf) with its truth beside it as
DIR/STEM.json in the golden format (plus layout, noise and the broken cell, if any), so that
`score.py DIR DIR` scores the parser on it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipelines.synth.corpus import generate
from pipelines.synth.noise import LAYOUTS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.synth", description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--broken-share", type=float, default=0.05, help="share of reports with one wrong number")
    ap.add_argument("--noise-rate", type=float, default=0.3, help="chance of each kind of noise per report")
    ap.add_argument("--layouts", default=",".join(LAYOUTS), help="comma-separated layouts to use")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    layouts = tuple(x for x in args.layouts.split(",") if x)
    by_layout: Counter[str] = Counter()
    broken = 0
    for g in generate(args.count, args.seed, broken_share=args.broken_share, noise_rate=args.noise_rate,
                      layouts=layouts):
        (args.out / g.name).write_bytes(g.data)
        (args.out / (g.name.rsplit(".", 1)[0] + ".json")).write_text(
            json.dumps(g.truth, ensure_ascii=False, indent=1), encoding="utf-8")
        by_layout[g.truth["layout"]] += 1
        broken += g.truth["broken"] is not None
    print(f"wrote {sum(by_layout.values())} reports to {args.out} ({broken} with a number made wrong): "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_layout.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
