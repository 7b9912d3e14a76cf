"""normalize.numbers: every KPI, budget and rate value printed in the seeds."""
from __future__ import annotations

import pytest

from normalize.numbers import parse_baseline, parse_budget_jpy, parse_kpi_target, parse_quantity, parse_ratio
from normalize.text import clean_text

from .seeds import kpi_schedules, seed_lines


@pytest.mark.parametrize("text, value, unit", [
    ("10,866,000／年", 10866000, "/年"), ("57.6％", 57.6, "%"), ("150 人／年", 150, "人/年"),
    ("74 人／年", 74, "人/年"), ("120 件", 120, "件"), ("792 千円", 792, "千円"), ("3,000 時間", 3000, "時間"),
    ("１０件", 10, "件"), ("０件", 0, "件"), ("100 台", 100, "台"), ("27 手続", 27, "手続"),
    ("17 業務", 17, "業務"), ("（15 手続）", 15, "手続"), ("年11校", 11, "校/年"), ("5年間で1人", 1, "人"),
    ("150 人 × 240 日 × ５分  ＝ 3,000 時間", 3000, "時間"), ("現在 10 時間 → 導入後５時間", 5, "時間"),
    ("71%", 71, "%"), ("令和元年度 113 件", 113, "件"), ("26", 26, None), ("－", None, None),
])
def test_parse_quantity(text, value, unit):
    assert parse_quantity(text) == ((None if value is None else float(value)), unit)


# 000's KPI target sentences (printed under スケジュール), keyed by their first characters.
KPI_000 = {
    "令和4年度末までにオンライン化済手続数10件": (10, "件", "2023-03-31", None, None),
    "令和4年度末までにマイナポータル": (None, None, "2023-03-31", None, None),
    "令和4年度末までにマイナンバーカード普及率": (57.6, "%", "2023-03-31", None, None),
    "令和3年度に、窓口サービス課": (None, None, "2022-03-31", None, None),
    "令和4年度末までにオープンデータ公開件数": (120, "件", "2023-03-31", 113, 2019),
    "本市WebサイトをJIS規格": (None, None, None, None, None),
    "ホームページページビュー数": (10866000, "/年", None, 9639507, 2019),
    "標準仕様書及び": (None, None, None, None, None),
    "テレワーク環境を整備し": (100, "台", None, None, None),
    "AIを活用した議事録作成": (None, None, None, None, None),
    "令和5年度から運用開始": (None, None, None, None, None),   # a start, not a deadline
    "未準拠の業務システム": (None, None, None, None, None),
    "システム更改時に順次": (None, None, None, None, None),
    "令和3年度:地図情報システム": (None, None, "2022-03-31", None, None),
    "令和3年度:「四街道市情報セキュリティポリシー」": (None, None, "2022-03-31", None, None),
    "サイバー攻撃検知通報件数0件": (0, "件", None, None, None),
    "令和4年度末までに既存クラウド": (None, None, "2023-03-31", None, None),
    "令和4年度末までにeLTAX": (None, None, "2023-03-31", None, None),
    "令和4年度からファイル転送サービス": (None, None, None, None, None),
    "「四街道市情報システム調達基本指針」": (None, None, None, None, None),
    "研修履修人数150人/年": (150, "人/年", None, None, None),
    "研修履修人数74人/年": (74, "人/年", None, None, None),
}


def test_every_kpi_target_sentence_of_seed_000():
    sentences = kpi_schedules()
    assert len(sentences) == len(KPI_000)
    for text in sentences:
        flat = clean_text(text).replace("\n", "")
        key = next((k for k in KPI_000 if flat.startswith(k)), None)
        assert key, f"unexpected KPI sentence {flat!r}"
        got = parse_kpi_target(text)
        want = dict(zip(["target_value", "target_unit", "target_date", "baseline_value",
                         "baseline_fiscal_year"], KPI_000[key]))
        assert {k: got[k] for k in want} == want, flat
        assert got["warnings"] == []


def test_budgets_printed_in_seed_000():
    budgets = [line for line in seed_lines("000") if line.startswith("事業費")]
    assert [parse_budget_jpy(b) for b in budgets] == [792_000, 897_000, 55_607_000]


def test_cost_column_in_thousand_yen_of_seed_003():
    rows = [line.split("\t") for line in seed_lines("003")]
    header = next(r for r in rows if "概算費用 (千円)" in r)
    col = header.index("概算費用 (千円)")
    start = rows.index(header)
    costs = [r[col] for r in rows[start:] if len(r) == len(header) and r[col].strip()
             and r[col] != header[col] and (r[1].strip() == "" or r[1].strip().isdigit())]
    assert len(costs) > 40
    parsed = [parse_budget_jpy(c, unit="千円") for c in costs]
    assert parsed[:3] == [37_500_000, 13_500_000, 15_100_000]
    assert all(p is not None for p, c in zip(parsed, costs) if "*" not in c), costs
    assert parse_budget_jpy("*****", unit="千円") is None
    assert parse_budget_jpy("*1 84,500", unit="千円") == 84_500_000   # footnote mark before the amount
    assert parse_budget_jpy("*23,200", unit="千円") is None           # *2 3,200 or 23,200: unreadable
    assert parse_budget_jpy("*1に含む", unit="千円") is None


def test_online_usage_rates_of_seed_003():
    rows = [line.split("\t") for line in seed_lines("003") if "⇒" in line]
    assert len(rows) == 6
    first = rows[0]
    assert [parse_ratio(first[i]) for i in (2, 4, 5)] == [0.71, 0.75, 0.72]
    assert all(parse_ratio(c) is not None for r in rows for c in (r[2], r[4], r[5]))
    assert parse_ratio("100%") == 1.0


@pytest.mark.parametrize("text, yen", [
    ("792 千円", 792_000), ("1.5億円", 150_000_000), ("30万円", 300_000), ("55,607 千円", 55_607_000),
    ("1億2,000万円", 120_000_000), ("5,000円", 5_000), ("未定", None), ("37,500", None),
])
def test_budget(text, yen):
    assert parse_budget_jpy(text) == yen


def test_baseline_cells():
    assert parse_baseline("113件(令和元年度)") == {"baseline_value": 113, "baseline_unit": "件",
                                                  "baseline_fiscal_year": 2019}
    assert parse_baseline("－")["baseline_value"] is None
    assert parse_baseline("9,639,507／年（令和元年度）")["baseline_value"] == 9_639_507
    assert parse_baseline("年11校")["baseline_unit"] == "校/年"


def test_ratio():
    assert parse_ratio("71%") == 0.71 and parse_ratio("7割") == 0.7 and parse_ratio("0.75") == 0.75
    assert parse_ratio("75") is None and parse_ratio("－") is None


def test_dates_are_not_read_as_quantities():
    assert parse_quantity("令和3年4月1日までに10件") == (10.0, "件")
    assert parse_kpi_target("令和4年度までに5時間")["target_date"] == "2023-03-31"


def test_every_number_with_a_unit_printed_in_the_seeds():
    """Each 'number unit' snippet of the three plans (dates masked) reads back as printed."""
    import re
    import tomllib
    from pathlib import Path

    from normalize.wareki import find_wareki_spans

    units = tomllib.loads((Path(__file__).resolve().parents[2] / "normalize" / "data" / "units.toml")
                          .read_text(encoding="utf-8"))
    counters = sorted(units["counters"] + [m + "円" for m in units["money"]] + ["円", "%"], key=len, reverse=True)
    snippet = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(" + "|".join(map(re.escape, counters))
                         + r")(?:\s*/\s*(年|月|日))?")
    n = 0
    for prefix in ("000", "002", "003"):
        for line in seed_lines(prefix):
            text = clean_text(line)
            for span in reversed(find_wareki_spans(text)):
                text = text[:span.start] + "〓" * (span.end - span.start) + text[span.end:]
            for m in snippet.finditer(text):
                unit = m.group(2) + ("/" + m.group(3) if m.group(3) else "")
                assert parse_quantity(m.group(0)) == (float(m.group(1).replace(",", "")), unit), m.group(0)
                n += 1
    assert n > 100


def test_a_decrease_is_a_negative_amount():
    assert parse_budget_jpy("△ 34,532千円") == -34_532_000
    assert parse_budget_jpy("▲1,000", unit="千円") == -1_000_000


def test_bracketed_baseline_text_is_kept_as_printed():
    got = parse_kpi_target("令和４年度末までにオープンデータ公開件数 120 件を達成 （令和元年度 113 件）")
    assert (got["baseline_text"], got["baseline_value"], got["baseline_fiscal_year"]) == ("令和元年度113件", 113, 2019)
