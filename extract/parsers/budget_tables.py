"""Budget tables of projects: No | 款・項・目 | 新規 | 事業名【担当課】 | 概要 | 補正前額 | 補正額 …
(主要事業等内訳 of a budget book, 事業一覧 of a plan). Each row is a project: its name, the
department printed in 【】, 新規 when flagged, the summary, and the amount in yen (the table's
unit, 千円 in most books, is read from the (単位千円) line above it)."""
from __future__ import annotations

from typing import Callable, Optional

import regex

from extract.ir import Row, Table
from extract.parsers.common import Collector, source_of
from extract.structure.header import TableHeader, read_header
from extract.structure.vocabulary import vocabulary
from normalize.departments import split_departments
from normalize.numbers import parse_budget_jpy
from normalize.text import clean_text
from schemas.models import Project

CONTEXT = "budget"           # the vocabulary context of budget table headers
RECIPES = ("budget", "budget_summaries")     # what such a header holds (vocabulary.toml)
NEW = vocabulary().values("cards")["category_values"][0]     # 新規: the category of a flagged row
DEPT_IN_NAME = regex.compile(r"[【\[［](?P<dept>[^】\]］]{1,30})[】\]］]")
REF_BEFORE_DEPT = regex.compile(r"\s*\d+(?:-\d+)?\s*$")      # 事業1【総務課】: a page reference
UNIT = regex.compile(r"単位\s*[:：]?\s*(?P<unit>百万円|千円|万円|円)")
TOTAL_ROW = regex.compile(r"(合計|小計|総計|計)$")


def budget_header(row: Row) -> Optional[TableHeader]:
    """The header of a budget table when `row` is one (a grid row of recipe budget or
    budget_summaries: a 事業名 column beside an amount or a summary column), else None."""
    if row.table is None:
        return None
    header = read_header(row, CONTEXT)
    if header is None:
        return None
    header.fit(RECIPES[0])
    return header if any(header.satisfies(r) for r in RECIPES) else None


def table_unit(lines: list[str]) -> Optional[str]:
    for line in reversed(lines):
        m = UNIT.search(line)
        if m:
            return m.group("unit")
    return None


def split_name_department(text: str) -> tuple[str, list[str]]:
    """'私立学校等給食等支援金給付\\n事業1【総務課】' -> ('私立学校等給食等支援金給付事業', ['総務課'])."""
    text = clean_text(text.replace("\n", ""))
    depts = [d for m in DEPT_IN_NAME.finditer(text) for d in split_departments(m.group("dept"))]
    name = DEPT_IN_NAME.sub("", text)
    name = REF_BEFORE_DEPT.sub("", name) if depts else name
    return name.strip(), depts


def parse_budget_table(table: Table, header_index: int, unit: Optional[str], out: Collector,
                       stop: Callable[[Row], bool] = lambda r: False) -> tuple[list[Project], list[Row]]:
    header = budget_header(table.rows[header_index])
    used = [header.row]
    projects: list[Project] = []
    if unit is None and header.has("amount"):
        out.warn("budget_unit_unknown", "事業費の表に（単位…）の行がないため金額を円として読みました",
                 source_of(header.row))
    for row in table.rows[header_index + 1:]:
        if stop(row) or budget_header(row):
            break
        used.append(row)
        name_cell = header.cell(row, "name")
        if name_cell is None or not name_cell.text or name_cell.colspan > 1:
            continue                       # a sub-header or a total spanning the name column
        raw_name = name_cell.text
        name, depts = split_name_department(raw_name)
        if not name or TOTAL_ROW.search(name):
            continue
        amount_text = header.text(row, "amount")
        budget = parse_budget_jpy(f"{amount_text}{unit or '円'}") if amount_text else None
        if amount_text and budget is None:
            out.warn("unreadable_budget", f"「{name}」の金額「{amount_text}」は数値として読めません",
                     source_of(row))
        flag = clean_text(header.text(row, "new"))
        number = clean_text(header.text(row, "number")) or None
        summary = clean_text(header.text(row, "summary")) or None
        projects.append(Project(number=number, name=name, departments=depts,
                                description=summary, category=NEW if flag.startswith(NEW[0]) else None,
                                budget_jpy=budget, source=source_of(row)))
    return projects, used
