"""Action tables: rows of what will be done | who does it (目標 | 推進者, 取組内容 | 担当課),
printed under a numbered 施策 in 行動計画 and similar plans. Each table becomes the 施策's project:
the actions are its description, the responsible people and sections its departments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from extract.ir import Row, Table
from normalize.departments import split_departments
from normalize.text import clean_text

ACTION_WORDS = ("取組内容", "具体的な取組", "実施内容", "取組", "目標", "内容", "行動")
RESPONSIBLE_WORDS = ("推進者", "担当課", "担当部署", "担当部局", "所管課", "実施主体", "関係課", "担当")
MAX_HEADER_CELLS = 4
# 推進者 cells often print one role per line and lose the line breaks: 総務課長所属長職員
_GLUED_ROLE = regex.compile(r"(?<=課長|室長|所属長|部長|局長|係長)(?=[\p{Han}\p{Katakana}])")


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


def parse_action_table(table: Table, header_index: int,
                       stop: Callable[[Row], bool] = lambda r: False
                       ) -> tuple[list[str], list[str], list[Row]]:
    """(actions, responsible, rows consumed)."""
    cols = action_columns(table.rows[header_index])
    used = [table.rows[header_index]]
    actions: list[str] = []
    responsible: list[str] = []
    for row in table.rows[header_index + 1:]:
        if stop(row) or not row.text or action_columns(row):
            break
        used.append(row)
        for c in row.cells:
            if cols.action in c.cols and c.text:
                actions.append(clean_text(c.text))
            elif cols.responsible in c.cols and c.text:
                for r in responsible_list(c.text):
                    if r not in responsible:
                        responsible.append(r)
    return actions, responsible, used
