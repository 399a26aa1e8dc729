"""Real reports as their agencies published them (a PDF, the text two extractors make of it, two
portal pages), read exactly as a person read them, and never blamed for our misreads.

The files and their hand-read truth are copies of the development sample (`tests/real/`); what
makes each hard is told in tests/real/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_same_cells

from pipelines.parsing import parse_bytes, parse_path
from pipelines.synth.extract import EXTRACTORS, available, extract

REAL = Path(__file__).resolve().parent / "real"
STEMS = sorted(p.stem for p in (REAL / "truth").glob("*.json"))


def _truth(stem: str) -> dict:
    return json.loads((REAL / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


def _raw(stem: str) -> Path:
    return next(p for p in (REAL / "raw").glob(f"{stem}.*"))


@pytest.fixture(params=STEMS)
def stem(request: pytest.FixtureRequest) -> str:
    return request.param


def test_every_cell_of_each_real_report_matches_its_hand_read_truth(stem: str) -> None:
    assert_same_cells(parse_path(_raw(stem)).to_json(), _truth(stem))


def test_agency_year_date_and_form_of_each_real_report_match_its_truth(stem: str) -> None:
    got, want = parse_path(_raw(stem)).to_json(), _truth(stem)
    for field in ("agency", "report_year", "published_on", "template"):
        assert got[field] == want[field], field


def test_missing_cells_of_each_real_report_match_its_truth(stem: str) -> None:
    assert parse_path(_raw(stem)).to_json()["missing"] == _truth(stem)["missing"]


def test_no_rule_fails_on_a_real_report_whose_printed_numbers_add_up(stem: str) -> None:
    report = parse_path(_raw(stem))
    failed = [o for o in report.outcomes if o.status == "fail"]
    assert failed == []


@pytest.mark.parametrize("stem", ["02_huaian_szf_2024_layout", "02_huaian_szf_2024_raw"])
def test_text_extracted_from_a_pdf_is_read_with_full_confidence(stem: str) -> None:
    report = parse_path(_raw(stem))
    assert [(r.table, r.confidence) for r in report.readings] == [
        ("t2_active", "full"), ("t3_requests", "full"), ("t4_review_litigation", "full")]


def test_a_portal_page_is_attributed_to_its_title_not_to_the_body_that_posted_it() -> None:
    report = parse_path(_raw("08_pingtan_2019"))  # 来源：平潭县人民政府; the title: 平潭综合实验区
    assert (report.agency, report.published_on) == ("平潭综合实验区", "2020-01-20")


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_the_real_pdf_as_text_from_every_extractor_users_run_reads_every_cell(extractor: str) -> None:
    if not available(extractor):
        pytest.skip(f"{extractor}: poppler's pdftotext is not installed here")
    text = extract(extractor, _raw("02_huaian_szf_2024").read_bytes())
    report = parse_bytes(text.encode(), f"02_huaian_szf_2024_{extractor}.txt")
    truth = _truth("02_huaian_szf_2024")
    assert_same_cells(report.to_json(), truth)
    assert (report.agency, report.report_year, report.template) == (
        truth["agency"], truth["report_year"], truth["template"])
    assert {r.confidence for r in report.readings} == {"full"}
