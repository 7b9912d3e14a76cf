"""normalize.wareki: every form of issue 4 item 1, peer vectors, and a round-trip over 1873-2100."""
from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.wareki import (
    era_of, eras, find_wareki_spans, fiscal_year, kanji_to_int, parse_timeline, parse_wareki,
    plan_period, published_date, wareki_main,
)

HERE = Path(__file__).resolve().parent


def interval(text, **kw):
    r = parse_wareki(text, reference_year=2021, **kw)
    assert r.error is None, r.error
    return r.start.isoformat(), r.end.isoformat()


def codes(r):
    return [w["code"] for w in r.warnings]


# --- the examples of the issue and the CLI contract -------------------------------------------

@pytest.mark.parametrize("text, start, end, fy", [
    ("令和3年度", "2021-04-01", "2022-03-31", (2021, 2021)),
    ("令和4年度末", "2023-03-31", "2023-03-31", (2022, 2022)),
    ("令和8年3月", "2026-03-01", "2026-03-31", (None, None)),
    ("令和3年度～令和4年度", "2021-04-01", "2023-03-31", (2021, 2022)),
])
def test_issue_examples(text, start, end, fy):
    r = parse_wareki(text)
    assert (r.start.isoformat(), r.end.isoformat()) == (start, end)
    assert (r.fiscal_year_start, r.fiscal_year_end) == fy
    assert r.warnings == [] and r.error is None


def test_cli_prints_one_json_object_per_argument(capsys):
    rc = wareki_main(["令和3年度", "平成32年度", "令和0年"])
    lines = capsys.readouterr().out.splitlines()
    objs = [json.loads(line) for line in lines]
    assert rc == 1  # 令和0年 failed
    assert [list(o) for o in objs] == [["input", "start", "end", "fiscal_year_start", "fiscal_year_end",
                                        "warnings", "error"]] * 3
    assert objs[0] == {"input": "令和3年度", "start": "2021-04-01", "end": "2022-03-31",
                       "fiscal_year_start": 2021, "fiscal_year_end": 2021, "warnings": [], "error": None}
    assert objs[1]["fiscal_year_start"] == 2020 and objs[1]["warnings"][0]["code"] == "era_year_overflow"
    assert objs[2]["start"] is None and "元年" in objs[2]["error"]
    assert "令和" in lines[0]  # ensure_ascii=False


def test_cli_exit_zero_when_all_parse(capsys):
    assert wareki_main(["R3", "平成 31 年度"]) == 0
    capsys.readouterr()


# --- forms -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["令和3年度", "令和３年度", "令和 3 年度", "令和三年度", "R3年度",
                                  "R.3年度", "㋿3年度", "令和\u30003\u3000年度"])
def test_spellings_of_one_fiscal_year(text):
    assert interval(text) == ("2021-04-01", "2022-03-31")


@pytest.mark.parametrize("text, start", [
    ("平成三十一年", "2019-01-01"), ("令和元年", "2019-05-01"), ("平成元年", "1989-01-08"),
    ("昭和58年", "1983-01-01"), ("㍻31年", "2019-01-01"), ("明治6年", "1873-01-01"),
    ("大正15年", "1926-01-01"), ("2021年", "2021-01-01"), ("二〇二一年", "2021-01-01"),
])
def test_calendar_year_starts_at_era_start_in_its_first_year(text, start):
    assert interval(text)[0] == start


def test_abbreviations_without_unit_read_as_fiscal_year():
    for text, fy in [("R3", 2021), ("R.3", 2021), ("H31", 2019), ("S58", 1983), ("R 4", 2022)]:
        r = parse_wareki(text)
        assert r.fiscal_year_start == fy
        assert codes(r) == ["fiscal_year_assumed"]


def test_gengo_year_month_and_full_dates():
    assert interval("令和3年4月1日") == ("2021-04-01", "2021-04-01")
    assert interval("平成31年3月") == ("2019-03-01", "2019-03-31")
    assert interval("令和2年2月") == ("2020-02-01", "2020-02-29")
    assert interval("R3.4.1") == ("2021-04-01", "2021-04-01")
    assert interval("H31.3") == ("2019-03-01", "2019-03-31")
    assert interval("2021/4/1") == ("2021-04-01", "2021-04-01")
    assert interval("令和3年度1月") == ("2022-01-01", "2022-01-31")  # January of FY2021
    assert interval("令和4年3月末") == ("2022-03-31", "2022-03-31")
    assert interval("令和4年末") == ("2022-12-31", "2022-12-31")


def test_lists_and_ranges():
    assert interval("平成31・32年度") == ("2019-04-01", "2021-03-31")
    assert interval("平成 24・26 年度") == ("2012-04-01", "2015-03-31")
    assert interval("令和3～4年度") == ("2021-04-01", "2023-03-31")
    assert interval("令和3年度〜令和4年度") == ("2021-04-01", "2023-03-31")
    assert interval("令和3年度から令和4年度まで") == ("2021-04-01", "2023-03-31")
    assert interval("令和3年度-5年度") == ("2021-04-01", "2024-03-31")
    assert interval("R4-R7") == ("2022-04-01", "2026-03-31")
    assert interval("令和8年～令和12年") == ("2026-01-01", "2030-12-31")
    assert interval("令和3年4月～令和4年3月") == ("2021-04-01", "2022-03-31")
    r = parse_wareki("R4-R7")
    assert (r.fiscal_year_start, r.fiscal_year_end) == (2022, 2025)


def test_range_ending_before_it_starts_is_rejected():
    r = parse_wareki("令和5年度～令和3年度")
    assert r.start is None and "より前です" in r.error


def test_years_past_an_era_end_are_accepted_with_a_warning():
    r = parse_wareki("平成32年度")
    assert (r.fiscal_year_start, r.start.isoformat()) == (2020, "2020-04-01")
    assert codes(r) == ["era_year_overflow"]
    assert "令和2年度" in r.warnings[0]["message"]
    assert codes(parse_wareki("平成31年度")) == []  # FY2019 began under 平成
    assert codes(parse_wareki("平成31年5月1日")) == ["era_year_overflow"]
    assert codes(parse_wareki("昭和64年度")) == ["era_year_overflow"]


@pytest.mark.parametrize("text, fragment", [
    ("令和0年", "0年はありません"), ("令和0年度", "0年はありません"),
    ("令和3年2月30日", "2月30日という日はありません"), ("令和3年13月", "13月という月はありません"),
    ("平成31年2月29日", "2019年2月は28日まで"), ("令和", "日付がありません"),
    ("来年度", "日付がありません"), ("玲和元年", "知られた元号がなく"),
])
def test_impossible_dates_are_rejected_with_a_clear_message(text, fragment):
    r = parse_wareki(text)
    assert r.start is None and r.end is None
    assert fragment in r.error


def test_far_future_era_year_is_valid_but_suspicious():
    r = parse_wareki("令和99年度", reference_year=2021)
    assert r.fiscal_year_start == 2117 and r.error is None
    assert codes(r) == ["suspicious_year"]
    assert codes(parse_wareki("令和9年度", reference_year=2021)) == []


def test_leap_day_in_a_leap_year():
    assert interval("令和2年2月29日") == ("2020-02-29", "2020-02-29")


# --- era carry-over and the bracketed Gregorian year ----------------------------------------

def test_timeline_carries_the_era_and_checks_the_bracket():
    rows = ["昭和 42 年(1967 年)4 月\t外部計算センターへのコンピュータ委託処理(税計算処理)",
            "55 年(1980 年)4 月\tコンピュータ導入の研究を開始",
            "61 年(1986 年)4 月\t財務会計オンラインシステム稼動",
            "平成元年(1989 年)3 月\t汎用コンピュータを F-M730/8A に更改",
            "4 年(1992 年)3 月\t汎用コンピュータを F-M740/10 に更改",
            "24年(2012年)10月\tメール配信サービス「よめーる」に変更"]
    got = [r.start.isoformat() for r in parse_timeline(rows)]
    assert got == ["1967-04-01", "1980-04-01", "1986-04-01", "1989-03-01", "1992-03-01", "2012-10-01"]
    assert all(not r.warnings for r in parse_timeline(rows))


def test_bracket_names_the_era_when_none_is_in_scope():
    r = parse_wareki("55 年(1980 年)4 月")
    assert (r.start.isoformat(), r.era) == ("1980-04-01", "昭和")


def test_bracket_disagreeing_with_the_era_is_warned_and_wins():
    r = parse_wareki("昭和 56 年(1980 年)4 月")
    assert r.start.isoformat() == "1980-04-01"
    assert codes(r) == ["gregorian_mismatch"]


def test_era_hint_for_an_eraless_year():
    assert parse_wareki("31年度", era_hint="平成").fiscal_year_start == 2019
    assert parse_wareki("31年度").error is not None


# --- helpers for parsers ------------------------------------------------------------------------

def test_fiscal_year_of_schedule_headers():
    assert fiscal_year("令和3年度") == (2021, [])
    assert fiscal_year("令和３年度") == (2021, [])
    fy, warns = fiscal_year("平成 32 年度")
    assert fy == 2020 and [w["code"] for w in warns] == ["era_year_overflow"]
    assert fiscal_year("R4") == (2022, [])
    assert fiscal_year("2021年度") == (2021, [])
    assert fiscal_year("備考")[0] is None


def test_plan_period():
    assert plan_period("計画期間：平成31・32年度")[:2] == (2019, 2020)
    assert plan_period("本計画は、令和3年度から令和4年度までの2年間を計画期間とします。")[:2] == (2021, 2022)
    start, end, warns = plan_period("令和8年～令和12年")
    assert (start, end) == (2026, 2030) and warns[-1]["code"] == "plan_period_calendar_years"
    assert plan_period("2021年度～2025年度")[:2] == (2021, 2025)


def test_published_date_keeps_printed_precision():
    assert published_date("平成31年3月")[0] == "2019-03"
    assert published_date("令和3年4月1日")[0] == "2021-04-01"
    assert published_date("令和8年3月")[0] == "2026-03"
    assert published_date("令和3年")[0] == "2021"
    assert published_date("未定")[0] is None


def test_find_spans_in_a_kpi_sentence_keeps_original_offsets():
    text = "令和４年度末までにオープンデータ公開件数 120 件を達成 （令和元年度 113 件）"
    spans = find_wareki_spans(text)
    assert [s.text for s in spans] == ["令和４年度末", "令和元年度"]
    assert text[spans[1].start:spans[1].end] == "令和元年度"
    assert spans[0].result.end.isoformat() == "2023-03-31"
    assert spans[1].result.fiscal_year_start == 2019


def test_durations_and_counts_are_not_dates():
    assert find_wareki_spans("5年間で1人、2年毎に見直し、10件") == []
    assert find_wareki_spans("平成20年代の行政") == []


def test_era_carries_within_one_text():
    spans = find_wareki_spans("平成30年度に更新し、31年度に拡充")
    assert [s.result.fiscal_year_start for s in spans] == [2018, 2019]


def test_kanji_numerals():
    assert [kanji_to_int(s) for s in ["三十一", "二〇二一", "元", "十", "百二", "１２"]] == [31, 2021, 1, 10, 102, 12]
    assert kanji_to_int("十百") is None and kanji_to_int("四万") is None


# --- seeds: every era expression printed in the three plans parses --------------------------

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def test_every_dated_expression_in_the_seeds_parses():
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed plans not found under {SHARED / 'seeds'}")
    n = 0
    for path in seeds:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for span in find_wareki_spans(line):
                n += 1
                assert span.result.ok, f"{path.name}:{lineno}: {span.text}: {span.result.error}"
                assert 1960 <= span.result.start.year <= 2031, f"{path.name}:{lineno}: {span.text}"
    assert n > 300


# --- peer vectors ---------------------------------------------------------------------------

def _peer_vectors():
    with open(HERE / "data" / "peer_vectors.tsv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


PEER = _peer_vectors()


@pytest.mark.parametrize("v", PEER, ids=[f"{i}:{v['input']}" for i, v in enumerate(PEER)])
def test_peer_vector(v):
    kind, exp, inp = v["kind"], v["expected"], v["input"]
    if kind == "number":
        assert kanji_to_int(inp) == (None if exp == "error" else int(exp))
        return
    r = parse_wareki(inp, reference_year=2024)
    if kind in ("error", "out_of_scope"):
        assert r.start is None and r.error, f"{inp} should be rejected, got {r.start}"
        return
    assert r.error is None, r.error
    if kind == "year":
        assert r.start.year == int(exp)
    elif kind in ("date", "differs"):
        assert r.start.isoformat() == exp and r.end.isoformat() == exp
    elif kind == "start":
        assert r.start.isoformat() == exp
    elif kind == "month":
        assert r.start.isoformat()[:7] == exp and r.end.isoformat()[:7] == exp
    else:
        raise AssertionError(f"unknown kind {kind}")
    if v["warning"]:
        assert v["warning"] in codes(r)
    else:
        assert codes(r) == [], r.warnings


def test_peer_vector_counts():
    by_kind = {}
    for v in PEER:
        by_kind[v["kind"]] = by_kind.get(v["kind"], 0) + 1
    assert len(PEER) >= 200 and by_kind["out_of_scope"] < 30


# --- property: every day 1873-2100 written in wareki parses back to itself -------------------

_K = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]


def _kanji(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _K[tens] + "十")) + _K[ones]


_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def _style(d: date, k: int) -> str:
    """Day d written in wareki style k (0-7)."""
    e = era_of(d)
    y = d.year - e.start.year + 1
    gy = "元" if y == 1 else str(y)
    if k == 0:
        return f"{e.name}{gy}年{d.month}月{d.day}日"
    if k == 1:
        return f"{e.name}{y}年{d.month:02d}月{d.day:02d}日"
    if k == 2:
        return f"{e.name} {y} 年 {d.month} 月 {d.day} 日"
    if k == 3:
        return f"{e.name}{'元' if y == 1 else _kanji(y)}年{_kanji(d.month)}月{_kanji(d.day)}日"
    if k == 4:
        return f"{e.name}{y}年{d.month}月{d.day}日".translate(_FW)
    if k == 5:
        return f"{e.letters[0]}{y}.{d.month}.{d.day}"
    if k == 6:
        return f"{e.letters[0]}.{y:02d}/{d.month:02d}/{d.day:02d}"
    return f"{e.kanji}{y}年{d.month}月{d.day}日"


def _styles(d: date) -> list[str]:
    return [_style(d, k) for k in range(8)]


FIRST, LAST = date(1873, 1, 1), date(2100, 12, 31)


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=FIRST, max_value=LAST))
def test_property_any_day_in_every_style_parses_back(d):
    for text in _styles(d):
        r = parse_wareki(text, reference_year=2100)
        assert r.error is None, f"{text}: {r.error}"
        assert (r.start, r.end) == (d, d), text
        assert r.warnings == [], (text, r.warnings)


def test_every_day_1873_to_2100_parses_back():
    """Deterministic sweep: all 83,220 days, the style rotating day by day so that each of the eight
    styles meets every month, day and era; then every era boundary in all styles."""
    d, i = FIRST, 0
    while d <= LAST:
        text = _style(d, i % 8)
        r = parse_wareki(text, reference_year=2100)
        assert (r.start, r.end) == (d, d), text
        assert r.warnings == [], (text, r.warnings)
        d += timedelta(days=1)
        i += 1
    for e in eras()[1:]:
        for day in (e.start - timedelta(days=1), e.start):
            for text in _styles(day):
                assert parse_wareki(text, reference_year=2100).start == day, text


# --- further printed forms --------------------------------------------------------------------

def test_open_ended_ranges_leave_the_end_empty():
    for text in ("令和5年度～", "令和3年度以降", "令和３年度から"):
        r = parse_wareki(text)
        assert r.start.isoformat()[:4] in ("2021", "2023") and r.end is None and r.fiscal_year_end is None
        assert codes(r) == ["open_ended"]
    assert parse_wareki("令和3年度から開始").end.isoformat() == "2022-03-31"  # a deadline sentence
    assert plan_period("令和5年度～")[:2] == (2023, None)


def test_era_and_gregorian_side_by_side_name_one_interval():
    assert interval("平成31年度（2019年度）") == ("2019-04-01", "2020-03-31")
    r = parse_wareki("2019年（平成31年）")
    assert (r.start.isoformat(), r.end.isoformat(), codes(r)) == ("2019-01-01", "2019-12-31", [])
    assert interval("令和3年（2021年）4月1日") == ("2021-04-01", "2021-04-01")


def test_two_separate_dates_span_both_with_a_warning():
    r = parse_wareki("令和元年度及び令和2年度")
    assert (r.fiscal_year_start, r.fiscal_year_end) == (2019, 2020)
    assert codes(r) == ["multiple_dates"]


def test_more_abbreviations_and_ranges():
    assert interval("R元年度") == ("2019-04-01", "2020-03-31")
    assert interval("H.31.3.31") == ("2019-03-31", "2019-03-31")
    assert interval("R4～R7年度") == ("2022-04-01", "2026-03-31")
    assert interval("2021年4月～2022年3月") == ("2021-04-01", "2022-03-31")
    assert interval("2020年度末") == ("2021-03-31", "2021-03-31")
    assert codes(parse_wareki("R4-R7")) == ["fiscal_year_assumed"]  # one warning for the range


def test_letter_before_a_word_is_not_an_era():
    assert parse_wareki("S3ストレージ").error is not None
    assert find_wareki_spans("JIS X 8341-３：2016 の適合レベル AA") == []


def test_dates_before_an_era_began_are_warned():
    assert codes(parse_wareki("令和元年4月30日")) == ["era_before_start"]
    assert codes(parse_wareki("昭和64年1月8日")) == ["era_year_overflow"]


def test_every_fiscal_year_1873_to_2100_in_header_styles():
    """Both eras a fiscal year straddles name it (平成31年度 = 令和元年度 = 2019)."""
    for fy in range(1873, 2101):
        for day in (date(fy, 4, 1), date(fy + 1, 3, 31)):
            e = era_of(day)
            y = fy - e.start.year + 1
            if y < 1:
                continue  # 令和0年度 does not exist: FY2018 ended before 令和
            for label in (f"{e.name}{'元' if y == 1 else y}年度", f"{e.name} {y} 年度", f"{e.letters[0]}{y}",
                          f"{e.letters[0]}{y}年度", f"{e.name}{_kanji(y) if y > 1 else '元'}年度"):
                got, warns = fiscal_year(label, reference_year=2100)
                assert got == fy, label
                assert warns == [], (label, warns)


def test_range_whose_right_side_is_only_a_month():
    assert interval("令和3年4月～9月") == ("2021-04-01", "2021-09-30")
    assert interval("令和3年10月～3月") == ("2021-10-01", "2022-03-31")  # crosses the new year
    assert interval("令和3年4月1日～6月30日") == ("2021-04-01", "2021-06-30")
    assert "13月という月はありません" in parse_wareki("令和3年4月～13月").error


_ALPHABET = "明治大正昭和平成令和元年度末月日〇一二三四五六七八九十百千0123456789０１２ RSHMT.・～〜-からまで()（）㍻㋿"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=24))
def test_any_text_gives_a_result_or_a_message_never_an_exception(text):
    r = parse_wareki(text)
    assert (r.error is None) == (r.start is not None)
    if r.start and r.end:
        assert r.start <= r.end
    assert isinstance(r.to_json(), dict)


def test_whole_timeline_of_seed_002_carries_era_year_and_date():
    from .seeds import seed_lines

    lines = seed_lines("002")
    start = lines.index("年月日\t経緯") + 1
    end = lines.index("第9次四街道市情報化推進計画", start)
    rows = [l for l in lines[start:end] if l.strip() and not l.startswith("年月日\t経緯")]
    results = parse_timeline(rows)
    assert len(rows) > 200
    carried = [r.input for r in results if r.warnings]
    assert all(not r.input.startswith(("\t", " ")) and r.warnings[0]["code"] == "timeline_date_carried"
               for r in results if r.warnings) and len(carried) == 8, carried
    assert all(r.ok for r in results), [r.input for r in results if not r.ok][:3]
    starts = [r.start for r in results]
    assert starts == sorted(starts)  # a chronology never goes back
    def month_of(phrase):
        return next(r.start.isoformat()[:7] for r in results if phrase in r.input)

    assert month_of("外部計算センター") == "1967-04"
    assert month_of("電算事務研究会発足") == "1980-12"          # 12 月 under 55 年(1980 年)4 月
    assert month_of("イントラネット用サーバ室整備") == "2002-03"  # empty date cell under 3月
    assert month_of("F-M730/8A") == "1989-03"
    assert month_of("戸籍システム再構築") == "2017-01"
