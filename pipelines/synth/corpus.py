"""A corpus of reports rendered from known values, each with its truth in the golden format.

`generate` yields reports of every layout and format the parser reads, with the noise real
reports carry (each kind switchable, recorded in the truth), some agencies reporting several
years in a row (so carry-overs chain), and a known share with one number made wrong on purpose:
the truth names the cell and the rules it breaks.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass

from pipelines.agencies import identify
from pipelines.agencies.divisions import divisions
from pipelines.invariants import evaluate
from pipelines.model import Cell
from pipelines.synth.extract import EXTRACTORS, available, extract
from pipelines.synth.formats import RENDERERS
from pipelines.synth.noise import LAYOUTS, Printer, apply_to_truth, choose_noise
from pipelines.synth.render import render_text
from pipelines.synth.values import PLACES, pick_agency, pick_year, report_values

EXTENSIONS = {"html": "html", "html_word": "html", "docx": "docx", "pdf": "pdf"}
TOWNS = ["城关镇", "新华街道", "东城街道", "西关镇", "南湖街道", "北山乡", "高新区", "经开区", "河东街道", "临江镇",
         "龙泉镇", "青山乡", "白沙镇", "东湖街道", "花园街道", "石桥镇", "长岭乡", "红星街道", "柳林镇", "梅林街道"]
TOWN_BODIES = ["人民政府", "办事处", "党政办公室", "管理委员会", "综合行政执法局"]


@dataclass(frozen=True, slots=True)
class Generated:
    name: str
    data: bytes
    truth: dict


def failing_rules(doc: dict) -> set[str]:
    """The per-report invariants this report's values break (the warehouse's own evaluator)."""
    cells = (Cell(t, r, c, v, "ok" if v is not None else "blank")
             for t in ("t2_active", "t3_requests", "t4_review_litigation") for r, cols in doc[t].items()
             for c, v in cols.items())
    return {o.rule_id for o in evaluate(cells) if o.status == "fail"}


def break_one(doc: dict, rng: random.Random) -> dict:
    """Make one number of table 3 or 4 wrong; return which cell and which rules now fail."""
    cells = [(t, r, c) for t in ("t3_requests", "t4_review_litigation") for r, cols in doc[t].items()
             for c, v in cols.items() if v is not None]
    while True:
        t, r, c = rng.choice(cells)
        old = doc[t][r][c]
        doc[t][r][c] = old + rng.choice([1, 2, 3, 5, 10])
        rules = failing_rules(doc)
        if rules:
            return {"cell": f"{t}/{r}/{c}", "was": old, "rules": sorted(rules)}
        doc[t][r][c] = old


def with_province(agency: str) -> str:
    """The same body's name with its province in front (洪泽区人民政府 -> 江苏省洪泽区人民政府), as
    some years' reports print it; a name not placed in a division is left as it is."""
    index = divisions()
    place = identify(agency)
    if place.division_code is None:
        return agency
    province = index.chain(index.by_code[place.division_code])["province"].name
    return agency if agency.startswith(province) else province + agency


class _Agencies:
    """Agency names, unique per chain of years, so carry-overs chain only where meant to."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set()

    def new(self) -> str:
        """A county or city body, else a township body (place x town x office), else, once those
        run short (a few thousand names), a numbered community's office: any count of names ends."""
        name = pick_agency(self.rng)
        for _ in range(50):
            if name not in self.used:
                break
            name = self.rng.choice(PLACES) + self.rng.choice(TOWNS) + self.rng.choice(TOWN_BODIES)
        else:
            name = f"{self.rng.choice(PLACES)}{self.rng.choice(TOWNS)}第{len(self.used) + 1}社区办事处"
        self.used.add(name)
        return name


def render(doc: dict, layout: str, printer: Printer) -> bytes:
    if layout in RENDERERS:
        return RENDERERS[layout](doc, printer)
    if layout in EXTRACTORS:  # the PDF, as an extractor turns it into text
        return extract(layout, RENDERERS["pdf"](doc, printer)).encode("utf-8")
    return render_text(doc, layout, printer).encode("utf-8")


def generate(count: int, seed: int, *, broken_share: float = 0.05, noise_rate: float = 0.3,
             layouts: tuple[str, ...] = LAYOUTS) -> Iterator[Generated]:
    """`count` reports with their truths, reproducible from `seed` (layouts whose extractor this
    machine lacks, poppler's, are left out)."""
    layouts = tuple(lay for lay in layouts if lay not in EXTRACTORS or available(lay))
    rng = random.Random(seed)
    agencies = _Agencies(rng)
    previous: dict | None = None
    body = ""  # the name the chain's first report printed: later years may print it another way
    for i in range(count):
        if previous and previous["report_year"] < 2024 and rng.random() < 0.25:
            carried = {c: v or 0 for c, v in previous["t3_requests"]["carried_forward"].items()}
            doc = report_values(rng, body, previous["report_year"] + 1, carried)
            if doc["report_year"] % 2:  # the same body, its name printed with its province
                doc["agency"] = with_province(body)
        else:
            doc = report_values(rng, agencies.new(), pick_year(rng))
            body = doc["agency"]
        layout = layouts[i % len(layouts)] if count >= len(layouts) else rng.choice(layouts)
        noise = choose_noise(rng, layout, noise_rate)
        doc = apply_to_truth(doc, noise, rng)
        clean = copy.deepcopy(doc)
        broken = break_one(doc, rng) if rng.random() < broken_share else None
        # the next year chains on what this agency really carried forward
        previous = clean if broken is None else None
        printer = Printer(noise, random.Random(rng.random()), wrap="\n" if layout == "tabbed" else " ")
        name = f"{i:05d}_{layout}.{EXTENSIONS.get(layout, 'txt')}"
        data = render(doc, layout, printer)
        truth = {"source": name, **doc, "missing": [], "notes": doc.get("notes", {}),
                 "layout": layout, "noise": sorted(noise), "broken": broken}
        yield Generated(name, data, truth)
