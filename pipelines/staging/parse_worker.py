"""Where parse workers start from.

Imported once by the process that forks the parse workers (multiprocessing's forkserver, see
`parse_cache.parse_new`), this loads the parser and warms it up (forms and rules read, patterns
compiled, common labels and numbers cached) by parsing one generated report of every text layout
on both forms, so that every worker forked from it starts ready instead of doing that work
itself. Nothing else imports it, so loading the Dagster definitions never pays for it.
"""

from __future__ import annotations

import random
from contextlib import suppress

from pipelines.parsing import parse_bytes
from pipelines.staging import parse_cache  # noqa: F401 - the workers' own code, loaded here once
from pipelines.synth.noise import TEXT_LAYOUTS
from pipelines.synth.render import render_text
from pipelines.synth.values import report_values


def warm_up() -> None:
    rng = random.Random(0)
    for year in (2020, 2022):  # the 2019 and the 2021 form
        doc = report_values(rng, "示例市人民政府办公室", year)
        for layout in TEXT_LAYOUTS:
            parse_bytes(render_text(doc, layout).encode(), f"warm-up-{layout}.txt")


with suppress(Exception):  # warming is only a head start: a worker that starts cold still works
    warm_up()
