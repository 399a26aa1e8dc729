"""What is not a report is refused with a message that says why; nothing else raises."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from conftest import ROOT, seed_path

from pipelines.model import NotAReportError
from pipelines.parsing import parse_bytes

NEWS = "市政府召开常务会议研究部署春耕生产工作\n" * 3 + (
    "会议强调,要抓好粮食生产,确保农业丰收。各部门要密切配合。\n" * 20)
OLD_REPORT = ("某市人民政府2015年政府信息公开工作年度报告\n一、概述\n本年度主动公开信息1200条。\n"
              "二、主动公开政府信息情况\n全年主动公开政府信息1200条,其中通过网站公开1000条。\n") * 3


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(random.Random(7).randrange(256) for _ in range(5000)), "binary|not text|garbled|Chinese"),
    (NEWS.encode(), "not an annual disclosure report"),
    (OLD_REPORT.encode(), "none of the standard tables"),
    (b"hello world, this is English text only\n" * 50, "Chinese"),
])
def test_non_reports_are_refused_with_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotAReportError, match=reason):
        parse_bytes(data, "x.txt")


def test_a_report_missing_a_whole_table_is_kept_with_its_cells_missing() -> None:
    text = seed_path("003_37b5b8939bab6174").read_text(encoding="utf-8")
    cut = text[: text.index("四、政府信息公开行政复议")]
    report = parse_bytes(cut.encode(), "cut.txt")
    t4 = [c for c in report.cells if c.table == "t4_review_litigation"]
    assert len(t4) == 15 and all(c.status == "missing" for c in t4)
    assert any(w.code == "table_not_found" for w in report.warnings)
    assert report.table("t3_requests")["new_received"]["total"] == 24


def test_cli_reports_a_refused_file_as_an_error_line_and_goes_on(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "pipelines.parse", str(empty),
                          str(seed_path("000_64f6c83b9150245c"))], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first == {"source": "empty.txt", "error": "the file is empty"}
    assert second["agency"] == "卫辉市信访局"
    assert "empty.txt: the file is empty" in out.stderr


def test_a_zip_bomb_word_file_is_refused_before_it_is_unpacked() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (120 * 2**20))  # 120 MB of nothing, ~120 KB packed
    assert len(buf.getvalue()) < 2**20
    with pytest.raises(NotAReportError, match=r"unpacks to 120 MB.*zip bomb"):
        parse_bytes(buf.getvalue(), "bomb.docx")


def test_a_pdf_of_thousands_of_pages_is_refused_before_its_pages_are_read() -> None:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for _ in range(3000):
        pdf.drawString(72, 720, "page")
        pdf.showPage()
    pdf.save()
    with pytest.raises(NotAReportError, match="PDF of 3000 pages"):
        parse_bytes(buf.getvalue(), "long.pdf")


def test_a_web_page_nested_200000_deep_is_refused_quickly_before_it_is_parsed() -> None:
    import time

    deep = "<div>" * 200_000 + "政府信息公开工作年度报告" + "</div>" * 200_000
    data = f"<html><body>{deep}</body></html>".encode()
    started = time.perf_counter()
    with pytest.raises(NotAReportError, match=r"nest 2000\d\d deep"):
        parse_bytes(data, "deep.html")
    assert time.perf_counter() - started < 10  # the parser itself would take minutes


def test_a_long_shallow_web_page_with_more_tags_than_the_depth_limit_is_not_refused() -> None:
    from pipelines.parsing.formats.html import nests_deeper_than

    rows = "".join(f"<div><span>第{i}条</span></div>" for i in range(3000))  # 6,000 tags, 2 deep
    assert nests_deeper_than(f"<html><body>{rows}</body></html>", 2000) is None
    assert nests_deeper_than("<div>" * 2001 + "</div>" * 2001, 2000) == 2001
