"""The definitions graph, as a snapshot: an accidental change to keys, deps, checks or crons shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
from conftest import ROOT

from pipelines.definitions import defs
from pipelines.defs.resources import WarehousePaths
from pipelines.defs.schedules import nightly_refresh, raw_files_changed, raw_fingerprint

SNAPSHOT = Path(__file__).parent / "snapshots" / "definitions.json"


def graph_snapshot() -> dict:
    d = defs()
    graph = d.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = sorted(p.to_user_string() for p in node.parent_keys)
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    schedules = {s.name: [s.cron_schedule, s.execution_timezone] for s in d.schedules or []}
    sensors = sorted(s.name for s in d.sensors or [])
    return {"assets": assets, "checks": checks, "schedules": schedules, "sensors": sensors}


def test_definitions_graph_matches_the_snapshot() -> None:
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(graph_snapshot(), indent=2, ensure_ascii=False) + "\n")
    assert graph_snapshot() == json.loads(SNAPSHOT.read_text())


def test_dg_check_defs_accepts_the_project() -> None:
    dg = Path(sys.executable).with_name("dg")
    out = subprocess.run([str(dg), "check", "defs"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_sensor_fingerprint_changes_when_a_raw_file_is_added(tmp_path: Path) -> None:
    before = raw_fingerprint(str(tmp_path))
    (tmp_path / "new.txt").write_text("x")
    assert raw_fingerprint(str(tmp_path)) != before


def _busy(instance: dg.DagsterInstance) -> None:
    instance.add_run(dg.DagsterRun(job_name="refresh_warehouse", run_id="a-run-still-going",
                                   status=dg.DagsterRunStatus.STARTED))


def test_the_nightly_schedule_skips_saying_why_while_a_run_is_in_progress() -> None:
    with dg.instance_for_test() as instance:
        assert isinstance(nightly_refresh(dg.build_schedule_context(instance=instance)), dg.RunRequest)
        _busy(instance)
        skipped = nightly_refresh(dg.build_schedule_context(instance=instance))
        assert isinstance(skipped, dg.SkipReason) and "a-run-still-going" in (skipped.skip_message or "")


def test_the_sensor_skips_while_a_run_is_in_progress_and_keeps_the_change_for_later(tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_text("x")
    paths = WarehousePaths(raw_dir=str(tmp_path), warehouse_dir=str(tmp_path / "wh"))
    with dg.instance_for_test() as instance:
        _busy(instance)
        result = raw_files_changed(dg.build_sensor_context(instance=instance, resources={"paths": paths}))
        assert not result.run_requests and "a-run-still-going" in (result.skip_reason.skip_message or "")
        assert result.cursor is None
