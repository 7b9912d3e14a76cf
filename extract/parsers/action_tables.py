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
from extract.structure.vocabulary import vocabulary
from normalize.departments import split_departments
from normalize.text import clean_text

# Header words: the action context of extract/structure/vocabulary.toml.
_WORDS = vocabulary().field_forms("action")
ACTION_WORDS = _WORDS["action"]
RESPONSIBLE_WORDS = _WORDS["responsible"]
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
    split_x: Optional[float] = None     # text dumps: a piece starting right of this is responsible


def _starts(cell_text: str, words) -> bool:
    t = regex.sub(r"[\s*_]", "", cell_text)        # spaces, markdown emphasis (**目標**)
    return any(t == w or t.startswith(w) and len(t) <= len(w) + 4 for w in words)


def action_columns(row: Row) -> Optional[ActionColumns]:
    """The header of an action table: a table row, or in a text dump a line of exactly the two
    header words (目標   推進者)."""
    cells = [c for c in row.cells if c.text]
    if not 2 <= len(cells) <= (MAX_HEADER_CELLS if row.table is not None else 2):
        return None
    action = next((c for c in cells if _starts(c.text, ACTION_WORDS)), None)
    resp = next((c for c in cells if _starts(c.text, RESPONSIBLE_WORDS)), None)
    if action is None or resp is None or action is resp:
        return None
    split_x = None
    if row.table is None and action.bbox and resp.bbox:
        split_x = (action.bbox[2] + resp.bbox[0]) / 2
    return ActionColumns(action.col, resp.col, split_x)


def _action_cells(row: Row, cols: ActionColumns, in_table: bool) -> tuple[list[Cell], list[Cell]]:
    """(action cells, responsible cells) of a body row: by grid column in a table; in a text
    dump the last of several pieces is the responsible one, a lone piece by where it starts."""
    cells = [c for c in row.cells if c.text]
    if in_table:
        return ([c for c in cells if cols.action in c.cols],
                [c for c in cells if cols.responsible in c.cols])
    if len(cells) >= 2:
        return cells[:-1], cells[-1:]
    right = cols.split_x is not None and cells and cells[0].bbox and cells[0].bbox[0] > cols.split_x
    return ([], cells) if right else (cells, [])


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


def parse_action_table(rows: list[Row], header_index: int,
                       stop: Callable[[Row], bool] = lambda r: False
                       ) -> tuple[list[Action], list[Row]]:
    """(actions, rows consumed) from the header row rows[header_index] on: the rows of its table,
    or in a text dump the lines up to the next blank one. A row without a number or responsible
    cell after a numbered action continues it (long actions wrap onto the next line)."""
    header = rows[header_index]
    cols = action_columns(header)
    used = [header]
    actions: list[Action] = []
    for row in rows[header_index + 1:]:
        if stop(row) or not row.text or action_columns(row) or row.table is not header.table \
                or (header.table is None and row.kind == "heading"):
            break
        acells, rcells = _action_cells(row, cols, header.table is not None)
        number, text = split_action_number(acells[0]) if acells else (None, "")
        text = "".join([text] + [clean_text(c.text) for c in acells[1:]])
        responsible = [r for c in rcells for r in responsible_list(c.text)]
        prev = actions[-1] if actions else None
        if header.table is None and number is None and prev is None:
            break                                # a text dump's table starts numbered
        used.append(row)
        if prev is not None and number is None and prev.number is not None and text and not responsible:
            prev.text += text
            continue
        if prev is not None and not text and responsible:      # 推進者 printed a line lower
            prev.responsible.extend(r for r in responsible if r not in prev.responsible)
            continue
        if text:
            actions.append(Action(number, text, responsible, row))
    return actions, used
