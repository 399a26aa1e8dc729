"""Any Chinese encoding a government file comes in reads to the same report."""

from __future__ import annotations

import codecs

import pytest
from conftest import assert_same_cells, golden, seed_path

from pipelines.parsing import parse_bytes
from pipelines.parsing.decode import decode

STEM = "004_ed30aedeb07ca90b"


@pytest.mark.parametrize(("encode", "encoding"), [
    (lambda s: s.encode("gbk"), "gb"),
    (lambda s: s.encode("gb18030"), "gb"),
    (lambda s: s.encode("utf-16"), "utf-16"),
    (lambda s: s.encode("utf-16-le"), "utf-16-le"),
    (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8"),
])
def test_a_seed_saved_in_another_encoding_parses_to_the_same_cells(encode, encoding: str) -> None:
    text = seed_path(STEM).read_text(encoding="utf-8")
    report = parse_bytes(encode(text), "x.txt")
    assert encoding in (report.encoding or "").lower()
    assert_same_cells(report.to_json(), golden(STEM))
    assert report.agency == golden(STEM)["agency"]


def test_utf8_is_recorded_as_utf8() -> None:
    assert decode("一、总体情况".encode()).encoding == "utf-8"
