"""One agency under any of its names, placed in its administrative division, never guessed.

Names as real reports print them: the seeds' and the real reports' bodies, a district named with
and without its city, a district name two cities share, an autonomous prefecture's short name.
Then through the pipeline: the carry chain compares a body's two consecutive years printed under
two names.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from pipelines.agencies import identify
from pipelines.config import DB_NAME
from pipelines.parsing import parse_path
from pipelines.synth.render import render_text
from pipelines.synth.values import report_values
from tests.conftest import run_pipeline, seed_path

REAL = Path(__file__).parent / "real" / "raw"


def test_a_district_named_with_and_without_its_city_is_one_agency_with_its_division_code() -> None:
    short, full = identify("洪泽区人民政府"), identify("淮安市洪泽区人民政府")
    assert short.agency_id == full.agency_id
    assert (full.division_code, full.canonical_name, full.kind, full.resolution) == (
        "320813", "淮安市洪泽区人民政府", "government", "resolved")
    assert identify("江苏省淮安市洪泽区人民政府").agency_id == full.agency_id


def test_a_government_its_office_and_its_departments_are_different_agencies_of_one_division() -> None:
    names = ("淮安市人民政府", "淮安市人民政府办公室", "淮安市自然资源局", "淮安市城关镇人民政府")
    bodies = [identify(n) for n in names]
    assert [b.kind for b in bodies] == ["government", "government_office", "department", "township"]
    assert {b.division_code for b in bodies} == {"320800"}
    assert len({b.agency_id for b in bodies}) == 4


def test_a_name_two_cities_share_stays_unresolved_without_context_and_is_never_guessed() -> None:
    alone = identify("朝阳区人民政府", "朝阳区人民政府2023年政府信息公开工作年度报告")
    assert (alone.resolution, alone.division_code) == ("ambiguous", None)
    assert "110105" in alone.note and "220104" in alone.note
    in_changchun = identify("朝阳区人民政府", "长春市朝阳区人民政府2023年政府信息公开工作年度报告")
    in_beijing = identify("朝阳区人民政府", "来源：北京市朝阳区人民政府")
    assert (in_changchun.division_code, in_beijing.division_code) == ("220104", "110105")
    assert in_changchun.agency_id == identify("长春市朝阳区人民政府").agency_id != in_beijing.agency_id


def test_short_names_of_autonomous_prefectures_and_the_divisions_of_a_municipality_are_read() -> None:
    assert identify("大理州人民政府办公室").division_code == "532900"
    assert identify("北京市朝阳区教育委员会").division_code == "110105"
    assert identify("江苏省人民政府").division_code == "320000"


def test_a_name_with_no_division_in_it_is_kept_as_printed_and_unknown() -> None:
    body = identify("平潭综合实验区")
    assert (body.canonical_name, body.division_code, body.resolution) == ("平潭综合实验区", None, "unknown")
    assert identify(None).resolution == "unknown"


@pytest.mark.parametrize(("stem", "division"), [
    ("000_64f6c83b9150245c", "410781"), ("001_f9533017e326e83f", "320211"), ("002_7097c5c10f7e9ea9", "141026"),
    ("003_37b5b8939bab6174", "430400"), ("004_ed30aedeb07ca90b", "140900")])
def test_every_seed_report_is_placed_in_its_division(stem: str, division: str) -> None:
    assert parse_path(seed_path(stem)).identity.division_code == division


def test_the_real_reports_are_placed_or_say_why_not() -> None:
    huaian = parse_path(REAL / "02_huaian_szf_2024.pdf").identity
    pingtan = parse_path(REAL / "07_pingtan_2023.html").identity
    assert (huaian.division_code, huaian.canonical_name) == ("320800", "淮安市人民政府")
    assert (pingtan.resolution, pingtan.note) == ("unknown", "no administrative division in the name")


def test_the_carry_chain_is_assessed_between_two_years_printed_under_two_names(tmp_path: Path) -> None:
    rng = random.Random(3)
    first = report_values(rng, "洪泽区人民政府", 2022)
    carried = {c: v or 0 for c, v in first["t3_requests"]["carried_forward"].items()}
    second = report_values(rng, "淮安市洪泽区人民政府", 2023, carried)
    raw = tmp_path / "raw"
    raw.mkdir()
    for doc in (first, second):
        (raw / f"{doc['report_year']}.txt").write_text(render_text(doc, "markdown"), encoding="utf-8")
    run_pipeline(raw, tmp_path / "warehouse")
    with duckdb.connect(str(tmp_path / "warehouse" / DB_NAME), read_only=True) as con:
        agencies = con.sql("select canonical_name, division_code, names_seen from dim_agency").fetchall()
        aliases = con.sql("select name_as_printed from agency_alias order by report_year").fetchall()
        chain = con.sql("select status, count(*) from check_result join dim_report using (report_id) "
                        "where rule_id = 'carry_chain' and report_year = 2023 group by status").fetchall()
    assert agencies == [("淮安市洪泽区人民政府", "320813", 2)]
    assert aliases == [("洪泽区人民政府",), ("淮安市洪泽区人民政府",)]
    assert chain == [("pass", 7)]


def test_one_series_spans_both_forms_with_the_form_and_mapping_stated_per_value(tmp_path: Path) -> None:
    rng = random.Random(5)
    docs = [report_values(rng, "淮安市民政局", 2019)]
    for year in range(2020, 2025):
        carried = {c: v or 0 for c, v in docs[-1]["t3_requests"]["carried_forward"].items()}
        docs.append(report_values(rng, "淮安市民政局" if year % 2 else "江苏省淮安市民政局", year, carried))
    raw = tmp_path / "raw"
    raw.mkdir()
    for doc in docs:
        (raw / f"{doc['report_year']}.txt").write_text(render_text(doc, "markdown"), encoding="utf-8")
    run_pipeline(raw, tmp_path / "warehouse")
    with duckdb.connect(str(tmp_path / "warehouse" / DB_NAME), read_only=True) as con:
        received = con.sql("select report_year, value, form, how from v_series "
                           "where measure = 'requests_received' order by report_year").fetchall()
        other = con.sql("select report_year, how, cells_mapped from v_series "
                        "where measure = 'requests_other_handling' order by report_year").fetchall()
        only_2021 = con.sql("select min(report_year) from v_series "
                            "where measure = 'admin_license_decisions'").fetchall()
        region = con.sql("select report_year, reports, requests_received from v_region_year "
                         "where level = 'prefecture' and division_code = '320800' order by report_year").fetchall()
        agencies = con.sql("select count(*) from dim_agency").fetchall()
    want = [d["t3_requests"]["new_received"]["total"] for d in docs]
    assert received == [(2019 + k, want[k], "gov_2019" if k < 2 else "gov_2021", "exact") for k in range(6)]
    assert [(y, h) for y, h, _ in other] == [(2019, "exact"), (2020, "exact"), *[(y, "sum") for y in range(2021, 2025)]]
    assert only_2021 == [(2021,)]
    assert region == [(2019 + k, 1, want[k]) for k in range(6)]
    assert agencies == [(1,)]
