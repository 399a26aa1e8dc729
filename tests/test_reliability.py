"""Nothing lost, nothing broken: bad input, crashes, reruns, concurrent readers, fuzzed reports."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import RAW, SEEDS, materialize_command, run_pipeline, seed_path, warehouse_snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.config import DB_NAME
from pipelines.definitions import materialize_all
from pipelines.defs.checks import reconciliation_result
from pipelines.model import NotAReportError
from pipelines.parsing import parse_bytes
from pipelines.staging.crawl import read_crawl
from pipelines.staging.parse_cache import CACHE
from pipelines.storage import Store
from pipelines.synth.corpus import generate
from pipelines.warehouse import load
from pipelines.warehouse.checks import reconcile

SEED_TEXT = seed_path("003_37b5b8939bab6174").read_text(encoding="utf-8")
TABLES = ("dim_report", "dim_agency", "fact_active_disclosure", "fact_request", "fact_review_litigation",
          "report_text", "parse_warning", "check_result", "quarantine", "raw_file")


def make_bad_inputs(raw: Path) -> dict[str, str]:
    """Every kind of bad input, with the words its quarantine reason must hold ("" if loaded)."""
    (raw / "empty.txt").write_bytes(b"")
    (raw / "random.txt").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(4096)))
    cut = SEED_TEXT.index("4.保护第三方合法权益")
    (raw / "truncated_in_table3.txt").write_text(SEED_TEXT[:cut], encoding="utf-8")
    no_t4 = SEED_TEXT.split("四、政府信息公开行政复议")[0].replace("衡阳市", "耒阳市") + "\n五、存在的主要问题\n无。"
    (raw / "table4_missing.txt").write_text(no_t4, encoding="utf-8")
    old = ("某县人民政府2015年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息1200条。\n"
           "二、主动公开政府信息情况\n通过政府网站公开信息1000条。\n")
    (raw / "old_2015.txt").write_text(old * 3, encoding="utf-8")
    news = "市政府召开常务会议研究部署春耕生产工作。会议要求各部门密切配合,确保农业丰收。\n"
    (raw / "news.txt").write_text(news * 30, encoding="utf-8")
    with open(raw / "huge.txt", "wb") as f:  # 200 MB, sparse: never read
        f.truncate(200 * 2**20)
    shutil.copy(seed_path(SEEDS[0]), raw / "same_as_000_under_a_new_name.txt")
    os.symlink("/etc/hostname", raw / "link_out.txt")
    os.symlink(raw / "does_not_exist.txt", raw / "broken_link.txt")
    os.mkfifo(raw / "pipe.txt")
    os.symlink("/etc", raw / "linked_folder")
    (raw / "x'; drop table dim_report; --.txt").write_bytes(seed_path(SEEDS[1]).read_bytes() + b"\n")
    (raw / os.fsdecode(b"\xb1\xa8\xb8\xe6.txt")).write_bytes(seed_path(SEEDS[2]).read_bytes() + b"\n")  # GBK name
    return {
        "empty.txt": "empty", "random.txt": "not text|binary|Chinese", "old_2015.txt": "none of the standard tables",
        "news.txt": "not an annual disclosure report", "huge.txt": "too large",
        "same_as_000_under_a_new_name.txt": "duplicate of 000_64f6c83b9150245c.txt",
        "link_out.txt": "symlink pointing outside", "broken_link.txt": "cannot read",
        "pipe.txt": "not a regular file", "linked_folder": "symlink to a folder",
        "\\xb1\\xa8\\xb8\\xe6.txt": "not valid UTF-8 \\(read as GB18030: 报告.txt\\)",
        "truncated_in_table3.txt": "", "table4_missing.txt": "", "x'; drop table dim_report; --.txt": "",
    }


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW, raw, dirs_exist_ok=True)
    expected = make_bad_inputs(raw)
    wh = tmp_path_factory.mktemp("wh")
    run_pipeline(raw, wh)
    return raw, wh, expected


def test_every_bad_input_is_quarantined_with_a_reason_a_person_understands(bad_run) -> None:
    _, wh, expected = bad_run
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        q = dict(con.sql("select source_path, reason from quarantine").fetchall())
        loaded = {n for (n,) in con.sql("select source_path from dim_report").fetchall()}
    import re
    for name, words in expected.items():
        if words:
            assert name in q and re.search(words, q[name]), (name, q.get(name))
        else:
            assert name in loaded, name


def test_a_report_with_gaps_is_loaded_with_cells_missing_and_a_warning(bad_run) -> None:
    _, wh, _ = bad_run
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        def one(sql: str, name: str):
            return con.sql(sql, params=[name]).fetchall()[0]
        missing_t3, = one("select count(*) from fact_request f join dim_report r using (report_id) "
                          "where r.source_path = ? and f.status = 'missing'", "truncated_in_table3.txt")
        missing_t4, = one("select count(*) from fact_review_litigation f join dim_report r using (report_id) "
                          "where r.source_path = ? and f.status = 'missing'", "table4_missing.txt")
        warned, = one("select count(*) from parse_warning w join dim_report r using (report_id) "
                      "where r.source_path = ? and w.code = 'table_not_found'", "table4_missing.txt")
    assert missing_t3 > 50 and missing_t4 == 15 and warned == 1


def test_reconciliation_proves_every_file_is_loaded_or_quarantined(bad_run) -> None:
    raw, wh, _ = bad_run
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        result = reconciliation_result(reconcile(con))
    assert result.passed
    assert result.metadata["files_crawled"].value == len(os.listdir(raw))


def test_reconciliation_fails_naming_a_file_that_was_lost(bad_run, tmp_path: Path) -> None:
    _, wh, _ = bad_run
    copy = tmp_path / DB_NAME
    shutil.copy(wh / DB_NAME, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from quarantine where source_path = 'news.txt'")
        result = reconciliation_result(reconcile(con))
    assert not result.passed and "news.txt" in result.metadata["unreconciled"].value


# Columns that say when a run saw something: they differ between two runs over the same files.
def test_two_runs_over_the_same_input_give_identical_tables(bad_run, tmp_path: Path) -> None:
    raw, wh, _ = bad_run
    again = tmp_path / "again"
    run_pipeline(raw, again)
    assert warehouse_snapshot(wh / DB_NAME) == warehouse_snapshot(again / DB_NAME)


def test_a_reader_holding_the_warehouse_open_neither_blocks_nor_sees_a_mix(tmp_path: Path) -> None:
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    for g in generate(20, seed=4, layouts=("markdown", "tabbed")):
        (raw / g.name).write_bytes(g.data)
    run_pipeline(raw, wh)
    reader = duckdb.connect(str(wh / DB_NAME), read_only=True)
    before = reader.sql("select count(*), sum(value) from fact_request").fetchall()
    for g in generate(5, seed=5, layouts=("markdown",)):
        (raw / f"more_{g.name}").write_bytes(g.data)
    run_pipeline(raw, wh)  # completes while the reader holds the old file
    assert reader.sql("select count(*), sum(value) from fact_request").fetchall() == before
    assert reader.sql("select count(*) from dim_report").fetchall()[0][0] == 20
    reader.close()
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as fresh:
        assert fresh.sql("select count(*) from dim_report").fetchall()[0][0] == 25


def _run(raw: Path, wh: Path, home: Path) -> None:
    cmd, env = materialize_command(raw, wh, home)
    done = subprocess.run(cmd, env=env, cwd=home, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


def _kill_when(cmd: list[str], env: dict[str, str], cwd: Path, seen, timeout: float = 300) -> bool:
    """Start a run and SIGKILL it the moment `seen()` holds; False when the run ended first."""
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if seen():
                os.killpg(proc.pid, signal.SIGKILL)
                return True
            time.sleep(0.01)
        return False
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_a_run_killed_midway_leaves_the_old_warehouse_whole_and_the_next_run_completes(tmp_path: Path) -> None:
    """SIGKILL a real run while the new DuckDB file is being loaded, then at moments spread over a
    whole run (the crawl, the parse, staging and the swap among them): each time the warehouse
    left is whole, and the next run completes with the tables of a clean run."""
    raw, wh, ref, home = tmp_path / "raw", tmp_path / "wh", tmp_path / "reference", tmp_path / "home"
    raw.mkdir()
    for g in generate(40, seed=8, layouts=("markdown", "inline_pipes")):
        (raw / g.name).write_bytes(g.data)
    _run(raw, wh, home)
    old = warehouse_snapshot(wh / DB_NAME)
    for g in generate(400, seed=9, layouts=("markdown", "inline_pipes", "tabbed")):
        (raw / f"new_{g.name}").write_bytes(g.data)
    started = time.perf_counter()
    _run(raw, ref, home)
    whole_run = time.perf_counter() - started
    new = warehouse_snapshot(ref / DB_NAME)  # what a run over the new files gives when it completes
    cmd, env = materialize_command(raw, wh, home)
    moments = {  # (a kill in the middle of the parse: the test after this one)
        "duckdb": lambda: any(wh.glob(f".{DB_NAME}.*.tmp")),
    }
    for moment, seen in moments.items():
        assert _kill_when(cmd, env, home, seen), f"the run ended before it was caught writing {moment}"
        # the killed run left a whole warehouse: the old one (or, for DuckDB, the new one whole
        # if the kill landed just after the swap); compared by a flag, since a diff of two whole
        # warehouses would take pytest minutes to print
        whole = warehouse_snapshot(wh / DB_NAME) in (old, new)
        assert whole, f"a run killed while writing {moment} left a warehouse neither old nor new"
    for share in (0.2, 0.4, 0.6, 0.75, 0.9):  # later runs are shorter (the parse is cached): killed or not
        deadline = time.monotonic() + share * whole_run
        _kill_when(cmd, env, home, lambda deadline=deadline: time.monotonic() >= deadline)
        whole = warehouse_snapshot(wh / DB_NAME) in (old, new)
        assert whole, f"a run killed {share:.0%} of the way through left a warehouse neither old nor new"
    _run(raw, wh, home)
    same = warehouse_snapshot(wh / DB_NAME) == new
    assert same, "the run after the kills does not give the tables of a clean run"


def test_a_run_killed_in_the_middle_of_a_shard_then_run_again_gives_the_tables_of_a_clean_run(
        tmp_path: Path) -> None:
    """SIGKILL a real run, its parse in two shards, once a batch of a shard is committed and before
    any shard is done: the batches committed are kept, the one half-written is never read, and the
    next run parses the rest and leaves the warehouse a clean run leaves."""
    raw, wh, clean = tmp_path / "raw", tmp_path / "wh", tmp_path / "clean"
    raw.mkdir()
    for g in generate(2000, seed=13, layouts=("markdown", "tabbed", "inline_pipes")):
        (raw / g.name).write_bytes(g.data)
    cmd, env = materialize_command(raw, wh, tmp_path / "home")
    env["DISCLOSURE_PARSE_SHARDS"] = "2"
    cache = wh / CACHE

    def mid_shard() -> bool:
        committed = any((batch / "manifest.json").exists() for batch in cache.glob("batch-*"))
        return committed and not any(cache.glob("shards/*.json"))

    assert _kill_when(cmd, env, tmp_path / "home", mid_shard), "the run ended before a shard was caught midway"
    assert not any(cache.glob("shards/*.json")), "the kill came after a shard was done"
    assert subprocess.run(cmd, env=env, cwd=tmp_path / "home", capture_output=True).returncode == 0
    materialize_all(raw, clean)
    assert warehouse_snapshot(wh / DB_NAME) == warehouse_snapshot(clean / DB_NAME)


def test_two_runs_at_once_both_finish_and_leave_the_warehouse_of_one_run(tmp_path: Path) -> None:
    """Two command-line runs over the same folders at the same time, each with its own Dagster
    instance (so no pool keeps them apart: only the files' own safety does)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for g in generate(300, seed=12, layouts=("markdown", "tabbed", "aligned")):
        (raw / g.name).write_bytes(g.data)
    _run(raw, tmp_path / "single", tmp_path / "home_single")
    wh = tmp_path / "wh"
    procs = []
    for n in (1, 2):
        cmd, env = materialize_command(raw, wh, tmp_path / f"home_{n}")
        procs.append(subprocess.Popen(cmd, env=env, cwd=tmp_path / f"home_{n}", stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
    same = warehouse_snapshot(wh / DB_NAME) == warehouse_snapshot(tmp_path / "single" / DB_NAME)
    assert same, "two runs at once left a warehouse unlike a single run's"
    assert not [p for p in wh.rglob("*") if p.name.endswith(".tmp")], "a run left temporary files behind"


LINES = SEED_TEXT.split("\n")


@st.composite
def mutated_report(draw) -> bytes:
    lines = list(draw(st.sampled_from([seed_path(s).read_text(encoding="utf-8") for s in SEEDS])).split("\n"))
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        op = draw(st.sampled_from(["drop", "duplicate", "swap", "cut", "inject"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines = lines[:i]
        else:
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.text(min_size=1, max_size=6)) + lines[i][pos:]
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_report())
def test_a_mangled_report_never_raises_anything_but_the_documented_error(data: bytes) -> None:
    try:
        report = parse_bytes(data, "fuzzed.txt")
    except NotAReportError:
        return
    for c in report.cells:
        assert isinstance(c.value, int | float) if c.status == "ok" else c.value is None, c
        assert c.status in ("ok", "blank", "missing")


def _report_count(wh: Path) -> int:
    """Reports in the raw folder now."""
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        return con.sql("select count(*) from dim_report where is_current").fetchall()[0][0]


@pytest.mark.parametrize("fault", ["emptied", "missing"])
def test_an_emptied_or_missing_raw_folder_stops_the_run_and_leaves_the_warehouse_as_it_was(
        tmp_path: Path, fault: str) -> None:
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    shutil.copytree(RAW, raw)
    run_pipeline(raw, wh)
    for f in raw.iterdir():
        f.unlink()
    if fault == "missing":
        raw.rmdir()
    result = materialize_all(raw, wh, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message if failure.step_failure_data.error else ""
    assert failure.step_key == "raw_files" and "the warehouse stays as it was" in message, message
    assert _report_count(wh) == len(SEEDS)
    assert len(read_crawl(wh)) == len(SEEDS)  # the last crawl's record is kept, too


def test_a_deliberate_removal_goes_through_when_allowed(tmp_path: Path) -> None:
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    shutil.copytree(RAW, raw)
    run_pipeline(raw, wh)
    for f in list(raw.iterdir())[1:]:
        f.unlink()
    materialize_all(raw, wh, run_config={"ops": {"raw_files": {"config": {"allow_removal": True}}}})
    assert _report_count(wh) == 1


@pytest.mark.parametrize("damage", ["bytes flipped", "file cut short"])
def test_a_damaged_parse_batch_is_discarded_and_parsed_again_with_a_warning(tmp_path: Path, damage: str) -> None:
    raw, wh, clean = tmp_path / "raw", tmp_path / "wh", tmp_path / "clean"
    raw.mkdir()
    for g in generate(12, seed=21, layouts=("markdown", "tabbed")):
        (raw / g.name).write_bytes(g.data)
    run_pipeline(raw, clean)
    run_pipeline(raw, wh)
    (batch,) = (wh / CACHE).glob("batch-*")
    cells = batch / "cells.parquet"
    data = cells.read_bytes()
    if damage == "bytes flipped":
        cells.write_bytes(data[:100] + bytes(b ^ 0xFF for b in data[100:140]) + data[140:])
    else:
        cells.write_bytes(data[: len(data) // 2])
    result = run_pipeline(raw, wh)
    parsed = next(m for m in result.get_asset_materialization_events()
                  if m.asset_key.to_user_string() == "parsed_reports").materialization.metadata
    assert parsed["damaged_batches_discarded"].value and parsed["parsed_this_run"].value == 12
    same = warehouse_snapshot(wh / DB_NAME) == warehouse_snapshot(clean / DB_NAME)
    assert same, "the run after the damage does not give the tables of a clean run"


def _no_space(*args, **_kwargs):
    """What a full disk does to a write: part of the file is written, then ENOSPC."""
    target = Path(str(args[1])) if len(args) > 1 else None
    if target is not None:
        target.write_bytes(b"the start of a file cut short")
    raise OSError(errno.ENOSPC, "No space left on device")


_write_bytes = Store.write_bytes


def _no_space_in_the_cache(store: Store, rel: str, data: bytes, **kwargs: bool) -> None:
    """What a full disk does to the parse cache's files: the start written, then ENOSPC."""
    if not rel.startswith(CACHE):
        return _write_bytes(store, rel, data, **kwargs)
    _write_bytes(store, rel, data[:30], **kwargs)
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(("step", "patch"), [
    ("parsed_reports.parse_shard_0_of_1", (Store, "write_bytes", _no_space_in_the_cache)),
    ("warehouse_tables", (load.shutil, "copyfile", _no_space)),  # copying the warehouse to update it
])
def test_a_full_disk_fails_the_run_with_a_clear_message_and_leaves_the_warehouse_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, patch: tuple[str, str]) -> None:
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    for g in generate(6, seed=31, layouts=("markdown",)):
        (raw / g.name).write_bytes(g.data)
    run_pipeline(raw, wh)
    before = warehouse_snapshot(wh / DB_NAME)
    for g in generate(3, seed=32, layouts=("tabbed",)):
        (raw / f"new_{g.name}").write_bytes(g.data)
    monkeypatch.setattr(*patch)
    result = materialize_all(raw, wh, raise_on_error=False)
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message if failure.step_failure_data.error else ""
    assert failure.step_key == step and "the disk is full" in message, (failure.step_key, message)
    assert warehouse_snapshot(wh / DB_NAME) == before
    assert not [p for p in wh.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left behind"


def test_the_file_limits_are_configuration_and_every_file_past_them_is_quarantined(tmp_path: Path) -> None:
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.defs.resources import WarehousePaths

    raw, wh = tmp_path / "raw", tmp_path / "wh"
    shutil.copytree(RAW, raw)
    small = min(p.stat().st_size for p in raw.iterdir())
    paths = WarehousePaths(raw_dir=str(raw), warehouse_dir=str(wh), max_file_bytes=small)
    d = defs()
    dg.materialize([*d.assets, *d.asset_checks], resources={"paths": paths})
    with duckdb.connect(str(wh / DB_NAME), read_only=True) as con:
        reasons = [r for (r,) in con.sql("select reason from quarantine").fetchall()]
        loaded = con.sql("select count(*) from dim_report").fetchall()[0][0]
    assert loaded == 1 and len(reasons) == len(SEEDS) - 1 and all("too large" in r for r in reasons)


def test_a_file_whose_parse_runs_past_the_time_limit_is_stopped_and_quarantined(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.model import Limits
    from pipelines.staging import parse_cache
    from pipelines.staging.crawl import crawl

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    slow = seed_path(SEEDS[0]).name
    real_parse = parse_cache.parse_bytes

    def parse_bytes(data: bytes, source: str, limits: Limits):
        if source == slow:
            time.sleep(30)  # a file that would hold the worker
        return real_parse(data, source, limits)

    monkeypatch.setattr(parse_cache, "parse_bytes", parse_bytes)
    started = time.perf_counter()
    stats = parse_cache.parse_new(raw, tmp_path / "wh", crawl(raw), workers=1, limits=Limits(max_parse_seconds=0.5))
    assert time.perf_counter() - started < 10
    assert (stats.parsed, stats.refused) == (len(SEEDS) - 1, 1)
    refusals = pl.read_parquet([tmp_path / "wh" / f for f in parse_cache.batch_files(tmp_path / "wh", "refusals")])
    assert "took more than 0.5 s to parse" in refusals["reason"][0]


def test_a_file_that_vanishes_between_crawl_and_parse_is_quarantined_and_the_run_completes(tmp_path: Path) -> None:
    from pipelines.staging.crawl import crawl
    from pipelines.staging.parse_cache import batch_files, parse_new

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    crawled = crawl(raw)
    (raw / crawled[0].path).unlink()  # the crawl saw it; now it is gone
    stats = parse_new(raw, tmp_path / "wh", crawled, workers=1)
    assert (stats.parsed, stats.refused) == (len(SEEDS) - 1, 1)
    reason = pl.read_parquet([tmp_path / "wh" / f for f in batch_files(tmp_path / "wh", "refusals")])["reason"][0]
    assert reason.startswith("cannot read the file")


def test_a_killed_runs_uncommitted_batch_is_removed_once_stale_and_nothing_else_is(tmp_path: Path) -> None:
    """A batch folder without a manifest is a killed run's leftover, or another run's batch being
    written: removed only once older than any batch takes to write, never a committed batch."""
    from pipelines.staging.parse_cache import STALE_AFTER_SECONDS, cache_listing, remove_stale_attempts

    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    for g in generate(3, seed=41, layouts=("markdown",)):
        (raw / g.name).write_bytes(g.data)
    run_pipeline(raw, wh)
    (committed,) = (wh / CACHE).glob("batch-*")
    for name in ("batch-left.by-a-killed-run", "batch-being.written-now"):
        (wh / CACHE / name).mkdir()
        (wh / CACHE / name / "reports.parquet").write_bytes(b"the start of a file")
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(wh / CACHE / "batch-left.by-a-killed-run" / "reports.parquet", (old, old))
    os.utime(committed / "manifest.json", (old, old))
    lake = Store(str(wh))
    remove_stale_attempts(lake, cache_listing(lake))
    assert sorted(p.name for p in (wh / CACHE).glob("batch-*")) == sorted([committed.name, "batch-being.written-now"])
