"""Inline rows: `label | 1 | 2 |` one table row per line, with no markdown rules."""

from __future__ import annotations

from pipelines.parsing.layouts import Reader, Region, Row
from pipelines.parsing.layouts.pipes import pipe_lines, solo_cell_share, split_cells


def claims(region: Region) -> int:
    pl = pipe_lines(region)
    return len(pl) if pl and solo_cell_share(region) < 0.6 else 0


def read(region: Region) -> list[Row]:
    return [tuple(split_cells(n, s, drop_leading=True, drop_trailing=True)) for n, s in pipe_lines(region)]


READER = Reader("inline_pipes", claims, read)
