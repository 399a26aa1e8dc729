"""A rerun does only the new work: new, changed and removed files, decided by content hash."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import run_pipeline

from pipelines.config import DB_NAME
from pipelines.staging.crawl import CRAWL_FILE, crawl_raw, read_crawl
from pipelines.staging.parse_cache import parse_new
from pipelines.synth.corpus import generate

TEXT = ("markdown", "inline_pipes", "tabbed")


def _corpus(n: int, seed: int):
    return list(generate(n, seed, layouts=TEXT, broken_share=0.0))


def _write(raw: Path, items) -> None:
    for g in items:
        (raw / g.name).write_bytes(g.data)


def _reports(wh: Path) -> dict[str, tuple]:
    """The reports in the raw folder now, by file name."""
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        rows = con.sql("select source_name, report_id, agency, report_year from dim_report where is_current").fetchall()
    return {r[0]: r[1:] for r in rows}


def _count(wh: Path, table: str, report_id: str) -> int:
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        return con.table(table).filter(duckdb.ColumnExpression("report_id") == report_id).count("*").fetchall()[0][0]


@pytest.fixture
def loaded(tmp_path: Path):
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    _write(raw, _corpus(12, seed=1))
    run_pipeline(raw, wh)
    return raw, wh


def test_a_rerun_with_nothing_new_parses_nothing_and_changes_nothing(loaded) -> None:
    raw, wh = loaded
    before = _reports(wh)
    crawled = crawl_raw(raw, wh)
    assert parse_new(raw, wh, crawled)[:2] == (0, 0)
    run_pipeline(raw, wh)
    assert _reports(wh) == before


def test_new_changed_and_removed_files_are_all_that_is_redone_and_nothing_is_forgotten(loaded) -> None:
    raw, wh = loaded
    names = sorted(p.name for p in raw.iterdir())
    new = _corpus(3, seed=99)
    for g in new:
        (raw / f"new_{g.name}").write_bytes(g.data)
    changed, removed = names[0], names[1]
    replacement = _corpus(1, seed=123)[0]
    edited_id = _reports(wh)[changed][0]
    (raw / changed).write_bytes(replacement.data)
    old_id = _reports(wh)[removed][0]
    (raw / removed).unlink()

    crawled = crawl_raw(raw, wh)
    assert parse_new(raw, wh, crawled)[:2] == (4, 0)  # three new, one changed
    run_pipeline(raw, wh)

    after = _reports(wh)
    assert len(after) == 12 + 3 - 1
    assert removed not in after
    assert after[changed][1:] == (replacement.truth["agency"], replacement.truth["report_year"])
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        kept = dict(con.sql("select report_id, removed_at is not null from dim_report where not is_current").fetchall())
        versions = con.sql("select report_id, superseded_by from report_version where source_path = ? "
                           "order by valid_from", params=[changed]).fetchall()
        change = con.sql("select old_report_id, new_report_id, cells_changed from report_change").fetchall()
        in_summary = con.sql("select count(*) from v_report_summary").fetchall()[0][0]
    assert kept == {old_id: True, edited_id: True}  # the removed file and the edited one's old version
    assert versions == [(edited_id, after[changed][0]), (after[changed][0], None)]
    assert [(o, n) for o, n, _ in change] == [(edited_id, after[changed][0])] and change[0][2] > 0
    assert in_summary == 14  # the views show what is in the raw folder now
    for table in ("fact_request", "fact_active_disclosure", "fact_review_litigation", "report_text",
                  "check_result"):
        assert _count(wh, table, old_id) > 0, table  # the removed report's numbers stay queryable


def test_a_touched_but_identical_file_is_not_parsed_again(loaded) -> None:
    raw, wh = loaded
    f = next(raw.iterdir())
    os.utime(f, (1_600_000_000, 1_600_000_000))
    crawled = crawl_raw(raw, wh)
    assert parse_new(raw, wh, crawled)[:2] == (0, 0)


def test_the_crawl_record_with_its_formats_is_read_back_so_untouched_files_keep_their_hash(loaded) -> None:
    raw, wh = loaded
    import polars as pl

    recorded = read_crawl(wh)
    assert len(recorded) == len(list(raw.iterdir())) and all(r.sha256 for r in recorded)
    assert set(pl.read_parquet(wh / CRAWL_FILE)["format"]) == {"text"}


def test_parsing_in_worker_processes_gives_the_same_warehouse(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _write(raw, _corpus(70, seed=3))  # above the in-process threshold: parsed by two workers
    one, two = tmp_path / "one", tmp_path / "two"
    run_pipeline(raw, one, workers=1)
    run_pipeline(raw, two, workers=2)
    sql = "select report_id, row_code, applicant_code, value, status from fact_request order by all"
    with duckdb.connect(str(one / DB_NAME), read_only=True) as a, duckdb.connect(str(two / DB_NAME),
                                                                                 read_only=True) as b:
        assert a.sql(sql).fetchall() == b.sql(sql).fetchall()


def test_an_edit_keeping_size_and_time_is_found_by_the_weekly_full_hash(tmp_path: Path) -> None:
    import hashlib
    import json
    from datetime import UTC, datetime, timedelta

    from pipelines.staging.crawl import FULL_HASH_FILE

    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    _write(raw, _corpus(3, seed=41))
    crawl_raw(raw, wh)  # the first crawl hashes everything
    f = sorted(raw.iterdir())[0]
    st, data = f.stat(), f.read_bytes()
    edited = data.replace("无".encode(), "有".encode(), 1)  # same length in UTF-8
    assert edited != data and len(edited) == len(data)
    f.write_bytes(edited)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))

    def recorded() -> str | None:
        return next(r.sha256 for r in crawl_raw(raw, wh) if r.path == f.name)

    assert recorded() == hashlib.sha256(data).hexdigest()  # within the week: looks untouched
    week_ago = datetime.now(UTC) - timedelta(days=8)
    (wh / FULL_HASH_FILE).write_text(json.dumps({"at": week_ago.isoformat()}))
    assert recorded() == hashlib.sha256(edited).hexdigest()  # the full pass reads it again
