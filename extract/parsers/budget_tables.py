"""Budget tables of projects: No | 款・項・目 | 新規 | 事業名【担当課】 | 概要 | 補正前額 | 補正額 …
(主要事業等内訳 of a budget book, 事業一覧 of a plan). Each row is a project: its name, the
department printed in 【】, 新規 when flagged, the summary, and the amount in yen (the table's
unit, 千円 in most books, is read from the (単位千円) line above it)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from extract.ir import Row, Table
from extract.parsers.common import Collector, source_of
from extract.structure.vocabulary import label_key, vocabulary
from normalize.departments import split_departments
from normalize.numbers import parse_budget_jpy
from normalize.text import clean_text
from schemas.models import Project

# Header words: the budget context of extract/structure/vocabulary.toml, in its order (the
# first word found wins: 事業費 before 予算額 before 補正額 ...). The amount word may carry a
# qualifier (予算額(千円)); the others are the whole cell.
_WORDS = vocabulary().field_forms("budget")
NAME_WORDS = tuple(label_key(w) for w in _WORDS["name"])
AMOUNT_WORDS = tuple(label_key(w) for w in _WORDS["amount"])
SUMMARY_WORDS = tuple(label_key(w) for w in _WORDS["summary"])
NEW_WORDS = tuple(label_key(w) for w in _WORDS["new"])
NUMBER_WORDS = tuple(label_key(w) for w in _WORDS["number"])
NEW = vocabulary().values("cards")["category_values"][0]     # 新規: the category of a flagged row
DEPT_IN_NAME = regex.compile(r"[【\[［](?P<dept>[^】\]］]{1,30})[】\]］]")
REF_BEFORE_DEPT = regex.compile(r"\s*\d+(?:-\d+)?\s*$")      # 事業1【総務課】: a page reference
UNIT = regex.compile(r"単位\s*[:：]?\s*(?P<unit>百万円|千円|万円|円)")
TOTAL_ROW = regex.compile(r"(合計|小計|総計|計)$")


@dataclass
class BudgetColumns:
    name: int
    amount: Optional[int]
    summary: Optional[int]
    new: Optional[int]
    number: Optional[int]


def _col(cells, words, exact=True) -> Optional[int]:
    for w in words:
        for c in cells:
            t = label_key(c.text)
            if t == w or (not exact and t.startswith(w)):
                return c.col
    return None


def budget_columns(row: Row) -> Optional[BudgetColumns]:
    """The columns of a budget table when `row` is its header: a 事業名 column beside an amount
    or summary column, and at least four header cells."""
    if row.table is None:
        return None
    cells = [c for c in row.cells if c.text]
    if len(cells) < 4:
        return None
    name = _col(cells, NAME_WORDS)
    if name is None:
        return None
    amount = _col(cells, AMOUNT_WORDS, exact=False)
    summary = _col(cells, SUMMARY_WORDS)
    if amount is None and summary is None:
        return None
    return BudgetColumns(name, amount, summary, _col(cells, NEW_WORDS), _col(cells, NUMBER_WORDS))


def table_unit(lines: list[str]) -> Optional[str]:
    for line in reversed(lines):
        m = UNIT.search(line)
        if m:
            return m.group("unit")
    return None


def _cell(row: Row, col: Optional[int]) -> str:
    if col is None:
        return ""
    for c in row.cells:
        if c.col == col:
            return c.text
    return ""


def split_name_department(text: str) -> tuple[str, list[str]]:
    """'私立学校等給食等支援金給付\\n事業1【総務課】' -> ('私立学校等給食等支援金給付事業', ['総務課'])."""
    text = clean_text(text.replace("\n", ""))
    depts = [d for m in DEPT_IN_NAME.finditer(text) for d in split_departments(m.group("dept"))]
    name = DEPT_IN_NAME.sub("", text)
    name = REF_BEFORE_DEPT.sub("", name) if depts else name
    return name.strip(), depts


def parse_budget_table(table: Table, header_index: int, unit: Optional[str], out: Collector,
                       stop: Callable[[Row], bool] = lambda r: False) -> tuple[list[Project], list[Row]]:
    header = table.rows[header_index]
    cols = budget_columns(header)
    used = [header]
    projects: list[Project] = []
    if unit is None and cols.amount is not None:
        out.warn("budget_unit_unknown", "事業費の表に（単位…）の行がないため金額を円として読みました",
                 source_of(header))
    for row in table.rows[header_index + 1:]:
        if stop(row) or budget_columns(row):
            break
        used.append(row)
        raw_name = _cell(row, cols.name)
        if not raw_name or any(c.colspan > 1 and c.col <= cols.name < c.col + c.colspan
                               for c in row.cells):
            continue                       # a sub-header or a total spanning the name column
        name, depts = split_name_department(raw_name)
        if not name or TOTAL_ROW.search(name):
            continue
        amount_text = _cell(row, cols.amount)
        budget = parse_budget_jpy(f"{amount_text}{unit or '円'}") if amount_text else None
        if amount_text and budget is None:
            out.warn("unreadable_budget", f"「{name}」の金額「{amount_text}」は数値として読めません",
                     source_of(row))
        flag = clean_text(_cell(row, cols.new))
        number = clean_text(_cell(row, cols.number)) or None
        summary = clean_text(_cell(row, cols.summary)) or None
        projects.append(Project(number=number, name=name, departments=depts,
                                description=summary, category=NEW if flag.startswith(NEW[0]) else None,
                                budget_jpy=budget, source=source_of(row)))
    return projects, used
