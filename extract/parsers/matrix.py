"""施策体系 matrices: a table whose column headers are the plan's goals and whose cells under
each goal are its measures.

    | 基本目標1 市民サービスの向上 | 基本目標2 行政運営の効率化 |
    | (1)手続のオンライン化        | (3)業務の自動化            |
    | (2)窓口の改革                | (4)システムの標準化        |

A header row is recognized by its roles, not its wording: two or more cells that are numbered
goals (a goal word of the vocabulary's outline context before the number - 基本目標1, 目標2,
基本方針3 - or bare numbers 1 / 2 over cells numbered one level deeper). A leading cell holding
only a goal or measure word (基本目標 | ...) is a row-label column and is passed over. Below the
header, a line numbered deeper than the goals ((1), ①, 1-1, 施策1) opens a measure in its
goal's column; an unnumbered line continues the measure above it in the same column (a wrapped
name), or, before any measure, the goal's name (基本目標1 / 市民サービスの向上 on two lines).

Grid tables (PDF ruling, markdown pipes) give each cell's column; a cell may hold several
measures on its lines, and the table may continue in a second table after a page break. A text
dump (or an unruled PDF page) gives each printed piece with its position: a piece belongs to
the goal whose header is nearest (headers may be centred over left-aligned measures); a
wrapped line continues a measure only directly below it, and
the matrix ends at the first line that fits no column.

A cell may go one level deeper: lines numbered deeper than the measures (① under (1)) are the
measure's items (取組), numbered below it (measure 1, ② -> "1-2"); where there are items, they
are the records with their measure, and a measure without items stays a record itself.

The list form (ListReader) prints the same hierarchy row by row under a header of roles from
the vocabulary's system context - 基本目標 | 施策 (| 主な取組 | 担当課) - each goal on the row of
its first measure and blank below it; a header that is a card's label row (label-above-value
cards) or a table of one project per row (it has a name and a department or content) is not one.

Measure numbers are kept as printed ((1) -> "1"); where they restart under each goal they are
prefixed with the goal's number (goal 2, (1) -> "2-1") so that each is unique.
What the matrix gives the rest of the plan is in joins.py (join_matrix); when no cards follow,
its measures are the plan's records (matrix_projects).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Union

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.common import running_lines, source_of
from extract.parsers.outline import _nfkc_keep_circled, read_numbered
from extract.structure.header import Column, TableHeader, read_header
from extract.structure.matcher import matcher
from extract.structure.patterns import SECTION, is_page_number
from extract.structure.vocabulary import label_key, vocabulary
from normalize.departments import split_departments
from normalize.text import clean_text, join_lines
from schemas.models import Project

CONTEXT = "outline"             # the goal / measure words printed before a number
MIN_GOALS = 2
MAX_CELL_LINE = 60              # a measure or goal line is short; longer is prose
STRADDLE = 2                    # text: a piece running this far past the next goal's start is prose
GOAL_KINDS = ("decimal", "roman", "goal")
DECIMAL_LEVEL = 3               # patterns.numbering's level of a bare 1 (目標1 read by _words)

_TAGS = regex.compile(r"</?(?:b|strong|em|i|span)[^>]*>|\*\*|__|^#+\s*")
_BREAK = regex.compile(r"<br\s*/?>|\n")


@dataclass
class Goal:
    number: str
    name: list[str]
    start: float                 # grid column, or x where its header is printed (text)
    end: float


@dataclass
class Item:
    number: Optional[str]
    name: list[str]
    row: Row
    departments: list[str] = field(default_factory=list)


@dataclass
class MatrixMeasure:
    number: Optional[str]        # None: printed without a number (a list-form table)
    name: list[str]
    goal: Goal
    row: Row
    items: list[Item] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


@dataclass
class Matrix:
    goals: list[Goal]
    worded: bool = False         # a goal word printed (基本目標1), not bare numbers
    measures: list[MatrixMeasure] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)        # every row it was read from

    def goal_name(self, g: Goal) -> str:
        return clean_text(join_lines(g.name))

    def in_order(self) -> list[MatrixMeasure]:
        """The measures goal by goal (column by column), as the plan numbers them."""
        order = {id(g): k for k, g in enumerate(self.goals)}
        return sorted(self.measures, key=lambda mm: order[id(mm.goal)])

    def numbers(self, measures: list[MatrixMeasure]) -> list[Optional[str]]:
        """Each measure's number, unique in the matrix (prefixed by the goal's where the
        numbering restarts under each goal)."""
        plain = [m.number for m in measures if m.number]
        if len(set(plain)) == len(plain):
            return [m.number for m in measures]
        return [m.number and f"{m.goal.number}-{m.number}" for m in measures]

    def entries(self) -> list[tuple[Optional[str], str, str, Row]]:
        """(number, measure name, goal name, row) of every named measure, goal by goal."""
        return [(num, name, goal, m.row) for num, name, goal, m in self.named()]

    def named(self) -> list[tuple[Optional[str], str, str, MatrixMeasure]]:
        measures = self.in_order()
        out = []
        for num, m in zip(self.numbers(measures), measures):
            name = clean_text(join_lines(m.name))
            if name:
                out.append((num, name, self.goal_name(m.goal), m))
        return out

    def items(self) -> list[tuple[Optional[str], str, str, str, Item]]:
        """(number, item name, goal name, measure name, item) of every item (① under (1))."""
        out = []
        for num, name, goal, m in self.named():
            for it in m.items:
                number = it.number
                if number and "-" not in number and num:
                    number = f"{num}-{number}"
                item = clean_text(join_lines(it.name))
                if item:
                    out.append((number, item, goal, name, it))
        return out


# ------------------------------------------------------------------ cells and lines

def cell_lines(cell: Cell) -> list[str]:
    """The printed lines of a cell, markup removed, spaces kept (基本目標1 市民…)."""
    return list(_lines_of(cell.raw if cell.raw is not None else cell.text))


@lru_cache(maxsize=1 << 14)      # every row of the document is tried as a header: cached
def _lines_of(raw: Optional[str]) -> tuple[str, ...]:
    lines = (_nfkc_keep_circled(_TAGS.sub("", part)).strip() for part in _BREAK.split(raw or ""))
    return tuple(ln for ln in lines if ln)


@lru_cache(maxsize=None)
def _words() -> tuple[frozenset[str], frozenset[str], regex.Pattern, regex.Pattern]:
    forms = vocabulary().field_forms(CONTEXT)
    goal = frozenset(label_key(f) for f in forms["goal"])
    measure = frozenset(label_key(f) for f in forms["measure"])
    alt = "|".join(regex.escape(f) for f in sorted(forms["goal"], key=len, reverse=True))
    # a goal word and its number with the name glued to it or on the next line (基本目標1市民…)
    glued = regex.compile(rf"^(?:{alt})\s*(?P<n>\d{{1,2}})(?!\d)\s*[.．:：]?\s*(?P<rest>.*)$")
    # any goal word of the outline and list contexts (clean text: no spaces inside words)
    words = {f for ctx in (CONTEXT, LIST) for f in vocabulary().field_forms(ctx)["goal"]}
    anywhere = regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))
    return goal, measure, glued, anywhere


@dataclass(frozen=True)
class GoalLine:
    number: str
    name: str
    level: int          # of its numbering (patterns.numbering): measures are numbered deeper
    worded: bool        # a goal word before the number (基本目標1), not a bare 1


@lru_cache(maxsize=1 << 14)
def read_goal(line: str) -> Optional[GoalLine]:
    """A goal header line: 基本目標1 市民…, 目標2 (its name on the next line), 1 市民…."""
    if len(line) > MAX_CELL_LINE:
        return None
    found = read_numbered(line)
    if found is not None:
        role, n = found
        if role == "goal":
            return GoalLine(n.number, n.rest, n.level, True)
        if role is None and n.kind in GOAL_KINDS:
            return GoalLine(n.number, n.rest, n.level, False)
        return None
    m = _words()[2].match(line)
    return GoalLine(m.group("n"), m.group("rest").strip(), DECIMAL_LEVEL, True) if m else None


@dataclass(frozen=True)
class Numbered:
    number: str
    name: str
    level: int
    worded: bool         # after a measure word (施策1): a measure whatever its numbering


def read_measure(line: str, goal_level: int) -> Optional[Numbered]:
    """A measure or item line: numbered deeper than the goals, or after a measure word."""
    if len(line) > MAX_CELL_LINE:
        return None
    found = read_numbered(line)
    if found is None:
        return None
    role, n = found
    if role == "goal" or (role != "measure" and n.level <= goal_level):
        return None
    return Numbered(n.number, n.rest, n.level, role == "measure")


def is_word(line: str) -> bool:
    """A cell holding only a goal or measure word: the row-label column (基本目標 | 施策)."""
    goal, measure, _, _ = _words()
    return label_key(line) in goal | measure


# ------------------------------------------------------------------ reading

class Reader:
    """Lines fed column by column below a header; says whether each row fits the matrix."""

    def __init__(self, matrix: Matrix, goal_level: int) -> None:
        self.m = matrix
        self.goal_level = goal_level
        self.measure_level: Optional[int] = None     # the first measure's numbering level
        self.open: dict[int, MatrixMeasure] = {}     # goal index -> its last measure
        self.last: dict[int, Union[MatrixMeasure, Item]] = {}   # ... what its lines continue

    def plan(self, lines: dict[int, list[str]], continues: set[int]
             ) -> Optional[list[tuple[int, str, str, Optional[Numbered]]]]:
        """What a row's lines would do - (column, line, measure | item | more | goal, number) -
        or None when one of them fits nowhere. continues: the columns whose last measure or item
        a plain line may continue."""
        steps: list[tuple[int, str, str, Optional[Numbered]]] = []
        level = self.measure_level
        for k, ls in sorted(lines.items()):
            opened = False
            for ln in ls:
                n = read_measure(ln, self.goal_level)
                if n is None and (opened or (k in continues and k in self.last)):
                    steps.append((k, ln, "more", None))
                elif n is None and not self.m.measures and all(s[2] == "goal" for s in steps):
                    steps.append((k, ln, "goal", None))  # the goal's name on its second line
                elif n is not None and (n.worded or level is None or n.level <= level):
                    level = n.level if level is None and not n.worded else level
                    steps.append((k, ln, "measure", n))
                    opened = True
                elif n is not None and (k in self.open or any(
                        s[0] == k and s[2] == "measure" for s in steps)):
                    steps.append((k, ln, "item", n))
                    opened = True
                else:
                    return None
        return steps

    def apply(self, steps, row: Row) -> None:
        for k, ln, what, n in steps:
            if what == "measure":
                mm = MatrixMeasure(n.number, [n.name] if n.name else [], self.m.goals[k], row)
                self.m.measures.append(mm)
                self.open[k] = self.last[k] = mm
                if self.measure_level is None and not n.worded:
                    self.measure_level = n.level
            elif what == "item":
                it = Item(n.number, [n.name] if n.name else [], row)
                self.open[k].items.append(it)
                self.last[k] = it
            elif what == "more":
                self.last[k].name.append(ln)
            else:
                self.m.goals[k].name.append(ln)
        if self.m.rows[-1] is not row:
            self.m.rows.append(row)


def _header(pieces: list[tuple[float, float, str]], *, merge: bool
            ) -> Optional[tuple[list[Goal], int, Optional[float], bool]]:
    """Goals of a header row from its (x0, x1, line) pieces, left to right: (goals, goal
    level, start of the row-label column or None, worded). merge: a text dump's pieces, where
    a goal's name may be a piece of its own after its number; in a grid every cell is a goal."""
    if len(pieces) < MIN_GOALS:
        return None                 # one goal per piece at most
    goals: list[Goal] = []
    label_at = None
    level = 0
    worded = False
    n = 0
    while n < len(pieces):
        x, x1, text = pieces[n]
        g = read_goal(text)
        if g is None and merge and n + 1 < len(pieces):
            # text dumps split 目標1 | 市民サービスの向上 into two pieces
            g2 = read_goal(f"{text} {pieces[n + 1][2]}")
            if g2 is not None and g2.name == pieces[n + 1][2]:
                g = g2
                n += 1
                x1 = pieces[n][1]
        if g is not None:
            goals.append(Goal(g.number, [g.name] if g.name else [], x, x1))
            level = max(level, g.level)
            worded = worded or g.worded
        elif not goals and label_at is None and is_word(text):
            label_at = x
        elif goals and merge:
            goals[-1].name.append(text)
            goals[-1].end = x1
        else:
            return None
        n += 1
    if len(goals) < MIN_GOALS:
        return None
    return goals, level, label_at, worded


def _grid_pieces(row: Row) -> list[tuple[float, float, str]]:
    """(first column, column after it, line) of a grid row's cells; a cell's lines joined.
    Nothing for a row with a long cell (prose is no header)."""
    if any(len(c.text) > MAX_CELL_LINE for c in row.cells):
        return []
    out = []
    for c in row.cells:
        lines = cell_lines(c)
        if lines:
            out.append((float(c.col), float(c.col + c.colspan), " ".join(lines)))
    return out


def _column(goals: list[Goal], x: float) -> int:
    """The goal a piece starting at x sits under: columns meet halfway between one header's
    end and the next one's start (in a grid, where one cell ends and the next begins)."""
    return sum(1 for a, b in zip(goals, goals[1:]) if x >= (a.end + b.start) / 2)


def _skippable(row: Row, furniture: set[str]) -> bool:
    text = row.text.strip()
    return not text or is_page_number(text) or text in furniture


def _grid_matrix(rows: list[Row], i: int, furniture: set[str]) -> Optional[tuple[Matrix, int]]:
    head = rows[i]
    found = _header(_grid_pieces(head), merge=False)
    if found is None:
        return None
    goals, level, label_at, worded = found
    m = Matrix(goals, worded, rows=[head])
    reader = Reader(m, level)
    ncols = head.table.ncols
    tables = {id(head.table)}
    j = i + 1
    while j < len(rows):
        r = rows[j]
        if r.table is None or not r.table.grid:
            if r.kind != "heading" and _skippable(r, furniture):
                j += 1
                continue
            break
        if id(r.table) not in tables:
            # a second table right after the first: the matrix continued on the next page,
            # unless it is a table of its own (another width, another header)
            if r.table.ncols != ncols or _header(_grid_pieces(r), merge=False) is not None:
                break
            tables.add(id(r.table))
        lines: dict[int, list[str]] = {}
        for c in r.cells:
            ls = cell_lines(c)
            if not ls:
                continue
            if label_at is not None and c.col <= label_at and all(is_word(x) for x in ls):
                continue
            k = _column(goals, float(c.col))
            lines.setdefault(k, []).extend(ls)
        steps = reader.plan(lines, set(lines))
        if steps is None:
            break
        reader.apply(steps, r)
        j += 1
    return _done(m, j)


def _text_matrix(rows: list[Row], i: int, furniture: set[str]) -> Optional[tuple[Matrix, int]]:
    head = rows[i]
    pieces = [(c.bbox[0], c.bbox[2], " ".join(cell_lines(c))) for c in head.cells
              if c.text and c.bbox is not None]
    found = _header(pieces, merge=True)
    if found is None:
        return None
    goals, level, label_at, worded = found
    m = Matrix(goals, worded, rows=[head])
    reader = Reader(m, level)
    last_cols: set[int] = set(range(len(goals)))      # header line: goal names may continue
    j = i + 1
    while j < len(rows):
        r = rows[j]
        if r.kind == "heading" or r.table is not None or SECTION.match(r.text.strip()):
            break
        if _skippable(r, furniture):
            last_cols = set()
            j += 1
            continue
        cells = [c for c in r.cells if c.text and c.bbox is not None]
        lines: dict[int, list[str]] = {}
        fits = True
        for c in cells:
            text = " ".join(cell_lines(c))
            if label_at is not None and c.bbox[0] < goals[0].start and is_word(text):
                continue
            k = _column(goals, c.bbox[0])
            if k + 1 < len(goals) and c.bbox[2] > goals[k + 1].start + STRADDLE:
                fits = False
                break
            lines.setdefault(k, []).append(text)
        # one printed line per column: its pieces (split at spaces) are one line
        joined = {k: [" ".join(v)] for k, v in lines.items()}
        steps = reader.plan(joined, last_cols) if fits and joined else None
        if steps is None:
            break
        reader.apply(steps, r)
        last_cols = set(joined)
        j += 1
    return _done(m, j)


# ------------------------------------------------------------------ the list form

LIST = "system"                 # vocabulary context and recipe of the list form
MIN_LIST_MEASURES = 2
MAX_LABEL = 12                  # a list-form header cell is a short label
_BULLET = regex.compile(r"^[・●○◆◇■□\-–]\s*")


def _list_header(row: Row) -> Optional[TableHeader]:
    """基本目標 | 施策 (| 主な取組 | 担当課): every column a role of the list form, and no
    table of one project per row (that has a name and a department or content column)."""
    cells = row.nonempty
    if len(cells) < 2 or any(len(c.text) > MAX_LABEL for c in cells):
        return None                     # cheap: a header is a few short labels
    head = read_header(row, LIST)
    if head is None or not head.satisfies(LIST) or None in head.fields \
            or len(set(head.fields)) < len(head.fields):
        return None
    projects = read_header(row, "row_table")
    return None if projects is not None and projects.satisfies("row_table") else head


class ListReader:
    """Rows of a list-form 施策体系: a goal cell opens a goal (a blank one keeps the goal above),
    a measure cell a measure under it; an item cell's numbered or bulleted lines are items
    (an unmarked line continues the one above), a department cell belongs to the row's items,
    else to its measure."""

    def __init__(self, head: TableHeader) -> None:
        self.head = head
        self.m = Matrix([], worded=True, rows=[head.row])
        self.measure: Optional[MatrixMeasure] = None

    def fields(self, cells: list[Cell], text: bool = False) -> dict[str, list[str]]:
        """field -> lines of a row's cells; a text dump's pieces by where they are printed."""
        out: dict[str, list[str]] = {}
        for c in cells:
            col = _text_column(self.head, c) if text else self.head.column_of(c)
            if col is not None and cell_lines(c):
                out.setdefault(col.field, []).extend(cell_lines(c))
        return out

    def add(self, row: Row, f: dict[str, list[str]], more: set[str]) -> None:
        """One printed row; more: the fields whose unnumbered text continues the row above."""
        if f.get("goal"):
            text = " ".join(f["goal"])
            g = self.m.goals[-1] if self.m.goals else None
            if "goal" in more and g is not None and not read_goal(text):
                g.name.append(text)
            elif g is None or clean_text(text) != self.m.goal_name(g):
                found = read_goal(text)
                number = found.number if found else str(len(self.m.goals) + 1)
                self.m.goals.append(Goal(number, [found.name if found else text], 0, 0))
                self.measure = None
        if f.get("measure") and self.m.goals:
            text = " ".join(f["measure"])
            n = read_numbered(text)
            if "measure" in more and self.measure is not None and n is None:
                self.measure.name.append(text)
            else:
                self.measure = MatrixMeasure(n[1].number if n else None,
                                             [n[1].rest if n else text], self.m.goals[-1], row)
                self.m.measures.append(self.measure)
        new_items: list[Item] = []
        if f.get("item") and self.measure is not None:
            for k, ln in enumerate(f["item"]):
                n = read_numbered(ln)
                bullet = _BULLET.match(ln)
                items = self.measure.items
                if n is None and not bullet and items and (k > 0 or "item" in more):
                    items[-1].name.append(ln)
                    continue
                name = n[1].rest if n else ln[bullet.end():] if bullet else ln
                it = Item(n[1].number if n else None, [name], row)
                items.append(it)
                new_items.append(it)
        if f.get("department") and self.measure is not None:
            deps = split_departments("\n".join(f["department"]))
            for owner in new_items or ([self.measure.items[-1]] if "department" in more
                                       and self.measure.items else [self.measure]):
                owner.departments += [d for d in deps if d not in owner.departments]
        if self.m.rows[-1] is not row:
            self.m.rows.append(row)


def _text_column(head: TableHeader, cell: Cell) -> Optional[Column]:
    """The header column a text piece is printed under: the one it overlaps most, else the
    one starting left of it."""
    cols = sorted((c for c in head.columns if c.cell.bbox), key=lambda c: c.cell.bbox[0])
    x0, x1 = cell.bbox[0], cell.bbox[2]
    best = max(cols, key=lambda c: min(x1, c.cell.bbox[2]) - max(x0, c.cell.bbox[0]), default=None)
    if best is not None and min(x1, best.cell.bbox[2]) > max(x0, best.cell.bbox[0]):
        return best
    left = [c for c in cols if c.cell.bbox[0] <= x0]
    return left[-1] if left else (cols[0] if cols else None)


def _list_grid(rows: list[Row], i: int, furniture: set[str]) -> Optional[tuple[Matrix, int]]:
    head = _list_header(rows[i])
    if head is None or rows[i].index_in_table > 0:      # a header heads its table
        return None
    reader = ListReader(head)
    ncols, tables = rows[i].table.ncols, {id(rows[i].table)}
    j = i + 1
    while j < len(rows):
        r = rows[j]
        if r.table is None or not r.table.grid:
            if r.kind != "heading" and _skippable(r, furniture):
                j += 1
                continue
            if _lone_row(r, reader.m.rows[-1], head):
                reader.add(r, reader.fields(r.cells, text=True), set())
                j += 1
                continue
            break
        if id(r.table) not in tables:
            if r.table.ncols != ncols:
                break
            tables.add(id(r.table))
        if _label_row(r.cells):
            return None
        if not head.repeats(r):
            reader.add(r, reader.fields(r.cells), set())
        j += 1
    return _list_done(reader.m, j)


def _lone_row(r: Row, before: Row, head: TableHeader) -> bool:
    """The table's last row alone at the top of the next page, which a PDF reader gives as a
    text line: every piece under a header column of the table, a page after it."""
    if r.kind != "text" or r.page is None or before.page is None or r.page <= before.page \
            or not all(c.bbox and head.columns[0].cell.bbox for c in r.nonempty):
        return False
    return all(any(min(c.bbox[2], h.cell.bbox[2]) > max(c.bbox[0], h.cell.bbox[0])
                   for h in head.columns if h.cell.bbox) for c in r.nonempty) \
        and bool(r.nonempty)


def _list_text(rows: list[Row], i: int, furniture: set[str]) -> Optional[tuple[Matrix, int]]:
    """A text dump: pieces go to the header column they overlap; after a blank line the table
    goes on only with a new goal or measure, and a line running across columns ends it."""
    head = _list_header(rows[i])
    if head is None:
        return None
    reader = ListReader(head)
    starts = sorted(c.cell.bbox[0] for c in head.columns if c.cell.bbox)
    prev: set[str] = set()
    gap = False
    j = i + 1
    while j < len(rows):
        r = rows[j]
        if r.kind == "heading" or r.table is not None or SECTION.match(r.text.strip()):
            break
        if _skippable(r, furniture):
            gap, prev = True, set()
            j += 1
            continue
        cells = [c for c in r.cells if c.text and c.bbox is not None]
        if _label_row(cells):
            return None
        if any(len(c.text) > MAX_CELL_LINE or sum(1 for x in starts if c.bbox[0] + STRADDLE < x
                                                   < c.bbox[2] - STRADDLE) > 1 for c in cells):
            break                          # prose across the columns
        f = reader.fields(cells, text=True)
        opens = any(read_numbered(" ".join(f.get(k, []))) for k in ("goal", "measure"))
        if not f or (gap and not opens):
            break
        # an unnumbered piece right below one in the same column continues it
        reader.add(r, f, prev)
        prev, gap = set(f), False
        j += 1
    return _list_done(reader.m, j)


def _label_row(cells: list[Cell]) -> bool:
    """A row of card labels (事業内容, 担当課 ...): the list-form header was a card's label row
    (label-above-value cards print 基本目標 | 施策 over their values), not a 施策体系."""
    return any(matcher("card").match_exact(c.text) for c in cells if c.text)


def _list_done(m: Matrix, j: int) -> Optional[tuple[Matrix, int]]:
    """The list read up to row j, if it is one: two measures or more (a card printed
    label-above-value has one goal and one measure under the same two labels)."""
    return (m, j) if len(m.measures) >= MIN_LIST_MEASURES else None


def _done(m: Matrix, j: int) -> Optional[tuple[Matrix, int]]:
    """The matrix read up to row j, if it holds measures (under two goals or more where the
    goals are bare numbers: 1 … 2 … over (1) … alone could be any two numbered lines)."""
    under = {id(mm.goal) for mm in m.measures}
    return (m, j) if under and (m.worded or len(under) >= MIN_GOALS) else None


def _may_head(row: Row) -> bool:
    """Cheap test before reading a row as a header: a goal word in it (基本目標1 … / 基本目標 |
    施策), or two cells starting with a number (1 … | 2 …)."""
    return bool(_words()[3].search(row.text)) \
        or sum(1 for c in row.cells if c.text[:1].isdigit() or c.text[:1] in "IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ") >= 2


def find_matrices(doc: Document) -> list[Matrix]:
    """Every 施策体系 matrix of the document, in reading order."""
    furniture = running_lines(doc)
    rows = [r for r in doc.rows()]
    out: list[Matrix] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        got = None
        if r.kind != "heading" and r.text and _may_head(r):
            if r.table is not None and r.table.grid:
                got = _grid_matrix(rows, i, furniture) or _list_grid(rows, i, furniture)
            elif r.table is None:
                got = _text_matrix(rows, i, furniture) or _list_text(rows, i, furniture)
        if got is None:
            i += 1
            continue
        m, i = got
        out.append(m)
    return out


def matrix_projects(matrices: list[Matrix]) -> list[Project]:
    """The records of the matrices when no cards follow: each measure's items (number, name,
    goal, measure), or the measure itself (number, name, goal) where it has none."""
    out = []
    for m in matrices:
        items = {}
        for number, name, goal, measure, it in m.items():
            items.setdefault(measure, []).append(
                Project(number=number, name=name, goal=goal or None, measure=measure,
                        departments=it.departments, source=source_of(it.row)))
        for num, name, goal, mm in m.named():
            out += items.get(name) or [Project(number=num, name=name, goal=goal or None,
                                               departments=mm.departments,
                                               source=source_of(mm.row))]
    return out
