"""KPI tables: rows of indicator | 現状値 (2014年度) | 目標値 (2019年度), printed under a 施策
(◎施策の目標, 成果指標). 総合戦略, 行動計画 and 経営戦略 use them as much as IT plans.

is_kpi_header() recognizes the header row; parse_kpi_table() turns the rows under it into KPI
records, with the base and target years taken from the header when printed there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from extract.ir import Row, Table
from extract.parsers.common import Collector, source_of
from extract.structure.patterns import YEAR_IN_TEXT
from extract.structure.vocabulary import label_key, vocabulary
from normalize.numbers import parse_baseline, parse_quantity
from normalize.text import clean_text
from normalize.wareki import fiscal_year
from schemas.models import KPI

# Header words: the kpi context of extract/structure/vocabulary.toml.
_WORDS = vocabulary().field_forms("kpi")
BASELINE_WORDS = tuple(label_key(w) for w in _WORDS["baseline"])
TARGET_WORDS = tuple(label_key(w) for w in _WORDS["target"])
INDICATOR_WORDS = tuple(label_key(w) for w in _WORDS["indicator"])
_YEAR_IN_HEADER = YEAR_IN_TEXT
# The second row of a two-row header: only bracketed years under 現状値 / 目標値 ((令和5年度)).
_YEAR_QUALIFIER = regex.compile(r"^[(（]?\s*(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)|\d{4})\s*年度?(?:末)?\s*[)）]?$")
_EMPTY_VALUE = regex.compile(r"^[-－―‐─ー−]*$")


@dataclass
class KpiColumns:
    indicator: int
    baseline: Optional[int]
    target: int
    baseline_fy: Optional[int]
    target_fy: Optional[int]


def _find(cells, words) -> Optional[int]:
    for c in cells:
        t = label_key(c.text)
        if any(t.startswith(w) for w in words):
            return c.col
    return None


def _header_year(text: str, warnings: Optional[list[dict]] = None) -> Optional[int]:
    m = _YEAR_IN_HEADER.search(text.replace("\n", ""))
    if not m:
        return None
    fy, warns = fiscal_year(m.group(0) if "年" in m.group(0) else m.group(0) + "年度")
    if warnings is not None:
        warnings.extend(warns)
    return fy


def kpi_columns(row: Row, warnings: Optional[list[dict]] = None) -> Optional[KpiColumns]:
    """The columns of a KPI table when `row` is its header, else None (year warnings, such as
    平成32年度 past its era, are added to `warnings`)."""
    if row.table is None:
        return None
    cells = [c for c in row.cells if c.text]
    target = _find(cells, TARGET_WORDS)
    baseline = _find(cells, BASELINE_WORDS)
    if target is None or baseline is None:
        return None
    ind = _find(cells, INDICATOR_WORDS)
    if ind is None:
        ind = min(c.col for c in row.cells)
    by_col = {c.col: c.text for c in cells}
    return KpiColumns(ind, baseline, target, _header_year(by_col.get(baseline, ""), warnings),
                      _header_year(by_col.get(target, ""), warnings))


def is_kpi_header(row: Row) -> bool:
    return kpi_columns(row) is not None


def _cell_at(row: Row, col: Optional[int]) -> str:
    if col is None:
        return ""
    for c in row.cells:
        if col in c.cols:
            return clean_text(c.text.replace("\n", ""))
    return ""


def _year_row(row: Row, cols: KpiColumns) -> bool:
    """The second row of a two-row header: no indicator, a bracketed year under the target (and
    the baseline) column, nothing else."""
    texts = [label_key(c.text) for c in row.cells if c.text]
    return (not _cell_at(row, cols.indicator) and bool(texts)
            and bool(_cell_at(row, cols.target)) and all(_YEAR_QUALIFIER.match(t) for t in texts))


def parse_kpi_table(table: Table, header_index: int, out: Collector,
                    stop: Callable[[Row], bool] = lambda row: False) -> tuple[list[KPI], list[Row]]:
    """KPIs of the rows under the header, up to the table's end or the first row `stop` accepts
    (a card label inside the same tab-separated block); also the rows consumed."""
    header = table.rows[header_index]
    year_warnings: list[dict] = []
    cols = kpi_columns(header, year_warnings)
    for w in year_warnings:
        out.warn(w["code"], w["message"], source_of(header))
    kpis: list[KPI] = []
    used = [header]
    if cols is None:
        return kpis, used
    body = table.rows[header_index + 1:]
    if body and _year_row(body[0], cols):
        # a two-row header: 現状値 | 目標値 over (令和5年度) | (令和10年度)
        cols.baseline_fy = cols.baseline_fy or _header_year(_cell_at(body[0], cols.baseline), year_warnings)
        cols.target_fy = cols.target_fy or _header_year(_cell_at(body[0], cols.target), year_warnings)
        for w in year_warnings:
            out.warn(w["code"], w["message"], source_of(body[0]))
        used.append(body[0])
        body = body[1:]
    for row in body:
        if stop(row) or not row.text:
            break
        used.append(row)
        indicator = _cell_at(row, cols.indicator)
        if not indicator or kpi_columns(row):
            continue
        base_text = _cell_at(row, cols.baseline) or None
        target_text = _cell_at(row, cols.target) or None
        base = parse_baseline(base_text) if base_text and not _EMPTY_VALUE.match(base_text) else {}
        t_value, t_unit = (parse_quantity(target_text) if target_text
                           and not _EMPTY_VALUE.match(target_text) else (None, None))
        if target_text and t_value is None and not _EMPTY_VALUE.match(target_text):
            out.warn("kpi_target_not_numeric",
                     f"KPI「{indicator}」: 目標「{target_text}」に数値がありません", source_of(row))
        kpis.append(KPI(
            indicator=indicator, target_text=target_text, target_value=t_value, target_unit=t_unit,
            target_date=f"{cols.target_fy + 1}-03-31" if cols.target_fy and t_value is not None else None,
            baseline_text=base_text, baseline_value=base.get("baseline_value"),
            baseline_fiscal_year=base.get("baseline_fiscal_year") or (
                cols.baseline_fy if base.get("baseline_value") is not None else None)))
    return kpis, used
