"""The whole graph materialized in-process on the seeds, checked through SQL against the golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import RAW, SEEDS, golden, run_pipeline, seed_path

from pipelines.config import DB_NAME
from pipelines.defs.checks import invariant_result
from pipelines.defs.tables import TABLES
from pipelines.synth.corpus import EXTENSIONS
from pipelines.synth.formats import RENDERERS
from pipelines.templates import rules
from pipelines.warehouse.checks import rule_outcome
from pipelines.warehouse.load import build

FACTS = {"t2_active": ("fact_active_disclosure", "item_code", "measure_code"),
         "t3_requests": ("fact_request", "row_code", "applicant_code"),
         "t4_review_litigation": ("fact_review_litigation", "proceeding_code", "outcome_code")}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dg.ExecuteInProcessResult]:
    """The seeds plus three files that are not reports, run through every asset and check."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW, raw, dirs_exist_ok=True)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4 not a pdf body")
    (raw / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0 spreadsheet")
    (raw / "nested").mkdir()
    shutil.copy(seed_path(SEEDS[0]), raw / "nested" / "copy_of_000.txt")
    formats = raw / "formats"
    formats.mkdir()
    for fmt, render in RENDERERS.items():
        (formats / f"002_{fmt}.{EXTENSIONS[fmt]}").write_bytes(render(golden("002_7097c5c10f7e9ea9")))
    text = seed_path("004_ed30aedeb07ca90b").read_text(encoding="utf-8")
    (formats / "004_gbk.txt").write_bytes(text.encode("gbk"))
    (formats / "004_utf16.txt").write_bytes(text.encode("utf-16"))
    out = tmp_path_factory.mktemp("warehouse")
    return out, run_pipeline(raw, out)


def test_every_golden_cell_is_in_the_warehouse_facts(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        for stem in SEEDS:
            truth = golden(stem)
            for table, (fact, row_col, col_col) in FACTS.items():
                got = {(r, c): v for r, c, v in con.sql(
                    f"select {row_col}, {col_col}, value from {fact} join dim_report using (report_id) "
                    "where source_name = ?", params=[truth["source"]]).fetchall()}
                want = {(r, c): v for r, cols in truth[table].items() for c, v in cols.items()}
                assert set(got) == set(want), (stem, table)
                for key, v in want.items():
                    assert got[key] == pytest.approx(v) if v is not None else got[key] is None, (stem, table, key)


def test_every_report_lands_with_its_golden_metadata(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        rows = con.sql("select source_name, agency, report_year, strftime(published_on, '%Y-%m-%d'), template "
                           "from dim_report where source_path not like '%/%' order by source_name").fetchall()
    assert rows == [(golden(s)["source"], golden(s)["agency"], golden(s)["report_year"], golden(s)["published_on"],
                     golden(s)["template"]) for s in SEEDS]


def test_files_that_are_not_reports_are_quarantined_with_a_reason(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        q = dict(con.sql("select source_path, reason from quarantine").fetchall())
        loaded = con.sql("select count(*) from dim_report").fetchall()[0][0]
        crawled = con.sql("select count(*) from raw_file").fetchall()[0][0]
    assert q["empty.txt"] == "the file is empty"
    assert q["broken.pdf"].startswith("not a readable PDF")
    assert q["table.xls"].startswith("unsupported file type .xls")
    assert q["nested/copy_of_000.txt"].startswith("duplicate of 000_64f6c83b9150245c.txt")
    assert crawled == loaded + len(q) == len(SEEDS) + 4 + len(RENDERERS) + 2


def test_html_docx_pdf_and_other_encodings_are_picked_up_from_the_raw_folder(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        rows = con.sql("select source_name, format, encoding, agency from dim_report "
                       "where source_path like 'formats/%' order by source_name").fetchall()
        cells = con.sql("select r.source_name, count(*) filter (where f.value = g.value or "
                        "(f.value is null and g.value is null)), count(*) "
                        "from fact_request f join dim_report r using (report_id) "
                        "join fact_request g on g.row_code = f.row_code and g.applicant_code = f.applicant_code "
                        "join dim_report gr on gr.report_id = g.report_id and gr.source_path = "
                        "(case when r.source_name like '002%' then '002_7097c5c10f7e9ea9.txt' "
                        "else '004_ed30aedeb07ca90b.txt' end) "
                        "where r.source_path like 'formats/%' group by 1").fetchall()
    assert [(n, f) for n, f, _, _ in rows] == [
        ("002_docx.docx", "docx"), ("002_html.html", "html"), ("002_html_word.html", "html"), ("002_pdf.pdf", "pdf"),
        ("004_gbk.txt", "text"), ("004_utf16.txt", "text")]
    assert {n: e for n, _, e, _ in rows}["004_gbk.txt"] == "gb18030"
    assert all(same == total for _, same, total in cells) and len(cells) == 6


def test_every_check_passes_on_the_seeds_each_on_the_table_it_guards(seeded) -> None:
    _, result = seeded
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    keys = {(fact, check) for fact in ("fact_active_disclosure", "fact_request", "fact_review_litigation")
            for check in ("keys_exist", "one_row_per_cell")}
    arithmetic = {("fact_review_litigation" if r.table == "t4_review_litigation" else "fact_request", r.rule_id)
                  for r in (*rules().within, *rules().chains)} | {("fact_request", "prose_vs_table")}
    assert set(evaluations) == {("report_cells", "cells_complete"), ("quarantine", "reconciliation"),
                                ("dim_report", "unique_report_id"), ("dim_agency", "agency_placed"), *keys,
                                *arithmetic}
    assert ("fact_request", "t3_balance") in arithmetic and ("fact_review_litigation", "t4_total") in arithmetic
    assert all(e.passed for e in evaluations.values()), {k: e.passed for k, e in evaluations.items()}


def test_every_star_schema_table_is_an_asset_with_row_count_schema_and_preview(seeded) -> None:
    out, result = seeded
    materialized = {m.asset_key.to_user_string(): m.materialization.metadata
                    for m in result.get_asset_materialization_events()}
    upstream = {"raw_files", "parsed_reports", "report_sections", "report_cells", "report_site"}
    assert set(TABLES) | upstream == set(materialized)
    for key, md in materialized.items():
        if key != "report_site":  # pages, not a table: its metadata says how many and where
            assert {"dagster/row_count", "dagster/column_schema", "preview"} <= set(md), key
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        for table in TABLES:
            rows = con.table(table).count("*").fetchall()[0][0]
            assert materialized[table]["dagster/row_count"].value == rows, table


def test_the_agency_asset_shows_how_many_agencies_are_placed_and_how_many_not(seeded) -> None:
    _, result = seeded
    md = next(m.materialization.metadata for m in result.get_asset_materialization_events()
              if m.asset_key.to_user_string() == "dim_agency")
    assert {k: md[f"agencies_{k}"].value for k in ("resolved", "ambiguous", "unknown")} == {
        "resolved": 5, "ambiguous": 0, "unknown": 0}


def test_analyst_views_answer_on_day_one(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        row = con.sql("select requests_received, requests_handled, admin_reviews, checks_failed "
                          "from v_report_summary where agency = '衡阳市人民政府办公室'").fetchall()[0]
        years = con.sql("select count(*) from v_agency_year").fetchall()[0][0]
        comments = con.sql("select count(*) from duckdb_columns() where comment is null "
                               "and database_name = current_database() and not internal").fetchall()[0][0]
    assert row == (24, 26, 1, 0)
    assert years == len(SEEDS)
    assert comments == 0


def test_a_tampered_number_fails_the_right_check_naming_report_and_cell(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    stem = "003_37b5b8939bab6174"
    text = seed_path(stem).read_text(encoding="utf-8")
    line = "一、本年新收政府信息公开申请数量 | 24 | 0 | 0 | 0 | 0 | 0 | 24 | ||"
    assert line in text
    (raw / "tampered.txt").write_text(text.replace(line, line.replace("| 24 | 0", "| 25 | 0")), encoding="utf-8")
    run_pipeline(raw, tmp_path / "wh")
    with duckdb.connect(str(tmp_path / "wh" / DB_NAME), read_only=True) as con:
        balance = invariant_result(rule_outcome(con, "t3_balance"))
        applicants = invariant_result(rule_outcome(con, "t3_applicant_sum"))
        outcomes = invariant_result(rule_outcome(con, "t3_outcomes"))
    assert not balance.passed and not applicants.passed and outcomes.passed
    assert balance.severity == dg.AssetCheckSeverity.WARN  # read right, the agency's arithmetic
    assert balance.metadata["failing_reports"].value == ["tampered.txt"]
    table = balance.metadata["failures"].value
    assert "tampered.txt" in table and "| natural_person | 27.0 | 26.0 |" in table
    assert "| new_received | 24.0 | 25.0 |" in applicants.metadata["failures"].value


def test_a_reader_holding_the_old_warehouse_is_not_blocked_by_a_rebuild(seeded, tmp_path: Path) -> None:
    out, _ = seeded
    wh = tmp_path / "wh"
    shutil.copytree(out, wh)
    reader = duckdb.connect(str(wh / DB_NAME), read_only=True)
    before = reader.sql("select count(*) from dim_report").fetchall()[0][0]
    build(wh)  # a new file is swapped in under the reader
    assert reader.sql("select count(*) from dim_report").fetchall()[0][0] == before
    reader.close()
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as fresh:
        assert fresh.sql("select count(*) from dim_report").fetchall()[0][0] == before
    assert not list(wh.glob(".*.building*"))


def test_completeness_fails_as_an_error_naming_a_report_that_lacks_a_cell() -> None:
    import polars as pl

    from pipelines.defs.cells import completeness_result

    result = completeness_result(pl.DataFrame({"report_id": ["abc"], "lacking": [3], "cells": [176]}))
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert "abc" in result.metadata["failures"].value


def test_every_form_cell_is_owed_once() -> None:
    from pipelines.parsing import parse_path
    from pipelines.staging.parse_cache import owed_cells

    assert len(owed_cells("gov_2021")) == 10 + 22 * 7 + 15
    report = parse_path(seed_path("003_37b5b8939bab6174"))
    assert owed_cells("gov_2021") <= {(c.table, c.row, c.col) for c in report.cells}


def test_each_report_says_whether_it_was_published_by_the_statutory_deadline(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        rows = con.sql("select source_name, deadline::varchar, days_after_deadline, timeliness, timeliness_note "
                       "from dim_report where source_path not like '%/%' order by source_name").fetchall()
    assert rows == [
        ("000_64f6c83b9150245c.txt", "2022-01-31", None, "unknown", "no publication date was read"),
        ("001_f9533017e326e83f.txt", "2021-01-31", -2, "on_time", None),
        ("002_7097c5c10f7e9ea9.txt", "2022-01-31", 15, "late", None),
        ("003_37b5b8939bab6174.txt", "2023-01-31", -14, "on_time", None),
        ("004_ed30aedeb07ca90b.txt", "2020-01-31", 14, "late", None),
    ]


def test_analysts_get_counts_as_integers_and_money_as_decimal_wan_yuan(seeded) -> None:
    out, _ = seeded
    with duckdb.connect(str(out / DB_NAME), read_only=True) as con:
        types = dict(con.sql("select table_name || '.' || column_name, data_type from duckdb_columns() where "
                             "table_name in ('v_report_summary', 'v_series', 'v_region_year')").fetchall())
        fee = con.sql("select amount_wan_yuan from v_series where measure = 'admin_fee_amount' "
                      "and amount_wan_yuan > 0 order by 1").fetchall()
    assert types["v_report_summary.requests_received"] == types["v_series.value"] == "BIGINT"
    assert types["v_region_year.admin_reviews"] == "BIGINT"
    assert types["v_series.amount_wan_yuan"] == "DECIMAL(18,6)"
    assert fee and all(str(v).count(".") == 1 for (v,) in fee)
