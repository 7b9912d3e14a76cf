"""Japanese era dates (和暦) and fiscal years (年度) -> Gregorian intervals.

One grammar covers every form printed in municipal plans (see ../shared/spec/DOMAIN.md):
eras 明治..令和 from data/eras.toml, 元年, kanji numerals (令和三年), full-width digits,
spaces inside (平成 31 年度), abbreviations (R3, R.3, H31, 令5年, ㍻ ㋿ via NFKC), 年 vs 年度,
年度末 / 年末 / 月末, year-month and full dates, slash dates (R5/10/30, H31.3.31), year lists
(平成31・32年度), ranges (～ 〜 - から...まで, R4-R7, 令和3～4年度), a bracketed Gregorian year
(55 年(1980 年)4 月) that names or cross-checks the era, and era carry-over down a timeline.

Every result is an interval [start, end] of dates plus the fiscal years when the text denotes
fiscal years. Odd-but-printed values (平成32年度) are accepted with a warning; impossible ones
(令和0年, 2月30日, 13月) give an error message and no dates.
"""
from __future__ import annotations

import calendar
import json
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import regex

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class WarekiSettings:
    """Tolerances in one place."""
    # A year this far past the reference year (today, or the plan's year) is suspicious.
    suspicious_years_ahead: int = 30
    # Dates before this day were printed in the lunisolar calendar (明治5年12月2日 = 1872-12-31).
    gregorian_adoption: date = date(1873, 1, 1)


SETTINGS = WarekiSettings()


@dataclass(frozen=True)
class Era:
    name: str
    start: date
    end: date | None  # last day, None for the current era
    letters: tuple[str, ...]
    kanji: str
    romaji: tuple[str, ...]

    def gregorian(self, year: int) -> int:
        return self.start.year + year - 1

    @property
    def last_year(self) -> int | None:
        return None if self.end is None else self.end.year - self.start.year + 1


@lru_cache(maxsize=1)
def eras() -> tuple[Era, ...]:
    raw = tomllib.loads((_DATA / "eras.toml").read_text(encoding="utf-8"))["era"]
    starts = [date.fromisoformat(e["start"]) for e in raw]
    out = []
    for i, e in enumerate(raw):
        end = starts[i + 1] - timedelta(days=1) if i + 1 < len(raw) else None
        out.append(Era(e["name"], starts[i], end, tuple(e.get("letters", ())),
                       e.get("kanji", ""), tuple(e.get("romaji", ()))))
    return tuple(out)


def era_current_on(text: str, published: str | None) -> bool:
    """True when an era named in `text` (平成32年度 ...) had not ended yet on `published` (ISO
    date of any precision, the plan's own publication): printing 平成38年度 in a plan of 2018 is
    how years past the era were written then, not an overflow."""
    if not published or not regex.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
        return False
    parts = [int(x) for x in published.split("-")] + [1, 1]
    on = date(parts[0], parts[1], parts[2])
    named = [e for e in eras() if e.end is not None and e.name in text]
    return bool(named) and all(on <= e.end for e in named)


def era_by_name(name: str) -> Era | None:
    for e in eras():
        if name == e.name or name.rstrip(".") in e.letters or name == e.kanji or name in e.romaji:
            return e
    return None


def era_of(d: date) -> Era:
    """The era in force on day d (d on or after 明治's start)."""
    found = eras()[0]
    for e in eras():
        if d >= e.start:
            found = e
    return found


# --- kanji numerals --------------------------------------------------------------------------

_KDIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KUNIT = {"十": 10, "百": 100, "千": 1000}
_KCHARS = "".join(_KDIGIT) + "".join(_KUNIT)


def kanji_to_int(s: str) -> int | None:
    """'三十一' -> 31, '二〇二一' -> 2021, '二千百四十六' -> 2146, '元' -> 1, '12' -> 12."""
    s = unicodedata.normalize("NFKC", s).strip()
    if s == "元":
        return 1
    if s.isascii() and s.isdigit():
        return int(s)
    if not s or any(c not in _KDIGIT and c not in _KUNIT for c in s):
        return None
    if not any(c in _KUNIT for c in s):  # positional: 二〇二一
        return int("".join(str(_KDIGIT[c]) for c in s))
    total, cur, last_unit = 0, None, 10_000
    for c in s:
        if c in _KDIGIT:
            if cur is not None:
                return None  # two digits in a row inside a multiplicative numeral
            cur = _KDIGIT[c]
        else:
            unit = _KUNIT[c]
            if unit >= last_unit:
                return None  # 十百: units must decrease
            total += (1 if cur is None else cur) * unit
            cur, last_unit = None, unit
    return total + (cur or 0)


# --- grammar ---------------------------------------------------------------------------------

def _era_alternatives() -> str:
    names = "|".join(regex.escape(e.name) for e in eras())
    letters = "".join(sorted({l for e in eras() for l in e.letters}))
    kanji = "".join(e.kanji for e in eras() if e.kanji)
    return (rf"(?:{names}"
            rf"|(?<![A-Za-z0-9])[{letters}]\.?(?=\s*(?:\d|元))"
            rf"|(?<![\p{{Han}}\p{{Katakana}}])[{kanji}](?=\d))")


_YEARNUM = rf"(?:\d{{1,4}}|[{_KCHARS}]{{1,7}}|元)"
_MD = r"(?:\d{1,2}|[〇一二三四五六七八九十]{1,3})"
_GREG = r"(?:18|19|20|21)\d\d"  # Gregorian years a plan can mean; JIS X 8341-3 is no date
_SEP = r"(?:[～〜~\-−‐―–—ー]|から)"


def _point(p: str, era: str) -> str:
    return (
        r"(?:"
        # 令和3年度 / 平成31・32年度 / 昭和 42 年(1967 年)4 月 / 令和4年度末 / 2021年4月1日
        rf"(?:(?P<{p}era>{era})\s*)?"
        rf"(?P<{p}y>{_YEARNUM}(?:\s*[・,、･]\s*{_YEARNUM})*)\s*"
        rf"(?P<{p}unit>年度|年(?![間齢代次生金数]))"
        rf"(?:\s*[(（]\s*(?P<{p}g>\d{{4}})\s*年?度?\s*[)）])?"
        rf"(?:\s*(?P<{p}m>{_MD})\s*月(?![間数]))?"
        rf"(?:\s*(?P<{p}d>{_MD})\s*日)?"
        rf"(?:\s*(?P<{p}end>末))?"
        # R3 / H31.3.31 / R5/10/30 / 令和3 (a range's left side: 令和3～4年度)
        rf"|(?P<{p}sera>{era})\s*(?P<{p}sy>\d{{1,2}}|元)"
        rf"(?:\s*[./]\s*(?P<{p}sm>\d{{1,2}})(?:\s*[./]\s*(?P<{p}sd>\d{{1,2}}))?)?(?![\d年A-Za-z\p{{Katakana}}ー])"
        # 2021/4/1, 2021-04-01, 2021.4
        rf"|(?<![\d.,\-])(?P<{p}gy>{_GREG})\s*[/.](?P<{p}gm>1[0-2]|0?[1-9])"
        rf"(?:\s*[/.](?P<{p}gd>\d{{1,2}}))?(?![\d.,])"
        rf"|(?<![\d.,\-])(?P<{p}gy>{_GREG})-(?P<{p}gm>1[0-2]|0[1-9])-(?P<{p}gd>[0-3]\d)(?![\d.,\-])"
        r")"
    )


@lru_cache(maxsize=1)
def _expr() -> regex.Pattern:
    era = _era_alternatives()
    return regex.compile(
        rf"(?P<a>{_point('a_', era)})"
        rf"(?:\s*(?P<sep>{_SEP})\s*(?P<b>{_point('b_', era)}"
        # 令和3年4月～9月: the right side gives only a month (and day)
        rf"|(?P<b_mo>{_MD})\s*月(?![間数])(?:\s*(?P<b_md>{_MD})\s*日)?(?:\s*(?P<b_mend>末))?)(?:\s*まで)?)?"
    )


_MONTHS_EN = {m: i for i, m in enumerate(calendar.month_name) if m}


@lru_cache(maxsize=1)
def _english() -> regex.Pattern:
    names = "|".join(regex.escape(r) for e in eras() for r in e.romaji)
    months = "|".join(_MONTHS_EN)
    return regex.compile(rf"^\s*(?P<era>{names})\s+(?P<y>\d{{1,2}})"
                         rf"(?:\s*,\s*(?P<m>{months})\s+(?P<d>\d{{1,2}}))?\s*$", regex.I)


# --- results ---------------------------------------------------------------------------------

def warning(code: str, message: str) -> dict:
    return {"code": code, "message": message}


@dataclass
class WarekiResult:
    input: str
    start: date | None = None
    end: date | None = None
    fiscal_year_start: int | None = None
    fiscal_year_end: int | None = None
    warnings: list[dict] = field(default_factory=list)
    error: str | None = None
    era: str | None = None        # era used (for carry-over down a timeline)
    precision: str | None = None  # "day" | "month" | "year" | "fiscal_year" of the start point

    @property
    def ok(self) -> bool:
        return self.error is None and self.start is not None

    def to_json(self) -> dict:
        return {
            "input": self.input,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "fiscal_year_start": self.fiscal_year_start,
            "fiscal_year_end": self.fiscal_year_end,
            "warnings": self.warnings,
            "error": self.error,
        }


class WarekiError(ValueError):
    pass


@dataclass
class _Point:
    era: Era | None
    years: list[int]
    unit: str | None  # "fy" | "cy" | None (not printed)
    month: int | None = None
    day: int | None = None
    end_of: bool = False
    bracket: int | None = None
    text: str = ""


def _num(s: str | None, what: str, text: str) -> int | None:
    if s is None:
        return None
    n = kanji_to_int(s)
    if n is None:
        raise WarekiError(f"{text}: {what}「{s}」を数として読めません")
    return n


_LIST_SEP = regex.compile(r"[・,、･]")


def _point_from(m: regex.Match, g: dict, p: str) -> _Point | None:
    text = m.group(p[0])
    if g[p + "y"] is not None:
        era = era_by_name(g[p + "era"]) if g[p + "era"] else None
        years = [_num(y.strip(), "年", text) for y in _LIST_SEP.split(g[p + "y"])]
        return _Point(era, years, "fy" if g[p + "unit"] == "年度" else "cy",
                      _num(g[p + "m"], "月", text), _num(g[p + "d"], "日", text),
                      bool(g[p + "end"]), int(g[p + "g"]) if g[p + "g"] else None, text)
    if g[p + "sy"] is not None:
        sm = g[p + "sm"]
        return _Point(era_by_name(g[p + "sera"]), [_num(g[p + "sy"], "年", text)],
                      "cy" if sm else None, int(sm) if sm else None,
                      int(g[p + "sd"]) if g[p + "sd"] else None, text=text)
    if g[p + "gy"] is not None:
        return _Point(None, [int(g[p + "gy"])], "cy", int(g[p + "gm"]),
                      int(g[p + "gd"]) if g[p + "gd"] else None, text=text)
    return None


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _fy_label(fy: int) -> str:
    """FY2020 -> 令和2年度 (the era in force on its first day)."""
    e = era_of(date(fy, 4, 1))
    return f"{e.name}{fy - e.start.year + 1}年度"


class _Resolved:
    def __init__(self, start: date, end: date, fy: tuple[int, int] | None, era: Era | None, precision: str):
        self.start, self.end, self.fy, self.era, self.precision = start, end, fy, era, precision


def _gregorian_years(pt: _Point, era_hint: Era | None, warns: list[dict]) -> tuple[list[int], Era | None]:
    """Era-relative years -> Gregorian, choosing the era from the text, the bracket or the hint."""
    text = pt.text
    if any(y == 0 for y in pt.years) and (pt.era or era_hint or max(pt.years) < 1000):
        era_name = (pt.era or era_hint).name if (pt.era or era_hint) else ""
        raise WarekiError(f"{text}: 元号に0年はありません（最初の年は{era_name}元年）")
    era = pt.era
    if era is None and pt.years[0] >= 1000:
        if max(pt.years) > 9998:
            raise WarekiError(f"{text}: {max(pt.years)}年は日付として扱える範囲を超えています")
        return pt.years, None  # Gregorian already
    if era is None and pt.bracket is not None:
        # 55 年(1980 年)4 月: the bracket tells which era the year belongs to.
        fitting = [e for e in eras() if e.gregorian(pt.years[0]) == pt.bracket]
        if era_hint is not None and era_hint in fitting:
            era = era_hint
        elif fitting:
            era = fitting[0]
            if era_hint is not None:
                warns.append(warning("era_inferred", f"{text}: 括弧内の西暦 {pt.bracket} から元号を{era.name}と"
                                                     f"判断しました（表の元号は{era_hint.name}）"))
    if era is None:
        era = era_hint
    if era is None:
        raise WarekiError(f"{text}: {pt.years[0]}年の元号がありません（令和{pt.years[0]}年のように書いてください）")
    greg = [era.gregorian(y) for y in pt.years]
    if max(greg) > 9998:
        raise WarekiError(f"{text}: {era.name}{max(pt.years)}年（{max(greg)}年）は日付として扱える範囲を超えています")
    if pt.bracket is not None and pt.bracket != greg[0]:
        warns.append(warning("gregorian_mismatch", f"{text}: {era.name}{pt.years[0]}年は{greg[0]}年ですが、"
                                                   f"横に{pt.bracket}と印字されているため{pt.bracket}年としました"))
        greg = [pt.bracket + (g - greg[0]) for g in greg]
    if any(b <= a for a, b in zip(greg, greg[1:])):
        warns.append(warning("list_not_ascending", f"{text}: 列挙された年が昇順ではありません"))
    return greg, era


def _resolve(pt: _Point, era_hint: Era | None, unit_default: str | None, warns: list[dict]) -> _Resolved:
    greg, era = _gregorian_years(pt, era_hint, warns)
    unit = pt.unit or unit_default
    if unit is None:
        unit = "fy"
        warns.append(warning("fiscal_year_assumed", f"{pt.text}: 「年」「年度」の印字がないため年度として読みました"))
    text = pt.text
    first, last = greg[0], greg[-1]
    if pt.month is not None:
        if not 1 <= pt.month <= 12:
            raise WarekiError(f"{text}: {pt.month}月という月はありません")
        cal = (lambda y: y if pt.month >= 4 else y + 1) if unit == "fy" else (lambda y: y)
        y0, y1 = cal(first), cal(last)
        if pt.day is not None:
            try:
                start, end = date(y0, pt.month, pt.day), date(y1, pt.month, pt.day)
            except ValueError:
                days = calendar.monthrange(y0, pt.month)[1]
                raise WarekiError(f"{text}: {pt.month}月{pt.day}日という日はありません"
                                  f"（{y0}年{pt.month}月は{days}日まで）") from None
            precision = "day"
        elif pt.end_of:
            start = end = _last_day(y1, pt.month)
            precision = "day"
        else:
            start, end, precision = date(y0, pt.month, 1), _last_day(y1, pt.month), "month"
        fy = None
    elif pt.day is not None:
        raise WarekiError(f"{text}: 日だけが印字されていて月がありません")
    elif unit == "fy":
        start, end = date(first, 4, 1), date(last + 1, 3, 31)
        if pt.end_of:  # 年度末: the last day of the fiscal year
            start = end
        fy, precision = (first, last), ("day" if pt.end_of else "fiscal_year")
    else:
        start, end = date(first, 1, 1), date(last, 12, 31)
        if pt.end_of:
            start = end
        elif era is not None and pt.era is not None and first == era.start.year:
            start = era.start  # 令和元年 begins on 2019-05-01; the era's end is not clipped (plans predate it)
        fy, precision = None, ("day" if pt.end_of else "year")
    _era_checks(pt, era, start, end, unit, fy, warns)
    return _Resolved(start, end, fy, era, precision)


def _era_checks(pt: _Point, era: Era | None, start: date, end: date, unit: str,
                fy: tuple[int, int] | None, warns: list[dict]) -> None:
    text = pt.text
    if era is not None and era.end is not None and end > era.end and (
            start > era.end or (pt.unit and max(pt.years) > era.last_year)):
        if fy is not None:
            now = "・".join(_fy_label(y) for y in range(fy[0], fy[1] + 1) if date(y, 4, 1) > era.end)
            what = f"{fy[0]}" + (f"〜{fy[1]}" if fy[1] != fy[0] else "") + f"年度（{now}）"
        else:
            what = start.isoformat() if pt.month else f"{start.year}年"
        warns.append(warning("era_year_overflow",
                             f"{text}を{what}として読みました（{era.name}は{era.end.isoformat()}まで）"))
    if era is not None and end < era.start:
        warns.append(warning("era_before_start",
                             f"{text}: {era.name}の始まり（{era.start.isoformat()}）より前です。{start.isoformat()}として読みました"))
    if pt.month is not None and start < SETTINGS.gregorian_adoption:
        warns.append(warning("lunisolar_date", f"{text}: 1873年より前の日付は旧暦で印字されています。"
                                               f"月日は新暦として読みました"))


def _resolve_match(m: regex.Match, g: dict, era_hint: Era | None, reference_year: int | None,
                   warns: list[dict]) -> _Resolved:
    a = _point_from(m, g, "a_")
    b = _point_from(m, g, "b_") if g["b"] and not g["b_mo"] else None
    if g["b_mo"]:
        ra = _resolve(a, era_hint, None, warns)
        if a.month is None:
            raise WarekiError(f"{m.group(0)}: 期間の終わりには月があるのに始まりにはありません")
        month, day = _num(m.group("b_mo"), "月", m.group(0)), _num(m.group("b_md"), "日", m.group(0))
        if not 1 <= month <= 12:
            raise WarekiError(f"{m.group(0)}: {month}月という月はありません")
        year = ra.start.year + (1 if month < ra.start.month else 0)
        try:
            end = date(year, month, day) if day else _last_day(year, month)
        except ValueError:
            raise WarekiError(f"{m.group(0)}: {month}月{day}日という日はありません") from None
        res = _Resolved(ra.start, end, None, ra.era, ra.precision)
    elif b is None:
        res = _resolve(a, era_hint, None, warns)
    else:
        unit = a.unit or b.unit
        ra = _resolve(a, era_hint, b.unit, warns)
        if b.era is None and b.years[0] < 1000 and a.era is not None:
            b.era = a.era  # 令和3年度～4年度: the right side keeps the left side's era
        rb = _resolve(b, ra.era or era_hint, unit, warns)
        if rb.end < ra.start:
            raise WarekiError(f"{m.group(0)}: 期間の終わり（{rb.end.isoformat()}）が始まり"
                              f"（{ra.start.isoformat()}）より前です")
        fy = (ra.fy[0], rb.fy[1]) if ra.fy and rb.fy else None
        res = _Resolved(ra.start, rb.end, fy, rb.era or ra.era, ra.precision)
    assumed = [w for w in warns if w["code"] == "fiscal_year_assumed"]
    if len(assumed) > 1:  # R4-R7: one warning for the range
        for w in assumed[1:]:
            warns.remove(w)
        assumed[0]["message"] = f"{m.group(0)}: 「年」「年度」の印字がないため年度として読みました"
    ref = reference_year or date.today().year
    if res.end.year > ref + SETTINGS.suspicious_years_ahead:
        warns.append(warning("suspicious_year", f"{m.group(0)}: {res.end.year}年は{ref}年より"
                                                f"{SETTINGS.suspicious_years_ahead}年以上先です"))
    return res


# --- text scanning ---------------------------------------------------------------------------

def _nfkc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFKC per character, remembering where each output character came from."""
    out, origin = [], []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        out.append(n)
        origin.extend([i] * len(n))
    origin.append(len(text))
    return "".join(out), origin


# 令和2年元月 / 令和2年1月元日: 元 only numbers years.
_UNREADABLE_AFTER = regex.compile(r"\s*元\s*[月日]")


@dataclass
class WarekiSpan:
    start: int  # offsets into the original text
    end: int
    text: str
    result: WarekiResult


def _is_date_like(g: dict, carried: bool) -> bool:
    """Reject bare numbers such as '5年' (5 years) unless an era is in scope and the form is a date."""
    if g["a_y"] is None:
        return True
    if g["a_era"] or g["a_g"]:
        return True
    first = kanji_to_int(_LIST_SEP.split(g["a_y"])[0].strip())
    if first is not None and first >= 1000:
        return True
    return carried and (g["a_unit"] == "年度" or g["a_m"] is not None)


def find_wareki_spans(text: str, *, era_hint: str | None = None,
                      reference_year: int | None = None) -> list[WarekiSpan]:
    """Every date expression inside a longer text (KPI targets, timelines, body text).

    An era printed once carries to later eras-less years in the same text (平成30年度に...、31年度に).
    """
    norm, origin = _nfkc_with_offsets(text)
    hint = era_by_name(era_hint) if era_hint else None
    spans = []
    for m in _expr().finditer(norm):
        g = m.groupdict()
        if not _is_date_like(g, hint is not None):
            continue
        raw = text[origin[m.start()]:origin[m.end() - 1] + 1]
        res = WarekiResult(input=raw)
        try:
            bad = _UNREADABLE_AFTER.match(norm, m.end())
            if bad:
                raise WarekiError(f"{raw}{bad.group(0)}: 「{bad.group(0).strip()}」は月・日の数として読めません")
            r = _resolve_match(m, g, hint, reference_year, res.warnings)
        except WarekiError as exc:
            res.error = str(exc)
        else:
            res.start, res.end, res.era, res.precision = r.start, r.end, r.era.name if r.era else None, r.precision
            if r.fy:
                res.fiscal_year_start, res.fiscal_year_end = r.fy
            if r.era is not None:
                hint = r.era
        spans.append(WarekiSpan(origin[m.start()], origin[m.end() - 1] + 1, raw, res))
    return spans


_OPEN_END = regex.compile(r"\s*(?:[～〜~\-−]|以降|以後|から|より)\s*[、。]?\s*$")


def _no_date_message(text: str) -> str:
    if "年" in text:
        known = " ".join(e.name for e in eras())
        letters = " ".join(l for e in eras() for l in e.letters)
        return (f"「{text}」に日付がありません: 年の前に知られた元号がなく（元号: {known}、"
                f"略記: {letters}）、4桁の西暦もありません")
    return f"「{text}」に日付がありません"


def parse_wareki(text: str, *, era_hint: str | None = None,
                 reference_year: int | None = None) -> WarekiResult:
    """The interval denoted by a date expression (the text may carry words around it)."""
    res = WarekiResult(input=text)
    m = _english().match(unicodedata.normalize("NFKC", text))
    if m:
        return _parse_english(text, m)
    spans = find_wareki_spans(text, era_hint=era_hint, reference_year=reference_year)
    good = [s.result for s in spans if s.result.ok]
    if not good:
        res.error = spans[0].result.error if spans else _no_date_message(text)
        for s in spans:
            res.warnings.extend(s.result.warnings)
        return res
    for s in spans:
        res.warnings.extend(s.result.warnings)
    first = good[0]
    res.start, res.end = min(r.start for r in good), max(r.end for r in good)
    res.era, res.precision = good[-1].era, first.precision
    if all(r.fiscal_year_start is not None for r in good):
        res.fiscal_year_start = min(r.fiscal_year_start for r in good)
        res.fiscal_year_end = max(r.fiscal_year_end for r in good)
    if len({(r.start, r.end) for r in good}) > 1:  # 2019年（平成31年） names one year twice
        res.warnings.append(warning("multiple_dates", f"{text}: 日付が{len(good)}つあります。"
                                                      f"すべてを含む期間としました"))
    last = [sp for sp in spans if sp.result.ok][-1]
    if _OPEN_END.match(text, last.end):  # 令和5年度～ / 令和3年度以降: no end printed
        res.end, res.fiscal_year_end = None, None
        res.warnings.append(warning("open_ended", f"{text}: 終わりの印字がないため終了は空欄です"))
    bad = [s.result for s in spans if not s.result.ok]
    for r in bad:
        res.warnings.append(warning("date_rejected", r.error))
    return res


def _parse_english(text: str, m: regex.Match) -> WarekiResult:
    """'Reiwa 5, October 30' (jpdatetime's %E form): era, year, optional month day."""
    res = WarekiResult(input=text)
    era = next(e for e in eras() if m["era"].lower() in (r.lower() for r in e.romaji))
    y = era.gregorian(int(m["y"]))
    if int(m["y"]) == 0:
        res.error = f"{text}: 元号に0年はありません"
        return res
    if m["m"]:
        month = _MONTHS_EN[m["m"].capitalize()]
        try:
            res.start = res.end = date(y, month, int(m["d"]))
        except ValueError:
            res.error = f"{text}: そのような日はありません"
            return res
        res.precision = "day"
        if res.start < SETTINGS.gregorian_adoption:
            res.warnings.append(warning("lunisolar_date", f"{text}: 1873年より前の日付は旧暦で印字されています。"
                                                          f"月日は新暦として読みました"))
    else:
        res.start, res.end, res.precision = max(date(y, 1, 1), era.start), date(y, 12, 31), "year"
    res.era = era.name
    return res


# --- helpers for the parsers -----------------------------------------------------------------

_LEADING_MONTH = regex.compile(rf"^\s*(?P<m>{_MD})\s*月(?:\s*(?P<d>{_MD})\s*日)?")


def parse_timeline(entries: list[str], *, era_hint: str | None = None) -> list[WarekiResult]:
    """Dates leading each entry of a chronology (the first tab-separated cell when there is one),
    carried down the way such tables print them: the era (昭和 42 年..., then 55 年(1980 年)4 月),
    the year (a row of only 12 月) and the whole date (a row whose date cell is empty)."""
    out: list[WarekiResult] = []
    era, prev = era_hint, None
    for entry in entries:
        lead = entry.split("\t", 1)[0]
        spans = [s for s in find_wareki_spans(lead, era_hint=era) if not lead[:s.start].strip()]
        month = _LEADING_MONTH.match(lead)
        if spans:
            res = spans[0].result
        elif month and prev is not None and prev.ok:
            res = parse_wareki(f"{prev.start.year}年{month.group(0).strip()}")
            res.era = prev.era
        elif prev is not None and prev.ok:  # empty date cell: same date as the row above
            res = WarekiResult(input=entry, start=prev.start, end=prev.end, era=prev.era,
                               precision=prev.precision)
            if lead.strip():  # a row with no date cell at all (a dump lost its leading tab)
                res.warnings.append(warning("timeline_date_carried",
                                            f"「{entry[:30]}」: 日付の印字がないため上の行の日付を使いました"))
        else:
            res = WarekiResult(input=entry, error=f"「{entry[:30]}」: 行の先頭に日付がありません")
        res.input = entry
        if res.era:
            era = res.era
        if res.ok:
            prev = res
        out.append(res)
    return out


def fiscal_year(label: str, *, reference_year: int | None = None,
                era_hint: str | None = None) -> tuple[int | None, list[dict]]:
    """Fiscal year of a schedule header: 令和3年度 -> 2021, 平成 32 年度 -> 2020 (warned), R4 -> 2022;
    8年度 -> 2026 with era_hint 令和 (the era printed in the column before)."""
    res = parse_wareki(label, era_hint=era_hint, reference_year=reference_year)
    warns = [w for w in res.warnings if w["code"] != "fiscal_year_assumed"]
    if not res.ok:
        return None, warns + [warning("fiscal_year_unreadable", f"年度の見出し「{label}」を読めません（{res.error}）")]
    if res.fiscal_year_start is not None:
        return res.fiscal_year_start, warns
    return res.start.year, warns  # 令和3年 in a year header: the plan's year columns


def plan_period(text: str) -> tuple[int | None, int | None, list[dict]]:
    """First and last fiscal year of a plan period (計画期間：平成31・32年度, 令和8年～令和12年)."""
    res = parse_wareki(text)
    warns = [w for w in res.warnings if w["code"] not in ("fiscal_year_assumed", "multiple_dates")]
    if not res.ok:
        return None, None, warns + [warning("plan_period_unreadable", f"計画期間「{text}」を読めません（{res.error}）")]
    if res.fiscal_year_start is not None:
        return res.fiscal_year_start, res.fiscal_year_end, warns
    warns.append(warning("plan_period_calendar_years",
                         f"「{text}」: 計画期間が暦年（年）で印字されているため年度として読みました"))
    return res.start.year, res.end.year, warns


def published_date(text: str) -> tuple[str | None, list[dict]]:
    """Publication date with the precision printed: 平成31年3月 -> '2019-03', 令和3年4月1日 -> '2021-04-01'."""
    res = parse_wareki(text)
    if not res.ok:
        return None, res.warnings + [warning("published_unreadable", f"公表日「{text}」を読めません（{res.error}）")]
    if res.precision == "day":
        return res.start.isoformat(), res.warnings
    if res.precision == "month":
        return res.start.isoformat()[:7], res.warnings
    return str(res.start.year), res.warnings


def wareki_main(argv: list[str]) -> int:
    """`plan-extract wareki TEXT...`: one JSON object per argument, exit 1 if any failed."""
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: plan-extract wareki TEXT...\n"
              "Prints {input, start, end, fiscal_year_start, fiscal_year_end, warnings, error} per TEXT.\n"
              "\nexamples:\n"
              "  plan-extract wareki 令和3年度          -> fiscal_year_start 2021\n"
              "  plan-extract wareki 平成31・32年度 R4-R7 H30.4.1\n"
              "\nexit status: 0 every TEXT read; 1 a TEXT could not be read; 2 no TEXT given",
              file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    if argv[0].startswith("--"):
        print(f"plan-extract wareki: unknown option {argv[0]} (see plan-extract wareki --help)",
              file=sys.stderr)
        return 2
    failed = False
    for text in argv:
        res = parse_wareki(text)
        failed |= not res.ok
        print(json.dumps(res.to_json(), ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(wareki_main(sys.argv[1:]))
