"""Agency, year, date and template are found wherever the report prints them."""

from __future__ import annotations

from pipelines.parsing import parse_bytes
from pipelines.parsing.clean import clean
from pipelines.parsing.metadata import find_metadata, pick_template
from pipelines.parsing.sections import find_sections


def _meta(text: str):
    ct = clean(text)
    return find_metadata(ct.lines, find_sections(ct.lines), ct.stamps)


def test_agency_and_year_in_one_title_line() -> None:
    md = _meta("卫辉市信访局2021年政府信息公开工作年度报告\n一、总体情况\n")
    assert (md.agency, md.report_year, md.published_on) == ("卫辉市信访局", 2021, None)


def test_agency_on_the_line_before_the_title_and_date_under_it() -> None:
    md = _meta("衡阳市人民政府办公室\n2022年政府信息公开工作年度报告\n（2023年1月17日）\n一、总体情况\n")
    assert (md.agency, md.report_year, md.published_on) == ("衡阳市人民政府办公室", 2022, "2023-01-17")


def test_year_before_agency_in_a_title_split_over_two_lines() -> None:
    md = _meta("\n2019年度忻州市信访局\n政府信息公开工作年度报告\n\n一、总体情况\n")
    assert (md.agency, md.report_year) == ("忻州市信访局", 2019)


def test_agency_on_the_line_after_a_title_without_one() -> None:
    md = _meta("2021年政府信息公开工作年度报告\n卫辉市信访局\n一、总体情况\n")
    assert md.agency == "卫辉市信访局"


def test_agency_only_in_the_signature_block() -> None:
    md = _meta(" 2021年政府信息公开工作年度报告\n一、总体情况\n无。\n\n        安泽县人民政府\n        2022年2月15日\n")
    assert (md.agency, md.report_year, md.published_on) == ("安泽县人民政府", 2021, "2022-02-15")


def test_signature_dated_in_chinese_numerals() -> None:
    md = _meta("某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n无。\n某县人民政府\n二〇二一年一月十五日\n")
    assert md.published_on == "2021-01-15"


def test_publication_stamp_of_a_web_page_gives_the_date_and_is_stripped() -> None:
    ct = clean("某局2020年政府信息公开工作年度报告\n发布时间：2021-01-29 13:17 [ 大 中 小 ]\n一、总体情况\n")
    assert ct.lines[1] == "" and ct.stamps == [(2, "2021-01-29")]
    assert find_metadata(ct.lines, find_sections(ct.lines), ct.stamps).published_on == "2021-01-29"


def test_spam_in_the_title_line_stays_out_of_the_agency_and_is_recorded() -> None:
    ct = clean("雷速体育,雷速直播衡阳市人民政府办公室2022年政府信息公开工作年度报告\n"
               "一、总体情况\n以开云体育官网为指导。\n")
    md = find_metadata(ct.lines, find_sections(ct.lines), ct.stamps)
    assert md.agency == "衡阳市人民政府办公室"
    assert {"雷速体育", "雷速直播", "开云体育官网"} <= set(ct.spam)
    assert "体育" not in "".join(ct.lines)


def test_a_seed_with_spam_in_its_prose_records_it_as_a_warning() -> None:
    from conftest import seed_path
    report = parse_bytes(seed_path("003_37b5b8939bab6174").read_bytes(), "003.txt")
    assert report.spam == ["雷速体育", "雷速直播"]
    assert any(w.code == "spam" for w in report.warnings)
    assert not any("雷速" in s.text for s in report.sections)


def test_web_debris_is_blanked_without_shifting_line_numbers() -> None:
    ct = clean("[bookmark: _GoBack]一、总体情况\n扫一扫在手机打开当前页\n正文\n\n1\n")
    assert ct.lines[:3] == ["一、总体情况", "", "正文"] and ct.lines[4] == ""


def test_template_follows_the_table_headers_before_the_year() -> None:
    assert pick_template("信息内容 本年新 对外公开总数量 上一年项目数量", 2021)[0].code == "gov_2019"
    assert pick_template("信息内容 本年制发件数 本年废止件数", 2020)[0].code == "gov_2021"
    assert pick_template("", 2020)[0].code == "gov_2019"
    assert pick_template("", 2022)[0].code == "gov_2021"


def test_sections_without_headings_start_at_their_tables() -> None:
    from conftest import seed_path
    report = parse_bytes(seed_path("002_7097c5c10f7e9ea9").read_bytes(), "002.txt")
    by = {s.code: s.found_by for s in report.sections}
    assert by["s3_requests"] == "anchor" and by["s4_review_litigation"] == "anchor"
    assert [s.code for s in report.sections] == ["s0_preamble", "s1_overview", "s2_active", "s3_requests",
                                                 "s4_review_litigation", "s5_problems", "s6_other"]
