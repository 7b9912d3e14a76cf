"""Action tables: rows of what will be done | who does it (目標 | 推進者, 取組内容 | 担当課),
printed under a numbered 施策 in 行動計画 and similar plans. Each row is an action of its own
(①, ②, … or one unnumbered row) with its own responsible people; the 施策 above the table is the
actions' parent, responsible for the union of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from extract.ir import Cell, Row, Table
from extract.parsers.common import CIRCLED
from normalize.departments import split_departments
from normalize.text import clean_text

ACTION_WORDS = ("取組内容", "具体的な取組", "実施内容", "取組", "目標", "内容", "行動")
RESPONSIBLE_WORDS = ("推進者", "担当課", "担当部署", "担当部局", "所管課", "実施主体", "関係課", "担当")
MAX_HEADER_CELLS = 4
# 推進者 cells often print one role per line and lose the line breaks: 総務課長所属長職員
_GLUED_ROLE = regex.compile(r"(?<=課長|室長|所属長|部長|局長|係長)(?=[\p{Han}\p{Katakana}])")


# The number an action row starts with, read from the printed text: ① (NFKC would make it a
# digit glued to the text), (1), 1. / 1) / 1、
_LEAD_NUMBER = regex.compile(
    rf"^\s*(?:(?P<circled>[{CIRCLED}])|[(（]\s*(?P<paren>\d{{1,2}})\s*[)）]|(?P<digit>\d{{1,2}})\s*[.．)）、])\s*")


@dataclass
class Action:
    number: Optional[str]      # ① -> "1"; None for an unnumbered row
    text: str
    responsible: list[str]
    row: Row


@dataclass
class ActionColumns:
    action: int
    responsible: int


def _starts(cell_text: str, words) -> bool:
    t = cell_text.replace(" ", "").replace("\n", "")
    return any(t == w or t.startswith(w) and len(t) <= len(w) + 4 for w in words)


def action_columns(row: Row) -> Optional[ActionColumns]:
    if row.table is None:
        return None
    cells = [c for c in row.cells if c.text]
    if not 2 <= len(cells) <= MAX_HEADER_CELLS:
        return None
    action = next((c.col for c in cells if _starts(c.text, ACTION_WORDS)), None)
    resp = next((c.col for c in cells if _starts(c.text, RESPONSIBLE_WORDS)), None)
    if action is None or resp is None or action == resp:
        return None
    return ActionColumns(action, resp)


def responsible_list(text: str) -> list[str]:
    out: list[str] = []
    for part in split_departments(text):
        for piece in _GLUED_ROLE.split(part):
            if piece and piece not in out:
                out.append(piece)
    return out


def split_action_number(cell: Cell) -> tuple[Optional[str], str]:
    """(number, text) of an action cell: the leading number as printed (① -> "1"), the text
    without it."""
    raw = (cell.raw if cell.raw is not None else cell.text).lstrip().lstrip("*")
    m = _LEAD_NUMBER.match(raw)
    if not m:
        return None, clean_text(cell.text)
    if m.group("circled"):
        number = str(CIRCLED.index(m.group("circled")) + 1)
    else:
        number = m.group("paren") or m.group("digit")
    printed, text = clean_text(raw[:m.end()]), clean_text(cell.text)
    return number, (text[len(printed):] if text.startswith(printed) else clean_text(raw[m.end():])).strip()


def parse_action_table(table: Table, header_index: int,
                       stop: Callable[[Row], bool] = lambda r: False
                       ) -> tuple[list[Action], list[Row]]:
    """(actions, rows consumed). A row without a number or responsible cell after a numbered
    action continues it (a text dump wraps long actions onto the next line)."""
    cols = action_columns(table.rows[header_index])
    used = [table.rows[header_index]]
    actions: list[Action] = []
    for row in table.rows[header_index + 1:]:
        if stop(row) or not row.text or action_columns(row):
            break
        used.append(row)
        number, text, responsible = None, "", []
        for c in row.cells:
            if cols.action in c.cols and c.text:
                number, text = split_action_number(c)
            elif cols.responsible in c.cols and c.text:
                responsible = responsible_list(c.text)
        prev = actions[-1] if actions else None
        if prev is not None and number is None and prev.number is not None and text and not responsible:
            prev.text += text
            continue
        if prev is not None and not text and responsible:      # 推進者 printed a line lower
            prev.responsible.extend(r for r in responsible if r not in prev.responsible)
            continue
        if text:
            actions.append(Action(number, text, responsible, row))
    return actions, used
