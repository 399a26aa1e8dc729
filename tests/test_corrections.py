"""A reviewer corrects a misread cell and marks a report reviewed; the warehouse keeps both values.

The seeds are loaded into a data folder of the test's own; corrections are made with the command
line (`python -m pipelines.correct`), as a reviewer would, and the next run applies them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.config import DB_NAME
from pipelines.correct import main as correct
from pipelines.warehouse.corrections import CORRECTIONS_FILE, read_corrections
from tests.conftest import RAW, run_pipeline

SEED = "003_37b5b8939bab6174.txt"  # 衡阳市人民政府办公室 2022: 24 requests received


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(RAW, tmp_path / "raw")
    monkeypatch.setenv("DISCLOSURE_DATA_DIR", str(tmp_path))
    run_pipeline(tmp_path / "raw", tmp_path / "warehouse")
    return tmp_path


def _query(data: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data / "warehouse" / DB_NAME), read_only=True) as con:
        return con.sql(sql).fetchall()


CELL = ("select value, parsed_value, value_source, status from fact_request join dim_report using (report_id) "
        f"where is_current and source_name = '{SEED}' and row_code = 'new_received' and applicant_code = 'total'")
BALANCE = ("select status, failure_kind, detail from check_result join dim_report using (report_id) "
           f"where is_current and source_name = '{SEED}' and rule_id = 't3_balance' and scope = 'total'")
LOG = "select report_id is not null, parsed_value, value, status, status_reason from correction_log"


def test_a_correction_changes_the_fact_and_its_checks_and_the_log_keeps_the_parsed_value(data: Path) -> None:
    assert _query(data, CELL) == [(24.0, 24.0, "parsed", "ok")]
    assert correct(["cell", SEED, "t3_requests/new_received/total", "25", "--by", "reviewer",
                    "--why", "the PDF prints 25; the text layer dropped a stroke"]) == 0
    run_pipeline(data / "raw", data / "warehouse")
    assert _query(data, CELL) == [(25.0, 24.0, "corrected", "ok")]
    status, kind, detail = _query(data, BALANCE)[0]
    assert (status, kind) == ("fail", "agency_arithmetic")  # 25 + carried over no longer equals the outcomes
    assert "evaluated on corrected values: t3_requests/new_received/total" in detail
    assert _query(data, LOG) == [(True, 24.0, 25.0, "applied", None)]


def test_a_later_correction_of_the_same_cell_supersedes_the_earlier(data: Path) -> None:
    for value in ("25", "24"):
        assert correct(["cell", SEED, "t3_requests/new_received/total", value, "--by", "r", "--why", "w"]) == 0
    run_pipeline(data / "raw", data / "warehouse")
    assert [row[3] for row in _query(data, LOG)] == ["superseded", "applied"]
    assert _query(data, CELL) == [(24.0, 24.0, "corrected", "ok")]


def test_a_correction_whose_report_changed_since_is_reported_stale_and_not_applied(data: Path) -> None:
    assert correct(["cell", SEED, "t3_requests/new_received/total", "25", "--by", "r", "--why", "w"]) == 0
    source = data / "raw" / SEED
    source.write_text(source.read_text(encoding="utf-8") + "\n（补充说明）\n", encoding="utf-8")
    run_pipeline(data / "raw", data / "warehouse")
    assert _query(data, LOG) == [(False, 24.0, 25.0, "stale",
                                  "the report (this content) is no longer in the raw folder")]
    assert _query(data, CELL) == [(24.0, 24.0, "parsed", "ok")]


@pytest.mark.parametrize(("args", "why"), [
    (["cell", "no_such_report.txt", "t3_requests/new_received/total", "25"], "no report"),
    (["cell", SEED, "t3_requests/no_such_row/total", "25"], "has no cell"),
    (["cell", SEED, "t3_requests/new_received", "25"], "TABLE/ROW/COLUMN"),
    (["cell", SEED, "t3_requests/new_received/total", "二十五"], "not a number"),
    (["cell", SEED, "t3_requests/new_received/total", "-3"], "never negative"),
])
def test_a_correction_naming_no_cell_or_no_number_is_refused_and_nothing_is_written(
        data: Path, args: list[str], why: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert correct([*args, "--by", "r", "--why", "w"]) == 2
    assert why in capsys.readouterr().err
    assert not (data / "corrections" / CORRECTIONS_FILE).exists()
    assert read_corrections(data / "corrections").height == 0


def test_a_cell_can_be_corrected_to_blank(data: Path) -> None:
    assert correct(["cell", SEED, "t3_requests/new_received/commercial", "blank", "--by", "r", "--why", "w"]) == 0
    run_pipeline(data / "raw", data / "warehouse")
    rows = _query(data, CELL.replace("'total'", "'commercial'"))
    assert rows == [(None, 0.0, "corrected", "blank")]


def test_a_report_marked_reviewed_leaves_the_review_queue(data: Path) -> None:
    queue = f"select review_status, reviewed_by from v_review_queue where source_name = '{SEED}'"
    assert _query(data, queue) == [("not_needed", None)]
    assert correct(["review", SEED, "--by", "reviewer", "--note", "checked against the PDF"]) == 0
    run_pipeline(data / "raw", data / "warehouse")
    assert _query(data, queue) == [("reviewed", "reviewer")]
