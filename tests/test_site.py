"""The static site: an overview and a page per agency, built by the pipeline, readable offline.

Built from the seeds by the same materialization `make run` and `make report` run; then opened
in a real headless browser (Chromium, driven by Playwright), where one can be had.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.config import DB_NAME
from pipelines.correct import main as correct
from tests.conftest import RAW, run_pipeline

HENGYANG = "衡阳市人民政府办公室"  # seed 003: 24 requests received in 2022


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(RAW, data / "raw")
    run_pipeline(data / "raw", data / "warehouse")
    return data


def _agency_page(data: Path, name: str) -> Path:
    with duckdb.connect(str(data / "warehouse" / DB_NAME), read_only=True) as con:
        (agency_id,) = con.sql(f"select agency_id from dim_agency where canonical_name = '{name}'").fetchall()[0]
    return data / "site" / "agencies" / f"{agency_id}.html"


def _specs(page: Path) -> list[dict]:
    """The chart specs a page draws, as the page carries them."""
    return [json.loads(s.replace("<\\/", "</"))
            for s in re.findall(r'vegaEmbed\("#[\w-]+", (\{.*?\}), \{"actions"', page.read_text(encoding="utf-8"))]


def test_the_site_has_an_overview_and_a_page_per_agency_that_need_nothing_from_the_network(site: Path) -> None:
    index = (site / "site" / "index.html").read_text(encoding="utf-8")
    pages = sorted((site / "site" / "agencies").glob("*.html"))
    assert len(pages) == 5 and (site / "site" / "assets" / "vega.js").stat().st_size > 100_000
    assert 'id="total-reports">5<' in index and 'id="total-agencies">5<' in index
    for page in [site / "site" / "index.html", *pages]:
        assert not re.search(r'(src|href)="https?://', page.read_text(encoding="utf-8")), page


def test_an_agency_page_charts_its_numbers_and_links_its_source_file(site: Path) -> None:
    page = _agency_page(site, HENGYANG)
    received = next(s for s in _specs(page) if s["title"] == "申请数量")
    values = [r["value"] for r in received["data"]["values"] if r["measure"] == "新收申请"]
    assert values == [24]
    link = re.search(r'<a href="([^"]+)">003_37b5b8939bab6174.txt</a>', page.read_text(encoding="utf-8"))[1]
    assert (page.parent / link).resolve() == (site / "raw" / "003_37b5b8939bab6174.txt").resolve()


def test_a_correction_changes_the_agency_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RAW, tmp_path / "raw")
    monkeypatch.setenv("DISCLOSURE_DATA_DIR", str(tmp_path))
    run_pipeline(tmp_path / "raw", tmp_path / "warehouse")
    assert correct(["cell", "003_37b5b8939bab6174.txt", "t3_requests/new_received/total", "25",
                    "--by", "reviewer", "--why", "the PDF prints 25"]) == 0
    run_pipeline(tmp_path / "raw", tmp_path / "warehouse")
    page = _agency_page(tmp_path, HENGYANG)
    received = next(s for s in _specs(page) if s["title"] == "申请数量")
    assert [r["value"] for r in received["data"]["values"] if r["measure"] == "新收申请"] == [25]
    assert "t3_balance" in page.read_text(encoding="utf-8")  # the rule it now fails, with the evidence


def _browser():
    """Chromium through Playwright, or a skip saying what is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make setup installs it)")
    executable = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if executable is None:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` (CI installs it) to run the browser test")
    return sync_api, executable


def test_the_pages_render_their_charts_and_numbers_in_a_real_browser(site: Path) -> None:
    sync_api, executable = _browser()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((site / "site" / "index.html").as_uri())
            page.wait_for_selector("#chart-reports svg .mark-rect path", timeout=20_000)
            assert page.inner_text("#total-reports") == "5"
            assert page.locator("#chart-reports svg .mark-rect path").count() == 5  # a bar per year and province
            assert page.locator("#checks tr").count() == 8  # the header and the seven rules
            page.click(f"#agencies a:text('{HENGYANG}')")
            page.wait_for_selector("#chart-1 svg .mark-symbol path", timeout=20_000)  # a point per year
            assert page.inner_text("#agency-name") == HENGYANG
            assert page.locator(".chart svg").count() == 3
            assert "2022" in page.inner_text("#chart-1")  # the year on the axis
            assert not errors, errors
        finally:
            browser.close()
