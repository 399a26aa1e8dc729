"""Realistic, consistent values for a whole report, in the golden JSON format.

Most bodies report a handful of requests and a few report thousands (a heavy-tailed draw); every
invariant of the spec holds by construction: outcomes add up to the total handled, columns add up
to the total column, new + carried over = handled + carried forward, table 4 totals add up.
"""

from __future__ import annotations

import math
import random

from pipelines.templates import Template, template_for_year

PLACES = ["卫辉市", "无锡市滨湖区", "安泽县", "衡阳市", "忻州市", "杭州市西湖区", "成都市武侯区", "南京市鼓楼区",
          "洛阳市", "赣州市", "遵义市", "保定市", "临沂市", "绵阳市", "常德市", "大理州", "榆林市", "昆山市",
          "义乌市", "晋江市", "长沙县", "平遥县", "婺源县", "广州市天河区", "深圳市南山区", "厦门市思明区",
          "济南市历下区", "郑州市金水区", "西安市雁塔区", "兰州市城关区", "呼和浩特市", "银川市", "拉萨市",
          "海口市", "桂林市", "柳州市", "宜昌市", "襄阳市", "芜湖市", "蚌埠市"]
BODIES = ["人民政府", "人民政府办公室", "发展和改革委员会", "教育局", "公安局", "民政局", "财政局",
          "人力资源和社会保障局",
          "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
          "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "信访局", "司法局",
          "退役军人事务局", "城市管理局", "文化和旅游局"]
# Reports per year in the corpus: the 2019 form for 2019-2020, the 2021 form after.
YEARS = {2019: 0.12, 2020: 0.16, 2021: 0.18, 2022: 0.18, 2023: 0.18, 2024: 0.18}
T3_COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
OUTCOMES_2021 = ["granted", "partially_granted", "denied_state_secret", "denied_law_prohibited",
                 "denied_three_safety", "denied_third_party", "denied_internal_affairs", "denied_process_info",
                 "denied_enforcement_file", "denied_query_matter", "unavailable_not_held",
                 "unavailable_needs_creation", "unavailable_unclear", "not_processed_petition",
                 "not_processed_duplicate", "not_processed_publication", "not_processed_excessive",
                 "not_processed_confirmation"]
# How requests tend to end: most are granted or the information is not held.
OUTCOME_WEIGHTS = {"granted": 40, "partially_granted": 10, "unavailable_not_held": 20, "not_processed_petition": 5,
                   "not_processed_duplicate": 4, "unavailable_unclear": 3, "denied_process_info": 2}


def heavy_tail(rng: random.Random, median: float, cap: int = 50000) -> int:
    """A lognormal count: mostly small, sometimes thousands."""
    if median <= 0:
        return 0
    if rng.random() < 0.15:
        return 0
    return max(0, min(cap, int(rng.lognormvariate(math.log(median + 1), 1.4)) - 1))


def _split(rng: random.Random, total: int, keys: list[str], weights: dict[str, float]) -> dict[str, int]:
    out = dict.fromkeys(keys, 0)
    if total <= 0:
        return out
    w = [weights.get(k, 0.3) for k in keys]
    for k in rng.choices(keys, weights=w, k=min(total, 200)):
        out[k] += 1
    # large totals: scale the sampled shape up and give the remainder to the commonest outcome
    if total > 200:
        scaled = {k: v * total // 200 for k, v in out.items()}
        scaled[max(scaled, key=lambda k: scaled[k])] += total - sum(scaled.values())
        out = scaled
    return out


def t3_values(rng: random.Random, template: Template, carried_over: dict[str, int] | None) -> dict:
    outcomes = list(OUTCOMES_2021) + (["other_handling"] if template.code == "gov_2019" else
                                      ["other_overdue_correction", "other_overdue_fee", "other_misc"])
    scale = rng.choice([0, 1, 2, 3, 5, 8, 15, 30, 80, 300, 1500])
    rows: dict[str, dict[str, int]] = {r: {} for r in ["new_received", "carried_over", *outcomes,
                                                          "total_handled", "carried_forward"]}
    for col in T3_COLS:
        median = scale if col == "natural_person" else (scale / 10 if rng.random() < 0.3 else 0)
        new = heavy_tail(rng, median)
        prev = (carried_over or {}).get(col, heavy_tail(rng, median / 10) if rng.random() < 0.2 else 0)
        forward = rng.randint(0, (new + prev) // 10) if new + prev else 0
        handled = new + prev - forward
        split = _split(rng, handled, outcomes, OUTCOME_WEIGHTS)
        rows["new_received"][col], rows["carried_over"][col] = new, prev
        rows["total_handled"][col], rows["carried_forward"][col] = handled, forward
        for k, v in split.items():
            rows[k][col] = v
    for r in rows.values():
        r["total"] = sum(r[c] for c in T3_COLS)
    order = [row.code for row in template.tables["t3_requests"].data_rows if row.code in rows]
    return {k: {c: rows[k][c] for c in [*T3_COLS, "total"]} for k in order}


def t2_values(rng: random.Random, template: Template) -> dict:
    out: dict[str, dict] = {}
    spec = template.tables["t2_active"]
    for row in spec.data_rows:
        vals: dict[str, int | float] = {}
        for col in spec.columns_of(row):
            if col.unit == "万元":
                vals[col.code] = round(rng.choice([0, 0, rng.uniform(0.5, 50), rng.uniform(50, 20000)]), 4)
            elif col.code == "change":
                vals[col.code] = rng.choice([0, 0, 0, rng.randint(-5, 5)])
            elif col.code == "decisions":
                vals[col.code] = heavy_tail(rng, rng.choice([0, 5, 50, 500, 5000]), cap=500000)
            else:
                vals[col.code] = heavy_tail(rng, rng.choice([0, 1, 3, 10, 60]))
        out[row.code or ""] = vals
    return out


def t4_values(rng: random.Random, template: Template) -> dict:
    spec = template.tables["t4_review_litigation"]
    out = {}
    for p in spec.rows:
        parts = {o: (rng.choice([0, 0, 0, 1, 2, rng.randint(0, 30)]) if rng.random() < 0.4 else 0)
                 for o in ("upheld", "corrected", "other", "pending")}
        out[p.code or ""] = {**parts, "total": sum(parts.values())}
    return out


def report_values(rng: random.Random, agency: str, year: int, carried_over: dict[str, int] | None = None) -> dict:
    """One report's metadata and cells, every invariant holding."""
    template = template_for_year(year)
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    return {
        "agency": agency, "report_year": year, "published_on": f"{year + 1}-{month:02d}-{day:02d}",
        "template": template.code,
        "t2_active": t2_values(rng, template),
        "t3_requests": t3_values(rng, template, carried_over),
        "t4_review_litigation": t4_values(rng, template),
    }


def pick_year(rng: random.Random) -> int:
    return rng.choices(list(YEARS), weights=list(YEARS.values()))[0]


def pick_agency(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(BODIES)
