"""What the procedure and review parsers share: tolerances, the table walk, captions, row ends,
places.

Column labels are the procedure and review contexts of extract/structure/vocabulary.toml;
header rows are read with extract/structure/header.py; captions, notes and page numbers are
extract/structure/patterns.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

import regex

from extract.ir import Cell, Document, Row, Table
from extract.structure.header import TableHeader, text_runs
from extract.structure.matcher import matcher
from extract.structure.patterns import NOTE, PAGE_NUMBER, SECTION, is_caption

# "図表2マイナポータル…" (markdown cells lose the space) -> "図表2 マイナポータル…", as text dumps print it
_CAPTION_GAP = regex.compile(r"^((?:図表|図|表)\s*\d+(?:[-.]\d+)?)\s*(?=[^\s:：.．\d-])")
_PROSE = regex.compile(r"[。．]")


@dataclass(frozen=True)
class TableSettings:
    """Every tolerance of the procedure and review table parsers, in one place."""
    # More blank rows than this in a row end a table (text dumps double-space their lines).
    max_blank_run: int = 3
    # A caption found by looking back at most this many non-blank rows; a fallback title
    # (a short line that is not prose) is at most this long.
    caption_lookback: int = 6
    max_caption_len: int = 60
    # A line longer than this is running text even without a 。
    max_table_line: int = 120
    # A label or status printed with justification spaces comes out as up to this many pieces.
    max_spaced_pieces: int = 6
    # A group heading (子育て関係(15手続)) counts for a header found within this many rows.
    group_lookback: int = 6
    # A value column's header is a short label, not a sentence.
    max_value_label: int = 40
    # Header labels apart by at least this many character widths: the dump kept its layout,
    # so left edges say the column.
    layout_gap_chars: float = 1.5
    # Consecutive unreadable lines that end a text review table (each one is warned).
    max_failed_rows: int = 2
    # A header label wrapped in its cell leaves a tail of at most this many characters below it.
    max_header_tail: int = 3


SETTINGS = TableSettings()


def is_prose(text: str) -> bool:
    return bool(_PROSE.search(text)) or len(text) > SETTINGS.max_table_line


def row_pieces(row: Row) -> list[str]:
    return [c.text for c in row.cells]


def is_grid(row: Row) -> bool:
    return row.table is not None and row.table.grid


def ends_table(row: Row) -> bool:
    """A row that cannot belong to a procedure or review table: a heading, a caption, a note,
    prose, or a project-card label line."""
    text = row.text.strip()
    if not text:
        return False
    if row.kind == "heading" or is_caption(text) or NOTE.match(text) or is_prose(text) \
            or SECTION.match(text):
        return True
    if row.table is None and matcher("card").match_start(text, in_cell=False):
        return True
    return False


def find_caption(rows: list[Row], i: int, *, skip: Iterable = (),
                 max_rows: int = SETTINGS.caption_lookback) -> Optional[str]:
    """The table's title, read backwards from rows[i] (its header): a 図表/表 caption, or else the
    nearest short line that is not prose (a title line or the section heading above the table).
    Rows for which a function in `skip` returns true (group headings) are passed over."""
    seen = 0
    fallback = None
    for k in range(i - 1, -1, -1):
        r = rows[k]
        text = r.text.strip()
        if not text or PAGE_NUMBER.match(text):
            continue
        if any(f(r) for f in skip):
            continue
        if r.table is not None and (i >= len(rows) or r.table is not rows[i].table) and is_grid(r):
            break           # another table sits right above: no caption of our own
        seen += 1
        if is_caption(text):
            return _CAPTION_GAP.sub(r"\1 ", text)
        if fallback is None and not is_prose(text) and len(text) <= SETTINGS.max_caption_len \
                and not NOTE.match(text) and not matcher("card").match_start(text, in_cell=False):
            fallback = text
        if seen >= max_rows or r.kind == "heading":
            break
    return fallback


def where(doc: Document, row: Optional[Row]) -> str:
    """'plan.txt 76行目' / 'plan.pdf p.5': how a user message names a place."""
    if row is None:
        return doc.source_file
    if row.page is not None and doc.source_format == "pdf":
        return f"{doc.source_file} p.{row.page}"
    if row.line is not None:
        return f"{doc.source_file} {row.line}行目"
    if row.page is not None:
        return f"{doc.source_file} p.{row.page}"
    return doc.source_file


# --- the table walk ---------------------------------------------------------------------------

class TableWalk:
    """The rows of one table after its header row rows[start], for a parser to read one by one.

    Iterating yields the non-blank rows; a run of more than SETTINGS.max_blank_run blank rows
    ends the table, and a page number or a running header between its rows is passed over (a
    row of the table itself that reads like one is not: it is the table's). The parser stops the walk at the
    first row that is not the table's (`break`); `end` is then that row, where the scan for the
    next header goes on. `table` is the grid table the rows are in: a parser that follows the
    table into the next page's grid sets it."""

    def __init__(self, rows: list[Row], start: int, header: TableHeader,
                 furniture: frozenset[str] = frozenset()) -> None:
        self.rows = rows
        self.furniture = furniture          # running headers and footers (common.running_lines)
        self.start = start                  # the header row
        self.header = header
        self.grid = is_grid(header.row)
        self.table: Optional[Table] = header.row.table
        self.end = start + 1

    def __iter__(self) -> Iterator[Row]:
        blank = 0
        while self.end < len(self.rows):
            row = self.rows[self.end]
            text = row.text.strip()
            if not text:
                blank += 1
                if blank > SETTINGS.max_blank_run:
                    return
            else:
                blank = 0
                if self.in_table(row) or not (PAGE_NUMBER.match(text) or text in self.furniture):
                    yield row
            self.end += 1

    def in_table(self, row: Row) -> bool:
        """The row is in the grid table being read (not a line between two of its parts)."""
        return self.grid and row.table is self.table

    def leaves(self, row: Row) -> bool:
        """A row outside the table's grid that cannot belong to it (ends_table): the table is
        over."""
        return not self.in_table(row) and ends_table(row)


def find_tables(rows: list[Row], read_header: Callable[[Row], Optional[TableHeader]],
                furniture: frozenset[str] = frozenset()) -> Iterator[TableWalk]:
    """Every table of a document's rows: a walk from each row read_header accepts; the scan
    goes on where the parser stopped the walk before (the row that ended a table may head the
    next)."""
    i = 0
    while i < len(rows):
        header = read_header(rows[i])
        start = i
        if header is None and (joined := wrapped_header(rows, i)) is not None:
            header = read_header(joined)
            start = i + 1                   # the walk begins under the tails' line
        if header is None:
            i += 1
            continue
        walk = TableWalk(rows, start, header, furniture)
        yield walk
        i = walk.end


def wrapped_header(rows: list[Row], i: int) -> Optional[Row]:
    """A text dump's header line whose labels wrapped in their narrow cells (計画時の予 / 定,
    取組番 / 号): the line with each piece of the next line joined to the label it starts under,
    when the next line holds only such short tails. None otherwise."""
    row = rows[i]
    if row.table is not None or i + 1 >= len(rows):
        return None
    below = rows[i + 1]
    tails = below.nonempty
    if below.table is not None or not tails or \
            any(len(c.text) > SETTINGS.max_header_tail for c in tails):
        return None
    heads = text_runs(row)
    if len(heads) < 2 or len(tails) > len(heads) or any(c.bbox is None for c in tails):
        return None
    joined = list(heads)
    for t in tails:
        k = next((k for k, h in enumerate(heads) if h.bbox[0] - 1 <= t.bbox[0] <= h.bbox[2]), None)
        if k is None or joined[k] is not heads[k]:
            return None
        h = heads[k]
        joined[k] = Cell(h.text + t.text, col=h.col, colspan=h.colspan,
                         bbox=(h.bbox[0], h.bbox[1], max(h.bbox[2], t.bbox[2]), h.bbox[3]))
    return Row(joined, page=row.page, line=row.line, kind=row.kind)
