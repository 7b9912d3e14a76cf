"""Project cards (事業 / 項目 / 実施事項 / 取組): label + value pairs, in any reader's rows.

The parser walks Document.rows() once. A row is cut into segments at every label (the card
context of extract/structure/vocabulary.toml, matched by extract/structure/matcher.py); a card opens at a `start` label and collects, per field, the values that follow each
label until the next label. Section headings between cards set the goal the cards inherit.
The schedule segment is a small grid: a fiscal-year header row and the status row under it.
Finalizing a card (number/name split, departments, KPI targets, schedule years and statuses)
uses the pure functions of normalize/.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Optional

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.common import Collector, running_lines, source_of
from extract.parsers.action_tables import action_columns, parse_action_table
from extract.parsers.budget_tables import budget_header, parse_budget_table, table_unit
from extract.parsers.kpi_tables import (continue_kpi_table, continues_kpi_table, is_kpi_header,
                                         kpi_text_header, parse_kpi_lines, parse_kpi_table)
from extract.parsers.measures import MeasureContext, action_projects, measure_project
from extract.parsers.outline import MAX_HEADING_CHARS, NOT_OUTLINE, line_of, read_item, read_numbered
from extract.structure.header import text_runs
from extract.structure.matcher import LabelMatch, LabelMatcher, matcher
from extract.structure.patterns import (ARROW_ONLY, CIRCLED_VALUE, DATED_ITEM, FIGURE_CAPTION,
                                        bar_status, is_page_number, is_year_label, split_number,
                                        year_header_eras)
from extract.structure.vocabulary import vocabulary
from normalize.departments import split_departments
from normalize.numbers import parse_budget_jpy, parse_kpi_target
from normalize.status import StatusVocabulary
from normalize.text import clean_text, join_lines
from normalize.wareki import fiscal_year
from schemas.models import KPI, Project, ScheduleCell

# --- patterns -------------------------------------------------------------------------------

_CARD_VALUES = vocabulary().values("cards")
_CATEGORY = "|".join(regex.escape(v) for v in _CARD_VALUES["category_values"])
_CHECKBOX_VALUE = regex.compile(rf"[■☑☒✓✔]\s*({_CATEGORY})")
_CHECKBOX_ANY = regex.compile(rf"[□■☐☑☒✓✔]\s*(?:{_CATEGORY})")


def _words(role: str) -> str:
    """A regex alternation of a role's printed forms, longest first."""
    return "|".join(regex.escape(f) for f in sorted(vocabulary().forms(role), key=len, reverse=True))


_GOAL_HEADING = regex.compile(
    rf"^(?P<sec>第\s*\d+\s*[節章]\s*)?(?:{_words('goal')})\s*(?P<num>\d*)\s*[:：.．]?\s*(?P<goal>\S.*)$")
_ROMAN_HEADING = regex.compile(r"^(?P<num>(?:[IVX]+|[ⅰ-ⅹ]))\s*[.．]\s*(?P<goal>\S.{1,40})$")
_MEASURE_HEADING = regex.compile(rf"^(?:{_words('measure')})\s*(?:\(\s*\d+\s*\)|\d+(?:\s*[-‐‑–―ー]\s*\d+)*)"
                              r"\s*[:：.．]?\s*(?P<measure>\S.*)$")
# Lines that open a new part of a 施策 page (vocabulary.toml [values.cards] section_markers).
_SECTION_MARKER = regex.compile(
    r"^(?:◎.{1,20}|[<＜\[［【](?:" + "|".join(_CARD_VALUES["section_markers"]) + r")[>＞\]］】])$")
_ARROW = regex.compile(r"^[→⇒⟶―\-ー─━>＞]+$")
_TAG = regex.compile(r"<[^>]+>")
WRAP_RATIO = 0.85     # a line this close to its cell's width was wrapped, not ended
CELL_RATIO = 0.6      # a KPI cell is at least this fraction of the card's text width
MAX_LABEL_PIECES = 6  # a label printed with justification spaces (主 な 担 当 部 局): up to 6 pieces
_MAY_INLINE = regex.compile(r"\*\*|__|<b>|<strong>|【")
MAX_RUNNING_LINES = 2  # a page's running header: a line or two above a table going on there
_BULLET = regex.compile(r"^[・･\-*•●○◯◆◇■□]\s*")


@dataclass
class Segment:
    field: str
    label: str
    rows: list[tuple[Row, list[Cell]]] = field(default_factory=list)   # value cells per row

    def widths(self) -> list[int]:
        """Printed width of each whole line (label included) that holds a value."""
        return [display_width(clean_text(row.text)) for row, cells in self.rows
                if any(c.text for c in cells)]

    def lines(self) -> list[str]:
        out = []
        for _, cells in self.rows:
            text = clean_text(" ".join(c.text for c in cells if c.text))
            if text:
                out.append(text)
        return out


@dataclass
class CardDraft:
    start_row: Row
    goal: Optional[str]
    measure: Optional[str]
    parent: Optional[tuple[str, str]] = None       # (number, name) of an enclosing card
    segments: list[Segment] = field(default_factory=list)
    table_kpis: list[KPI] = field(default_factory=list)   # from a KPI table inside the card
    closed: bool = False                            # schedule read: plain rows no longer belong

    def current(self) -> Optional[Segment]:
        return self.segments[-1] if self.segments else None

    def fields(self) -> set[str]:
        return {s.field for s in self.segments}

    def has_name(self) -> bool:
        """A name was read (a start value holding only a number, 項番 ①, is not a name)."""
        for s in self.segments:
            if s.field in ("start", "name") and s.lines():
                number, name = split_number_name(" ".join(s.lines()))
                if name or s.field == "name":
                    return True
        return False


# --- segmentation of one row ------------------------------------------------------------------

def split_row(row: Row, labels: LabelMatcher, *, resplit: bool = False
              ) -> list[tuple[Optional[LabelMatch], list[Cell]]]:
    """Cut a row into (label, value cells) pieces; the first piece's label may be None.
    resplit: read a one-cell text line from its raw text in space-separated pieces even when it
    does not start with a label (a schedule's year and status lines)."""
    pieces: list[tuple[Optional[LabelMatch], list[Cell]]] = [(None, [])]
    cells, inline = _text_pieces(row, labels, resplit) or _split_inline(row.cells, labels)
    grid = row.table is not None
    i = 0
    while i < len(cells):
        cell = cells[i]
        match = None
        if cell.text:
            if grid or i in inline:
                match = labels.match_start(cell.text, in_cell=True)
            elif i == 0 or (i == 1 and not cells[0].text) or len(pieces) > 1:
                # Plain text: a label leads the line; a second label may follow on a label line.
                # A label printed with spaces (担 当 課) may cover several cells.
                joined = " ".join(c.text for c in cells[i:i + MAX_LABEL_PIECES])
                m = labels.match_start(joined, in_cell=False)
                if m:
                    used, leftover = _label_cells(cells, i, m.end)
                    if used:
                        value = [Cell(leftover, col=cells[i + used - 1].col)] if leftover else []
                        x = cells[i].bbox[0] if cells[i].bbox else None
                        pieces.append((replace(m, rest="", x=x), value))
                        i += used
                        continue
        if match:
            value = [Cell(match.rest, col=cell.col, colspan=cell.colspan, bbox=cell.bbox)] if match.rest else []
            pieces.append((replace(match, rest=""), value))
        else:
            pieces[-1][1].append(cell)
        i += 1
    if pieces[0][0] is None and not any(c.text for c in pieces[0][1]) and len(pieces) > 1:
        pieces.pop(0)
    return pieces


def _split_inline(cells: list[Cell], labels: LabelMatcher) -> tuple[list[Cell], set[int]]:
    """Cells cut at emphasized or 【】 labels inside them (No. 3-1 名前 **担当課** 情報政策課):
    (cells, indices of the cells that start with such a label)."""
    if not any(_MAY_INLINE.search(c.text) for c in cells if c.text):
        return cells, set()
    out: list[Cell] = []
    starts: set[int] = set()
    for c in cells:
        found = labels.find_inline(c.text) if c.text else []
        if not found:
            out.append(c)
            continue
        head = c.text[:found[0].start].strip()
        if head:
            out.append(Cell(head, col=c.col, raw=head))
        for m in found:
            starts.add(len(out))
            text = c.text[m.start:m.end].strip()
            out.append(Cell(f"{text} {m.rest}".strip(), col=c.col, colspan=c.colspan))
    return out, starts


def _label_cells(cells: list[Cell], i: int, end: int) -> tuple[int, str]:
    """How many cells from cells[i] a label ending at `end` of their space-joined text covers,
    and the value left in the last of them (担当課：各課 -> 各課)."""
    pos = 0
    for k in range(i, min(len(cells), i + MAX_LABEL_PIECES)):
        t = cells[k].text
        if end <= pos:
            return k - i, ""
        if end <= pos + len(t):
            return k - i + 1, t[end - pos:].strip(" :：")
        pos += len(t) + 1
    return min(len(cells), i + MAX_LABEL_PIECES) - i, ""


def _pieces(text: str) -> list[Cell]:
    return [Cell(clean_text(p), raw=p) for p in text.split()]


def _text_pieces(row: Row, labels: LabelMatcher, resplit: bool
                 ) -> Optional[tuple[list[Cell], set[int]]]:
    """A text line that a reader kept whole (PDF, markdown) as the space-separated pieces a
    plain dump gives, read from its raw text: cleaning removes the spaces between Japanese
    words, gluing label and value (主な担当部局　情報政策課 -> 主な担当部局情報政策課) and the years
    of a schedule header. Emphasized / 【】 labels inside the line become cells of their own.
    (cells, indices of inline-label cells), or None when the row is not such a line."""
    if row.table is not None or len(row.cells) != 1:
        return None
    cell = row.cells[0]
    raw = cell.raw
    if not raw or not cell.text or raw.strip() == cell.text:
        return None
    inline_mark = _MAY_INLINE.search(raw)
    if not (resplit or inline_mark or labels.starts_with_form(cell.text)):
        return None
    line = unicodedata.normalize("NFKC", raw)
    found = labels.find_inline(line) if inline_mark else []
    cells: list[Cell] = []
    starts: set[int] = set()
    cut = found[0].start if found else len(line)
    cells.extend(_pieces(line[:cut]))
    for m in found:
        starts.add(len(cells))
        cells.append(Cell(line[m.start:m.end].strip()))
        cells.extend(_pieces(m.rest))
    for k, c in enumerate(cells):
        c.col = k
    return (cells, starts) if len(cells) > 1 or found else None


# --- the walk ---------------------------------------------------------------------------------

def goal_from_heading(text: str) -> tuple[Optional[str], bool]:
    """(goal, numbered): "第1節 基本目標1 X" / "I. X" are numbered section headings; a bare
    "基本目標 X" is a heading only where no card is open (inside a card it is a label)."""
    text = text.strip()
    if len(text) > 60 or "\t" in text:
        return None, False
    m = _GOAL_HEADING.match(text)
    numbered = bool(m and (m.group("sec") or m.group("num")))
    if not m:
        m = _ROMAN_HEADING.match(text)
        numbered = bool(m)
    if not m:
        return None, False
    goal = regex.sub(r"\s+\d+$", "", m.group("goal")).strip()   # a TOC page number
    return (goal or None), numbered


def measure_from_heading(text: str) -> Optional[str]:
    m = _MEASURE_HEADING.match(text.strip())
    return m.group("measure").strip() if m and len(text) <= 60 else None


class CardWalker:
    """One pass over a document's rows. Each row is, in this order of precedence: the header of
    a table a 施策 carries instead of a card (KPI, budget, action table: read whole), a section
    heading (sets the goal), a sub-project header, a marker or caption that ends a field, or a
    row of labels and values that opens or fills a card."""

    def __init__(self, status: StatusVocabulary, out: Collector) -> None:
        self.labels = matcher("card")
        self.status, self.out = status, out
        self.drafts: list = []                 # CardDraft, or Project read from a table
        self.goal: Optional[str] = None
        self.measure: Optional[str] = None
        self.card: Optional[CardDraft] = None
        self.parent: Optional[tuple[str, str]] = None
        self.known: dict[str, str] = {}        # "number name" text -> number (sub-project headers)
        self.ctx = MeasureContext()
        self.consumed: set[int] = set()        # ids of rows a table reader has taken
        self._kpi_table = None                 # the last KPI table: (header, ncols, last row, KPI list)
        self._item_head: Optional[tuple[int, Row]] = None   # a numbered line no card took

    # -- bookkeeping ---------------------------------------------------------------------------
    def close(self) -> None:
        """The open card (if any) is complete."""
        if self.card is not None and (not self.drafts or self.drafts[-1] is not self.card):
            self.drafts.append(self.card)
        self.card = None

    def _open(self) -> bool:
        return self.card is not None and not self.card.closed

    def _stop(self, row: Row) -> bool:
        return _starts_with_label(row, self.labels)

    def _taken(self, rows: list[Row]) -> None:
        self.consumed.update(id(r) for r in rows)
        self.ctx.consumed()

    # -- the walk ------------------------------------------------------------------------------
    def walk(self, doc: Document) -> list:
        rows = list(doc.rows())
        self._rows = rows
        self._running = running_lines(doc)
        for i, row in enumerate(rows):
            self._i = i
            if not row.cells or not row.text or id(row) in self.consumed:
                continue
            if row.table is not None and self.measure_table(row):
                continue
            if row.table is None and (self.kpi_lines(rows, i) or self.action_lines(rows, i)):
                continue
            if row.kind == "heading":
                self.ctx.heading(row)
            elif row.table is None:
                self.ctx.text(row)
            if self.section(row) or self.furniture(row):
                continue
            self.labelled(row)
        self.close()
        return self.drafts

    def measure_table(self, row: Row) -> bool:
        """KPI, budget and action tables, read whole from their header row. A row of labels
        with one row of values under it is a card's labels above their values, not a table,
        unless it heads a KPI table (指標 | 現状値 | 目標値: a card's KPI grid of one indicator)."""
        if self.kpi_continued(row):
            return True
        if is_kpi_header(row):
            kpis, used, header = parse_kpi_table(row.table, row.index_in_table, self.out,
                                                 stop=self._stop)
            sink = self.kpis(row, kpis, used)
            self._kpi_table = (header, row.table.ncols, used[-1], sink)
            return True
        if self.labels_above(row) is not None:
            return False
        if budget_header(row):
            unit = table_unit([r.text for r in self.ctx.rows])
            found, used = parse_budget_table(row.table, row.index_in_table, unit, self.out,
                                             stop=self._stop)
            self.close()
            self.drafts.extend(found)
            self._taken(used)
            return True
        if not self._open() and action_columns(row):
            return self.actions(row.table.rows, row.index_in_table)
        return False

    def kpis(self, row: Row, kpis: list[KPI], used: list[Row]) -> list[KPI]:
        """A KPI table read whole: the open card's, else the 施策 above it. The list the KPIs
        went to (a part of the table after a page break goes there too)."""
        if self._open():
            self.card.table_kpis.extend(kpis)
            last = used[-1] if used else row
            # text after the table is no longer the card's; rows after a KPI grid inside the
            # card's own table (its schedule) still are
            if last.table is None or last.index_in_table == len(last.table.rows) - 1:
                self.card.closed = True
            sink = self.card.table_kpis
        else:
            self.close()
            self.drafts.append(measure_project(self.ctx, self.goal, row, self.out, kpis=kpis))
            sink = self.drafts[-1].kpis
        self._taken(used)
        return sink

    def kpi_continued(self, row: Row) -> bool:
        """The first row of a table going on from the last KPI table across a page break (the
        same columns; between them only blank lines and, on the new page, its running header):
        its rows are read into the same KPIs."""
        if self._kpi_table is None:
            return False
        header, ncols, last, sink = self._kpi_table
        k = self._i - 1
        between = []
        while k >= 0 and self._rows[k] is not last:
            if self._rows[k].text:
                between.append(self._rows[k])
                if len(between) > MAX_RUNNING_LINES:
                    return False
            k -= 1
        if k < 0 or self._stop(row) or not continues_kpi_table(row, header, ncols):
            return False                # a card's label row (施策名 | (2) …) starts a card
        if between and not (row.page != last.page
                            and all(r.text.strip() in self._running for r in between)):
            return False
        kpis, used = continue_kpi_table(row.table, header, self.out, stop=self._stop)
        sink.extend(kpis)
        self._taken(used)
        self._kpi_table = (header, ncols, used[-1] if used else last, sink)
        return True

    def kpi_lines(self, rows: list[Row], i: int) -> bool:
        """A KPI table in a text dump: a 指標  現状値  目標値 line, the value lines under it."""
        if kpi_text_header(rows[i]) is None:
            return False
        kpis, used = parse_kpi_lines(rows, i, self.out, stop=self._stop)
        if not kpis:
            return False
        self.kpis(rows[i], kpis, used)
        return True

    def action_lines(self, rows: list[Row], i: int) -> bool:
        """An action table in a text dump: a 目標   推進者 line, numbered lines under it."""
        return not self._open() and action_columns(rows[i]) is not None and self.actions(rows, i)

    def actions(self, rows: list[Row], i: int) -> bool:
        """The 施策 above an action table, and each of its actions, as records."""
        actions, used = parse_action_table(rows, i, stop=self._stop)
        if not actions:
            return False
        self.close()
        responsible = list(dict.fromkeys(r for a in actions for r in a.responsible))
        measure = measure_project(self.ctx, self.goal, rows[i], self.out, departments=responsible,
                                  what="action table")
        self.drafts.append(measure)
        self.drafts.extend(action_projects(measure, actions))
        self._taken(used)
        return True

    def labels_above(self, row: Row) -> Optional[Row]:
        """The row of values under a grid row of labels alone, when the labels are a card's
        (labels above their values): one value row, then another label row or the table's end.
        A header with many value rows under it is a list's (a review table), not a card's; labels
        that neither open a card nor continue an open one head a one-row table."""
        table = row.table
        if table is None:
            return None
        if not table.grid:
            return None
        k = row.index_in_table
        found = _label_cells_only(row, self.labels) if k + 1 < len(table.rows) else None
        if found is None:
            return None
        if not self._open() and not any(m.field in ("start", "name") for m, _ in found):
            return None         # 取組概要 | 所管課 over one row and no card: an action table
        if budget_header(row):
            return None         # No | 事業名 | 概要 | 予算額: a budget table, even of one row
        below = table.rows[k + 1]
        if not below.text or _starts_with_label(below, self.labels):
            return None
        after = table.rows[k + 2] if k + 2 < len(table.rows) else None
        if after is not None and after.text and not _starts_with_label(after, self.labels):
            return None
        return below

    def _next_line(self) -> Optional[Row]:
        """The row after the current one; blank lines are passed over only where a page break
        falls among them (a table row continued overleaf)."""
        rows, k = self._rows, self._i + 1
        while k < len(rows) and not rows[k].text:
            k += 1
        if k == len(rows):
            return None
        return rows[k] if k == self._i + 1 or rows[k].page != rows[self._i].page else None

    def text_labels_above(self, row: Row, pieces: list) -> list:
        """A plain line of two or more labels alone (KPI    目標値) over a line of values: each
        value piece goes to the label printed at or left of where it starts (the dump kept the
        layout). Other lines are returned as split."""
        if len(pieces) < 2 or any(m is None or cells or m.x is None for m, cells in pieces):
            return pieces
        if not self._open() and not any(m.field in ("start", "name") for m, _ in pieces):
            return pieces
        below = self._next_line()
        if below is None or below.table is not None or below.kind == "heading" \
                or not below.text or _starts_with_label(below, self.labels):
            return pieces
        values = [c for c in below.cells if c.text]
        if any(c.bbox is None for c in values):
            return pieces
        xs = [m.x for m, _ in pieces]
        paired: list = [(m, []) for m, _ in pieces]
        for c in values:
            k = max((j for j, x in enumerate(xs) if x <= c.bbox[0] + 1), default=None)
            if k is None:
                return pieces
            paired[k][1].append(c)
        if not paired[-1][1] and not paired[1][1]:
            return pieces       # nothing under the later labels: not their values
        self.consumed.add(id(below))
        return paired

    def wrapped_label(self, row: Row) -> Row:
        """A label wrapped in its cell in a text dump (年 度 別 計 / 画, 事業No. / 1-1): the next
        line holds one piece under the label, ending before the value column, that completes the
        label or is the number a numbering label takes. The row with the label made whole (the
        tail line consumed), else the row as it is."""
        runs = text_runs(row)
        nxt = self._next_line()
        if len(runs) < 2 or nxt is None or nxt.table is not None or nxt.kind == "heading":
            return row
        tail = text_runs(nxt)
        if len(tail) != 1 or tail[0].bbox[0] > runs[0].bbox[2] or tail[0].bbox[2] > runs[1].bbox[0]:
            return row
        head = runs[0].text
        whole = self.labels.match_start(head + tail[0].text, in_cell=True)
        alone = self.labels.match_start(head, in_cell=True)
        if whole is None:
            return row
        number = not whole.rest or split_number(whole.rest) == (whole.rest.replace(" ", ""), "")
        if alone is None:       # the tail completes the label (年度別計 / 画, 事業 / No.3-1)
            whole_label = number
        else:                   # the number the label takes, or its rest cut by the cell (取組番号 1- / 1)
            whole_label = whole.label == alone.label and bool(whole.rest) and number \
                and whole.rest.startswith(alone.rest)
        if not whole_label:
            return row
        self.consumed.add(id(nxt))
        label = Cell(head + tail[0].text, col=0, bbox=runs[0].bbox)
        values = [replace(c, col=c.col - runs[1].col + 1) for c in row.nonempty
                  if c.bbox[0] >= runs[1].bbox[0]]
        return Row([label] + values, page=row.page, line=row.line, kind=row.kind)

    def _left_of_values(self, row: Row, cells: list[Cell]) -> bool:
        """A text line after a blank one, starting left of the open field's value column: the
        card has ended. Only where the dump kept a value column (label and value two or more
        spaces apart on the label's line); wrapped running text starts at the margin."""
        if not self._open() or not cells or self._i == 0 or self._rows[self._i - 1].text:
            return False
        k = self._i - 1
        while k >= 0 and self._blank_or_furniture(self._rows[k]):
            k -= 1
        if k >= 0 and self._rows[k].page != self._rows[self._i].page:
            return False        # a page break, not a blank line, lies between: the value goes on
        seg = self.card.current()
        first = next((c for c in seg.rows[0][1] if c.text), None) if seg and seg.rows else None
        start = next((c for c in cells if c.text), None)
        if first is None or first.bbox is None or start is None or start.bbox is None:
            return False
        columns = [r.bbox[0] for r in text_runs(seg.rows[0][0])[1:]]
        return first.bbox[0] in columns and start.bbox[0] < first.bbox[0] - 1

    def _just_after(self, k: int) -> bool:
        """Whether only blank rows (or a page break's furniture) lie between row k and the
        current one."""
        return all(self._blank_or_furniture(r) for r in self._rows[k + 1:self._i])

    def _blank_or_furniture(self, row: Row) -> bool:
        text = row.text.strip()
        return not text or is_page_number(text) or text in self._running

    def section(self, row: Row) -> bool:
        """Goal and measure headings; any other heading ends the open card."""
        if row.table is None or row.kind == "heading":
            g, numbered = goal_from_heading(row.text)
            if g and (row.kind == "heading" or numbered or self.card is None):
                self.close()
                self.goal, self.measure, self.parent = g, None, None
                return True
            mh = measure_from_heading(row.text)
            # a numbered 施策 line (施策1-1 X) is a heading in a text dump too, outside a card
            if mh and (row.kind == "heading" or (row.table is None and not self._open())):
                self.close()
                self.measure = mh
                return True
        if row.kind == "heading":
            self.close()
            return True
        return False

    def furniture(self, row: Row) -> bool:
        """Sub-project headers (a repeated "3-6 個別システム…" line), markers and captions."""
        compact = clean_text(row.text)
        card = self.card
        if compact in self.known and (card is None or card.closed or card.current().field != "start"):
            self.close()
            self.parent = (self.known[compact], compact)
            return True
        if row.table is None and card is not None and _SECTION_MARKER.match(compact):
            # ◎施策の目標 / <主な事業> / [期待される効果]: the field before it has ended
            card.segments.append(Segment("marker", compact, []))
            return True
        if row.table is None and FIGURE_CAPTION.match(compact):
            if card is not None:
                card.closed = True
            return True
        return False

    def labelled(self, row: Row) -> None:
        is_table = row.table is not None
        in_schedule = self._open() and self.card.current() is not None \
            and self.card.current().field == "schedule"
        below = self.labels_above(row)
        if below is not None:
            # 事業名 | 所管課 over 1-1 電子申請… | 情報政策課: each label takes the cells under it
            self.consumed.add(id(below))
            pieces = _pair_above(row, below, self.labels)
        else:
            if not is_table:
                row = self.wrapped_label(row)
            pieces = split_row(row, self.labels, resplit=in_schedule)
            if not is_table:
                pieces = self.text_labels_above(row, pieces)
        if is_table and _is_list_header(pieces):
            # 項番 | 項目名 | 主な担当部局 | 実施状況: the header of a list (a review table), not a card
            self.close()
            self.consumed.update(id(r) for r in row.table.rows[row.index_in_table:])
            return
        if (self._open() and len(pieces) == 1 and pieces[0][0] is None
                and _year_cells(pieces[0][1]) and self.card.current().field != "schedule"):
            # A year header row with no スケジュール label (seed 003): the schedule starts here.
            self.card.segments.append(Segment("schedule", "", []))
        head = self._item_head
        if not self._blank_or_furniture(row):
            self._item_head = None
        if not is_table and not self._open() and len(pieces) == 1 and pieces[0][0] is None:
            self._item_head = (self._i, row)        # ① 電子申請…（情報政策課）: maybe a card's name
        for match, cells in pieces:
            card = self.card
            # what a card without a name row opens with: what is done, or who does it
            if match is not None and match.field in ("content", "department") and not self._open() \
                    and head is not None and self._just_after(head[0]):
                self.close()
                self.card = card_of_item_line(head[1], self.goal, self.measure, self.parent)
                head = None
            if match is None:
                if not is_table and self._left_of_values(row, cells):
                    card.closed = True      # ロードマップ after the last card: not its text
                if card is not None and card.segments and not (card.closed and not is_table):
                    seg = card.current()
                    if not (seg.field == "schedule" and card.closed):
                        seg.rows.append((row, cells))
                continue
            f = match.field
            opens = (f == "start" and not (self._open() and _number_only_start(card))) \
                or (f == "name" and (card is None or card.has_name()))
            if opens:
                self.close()
                self.card = CardDraft(start_row=row, goal=self.goal, measure=self.measure,
                                      parent=self.parent)
            if self.card is not None:
                self.card.segments.append(Segment(f, match.label, [(row, cells)]))
        card = self.card
        if card is not None and card.current() and card.current().field == "schedule" \
                and _schedule_complete(card.current()):
            card.closed = True
        if card is not None and card.segments and card.segments[0].field == "start":
            key = _number_name_key(card)
            if key:
                self.known[key[1]] = key[0]


def card_of_item_line(row: Row, goal: Optional[str], measure: Optional[str],
                      parent: Optional[tuple[str, str]]) -> Optional[CardDraft]:
    """A card printed without a name row under a numbered line of its own (① 電子申請サービスの
    拡充（情報政策課、関係各課）): the line is its number and name, the bracket its departments.
    None when the line is no numbered item."""
    line = line_of(row)
    found = read_numbered(line) if len(line) <= MAX_HEADING_CHARS else None
    if found is None or found[0] is not None or found[1].kind in NOT_OUTLINE:
        return None                         # 基本目標1 / 施策(1) / 第1節: headings, not items
    item = read_item(found[1])
    name, deps = item if item else (clean_text(found[1].rest), [])
    if not name:
        return None
    number = found[1].number
    card = CardDraft(start_row=row, goal=goal, measure=measure, parent=parent)
    card.segments.append(Segment("start", "", [(row, [Cell(f"{number} {name}", raw=line)])]))
    if deps:
        card.segments.append(Segment("department", "", [(row, [Cell("、".join(deps))])]))
    return card


def parse_cards(doc: Document, status: StatusVocabulary, out: Collector,
                skip: frozenset[int] = frozenset()) -> list[Project]:
    """Cards and 施策 tables; rows whose id is in `skip` belong to another parser (a roadmap)."""
    walker = CardWalker(status, out)
    walker.consumed.update(skip)
    drafts = walker.walk(doc)
    projects, circled = [], []
    for d in drafts:
        if isinstance(d, Project):          # a 施策 read from its table
            projects.append(d)
            circled.append(False)
            continue
        p = finalize(d, status, out)
        if p is not None:
            projects.append(p)
            circled.append(_starts_circled(d))
    repair_circled_sequence(projects, circled, out)
    return projects


def _label_cells_only(row: Row, labels: LabelMatcher) -> Optional[list[tuple[LabelMatch, Cell]]]:
    """The (label, cell) of each non-empty cell when every one is a label alone, else None."""
    out = []
    for c in row.cells:
        if c.text:
            m = labels.match_exact(c.text)
            if m is None:
                return None
            out.append((m, c))
    return out or None


def _pair_above(row: Row, below: Row, labels: LabelMatcher) -> list[tuple[Optional[LabelMatch], list[Cell]]]:
    """Labels of `row` with the cells of `below` in their columns: a label covers its own
    columns up to the next label's."""
    found = _label_cells_only(row, labels) or []
    pieces: list[tuple[Optional[LabelMatch], list[Cell]]] = []
    for k, (m, c) in enumerate(found):
        end = found[k + 1][1].col if k + 1 < len(found) else None
        cells = [v for v in below.cells if v.text and v.col + v.colspan > c.col
                 and (end is None or v.col < end)]
        pieces.append((m, cells))
    return pieces


def _is_list_header(pieces) -> bool:
    """Labels side by side with nothing under them (項番 | 項目名 | 主な担当部局 | 実施状況):
    the header of a list, where a card row would give the first labels their values."""
    empty = [m for m, cells in pieces if m is not None and not any(c.text for c in cells)]
    return len(empty) >= 2


def _starts_with_label(row: Row, labels: LabelMatcher) -> bool:
    first = next((c.text for c in row.cells if c.text), "")
    return labels.match_start(first, in_cell=True) is not None


def _number_only_start(card: CardDraft) -> bool:
    """項番 ① alone opened the card; a following 事業名 names the same card."""
    segs = [s for s in card.segments if s.field in ("start", "name")]
    if len(segs) != 1 or card.segments[-1] is not segs[0]:
        return False
    number, name = split_number_name(" ".join(segs[0].lines()))
    return number is not None and not name


def _number_name_key(card: CardDraft) -> Optional[tuple[str, str]]:
    seg = card.segments[0]
    first = _name_text(seg)
    number, name = split_number_name(first)
    if number and name and not card.parent:
        return number, clean_text(first)
    return None


# --- schedule grid ----------------------------------------------------------------------------

def _year_cells(cells: list[Cell]) -> list[Cell]:
    """The cells of a fiscal-year header row, or []. Pieces of one label split at its spaces
    (令和 7 年度 in a plain dump) are joined back into one cell."""
    nonempty = [c for c in cells if c.text]
    if year_header_eras([c.text for c in nonempty]):
        return nonempty
    merged: list[Cell] = []
    i = 0
    while i < len(nonempty):
        for j in range(min(len(nonempty), i + 4), i, -1):     # longest first, down to one cell
            text = "".join(c.text for c in nonempty[i:j])
            if year_header_eras([m.text for m in merged] + [text]):
                first, last = nonempty[i], nonempty[j - 1]
                bbox = (first.bbox[0], first.bbox[1], last.bbox[2], last.bbox[3]) \
                    if first.bbox and last.bbox else None
                merged.append(Cell(text, col=first.col, colspan=last.col + last.colspan - first.col,
                                   bbox=bbox))
                i = j
                break
        else:
            return []
    return merged


def _schedule_complete(seg: Segment) -> bool:
    header_seen = False
    for _, cells in seg.rows:
        if not header_seen:
            header_seen = bool(_year_cells(cells))
        elif any(c.text for c in cells):
            return True
    return False


def parse_schedule(seg: Segment, status: StatusVocabulary, out: Collector, src) -> tuple[
        list[ScheduleCell], list[str]]:
    """(cells, text lines printed before the year header)."""
    header: list[Cell] = []
    header_row: Optional[Row] = None
    pre: list[str] = []
    statuses: list[Cell] = []
    status_row: Optional[Row] = None
    for row, cells in seg.rows:
        if not header:
            years = _year_cells(cells)
            if years:
                header, header_row = years, row
            else:
                line = clean_text(" ".join(c.text for c in cells if c.text))
                if line:
                    pre.append(line)
            continue
        nonempty = [c for c in cells if c.text]
        if nonempty:
            statuses, status_row = nonempty, row
            break
    if not header:
        return [], pre
    grid = header_row.table is not None and header_row.table.grid and \
        status_row is not None and status_row.table is header_row.table
    years = []
    for c, era in zip(header, year_header_eras([c.text for c in header]) or [None] * len(header)):
        fy, warns = fiscal_year(c.text, era_hint=era)
        for w in warns:
            out.warn(w["code"], w["message"], src)
        if fy is None:
            out.warn("unreadable_year", f"スケジュールの見出し「{c.text}」は年度として読めません", src)
            continue
        years.append((c, fy))
    if not years or not statuses:
        return [], pre
    assigned = assign_years(years, statuses, grid)
    result = []
    for (ycell, fy), scell, ambiguous in assigned:
        raw = _BULLET.sub("", bar_status(clean_text(scell.text))[0].replace(" ", "")) if scell else ""
        if not raw:
            continue
        code, raw_clean = status.map(raw)
        result.append(ScheduleCell(fiscal_year=fy, label=clean_text(ycell.text).replace(" ", ""),
                                   status=code, status_raw=raw_clean, ambiguous=ambiguous))
    if any(a for *_, a in assigned):
        out.warn("ambiguous_schedule_cell",
                 f"{len(years)} 年度分の列に状態のセルが {len(statuses)} 個しかありません。"
                 "各セルを該当しうるすべての年度に割り当てました", src)
    return result, pre


def assign_years(years: list[tuple[Cell, int]], statuses: list[Cell], grid: bool):
    """Pair each header year with the status cell that covers it -> [(year, cell, ambiguous)].

    With geometry (grid): a status cell covers the year columns its col..col+colspan overlaps
    (a merged cell covers every year under it); a year with no cell gets none; an arrow (→)
    continues the status on its left. Without geometry, cells pair
    with years left to right when the counts match; fewer cells than years -> ambiguous.
    """
    return follow_bars(years, _assign_years(years, statuses, grid))


def follow_bars(years: list[tuple[Cell, int]], assigned: list) -> list:
    """Status bars printed as text (patterns.bar_status): an arrow-only cell takes the status on
    its left, and a status whose arrow points on (実施→, ←運用→) covers the years after it that
    have no cell of their own, up to the next cell."""
    by_year = {id(ycell): (scell, amb) for (ycell, _), scell, amb in assigned}
    out, prev, flows = [], None, False
    for ycell, fy in years:
        if id(ycell) not in by_year:
            if flows:
                out.append(((ycell, fy), prev, False))
            continue
        scell, amb = by_year[id(ycell)]
        text = scell.text if scell is not None else ""
        if prev is not None and ARROW_ONLY.match(text):
            out.append(((ycell, fy), prev, amb))
            continue
        out.append(((ycell, fy), scell, amb))
        prev = scell if text else None
        flows = prev is not None and bar_status(clean_text(text))[1]
    return out


def _assign_years(years: list[tuple[Cell, int]], statuses: list[Cell], grid: bool):
    out = []
    if grid:
        prev = None
        for ycell, fy in years:
            hit = next((s for s in statuses if set(s.cols) & set(ycell.cols)), None)
            if hit is None:
                # also accept a cell placed anywhere between this year column and the next
                hit = next((s for s in statuses if ycell.col <= s.col < ycell.col + max(1, ycell.colspan)), None)
            if hit is not None:           # an empty year cell: nothing planned that year
                if _ARROW.match(hit.text) and prev is not None:
                    out.append(((ycell, fy), prev, False))
                else:
                    out.append(((ycell, fy), hit, False))
                    prev = hit
        return out
    if len(statuses) == len(years):
        prev = None
        for (ycell, fy), s in zip(years, statuses):
            if _ARROW.match(s.text) and prev is not None:
                s = prev
            out.append(((ycell, fy), s, False))
            prev = s
        return out
    if len(statuses) > len(years):
        merged = Cell(" ".join(s.text for s in statuses))
        return [((y, fy), merged, True) for y, fy in years]
    # fewer cells than years: left to right, the last cell stretching over the rest
    for k, (ycell, fy) in enumerate(years):
        s = statuses[min(k, len(statuses) - 1)]
        out.append(((ycell, fy), s, True))
    return out


# --- finalizing a card ------------------------------------------------------------------------

def split_number_name(text: str) -> tuple[Optional[str], str]:
    return split_number(clean_text(text))


def _name_text(seg: Segment) -> str:
    parts = []
    for _, cells in seg.rows:
        for c in cells:
            if c.text and not _CHECKBOX_ANY.search(c.text):
                parts.append(c.text)
            elif c.text:
                left = _CHECKBOX_ANY.split(c.text)[0].strip(" □■☐☑☒✓✔")
                if left:
                    parts.append(left)
    return join_lines(parts)


def _segment_text(seg: Segment) -> str:
    lines = []
    for _, cells in seg.rows:
        for c in cells:
            if c.text:
                lines.append(c.text)
    if not lines:
        return ""
    # markdown cells carry their own paragraph breaks; plain lines are wrapped text
    if any("\n" in ln for ln in lines):
        return "\n".join(lines)
    return join_lines(lines)


def finalize(d: CardDraft, status: StatusVocabulary, out: Collector) -> Optional[Project]:
    src = source_of(d.start_row)
    by_field: dict[str, list[Segment]] = {}
    for s in d.segments:
        by_field.setdefault(s.field, []).append(s)
    substantive = set(by_field) - {"start", "name"}
    if not substantive:
        return None
    number, name = None, ""
    for s in by_field.get("start", []):
        text = _name_text(s)
        circled = _leading_circled(s)
        if circled is not None:     # "①業務用…" cleans to "1業務用…"
            n, rest = str(circled), text[len(str(circled)):].strip()
        else:
            n, rest = split_number_name(text)
        number = number or n
        name = name or rest
    for s in by_field.get("name", []):
        text = _name_text(s)
        if text:
            n, rest = split_number_name(text)
            if n and not number:
                number = n
            name = rest if n and rest else text if not name else name
    if not name:
        if any(s.lines() for s in d.segments):   # a table header of label words has no values
            out.warn("card_without_name", "項目名はあるが事業名のないカードを読み飛ばしました", src)
        return None
    parent_number = None
    if d.parent and number and not regex.search(r"-", number):
        parent_number = d.parent[0]
        number = f"{parent_number}-{number}"

    category = None
    for s in d.segments:
        for _, cells in s.rows:
            for c in cells:
                m = _CHECKBOX_VALUE.search(c.text)
                if m:
                    category = category or m.group(1)
    for s in by_field.get("category", []):
        v = " ".join(s.lines())
        if not category and v in _CARD_VALUES["category_values"]:
            category = v

    goal = d.goal
    for s in by_field.get("goal", []):
        v = join_lines(s.lines())
        if v:
            goal = v
    measure = d.measure
    for s in by_field.get("measure", []):
        v = join_lines(s.lines())
        if v:
            measure = v

    departments: list[str] = []
    for s in by_field.get("department", []):
        for dep in split_departments("\n".join(s.lines())):
            if dep not in departments:
                departments.append(dep)

    description = "\n".join(t for t in (_segment_text(s) for s in by_field.get("content", [])) if t) or None

    schedule: list[ScheduleCell] = []
    pre_schedule: list[str] = []
    for s in by_field.get("schedule", []):
        cells, pre = parse_schedule(s, status, out, src)
        schedule.extend(cells)
        pre_schedule.extend(pre)

    width = max((w for s in by_field.get("content", []) for w in s.widths()), default=0)
    indicators: list[str] = []
    stated_targets: list[str] = []
    for s in by_field.get("kpi", []):
        indicators.extend(split_items(s.lines(), width, widths=s.widths()))
    for s in by_field.get("target", []):
        stated_targets.extend(split_items(s.lines(), width, widths=s.widths()))
    targets = stated_targets or split_items(pre_schedule, width, new_item=DATED_ITEM)
    kpis = [_kpi(ind, tgt, out, src) for ind, tgt in pair_kpis(indicators, targets, out, src)]
    kpis.extend(d.table_kpis)

    budget = None
    for s in by_field.get("budget", []):
        v = join_lines(s.lines())
        budget = parse_budget_jpy(v)
        if budget is None and v:
            out.warn("unreadable_budget", f"事業費「{v}」は金額として読めません", src)
    outlook = None
    for s in by_field.get("outlook", []):
        outlook = join_lines(s.lines()) or outlook

    return Project(number=number, name=name, parent_number=parent_number, goal=goal,
                   measure=measure, departments=departments, description=description, kpis=kpis,
                   schedule=schedule, category=category, budget_jpy=budget, outlook=outlook,
                   source=src)


def display_width(text: str) -> int:
    """Columns a line takes when printed: full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_items(lines: list[str], width: int, new_item: Optional[regex.Pattern] = None,
                widths: Optional[list[int]] = None) -> list[str]:
    """Separate items printed one per line from one item wrapped over several lines: a line
    continues the previous one when that one ran (nearly) to the widest line of the field (the
    cell's width) and that width is a real column, not a few short items (>= CELL_RATIO of the
    card's text width). A line matching new_item (e.g. "令和3年度：") always starts an item."""
    items: list[str] = []
    prev_len = 0
    widths = widths if widths and len(widths) == len(lines) else [display_width(x) for x in lines]
    cell = max(widths, default=0)
    if width and cell < CELL_RATIO * width:
        cell = width            # short items only: none of them reached a wrap
    for line, line_width in zip(lines, widths):
        if "\n" in line:                      # markdown cells: paragraphs are the items
            items.extend(p for p in line.split("\n") if p)
            prev_len = 0
            continue
        full = cell and prev_len >= WRAP_RATIO * cell
        if items and full and not (new_item and new_item.match(line)):
            items[-1] = join_lines([items[-1], line])
        else:
            items.append(line)
        prev_len = line_width
    return items


def pair_kpis(indicators: list[str], targets: list[str], out: Collector, src):
    """Indicators with their target sentences: one each in order, one target shared by all,
    or (counts that don't match) every indicator with the whole target text and a warning."""
    if not indicators and targets:
        return [(t, t) for t in targets]
    if len(targets) == len(indicators):
        return list(zip(indicators, targets))
    if len(targets) <= 1:
        return [(i, targets[0] if targets else None) for i in indicators]
    joined = join_lines(targets)
    if len(indicators) == 1:
        return [(indicators[0], joined)]
    out.warn("kpi_target_unpaired", f"KPIの指標が {len(indicators)} 個、目標の行が {len(targets)} 行で"
             "対応しないため、各指標に目標の全文を付けました", src)
    return [(i, joined) for i in indicators]


def _kpi(indicator: str, target: Optional[str], out: Collector, src) -> KPI:
    values = {}
    if target:
        parsed = parse_kpi_target(target)
        for w in parsed.pop("warnings", []):
            out.warn(w["code"], w["message"], src)
        values = {k: v for k, v in parsed.items() if k in KPI.model_fields}
    return KPI(indicator=indicator, target_text=target, **values)


def _leading_circled(seg: Segment) -> Optional[int]:
    """The circled number a start/name value begins with, read from the printed text (NFKC
    turns ① into 1, so the cleaned text can't tell ① from 1)."""
    for _, cells in seg.rows:
        for c in cells:
            if not c.text:
                continue
            raw = _TAG.sub("", c.raw if c.raw is not None else c.text).lstrip()
            return CIRCLED_VALUE.get(raw[:1])
    return None


def _starts_circled(d: CardDraft) -> bool:
    for s in d.segments:
        if s.field in ("start", "name") and s.lines():
            return _leading_circled(s) is not None
    return False


def repair_circled_sequence(projects: list[Project], circled: list[bool], out: Collector) -> None:
    """⑪..⑳ decoded as ①..⑩: inside a run of top-level circled numbers, a number that drops by
    exactly 9 below its predecessor's successor is that successor (⑩ ① -> ⑩ ⑪)."""
    prev: Optional[int] = None
    for p, was_circled in zip(projects, circled):
        if not was_circled or p.parent_number or not p.number or not p.number.isdigit():
            prev = None
            continue
        n = int(p.number)
        if prev is not None and prev >= 10 and n + 10 == prev + 1:
            out.warn("circled_number_repaired",
                     f"事業番号 {prev} の次の {n} を {n + 10} と読みました（丸数字の読み違い）",
                     p.source)
            p.number = str(n + 10)
            n += 10
        prev = n
