"""Action tables: rows of what will be done | who does it (目標 | 推進者, 取組内容 | 担当課),
printed under a numbered 施策 in 行動計画 and similar plans. Each row is an action of its own
(①, ②, … or one unnumbered row) with its own responsible people; the 施策 above the table is the
actions' parent, responsible for the union of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from extract.ir import Cell, Row
from extract.structure.header import TableHeader, read_header
from extract.structure.patterns import CIRCLED_VALUE, PRINTED_NUMBER
from normalize.departments import split_departments, split_glued_roles
from normalize.text import clean_text

MAX_HEADER_CELLS = 4


@dataclass
class Action:
    number: Optional[str]      # ① -> "1"; None for an unnumbered row
    text: str
    responsible: list[str]
    row: Row


@dataclass
class ActionColumns:
    header: TableHeader
    split_x: Optional[float] = None     # text dumps: a piece starting right of this is responsible

    @property
    def in_table(self) -> bool:
        return self.header.row.table is not None


def action_columns(row: Row) -> Optional[ActionColumns]:
    """The header of an action table (vocabulary context "action": an action column and a
    responsible column): a table row, or in a text dump a line of exactly the two labels."""
    cells = [c for c in row.cells if c.text]
    if not 2 <= len(cells) <= MAX_HEADER_CELLS:
        return None
    header = read_header(row, "action")
    if header is None or not header.satisfies("action"):
        return None
    split_x = None
    if row.table is None:
        if len(header.columns) != 2:
            return None
        action, resp = header.column("action").cell, header.column("responsible").cell
        if action.bbox and resp.bbox:
            split_x = (action.bbox[2] + resp.bbox[0]) / 2
    return ActionColumns(header, split_x)


def _action_cells(row: Row, cols: ActionColumns) -> tuple[list[Cell], list[Cell]]:
    """(action cells, responsible cells) of a body row: by the header's columns in a table; in
    a text dump by where a piece starts (right of the gap between the two labels: responsible),
    or without positions the last of several pieces."""
    cells = [c for c in row.cells if c.text]
    if cols.in_table:
        fields = [(c, cols.header.column_of(c)) for c in cells]
        return ([c for c, col in fields if col is not None and col.field == "action"],
                [c for c, col in fields if col is not None and col.field == "responsible"])
    if cols.split_x is not None and all(c.bbox for c in cells):
        return ([c for c in cells if c.bbox[0] < cols.split_x],
                [c for c in cells if c.bbox[0] >= cols.split_x])
    return (cells[:-1], cells[-1:]) if len(cells) >= 2 else (cells, [])


def responsible_list(text: str) -> list[str]:
    out: list[str] = []
    for part in split_departments(text):
        for piece in split_glued_roles(part):   # 総務課長所属長職員: the line breaks lost
            if piece not in out:
                out.append(piece)
    return out


def split_action_number(cell: Cell) -> tuple[Optional[str], str]:
    """(number, text) of an action cell: the leading number as printed (① -> "1"), the text
    without it."""
    raw = (cell.raw if cell.raw is not None else cell.text).lstrip().lstrip("*")
    m = PRINTED_NUMBER.match(raw)
    if not m:
        return None, clean_text(cell.text)
    if m.group("circled"):
        number = str(CIRCLED_VALUE[m.group("circled")])
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
        acells, rcells = _action_cells(row, cols)
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
