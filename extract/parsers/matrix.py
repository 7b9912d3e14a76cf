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
from extract.structure.patterns import SECTION, is_page_number
from extract.structure.vocabulary import label_key, vocabulary
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
    number: str
    name: list[str]
    row: Row


@dataclass
class MatrixMeasure:
    number: str
    name: list[str]
    goal: Goal
    row: Row
    items: list[Item] = field(default_factory=list)


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

    def numbers(self, measures: list[MatrixMeasure]) -> list[str]:
        """Each measure's number, unique in the matrix (prefixed by the goal's where the
        numbering restarts under each goal)."""
        plain = [m.number for m in measures]
        if len(set(plain)) == len(plain):
            return plain
        return [f"{m.goal.number}-{m.number}" for m in measures]

    def entries(self) -> list[tuple[str, str, str, Row]]:
        """(number, measure name, goal name, row) of every named measure, goal by goal."""
        return [(num, name, goal, m.row) for num, name, goal, m in self._named()]

    def _named(self) -> list[tuple[str, str, str, MatrixMeasure]]:
        measures = self.in_order()
        out = []
        for num, m in zip(self.numbers(measures), measures):
            name = clean_text(join_lines(m.name))
            if name:
                out.append((num, name, self.goal_name(m.goal), m))
        return out

    def items(self) -> list[tuple[str, str, str, str, Row]]:
        """(number, item name, goal name, measure name, row) of every item (① under (1))."""
        out = []
        for num, name, goal, m in self._named():
            for it in m.items:
                number = it.number if "-" in it.number else f"{num}-{it.number}"
                item = clean_text(join_lines(it.name))
                if item:
                    out.append((number, item, goal, name, it.row))
        return out


# ------------------------------------------------------------------ cells and lines

def cell_lines(cell: Cell) -> list[str]:
    """The printed lines of a cell, markup removed, spaces kept (基本目標1 市民…)."""
    raw = cell.raw if cell.raw is not None else cell.text
    lines = (_nfkc_keep_circled(_TAGS.sub("", part)).strip() for part in _BREAK.split(raw or ""))
    return [ln for ln in lines if ln]


@lru_cache(maxsize=None)
def _words() -> tuple[frozenset[str], frozenset[str], regex.Pattern]:
    forms = vocabulary().field_forms(CONTEXT)
    goal = frozenset(label_key(f) for f in forms["goal"])
    measure = frozenset(label_key(f) for f in forms["measure"])
    alt = "|".join(regex.escape(f) for f in sorted(forms["goal"], key=len, reverse=True))
    # a goal word and its number with the name glued to it or on the next line (基本目標1市民…)
    glued = regex.compile(rf"^(?:{alt})\s*(?P<n>\d{{1,2}})(?!\d)\s*[.．:：]?\s*(?P<rest>.*)$")
    return goal, measure, glued


@dataclass(frozen=True)
class GoalLine:
    number: str
    name: str
    level: int          # of its numbering (patterns.numbering): measures are numbered deeper
    worded: bool        # a goal word before the number (基本目標1), not a bare 1


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
    goal, measure, _ = _words()
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
    """(first column, column after it, line) of a grid row's cells; a cell's lines joined."""
    return [(float(c.col), float(c.col + c.colspan), " ".join(cell_lines(c)))
            for c in row.cells if cell_lines(c)]


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


def _done(m: Matrix, j: int) -> Optional[tuple[Matrix, int]]:
    """The matrix read up to row j, if it holds measures (under two goals or more where the
    goals are bare numbers: 1 … 2 … over (1) … alone could be any two numbered lines)."""
    under = {id(mm.goal) for mm in m.measures}
    return (m, j) if under and (m.worded or len(under) >= MIN_GOALS) else None


def find_matrices(doc: Document) -> list[Matrix]:
    """Every 施策体系 matrix of the document, in reading order."""
    furniture = running_lines(doc)
    rows = [r for r in doc.rows()]
    out: list[Matrix] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        got = None
        if r.kind != "heading" and r.text:
            if r.table is not None and r.table.grid:
                got = _grid_matrix(rows, i, furniture)
            elif r.table is None:
                got = _text_matrix(rows, i, furniture)
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
        for number, name, goal, measure, row in m.items():
            items.setdefault(measure, []).append(
                Project(number=number, name=name, goal=goal or None, measure=measure,
                        source=source_of(row)))
        for num, name, goal, row in m.entries():
            out += items.get(name) or [Project(number=num, name=name, goal=goal or None,
                                               source=source_of(row))]
    return out
