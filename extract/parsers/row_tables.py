"""One project per table row: 番号 | 事業名 | 担当課 | 概要 | 令和7年度 | 令和8年度 ...

The header is read in the vocabulary's row_table context (extract/structure/header.py) and must
satisfy its recipe (a name column and a department or content column). Each body row whose name
(or number) cell starts a new record is one project; a number printed before the name
(1-1 電子申請…) is split off. Fiscal-year columns give the schedule. A row holding a single
cell that spans the table is a goal or measure heading for the rows below it.

Grid tables (PDF ruling, markdown pipes) give cells by column. A text dump gives the pieces of
each printed line with their character column: the header may wrap over several lines (令和7 /
年度), and a record's cells wrap over the lines below it; pieces go to the header column they
start in. A table continued on the next page (a new table with the same columns, or more lines
of the dump) keeps the header.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.common import Collector, running_lines, source_of
from extract.parsers.outline import line_of, read_numbered
from extract.structure.matcher import matcher
from extract.structure.header import TableHeader, classify, read_header, recipes
from extract.structure.patterns import CIRCLED, SECTION, is_page_number, split_number
from normalize.departments import split_departments
from normalize.status import StatusVocabulary
from normalize.text import clean_text, join_lines
from schemas.models import Project, ScheduleCell

CONTEXT = "row_table"
# A header with one value row under it is a card printed label-above-value, not a list of
# projects: a row table has at least this many rows.
MIN_ROWS = 2
MAX_HEADER_LINES = 4          # a text header wrapped over at most this many lines
MAX_HEADER_PIECE = 12         # a header piece is a short label
# a number cut by a narrow column (1- / 1): the next line continues it
_CUT_NUMBER = regex.compile(r"^\d+\s*[-‐–ー]$")
STRADDLE_CHARS = 2            # a piece this far into the next column is no cell of the table


@dataclass
class Record:
    row: Row
    parts: dict[int, list[str]] = field(default_factory=dict)   # header column -> lines

    def add(self, k: int, text: str) -> None:
        if text:
            self.parts.setdefault(k, []).append(text)

    def text(self, k: Optional[int]) -> str:
        return join_lines(self.parts.get(k, [])) if k is not None else ""


def _grid(row: Row) -> bool:
    return row.table is not None and row.table.grid


def _lines(text: str) -> list[str]:
    return [t for t in text.split("\n") if t.strip()]


# ------------------------------------------------------------------ text dumps: columns by x

@dataclass
class TextHeader:
    labels: list[str]
    starts: list[float]           # character column each header label starts at
    rows_used: int

    def straddles(self, cells: list[Cell]) -> bool:
        """A piece running well past the next column's start: prose after the table."""
        for c in cells:
            k = self.column_at(c.bbox[0])
            if k + 1 < len(self.starts) and c.bbox[2] > self.starts[k + 1] + STRADDLE_CHARS:
                return True
        return False

    def column_at(self, x: float) -> int:
        k = 0
        for i, s in enumerate(self.starts):
            if x >= s - 0.5:
                k = i
        return k


def spaced_label_pieces(cells: list[Cell]) -> list[Cell]:
    """Pieces with text and a position; a label printed with justification spaces (担 当 課:
    single characters one space apart) joined back into one piece."""
    out: list[Cell] = []
    spaced = False                  # out[-1] is made of single characters
    for c in cells:
        if not c.text or c.bbox is None:
            continue
        if out and spaced and len(c.text) == 1 and c.bbox[0] - out[-1].bbox[2] <= 1:
            prev = out[-1]
            out[-1] = Cell(prev.text + c.text, col=prev.col,
                           bbox=(prev.bbox[0], prev.bbox[1], c.bbox[2], c.bbox[3]))
        else:
            out.append(c)
            spaced = len(c.text) == 1
    return out


def text_header(rows: list[Row], i: int) -> Optional[TextHeader]:
    """A header printed on rows[i], its wrapped parts on the lines below placed by column."""
    first = spaced_label_pieces(rows[i].cells)
    if len(first) < 3 or any(len(c.text) > MAX_HEADER_PIECE for c in first):
        return None
    labels = [c.text for c in first]
    starts = [c.bbox[0] for c in first]
    head = TextHeader(labels, starts, 1)
    for j in range(i + 1, min(len(rows), i + MAX_HEADER_LINES)):
        cells = [c for c in rows[j].cells if c.text and c.bbox is not None]
        if not cells:
            break
        if any(len(c.text) > MAX_HEADER_PIECE for c in cells) or split_number(cells[0].text)[0]:
            break
        for c in cells:
            k = head.column_at(c.bbox[0])
            head.labels[k] += c.text
        head.rows_used = j - i + 1
    return head


def place_pieces(th: TextHeader, fields: list[Optional[str]], cells: list[Cell]
                 ) -> list[tuple[int, str]]:
    """(column, text) of one printed line's pieces. A year column holds one status per line:
    pieces before the last one in it are the previous column's text running over (生成 AI を)."""
    placed = [[th.column_at(c.bbox[0]), c.text] for c in cells]
    for n in range(len(placed) - 2, -1, -1):
        k = placed[n][0]
        if fields[k] == "year" and placed[n + 1][0] == k and k > 0:
            placed[n][0] = k - 1
    return [(k, t) for k, t in placed]


def label_row(texts: list[str]) -> bool:
    """Every cell a label (基本目標 | 個別施策): a card's label row, not a record."""
    texts = [t for t in texts if t]
    return bool(texts) and all(classify(t, CONTEXT)[:2] in ((f, "") for f in ("goal", "measure",
                                                                           "department", "content",
                                                                           "name", "number"))
                               or matcher("card").match_exact(t) for t in texts)


# Tables another parser reads by its own recipe (reviews of the previous plan, procedure lists,
# KPI and budget tables) are not lists of projects even with a name and a department column.
OTHER_RECIPES = ("review", "procedure", "kpi", "budget")


def other_recipe(labels: list[str]) -> bool:
    for ctx in OTHER_RECIPES:
        spec = recipes()[ctx]
        present = {classify(t, ctx)[0] for t in labels}
        if all(f in present for f in spec.get("all", ())) \
                and (not spec.get("any") or present & set(spec["any"])):
            return True
    return False


def numbered_actions(header: Row, first: Optional[Row]) -> bool:
    """取組 | 所管部署 over ①, ② … rows: the numbered actions of the 施策 above, each with its
    own owners (action_tables), not one project per row."""
    action = read_header(header, "action")
    if action is None or len(action.columns) != 2 or not action.satisfies("action") \
            or first is None or first.table is not header.table:
        return False
    raw = next(((c.raw if c.raw is not None else c.text) for c in first.cells if c.text), "")
    return regex.sub(r"^(?:\s|\*|_|<[^>]+>)+", "", raw)[:1] in CIRCLED


def header_fields(labels: list[str]) -> list[Optional[str]]:
    return [classify(t, CONTEXT)[0] for t in labels]


# ------------------------------------------------------------------ the parser

def parse_row_tables(doc: Document, status: StatusVocabulary, out: Collector
                     ) -> tuple[list[Project], set[int]]:
    """Projects of every row table, and the ids of the rows they were read from (header
    included), which no other parser should read again."""
    furniture = running_lines(doc)
    rows = [r for r in doc.rows() if r.text and not is_page_number(r.text.strip())
            and r.text.strip() not in furniture]
    projects: list[Project] = []
    claimed: set[int] = set()
    i = 0
    while i < len(rows):
        row = rows[i]
        start = i
        if _grid(row):
            header = read_header(row, CONTEXT)
            if header is not None and header.satisfies(CONTEXT) \
                    and not other_recipe([c.label for c in header.columns]) \
                    and not numbered_actions(row, rows[i + 1] if i + 1 < len(rows) else None):
                found: list[Project] = []
                i = _grid_table(rows, i, header, status, out, found)
                if len(found) >= MIN_ROWS:
                    projects += found
                    claimed |= {id(r) for r in rows[start:i]}
                continue
        elif row.table is None and row.kind != "heading":
            th = text_header(rows, i)
            if th is not None:
                fields = header_fields(th.labels)
                if "name" in fields and ({"department", "content"} & set(fields)) \
                        and not other_recipe(th.labels):
                    found = []
                    i = _text_table(rows, i, th, fields, status, out, found)
                    if len(found) >= MIN_ROWS:
                        projects += found
                        claimed |= {id(r) for r in rows[start:i]}
                    continue
        i += 1
    return projects, claimed


def _grid_table(rows, i, header: TableHeader, status, out, projects) -> int:
    fields = header.fields
    years = {k: (c.fiscal_year, c.label) for k, c in enumerate(header.columns)
             if c.field == "year" and c.fiscal_year}
    ncols = len(header.row.cells)
    goal = measure = None
    tables = {id(header.row.table)}
    i += 1
    while i < len(rows):
        r = rows[i]
        if not _grid(r) or r.kind == "heading":
            if r.table is None and _grid(rows[i - 1]) and i + 1 < len(rows) \
                    and _grid(rows[i + 1]) and len(rows[i + 1].cells) == ncols:
                i += 1            # a caption or furniture line between two parts of the table
                continue
            break
        if id(r.table) not in tables:
            if len(r.cells) != ncols or header.repeats(r) is False and read_header(r, CONTEXT) \
                    and read_header(r, CONTEXT).satisfies(CONTEXT):
                break
            tables.add(id(r.table))
        if header.repeats(r):
            i += 1
            continue
        if label_row(r.texts):
            break
        filled = r.nonempty
        if len(filled) == 1 and len(header.columns) > 2 and (span := _span_heading(filled[0])):
            goal, measure = _apply_span(span, goal, measure)
            i += 1
            continue
        rec = Record(r)
        for c in filled:
            col = header.column_of(c)
            if col is not None:
                rec.add(header.columns.index(col), c.text)
        p = _project(rec, fields, years, goal, measure, status)
        if p is not None:
            projects.append(p)
        i += 1
    return i


def _span_heading(cell: Cell) -> Optional[tuple[Optional[str], str]]:
    """A goal / measure row spanning the table: (role, name)."""
    found = read_numbered(line_of(Row([cell])))
    if found is None:
        return None
    role, n = found
    return role, clean_text(n.rest)


def _apply_span(span, goal, measure):
    role, name = span
    if role == "measure":
        return goal, name
    return name, None


def _text_table(rows, i, th: TextHeader, fields, status, out, projects) -> int:
    years = {}
    for k, (label, f) in enumerate(zip(th.labels, fields)):
        fy = classify(label, CONTEXT)[2] if f == "year" else None
        if fy:
            years[k] = (fy, label)
    first_col = fields.index("number") if "number" in fields else fields.index("name")
    goal = measure = None
    current: Optional[Record] = None
    i += th.rows_used
    while i < len(rows):
        r = rows[i]
        text = r.text.strip()
        if r.kind == "heading" or r.table is not None or SECTION.match(text):
            break
        cells = [c for c in r.cells if c.text and c.bbox is not None]
        if not cells:
            i += 1
            continue
        if label_row([c.text for c in cells]):
            break
        starts_record = th.column_at(cells[0].bbox[0]) == first_col \
            and (split_number(cells[0].text)[0] is not None or _CUT_NUMBER.match(cells[0].text)) \
            and not (current is not None and _CUT_NUMBER.match(current.text(first_col)))
        if (not starts_record and current is None) or th.straddles(cells):
            break
        if starts_record:
            if current is not None:
                _emit(current, fields, years, goal, measure, status, out, projects)
            current = Record(r)
        for k, text in place_pieces(th, fields, cells):
            current.add(k, text)
        i += 1
    if current is not None:
        _emit(current, fields, years, goal, measure, status, out, projects)
    return i


def _emit(rec, fields, years, goal, measure, status, out, projects) -> None:
    p = _project(rec, fields, years, goal, measure, status)
    if p is not None:
        projects.append(p)


def _project(rec: Record, fields: list[Optional[str]], years: dict[int, tuple[int, str]],
             goal: Optional[str], measure: Optional[str], status: StatusVocabulary
             ) -> Optional[Project]:
    def idx(f: str) -> Optional[int]:
        return fields.index(f) if f in fields else None

    name = rec.text(idx("name"))
    number = clean_text(rec.text(idx("number"))) or None
    if number is None:
        number, name = split_number(name)
    name = clean_text(name)
    if not name:
        return None
    schedule = []
    for k, (fy, label) in sorted(years.items()):
        raw = clean_text(rec.text(k))
        if raw:
            code, raw_status = status.map(raw)
            schedule.append(ScheduleCell(fiscal_year=fy, label=label.replace(" ", ""),
                                         status=code, status_raw=raw_status))
    deps = split_departments("\n".join(rec.parts.get(idx("department"), []))) \
        if idx("department") is not None else []
    return Project(number=number, name=name, departments=deps,
                   description=clean_text(rec.text(idx("content"))) or None,
                   goal=clean_text(rec.text(idx("goal"))) or goal,
                   measure=clean_text(rec.text(idx("measure"))) or measure,
                   schedule=schedule, source=source_of(rec.row))
