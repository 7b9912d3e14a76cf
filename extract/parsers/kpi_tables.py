"""KPI tables: rows of indicator | 現状値 (2014年度) | 目標値 (2019年度), printed under a 施策
(◎施策の目標, 成果指標). 総合戦略, 行動計画 and 経営戦略 use them as much as IT plans.

The header is the one table header model (extract/structure/header.py) read as recipe "kpi" of
vocabulary.toml: an indicator, a baseline and a target column. is_kpi_header() recognizes the
header row; parse_kpi_table() turns the rows under it into KPI records, with the base and target
years taken from the header (or its second row) when printed there.
"""
from __future__ import annotations

from typing import Callable, Optional

import regex

from extract.ir import Cell, Row, Table
from extract.parsers.common import Collector, source_of
from extract.structure.header import TableHeader, read_table, text_runs, year_of
from extract.structure.patterns import YEAR_QUALIFIER
from extract.structure.vocabulary import label_key
from normalize.numbers import parse_baseline, parse_quantity
from normalize.text import clean_text, join_lines
from schemas.models import KPI

_EMPTY_VALUE = regex.compile(r"^[-－―‐─ー−]*$")
KIND = "kpi"          # the recipe and the vocabulary context of KPI table headers


def kpi_header(row: Row) -> Optional[TableHeader]:
    """The header of a KPI table when `row` is one (a grid row: recipe kpi), else None."""
    if row.table is None:
        return None
    return read_table(row, KIND)


def is_kpi_header(row: Row) -> bool:
    return kpi_header(row) is not None


def _cell_text(row: Row, header: TableHeader, field: str) -> str:
    return clean_text(header.text(row, field).replace("\n", ""))


def _cell_lines(row: Row, header: TableHeader, field: str) -> list[str]:
    """The printed lines of a cell: a value and the note under it (5年間で1組織化 / 卒業生の親で
    希望される方 / ※PTAではない組織), or two steps of one target (1年間収録しDVD化 / 中学校へ配布),
    are lines of their own (the reader joined wrapped lines already); joined with a space they
    stay readable and apart, where run together they would read as one garbled phrase."""
    return [t for t in (clean_text(x) for x in header.text(row, field).split("\n")) if t]


def _target_quantity(lines: list[str]) -> tuple[Optional[float], Optional[str]]:
    """The target is the first printed line stating a quantity; lines under it are notes."""
    for line in lines:
        value, unit = parse_quantity(line)
        if value is not None:
            return value, unit
    return None, None


def _year_row(row: Row, header: TableHeader) -> bool:
    """The second row of a two-row header: no indicator, a bracketed year under the target (and
    the baseline) column, nothing else."""
    texts = [label_key(c.text) for c in row.cells if c.text]
    return (not _cell_text(row, header, "indicator") and bool(texts)
            and bool(_cell_text(row, header, "target"))
            and all(YEAR_QUALIFIER.match(t) for t in texts))


def _warn_years(header: TableHeader, out: Collector) -> None:
    """Years of the value labels read with a warning (平成32年度 past its era)."""
    for f in ("baseline", "target"):
        for w in header.column(f).warnings:
            out.warn(w["code"], w["message"], source_of(header.row))


def parse_kpi_table(table: Table, header_index: int, out: Collector,
                    stop: Callable[[Row], bool] = lambda row: False
                    ) -> tuple[list[KPI], list[Row], TableHeader]:
    """KPIs of the rows under the header, up to the table's end or the first row `stop` accepts
    (a card label inside the same tab-separated block); also the rows consumed and the header
    (for a part of the table cut off by a page break: continue_kpi_table)."""
    header = kpi_header(table.rows[header_index])
    _warn_years(header, out)
    kpis, used = _kpi_body(table.rows[header_index + 1:], header, out, stop)
    return kpis, [header.row] + used, header


def continue_kpi_table(table: Table, header: TableHeader, out: Collector,
                       stop: Callable[[Row], bool] = lambda row: False) -> tuple[list[KPI], list[Row]]:
    """The rows of a table that goes on from a KPI table cut by a page break (a converter makes
    two tables of it), read with the columns of the part above; the header printed again on
    the new page is passed over."""
    rows = table.rows
    used: list[Row] = []
    if rows and is_kpi_header(rows[0]):
        used.append(rows[0])
        rows = rows[1:]
    kpis, body = _kpi_body(rows, header, out, stop)
    return kpis, used + body


def continues_kpi_table(row: Row, header: TableHeader, ncols: int) -> bool:
    """The first row of a table with the KPI table's columns: the header again, or a row with
    an indicator and a target or baseline value."""
    if row.table is None or row.index_in_table != 0 or row.table.ncols != ncols:
        return False
    if is_kpi_header(row):
        return True
    return bool(_cell_text(row, header, "indicator")) and bool(
        _cell_text(row, header, "target") or _cell_text(row, header, "baseline"))


def _kpi_body(body: list[Row], header: TableHeader, out: Collector,
              stop: Callable[[Row], bool]) -> tuple[list[KPI], list[Row]]:
    kpis: list[KPI] = []
    used: list[Row] = []
    if body and _year_row(body[0], header):
        # a two-row header: 現状値 | 目標値 over (令和5年度) | (令和10年度)
        year_warnings: list[dict] = []
        for f in ("baseline", "target"):
            col = header.column(f)
            col.fiscal_year = col.fiscal_year or year_of(
                label_key(_cell_text(body[0], header, f)), year_warnings)
        for w in year_warnings:
            out.warn(w["code"], w["message"], source_of(body[0]))
        used.append(body[0])
        body = body[1:]
    years = _years(header)
    for row in body:
        if stop(row) or not row.text:
            break
        used.append(row)
        indicator = _indicator(row, header)
        if not indicator or is_kpi_header(row):
            continue
        target_lines = _cell_lines(row, header, "target")
        kpis.append(_kpi(indicator, " ".join(_cell_lines(row, header, "baseline")),
                         " ".join(target_lines), years, row, out, target_lines))
    return kpis, used


def _indicator(row: Row, header: TableHeader) -> str:
    """The indicator a body row prints. A card's KPI grid heads both its label column (成果指標)
    and the indicator column (指標名) as indicators; the row fills the second only."""
    text = _cell_text(row, header, "indicator")
    if text:
        return text
    for cell in row.cells:
        col = header.column_of(cell) if cell.text else None
        if col is not None and col.field == "indicator":
            return clean_text(cell.text.replace("\n", ""))
    return ""


def _years(header: TableHeader) -> tuple[Optional[int], Optional[int]]:
    """(baseline, target) fiscal years printed in the header."""
    return header.column("baseline").fiscal_year, header.column("target").fiscal_year


def _kpi(indicator: str, base_text: str, target_text: str,
         years: tuple[Optional[int], Optional[int]], row: Row, out: Collector,
         target_lines: Optional[list[str]] = None) -> KPI:
    """One KPI from the printed cells of its row (empty strings for empty cells); years: the
    header's (baseline, target) fiscal years; target_lines: the target cell's printed lines
    where the reader kept them apart."""
    baseline_fy, target_fy = years
    base_text, target_text = base_text or None, target_text or None
    base = parse_baseline(base_text) if base_text and not _EMPTY_VALUE.match(base_text) else {}
    t_value, t_unit = (_target_quantity(target_lines or [target_text]) if target_text
                       and not _EMPTY_VALUE.match(target_text) else (None, None))
    if target_text and t_value is None and not _EMPTY_VALUE.match(target_text):
        out.warn("kpi_target_not_numeric",
                 f"KPI「{indicator}」: 目標「{target_text}」に数値がありません", source_of(row))
    return KPI(
        indicator=indicator, target_text=target_text, target_value=t_value, target_unit=t_unit,
        target_date=f"{target_fy + 1}-03-31" if target_fy and t_value is not None else None,
        baseline_text=base_text, baseline_value=base.get("baseline_value"),
        baseline_fiscal_year=base.get("baseline_fiscal_year") or (
            baseline_fy if base.get("baseline_value") is not None else None))


# --- text dumps -------------------------------------------------------------------------------
# The same table in a pdftotext-like dump: lines whose columns are runs of two or more spaces
# (one space stays inside a cell: 生成 AI を利用する). A piece goes to the column its character
# position falls under; the header line gives where each column starts.

COLUMN_SLACK = 2      # characters a value may start left of its column's label


def kpi_text_header(row: Row) -> Optional[TableHeader]:
    """The header of a KPI table in a text dump: a line of labels only (指標  現状値  目標値,
    spaced labels joined), with a baseline and a target column and their positions."""
    if row.table is not None:
        return None
    cells = row.nonempty
    if len(cells) < 2 or any(c.bbox is None for c in cells):
        return None
    return read_table(row, KIND)


def _gap(a: tuple, b: tuple) -> float:
    return max(0.0, a[0] - b[2], b[0] - a[2])


def _text_fields(row: Row, header: TableHeader) -> Optional[dict[str, list[Cell]]]:
    """{field: runs} of a body line: leading runs that end before the first value column are
    the indicator, every other run goes to the nearest value column. None when a leading run
    crosses into the value columns (a paragraph, not a table row)."""
    values = [c for c in header.columns if c.field != "indicator"]
    first_x = min(c.cell.bbox[0] for c in values) - COLUMN_SLACK
    out: dict[str, list[Cell]] = {}
    for k, run in enumerate(text_runs(row)):
        if run.bbox[0] < first_x and ("indicator" in out or k == 0):
            if run.bbox[2] > first_x + COLUMN_SLACK:
                return None
            out.setdefault("indicator", []).append(run)
            continue
        near = min(values, key=lambda c: (_gap(run.bbox, c.cell.bbox), c.cell.bbox[0]))
        out.setdefault(near.field, []).append(run)
    return out


def _text_year_row(fields: dict[str, list[Cell]]) -> bool:
    """(令和5年度)  (令和10年度) under the value labels: the second line of the header."""
    return "indicator" not in fields and bool(fields) and all(
        YEAR_QUALIFIER.match(r.text.replace(" ", "")) for runs in fields.values() for r in runs)


def _keeps_columns(fields: Optional[dict[str, list[Cell]]], header: TableHeader) -> bool:
    """A line whose value runs start where the header's value columns do: the table goes on."""
    if not fields or "indicator" not in fields:
        return False
    starts = {c.field: c.cell.bbox[0] for c in header.columns}
    value_runs = [(f, r) for f, runs in fields.items() if f != "indicator" for r in runs]
    return bool(value_runs) and all(abs(r.bbox[0] - starts[f]) <= COLUMN_SLACK
                                    for f, r in value_runs)


def parse_kpi_lines(rows: list[Row], header_index: int, out: Collector,
                    stop: Callable[[Row], bool] = lambda row: False) -> tuple[list[KPI], list[Row]]:
    """KPIs of a text dump's table from its header line rows[header_index] on: the lines up to a
    blank line, a heading, a card label or a line that does not fit the columns. After a page
    break the table goes on when the first line there keeps its columns (a repeated header is
    skipped). A line with an indicator only continues the one above (a wrapped cell)."""
    head_row = rows[header_index]
    header = kpi_text_header(head_row)
    used = [head_row]
    printed: list[list] = []          # [indicator, baseline, target, row]
    year_warnings: list[dict] = list(header.warnings)
    k = header_index + 1
    while k < len(rows):
        row = rows[k]
        if not row.text:
            nxt = next((j for j in range(k + 1, len(rows)) if rows[j].text), None)
            if nxt is None or rows[nxt].page == used[-1].page:
                break
            if header.repeats(rows[nxt]):
                used.append(rows[nxt])
                k = nxt + 1
                continue
            if not _keeps_columns(_text_fields(rows[nxt], header), header):
                break
            k = nxt
            continue
        if stop(row) or row.kind == "heading" or row.table is not None \
                or (kpi_text_header(row) and not header.repeats(row)):
            break
        fields = _text_fields(row, header)
        if fields is None:
            break
        text = {f: clean_text(" ".join(r.text for r in runs)) for f, runs in fields.items()}
        if _text_year_row(fields):
            years = {f: year_of(label_key(t), year_warnings) for f, t in text.items()}
            for f in ("baseline", "target"):
                col = header.column(f)
                col.fiscal_year = col.fiscal_year or years.get(f)
        elif "indicator" in text and set(text) == {"indicator"} and printed:
            printed[-1][0] = join_lines([printed[-1][0], text["indicator"]])
        elif "indicator" in text:
            printed.append([text["indicator"], text.get("baseline", ""), text.get("target", ""), row])
        elif printed:                 # a value wrapped onto the next line
            for i, f in ((1, "baseline"), (2, "target")):
                printed[-1][i] = join_lines([printed[-1][i], text.get(f, "")])
        else:
            break
        used.append(row)
        k += 1
    for w in year_warnings:
        out.warn(w["code"], w["message"], source_of(head_row))
    years = _years(header)
    return [_kpi(ind, base, tgt, years, row, out) for ind, base, tgt, row in printed], used
