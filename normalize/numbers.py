"""Numbers and units in KPI, baseline, budget and procedure-metric text (units in data/units.toml).

    parse_quantity("10,866,000／年")      -> (10866000.0, "/年")
    parse_quantity("57.6％")              -> (57.6, "%")
    parse_kpi_target("令和４年度末までにオープンデータ公開件数 120 件を達成 （令和元年度 113 件）")
        -> target 120 件 by 2023-03-31, baseline 113 in fiscal 2019
    parse_budget_jpy("792 千円")          -> 792000
    parse_ratio("71%")                    -> 0.71

Dates are masked before numbers are read, so 令和4年度 or 4月1日 never reads as a quantity.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import regex

from normalize.text import clean_text
from normalize.wareki import find_wareki_spans

_DATA = Path(__file__).resolve().parent / "data"
_UNITS = tomllib.loads((_DATA / "units.toml").read_text(encoding="utf-8"))


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = _UNITS["money"]
_COUNTER = _alt(_UNITS["counters"] + [m + "円" for m in _MULT] + ["円"])
_PERIOD = _alt(_UNITS["periods"])
_PERCENT = _alt(_UNITS["percent"])
_QUANTITY = regex.compile(
    rf"(?P<per>年|毎年|月|毎月)?\s*(?P<num>{_NUMBER})\s*"
    rf"(?:(?P<pct>{_PERCENT})|(?P<counter>{_COUNTER})?\s*(?:/\s*(?P<period>{_PERIOD}))?)"
)
_ONLY_NUMBER = regex.compile(rf"^\s*(?P<num>{_NUMBER})\s*$")
_MONEY = regex.compile(rf"(?:(?:{_NUMBER})\s*(?:{_alt(_MULT)})\s*)+(?:(?:{_NUMBER})\s*)?円|(?:{_NUMBER})\s*円")
_MONEY_TERM = regex.compile(rf"(?P<num>{_NUMBER})\s*(?P<mult>{_alt(_MULT)})?")
_BRACKET = regex.compile(r"\(([^()]*)\)")
_ARROW = regex.compile(r"[→⇒=]|->")
# "*1 84,500": a footnote mark, a space, then the amount ("*23,200" stays unreadable: *2 3,200?).
_FOOTNOTE = regex.compile(r"^[*※]\d*\s+")
_NEGATIVE = regex.compile(r"^\s*(?:[△▲]|-(?=\s*\d))\s*")
_DASH_ONLY = regex.compile(r"^[\s\-~ー・*]*$")


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _mask_dates(s: str) -> str:
    """Replace date expressions by same-length filler so offsets stay valid."""
    for span in reversed(find_wareki_spans(s)):
        s = s[:span.start] + "〓" * (span.end - span.start) + s[span.end:]
    return s


# A length of time (1年間, 3か年, 6ヶ月間, 2週間, 10日間) says how long, not how much.
_DURATION = regex.compile(r"\s*(?:年間|[かヵヶカケ箇][年月]|[かヵヶカケ箇]月間|週間|日間)")


def _quantities(s: str) -> list[tuple[float, str | None, int]]:
    """(value, unit, offset) for every number in s (already cleaned and date-masked); a bare
    number that is a duration (1年間収録し...) is not a quantity."""
    out = []
    for m in _QUANTITY.finditer(s):
        if not m["counter"] and not m["pct"] and _DURATION.match(s, m.end("num")):
            continue
        value = _to_float(m["num"])
        if m["pct"]:
            out.append((value, "%", m.start("num")))
            continue
        unit = m["counter"] or ""
        if m["period"]:
            unit += "/" + m["period"]
        elif m["per"] in ("年", "毎年", "月", "毎月") and unit:
            unit += "/" + m["per"][-1]  # 年11校 -> 校/年
        out.append((value, unit or None, m.start("num")))
    return out


def parse_quantity(text: str) -> tuple[float | None, str | None]:
    """The quantity a text states: the first number with a unit; after an arrow or '=', the one
    it arrives at (現在 10 時間 → 導入後５時間 -> 5 時間; 150 人 × 240 日 × ５分 ＝ 3,000 時間 -> 3000 時間).
    A bare number is returned with unit None; no number -> (None, None)."""
    s = _mask_dates(clean_text(text or ""))
    parts = _ARROW.split(s)
    s = parts[-1] if len(parts) > 1 and _quantities(parts[-1]) else s
    found = _quantities(s)
    with_unit = [q for q in found if q[1]]
    if with_unit:
        return with_unit[0][0], with_unit[0][1]
    m = _ONLY_NUMBER.match(s)
    if m:
        return _to_float(m["num"]), None
    return (found[0][0], None) if len(found) == 1 else (None, None)


def _fiscal_year_in(text: str) -> int | None:
    for span in find_wareki_spans(text):
        r = span.result
        if r.ok:
            return r.fiscal_year_start if r.fiscal_year_start is not None else r.start.year
    return None


def parse_baseline(text: str) -> dict:
    """現状値 cell: '113件(令和元年度)' -> 113, 2019; '－' -> nothing."""
    s = clean_text(text or "")
    out = {"baseline_value": None, "baseline_unit": None, "baseline_fiscal_year": None}
    if _DASH_ONLY.match(s):
        return out
    out["baseline_value"], out["baseline_unit"] = parse_quantity(s)
    out["baseline_fiscal_year"] = _fiscal_year_in(s)
    return out


def _target_date(s: str) -> tuple[str | None, list[dict]]:
    """Deadline of a target sentence: 令和4年度末までに -> 2023-03-31; 令和3年度に -> end of FY2021.
    令和4年度から (where something starts, not when it is due) gives no deadline."""
    for span in find_wareki_spans(s):
        r = span.result
        if not r.ok:
            return None, [{"code": "kpi_date_invalid", "message": r.error}]
        after = s[span.end:span.end + 3]
        if regex.match(r"\s*(から|より|以降)", after):
            return None, r.warnings
        return r.end.isoformat(), r.warnings
    return None, []


def parse_kpi_target(text: str) -> dict:
    """KPI target sentence -> target_value, target_unit, target_date, baseline_value,
    baseline_fiscal_year, warnings. A bracket holding a dated quantity is the baseline
    (（令和元年度 113 件）); other brackets are remarks and are ignored."""
    s = clean_text(text or "")
    out = {"target_value": None, "target_unit": None, "target_date": None, "baseline_text": None,
           "baseline_value": None, "baseline_fiscal_year": None, "warnings": []}
    main = s
    for m in _BRACKET.finditer(s):
        inner = m.group(1)
        value, _unit = parse_quantity(inner)
        if value is not None and (_fiscal_year_in(inner) is not None or regex.search("現状|実績|現在", inner)):
            out["baseline_text"] = inner.strip()
            out["baseline_value"], out["baseline_fiscal_year"] = value, _fiscal_year_in(inner)
        main = main.replace(m.group(0), " ")
    out["target_value"], out["target_unit"] = parse_quantity(main)
    out["target_date"], out["warnings"] = _target_date(main)
    return out


def parse_budget_jpy(text: str, *, unit: str | None = None) -> int | None:
    """事業費 in yen: '792 千円' -> 792000, '1.5億円', '30万円', '1億2,000万円' (summed).
    unit: the column header's unit when the cell has none (概算費用 (千円) with '37,500')."""
    s = _FOOTNOTE.sub("", clean_text(text or ""))
    sign = -1 if _NEGATIVE.match(s) else 1        # △ 34,532 / ▲1,000: a decrease
    s = _NEGATIVE.sub("", s)
    m = _MONEY.search(s)
    if m:
        return sign * round(sum(_to_float(t["num"]) * _MULT.get(t["mult"] or "", 1)
                                for t in _MONEY_TERM.finditer(m.group(0))))
    m = _ONLY_NUMBER.match(s)
    if m and unit and unit.endswith("円") and (unit[:-1] in _MULT or unit == "円"):
        return sign * round(_to_float(m["num"]) * _MULT.get(unit[:-1], 1))
    return None


def parse_ratio(text: str) -> float | None:
    """'71%' -> 0.71, '7割' -> 0.7, '0.75' -> 0.75; anything else -> None."""
    s = clean_text(text or "")
    m = regex.search(rf"(?P<num>{_NUMBER})\s*(?P<sign>{_PERCENT}|割)?", s)
    if not m:
        return None
    value = _to_float(m["num"])
    if m["sign"] == "割":
        return round(value / 10, 10)
    if m["sign"]:
        return round(value / 100, 10)
    return value if value <= 1 else None
