"""The five seed reports, each in a different messy layout, read exactly as a person read them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEEDS, assert_same_cells, golden, seed_path

from pipelines.parsing import parse_path


def test_every_cell_of_each_seed_matches_its_golden_file(seed: str) -> None:
    assert_same_cells(parse_path(seed_path(seed)).to_json(), golden(seed))


def test_every_metadata_field_of_each_seed_matches_its_golden_file(seed: str) -> None:
    got, want = parse_path(seed_path(seed)).to_json(), golden(seed)
    for field in ("source", "agency", "report_year", "published_on", "template"):
        assert got[field] == want[field], field


def test_missing_cells_and_notes_of_each_seed_match_its_golden_file(seed: str) -> None:
    got, want = parse_path(seed_path(seed)).to_json(), golden(seed)
    assert got["missing"] == want["missing"]
    assert got["notes"] == want["notes"]


def test_cli_prints_one_golden_format_json_line_per_file() -> None:
    files = [str(seed_path(s)) for s in SEEDS]
    out = subprocess.run([sys.executable, "-m", "pipelines.parse", *files], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["source"] for d in docs] == [seed_path(s).name for s in SEEDS]
    for d, s in zip(docs, SEEDS, strict=True):
        assert_same_cells(d, golden(s))


def test_every_cell_keeps_its_raw_text_and_source_line() -> None:
    report = parse_path(seed_path("003_37b5b8939bab6174"))
    lines = seed_path("003_37b5b8939bab6174").read_text(encoding="utf-8").splitlines()
    cell = next(c for c in report.cells if (c.table, c.row, c.col) == ("t3_requests", "new_received", "total"))
    assert (cell.value, cell.raw, cell.status) == (24, "24", "ok")
    assert cell.line is not None and "一、本年新收政府信息公开申请数量" in lines[cell.line - 1]
    for c in report.cells:
        assert c.status == "missing" or (c.raw is not None and c.line is not None)
