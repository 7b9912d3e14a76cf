"""The intermediate representation every reader produces and every parser reads.

A document is a list of blocks in reading order. A block is a heading, a paragraph line, or a
table; all three are made of rows of cells, so parsers walk one uniform stream of rows
(``Document.rows()``) and need not know which reader made them.

Readers: extract/readers/{plain,markdown,pdf}.py. Parsers: extract/parsers/*.py.

Column geometry: ``Cell.col`` / ``Cell.colspan`` are grid positions. ``Table.grid`` says whether
they are trustworthy: True when the reader saw the column structure (PDF ruling lines, markdown
tab positions), False when columns were guessed from runs of spaces (plain text dumps), in which
case a schedule row with fewer cells than year columns is ambiguous.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Literal, Optional

# x0, top, x1, bottom: PDF points for PDF input; for plain text dumps, character columns and
# line numbers (x0, line, x1, line + 1), which line up where the dump kept the page layout.
BBox = tuple[float, float, float, float]

BlockKind = Literal["heading", "text", "table"]


@dataclass
class Cell:
    text: str                    # cleaned text (normalize.text.clean_text)
    col: int = 0                 # 0-based grid column
    colspan: int = 1
    rowspan: int = 1
    raw: Optional[str] = None    # as extracted, before clean-up (None = same as text)
    bbox: Optional[BBox] = None

    @property
    def cols(self) -> range:
        return range(self.col, self.col + self.colspan)


@dataclass
class Row:
    """One line of text or one table row, with where it came from."""
    cells: list[Cell]
    page: Optional[int] = None   # 1-based page (PDF, or page breaks detected in a text dump)
    line: Optional[int] = None   # 1-based line in a text source
    kind: BlockKind = "text"
    level: int = 0               # heading level (1 = chapter) for kind == "heading"
    table: Optional["Table"] = None   # the table this row belongs to, if any
    index_in_table: int = -1
    bbox: Optional[BBox] = None
    ocr: bool = False            # read by OCR from a page image (records say so in their source)
    _text: Optional[str] = field(default=None, init=False, repr=False, compare=False)
    # A sealed row's answer to "is some cell a column label in any context" (header.read_header
    # asks it of every row in several contexts); None: not asked yet, or the row is not sealed.
    _labels: Optional[bool] = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Cells joined by a single space (empty cells dropped). Asked for on every row by
        every parser: kept once the document is sealed (Document.seal); the common one-cell
        row is answered without a join."""
        if self._text is not None:
            return self._text
        cells = self.cells
        if len(cells) == 1:
            return cells[0].text or ""
        return " ".join([c.text for c in cells if c.text])

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def nonempty(self) -> list[Cell]:
        return [c for c in self.cells if c.text]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    grid: bool = False           # True: Cell.col/colspan reflect real column geometry
    page: Optional[int] = None
    line: Optional[int] = None
    bbox: Optional[BBox] = None
    ncols: int = 0


@dataclass
class Block:
    kind: BlockKind
    rows: list[Row]
    table: Optional[Table] = None

    @property
    def page(self) -> Optional[int]:
        return self.rows[0].page if self.rows else None

    @property
    def line(self) -> Optional[int]:
        return self.rows[0].line if self.rows else None


@dataclass
class ReaderWarning:
    code: str
    message: str
    page: Optional[int] = None
    line: Optional[int] = None


@dataclass
class Document:
    source_file: str
    source_format: Literal["pdf", "text", "markdown"]
    blocks: list[Block] = field(default_factory=list)
    pages: Optional[int] = None          # page count (PDF) or None
    warnings: list[ReaderWarning] = field(default_factory=list)
    needs_ocr: bool = False              # no usable text layer on one or more pages (not OCR'd)
    ocr_pages: list[int] = field(default_factory=list)      # pages that need OCR (not OCR'd)
    ocred_pages: list[int] = field(default_factory=list)    # pages read by OCR
    garbled_pages: list[int] = field(default_factory=list)
    declared_title: Optional[str] = None # the title the file's own properties give (PDF /Title)

    def rows(self) -> Iterator[Row]:
        for block in self.blocks:
            yield from block.rows

    def seal(self) -> "Document":
        """Reading is done: each row keeps its text, which every parser asks for again. Nothing
        may change a sealed row's cells after this (a row built later computes its own)."""
        for row in self.rows():
            row._text = None
            row._text = row.text
        return self

    def without(self, claimed: set[int]) -> "Document":
        """The same document minus the rows (by id) a parser has claimed, so that the next
        parser does not read them again."""
        blocks = []
        for b in self.blocks:
            kept = [r for r in b.rows if id(r) not in claimed]
            if kept:
                blocks.append(Block(b.kind, kept, b.table))
        return replace(self, blocks=blocks)

    def warn(self, code: str, message: str, page: Optional[int] = None,
             line: Optional[int] = None) -> None:
        self.warnings.append(ReaderWarning(code, message, page, line))


def text_row(text: str, *, page=None, line=None, kind: BlockKind = "text", level: int = 0,
             raw: Optional[str] = None, bbox: Optional[BBox] = None) -> Row:
    """A row made of one cell (a paragraph line or a heading)."""
    return Row([Cell(text, raw=raw, bbox=bbox)], page=page, line=line, kind=kind, level=level,
               bbox=bbox)


def make_table_block(rows: list[Row], *, grid: bool) -> Block:
    """Wrap rows into a table block, linking each row to the table."""
    table = Table(rows=rows, grid=grid,
                  page=rows[0].page if rows else None,
                  line=rows[0].line if rows else None)
    for i, r in enumerate(rows):
        r.kind = "table"
        r.table = table
        r.index_in_table = i
    table.ncols = max((c.col + c.colspan for r in rows for c in r.cells), default=0)
    return Block("table", rows, table)
