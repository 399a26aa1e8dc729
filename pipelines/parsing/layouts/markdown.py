"""Markdown pipe tables: `| a | b |` rows under `|---|---|` rules, possibly in several blocks."""

from __future__ import annotations

from pipelines.parsing.layouts import Reader, Region, Row
from pipelines.parsing.layouts.pipes import is_markdown_rule, pipe_lines, split_cells


def claims(region: Region) -> int:
    if not any(is_markdown_rule(s) for _, s in region.lines):
        return 0
    return sum(1 for _, s in pipe_lines(region) if s.lstrip().startswith("|"))


def read(region: Region) -> list[Row]:
    return [
        tuple(split_cells(n, s, drop_leading=True, drop_trailing=True))
        for n, s in pipe_lines(region)
        if s.lstrip().startswith("|")
    ]


READER = Reader("markdown", claims, read)
