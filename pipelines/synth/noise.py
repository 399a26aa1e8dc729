"""The mess real reports carry, each kind switchable and recorded with the report.

`Printer` prints labels and values with the noise a report was given; `apply_to_truth` makes the
changes that alter what a correct reading is (blank cells instead of zeros, words after numbers).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

NOISES = ("label_typos", "split_labels", "missing_headings", "values_next_line", "blank_cells",
          "fullwidth_digits", "thousands", "money_yuan", "number_notes", "spam", "page_breaks",
          "signature_only_agency", "web_debris", "subtotal_column", "unruled_tables", "prose_mismatch")
TEXT_LAYOUTS = ("markdown", "inline_pipes", "cell_per_line", "tabbed", "aligned", "bare_cells")
FILE_LAYOUTS = ("html", "html_word", "docx", "pdf")
# The generated PDF as text extractors make it (see `extract`): -layout keeps positions, the
# others print a row's cells parted by single spaces.
EXTRACTED_LAYOUTS = ("pdftotext_layout", "pdftotext_raw", "pdfplumber_text", "pdfium_text")
LAYOUTS = TEXT_LAYOUTS + FILE_LAYOUTS + EXTRACTED_LAYOUTS
# Noise a layout cannot show: a layout without cell borders or positions loses blank cells (a
# blank cell prints nothing, and no arithmetic tells which zero it was); page furniture and rows
# split over lines exist only where text was pasted.
NOT_IN = {
    "blank_cells": {"bare_cells", "pdftotext_raw", "pdfplumber_text", "pdfium_text"},
    "values_next_line": {"cell_per_line", "bare_cells", "aligned", *FILE_LAYOUTS, *EXTRACTED_LAYOUTS},
    "page_breaks": {"bare_cells", *FILE_LAYOUTS, *EXTRACTED_LAYOUTS},
    # full-width digits are two columns wide: the aligned reader works on NFKC-folded text and
    # would lose the columns (a known limitation, see the README)
    "fullwidth_digits": {"aligned", "pdftotext_layout"},
    # a PDF's tables printed without rules (only the PDF as published: its extracted texts are
    # made from the ruled PDF)
    "unruled_tables": set(LAYOUTS) - {"pdf"},
}
# Typos and wordings seen in real reports, by the form's wording.
TYPOS = {
    "1.本机关不掌握相关政府信息": "1.本机关不掌控相关政府信息",
    "3.要求提供公开出版物": "3,要求提供公开出物",
    "5.要求行政机关确认或重新出具已获取信息": "5.要求行政机关确认或重新出具以获取信息",
    "本年废止件数": "本年度止件数",
    "现行有效件数": "现行冇效件数",
    "三、本年度办理结果": "三、本年度办结结果",
    "4.保护第三方合法权益": "4. 保护第三方合法权益",
    "本年新制作数量": "本年新",
    "本年新公开数量": "本年新",
}
SPAM = ("雷速体育,雷速直播", "开云体育官网", "乐鱼体育,乐鱼直播")
_FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def choose_noise(rng: random.Random, layout: str, rate: float = 0.3) -> frozenset[str]:
    return frozenset(n for n in NOISES if layout not in NOT_IN.get(n, ()) and rng.random() < rate)


@dataclass
class Printer:
    """Prints one report's labels and values with its noise."""

    noise: frozenset[str] = frozenset()
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    wrap: str = " "

    def label(self, text: str) -> str:
        if "label_typos" in self.noise and text in TYPOS and self.rng.random() < 0.7:
            text = TYPOS[text]
        if "split_labels" in self.noise and len(text) > 5 and self.rng.random() < 0.4:
            cut = self.rng.randint(2, len(text) - 2)
            text = text[:cut] + self.wrap + text[cut:]
        return text

    def value(self, v: int | float | None, *, money: bool = False, note: str | None = None) -> str:
        if v is None:
            return ""
        if money and "money_yuan" in self.noise:
            yuan = round(v * 10000, 2)
            text = _plain(yuan) + "元"
        else:
            text = _plain(v) + ("万元" if money and self.rng.random() < 0.2 else "")
        if "thousands" in self.noise and abs(v) >= 1000 and not money:
            text = f"{int(v):,}"
        if "fullwidth_digits" in self.noise and self.rng.random() < 0.5:
            text = text.translate(_FULLWIDTH)
        if note:
            text += " " + note
        return text


def _plain(v: int | float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.6f}".rstrip("0").rstrip(".")


def apply_to_truth(doc: dict, noise: frozenset[str], rng: random.Random) -> dict:
    """Blank some zero cells (a blank is not a zero), add the 小计 column, put words after some
    table 4 numbers, misstate a number in the prose."""
    if "blank_cells" in noise:
        for table in ("t2_active", "t3_requests"):
            for row in doc[table].values():
                for col, v in row.items():
                    if v == 0 and rng.random() < 0.15:
                        row[col] = None
    if "subtotal_column" in noise:  # table 3 prints 法人或其他组织 小计 before 总计
        for row in doc["t3_requests"].values():
            orgs = [row.get(c) for c in ("commercial", "research", "social_org", "legal_service", "other_org")]
            row["org_subtotal"] = sum(v or 0 for v in orgs)
    if "prose_mismatch" in noise:  # the prose misstates one number its tables hold
        statement = rng.choice(["requests_received", "requests_handled", "admin_reviews", "lawsuits"])
        doc["prose_mismatch"] = {"statement": statement, "off_by": rng.randint(1, 9)}
    if "number_notes" in noise:
        notes = doc.setdefault("notes", {})
        for proc, row in doc["t4_review_litigation"].items():
            if row.get("other"):
                notes[f"t4_review_litigation/{proc}/other"] = rng.choice(["驳回", "撤诉", "终止"])
    return doc
