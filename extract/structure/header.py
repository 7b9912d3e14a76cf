"""The table header model: which column plays which role, for any table parser to query.

A header row is read in a context of the vocabulary (review, procedure, kpi, budget, action,
roadmap). Each non-empty cell becomes a Column: its field in that context (name, planned, ...),
"year" for a fiscal-year label (令和6年度, R6, 2024年度), or None for a cell the vocabulary does
not know (a metric column, a free title). A label may carry a qualifier after it - a year or a
unit (目標値(令和9年度), 事業費(千円)) - which is kept and read for its fiscal year.

In a text dump a label printed with justification spaces (事 業 名) comes out as several pieces;
split_labels() joins them back. Recipes (vocabulary.toml [recipes]) say what a table of a kind
needs in its header.

API:
    read_header(row, context, blanks=False, exact=False) -> TableHeader | None
                                                         grid rows: one Column per cell;
                                                         text rows: pieces joined into labels
    TableHeader.column(field) / index(field) / has(*fields) / years / fields
    TableHeader.satisfies(recipe_name) -> bool
    TableHeader.fit(recipe_name)                         qualified labels, unnamed first column
    read_table(row, kind) -> TableHeader | None          read_header + fit + satisfies: the
                                                         header of a table of a recipe's kind
    TableHeader.cell(row, field) / text(row, field)      a body row's cell under a column
    TableHeader.column_of(cell) -> Column | None         which column a body cell sits in
    TableHeader.index_of(cell) -> int | None             ... as an index into columns
    TableHeader.repeats(row) -> bool                     the same header printed again (next page)
    year_of(text) -> int | None                          a fiscal year inside a label
    split_labels(pieces, keys) -> [(value, first, last)] | None
    text_runs(row) -> [Cell]                             a text dump's line as its column cells
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from extract.ir import Cell, Row
from extract.structure.patterns import YEAR_IN_TEXT, is_year_label
from extract.structure.vocabulary import Vocabulary, label_key, vocabulary
from normalize.text import clean_text
from normalize.wareki import fiscal_year

MAX_QUALIFIER = 14        # chars after a label that still make the cell that label (年度, 単位)
MAX_SPACED_PIECES = 6     # a label printed with justification spaces: up to this many pieces


@dataclass
class Column:
    field: Optional[str]          # the context's field, "year", or None (unknown label)
    label: str                    # the cell as printed (clean text)
    cell: Cell
    qualifier: str = ""           # text after the label: (令和9年度), (千円)
    fiscal_year: Optional[int] = None
    warnings: list[dict] = field(default_factory=list)   # reading its year (平成32年度 ...)

    @property
    def cols(self) -> range:
        return self.cell.cols


@dataclass
class TableHeader:
    context: str
    columns: list[Column]
    row: Row
    warnings: list[dict] = field(default_factory=list)   # year warnings (平成32年度 ...)
    layout: Optional[str] = None    # how a parser reads the body (procedures: columns / marks / fields)

    @property
    def fields(self) -> list[Optional[str]]:
        return [c.field for c in self.columns]

    @property
    def years(self) -> list[Column]:
        return [c for c in self.columns if c.field == "year"]

    def column(self, field: str) -> Optional[Column]:
        return next((c for c in self.columns if c.field == field), None)

    def index(self, field: str) -> Optional[int]:
        return next((k for k, c in enumerate(self.columns) if c.field == field), None)

    def has(self, *fields: str) -> bool:
        return all(self.column(f) is not None for f in fields)

    def satisfies(self, recipe: str) -> bool:
        spec = recipes()[recipe]
        present = set(self.fields)
        if not all(f in present for f in spec.get("all", ())):
            return False
        if spec.get("any") and not present & set(spec["any"]):
            return False
        if len(self.columns) < spec.get("min_columns", 0):
            return False
        if spec.get("known_only") and None in present:
            return False
        known = [f for f in self.fields if f is not None]
        if spec.get("distinct") and len(set(known)) != len(known):
            return False
        return len(self.years) >= spec.get("min_years", 0)

    def fit(self, recipe: str) -> None:
        """Read the columns as a table of the recipe's kind: a label with a qualifier is a
        column of its field only where the recipe says that field's label may carry one
        (qualified); a grid header's first column whose label the vocabulary does not know
        (or that has none) is the recipe's first_column."""
        spec = recipes()[recipe]
        if "qualified" in spec:
            for c in self.columns:
                if c.qualifier and c.field not in spec["qualified"]:
                    c.field, c.fiscal_year = None, None
        first = spec.get("first_column")
        if first and not self.has(first) and self.row.table is not None and self.row.table.grid:
            cell = min(self.row.cells, key=lambda c: c.col)
            if self.columns and self.columns[0].cell is cell:
                if self.columns[0].field is None:
                    self.columns[0].field = first
            else:
                self.columns.insert(0, Column(first, clean_text(cell.text), cell))

    def cell(self, row: Row, field: str) -> Optional[Cell]:
        """A body row's cell under a field's column: the one covering the column's grid
        position (a cell merged over two columns is under both); None when the header has no
        such column or the row no cell there."""
        col = self.column(field)
        if col is None:
            return None
        return next((c for c in row.cells if col.cell.col in c.cols), None)

    def text(self, row: Row, field: str) -> str:
        """The printed text of a body row's cell under a field's column ("" for none)."""
        c = self.cell(row, field)
        return c.text if c is not None else ""

    def column_of(self, cell: Cell) -> Optional[Column]:
        k = self.index_of(cell)
        return None if k is None else self.columns[k]

    def index_of(self, cell: Cell) -> Optional[int]:
        """Index of the column a body cell sits in: by grid column, else by x overlap, else
        the header column on its left."""
        for k, c in enumerate(self.columns):
            if cell.col in c.cols:
                return k
        if cell.bbox is not None:
            best, best_overlap = None, 0.0
            for k, c in enumerate(self.columns):
                b = c.cell.bbox
                if b is None:
                    continue
                overlap = min(cell.bbox[2], b[2]) - max(cell.bbox[0], b[0])
                if overlap > best_overlap:
                    best, best_overlap = k, overlap
            if best is not None:
                return best
        left = [k for k, c in enumerate(self.columns) if c.cell.col <= cell.col]
        return left[-1] if left else None

    def repeats(self, row: Row) -> bool:
        """A row printing this header again (a table continued on the next page)."""
        keys = [label_key(c.text) for c in row.cells if c.text]
        return bool(keys) and keys == [label_key(c.label) for c in self.columns]


def recipes() -> dict:
    return vocabulary().recipes


@lru_cache(maxsize=None)
def _prefixes(vocab: Vocabulary, context: str) -> tuple[tuple[int, ...], frozenset[str]]:
    """Lengths of a context's label keys, longest first, and their first characters: a cell's
    label is the longest key it starts with (a dict lookup per length; no alternation regex to
    compile per process)."""
    keys = vocab.column_keys(context)
    return tuple(sorted({len(k) for k in keys}, reverse=True)), frozenset(k[0] for k in keys)


def classify(text: str, context: str, warnings: Optional[list[dict]] = None,
             exact: bool = False) -> tuple[Optional[str], str, Optional[int]]:
    """(field, qualifier, fiscal year) of one header cell in a context; exact: only a cell
    that is a label and nothing else has a field."""
    f, qualifier, fy, warns = _classify_key(vocabulary(), label_key(text), context, exact)
    if warnings is not None and warns:
        warnings.extend(dict(w) for w in warns)
    return f, qualifier, fy


@lru_cache(maxsize=1 << 16)
def _classify_key(vocab: Vocabulary, key: str, context: str, exact: bool
                  ) -> tuple[Optional[str], str, Optional[int], tuple[dict, ...]]:
    """classify() of a label key with the year warnings it gives. Parsers try every cell in
    several contexts, row after row: cached, per vocabulary (the warnings are copied out by
    classify)."""
    if not key:
        return None, "", None, ()
    columns = vocab.column_keys(context)
    if key in columns:
        return columns[key], "", None, ()
    if exact:
        return None, "", None, ()
    if is_year_label(key):
        fy, warns = fiscal_year(key)
        return "year", "", fy, tuple(warns)
    lengths, firsts = _prefixes(vocab, context)
    if key[0] not in firsts:
        return None, "", None, ()           # most cells: no label begins with their character
    for n in lengths:
        if n <= len(key) and key[:n] in columns:
            if len(key) - n > MAX_QUALIFIER:
                break
            qualifier = key[n:]
            warns = []
            return columns[key[:n]], qualifier, year_of(qualifier, warns), tuple(warns)
    return None, "", None, ()


def _has_label(vocab: Vocabulary, row: Row) -> bool:
    """Whether some cell of a grid row has a field in some context. Parsers try each row in
    several contexts; a sealed row (Document.seal: its cells no longer change) keeps the
    answer, so a body row is passed over at the cost of one attribute read per context."""
    known = row._labels
    if known is None:
        known = any(_label_anywhere(vocab, label_key(c.text)) for c in row.cells if c.text)
        if row._text is not None:
            row._labels = known
    return known


@lru_cache(maxsize=1 << 16)
def _label_anywhere(vocab: Vocabulary, key: str) -> bool:
    """A cell's key has a field in some context (exact or not: exact only takes fields away):
    _classify_key over the labels of all contexts at once. The longest label the key starts
    with is at least as long as any one context's, so its qualifier is within MAX_QUALIFIER
    exactly when some context's is."""
    if not key:
        return False
    keys, lengths = _all_labels(vocab)
    if key in keys or is_year_label(key):
        return True
    n = next((n for n in lengths if n <= len(key) and key[:n] in keys), None)
    return n is not None and len(key) - n <= MAX_QUALIFIER


@lru_cache(maxsize=None)
def _all_labels(vocab: Vocabulary) -> tuple[frozenset[str], tuple[int, ...]]:
    """The label keys of every context, and their lengths longest first."""
    keys = frozenset(k for context in vocab.contexts for k in vocab.column_keys(context))
    return keys, tuple(sorted({len(k) for k in keys}, reverse=True))


def year_of(text: str, warnings: Optional[list[dict]] = None) -> Optional[int]:
    """The fiscal year printed inside a label or its qualifier ((令和9年度), 2014年度), if any."""
    m = YEAR_IN_TEXT.search(text)
    if not m:
        return None
    label = m.group(0) if "年" in m.group(0) else m.group(0) + "年度"
    fy, warns = fiscal_year(label)
    if warnings is not None:
        warnings.extend(warns)
    return fy


def split_labels(pieces: list[str], keys: dict[str, str],
                 max_join: int = MAX_SPACED_PIECES) -> Optional[list[tuple[str, int, int]]]:
    """Cover pieces left to right with labels -> [(keys[label], first, last)], joining
    justification-spaced pieces (事 業 名); None when some piece is not part of a label."""
    out: list[tuple[str, int, int]] = []
    if pieces and max(map(len, pieces)) > max(map(len, keys), default=0):
        return None                     # a sentence or a long name: not a header row
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        hit = None
        for j in range(min(len(pieces), i + max_join), i, -1):   # longest first
            key = "".join(label_key(p) for p in pieces[i:j])
            if key in keys:
                hit = (keys[key], i, j - 1)
                break
        if hit is None:
            return None
        out.append(hit)
        i = hit[2] + 1
    return out


def read_header(row: Row, context: str, *, blanks: bool = False, exact: bool = False
                ) -> Optional[TableHeader]:
    """The header this row would be in a context: grid rows give one column per non-empty
    cell (blanks: per cell, an empty one a column with no field and no label, so that body
    cells under it are not taken for its neighbour's); a text row is covered with labels
    (justification spaces joined) or is no header. exact: a cell is a column's label only as
    the whole cell - no qualifier after it, no fiscal-year columns (the procedure and review
    tables, whose headers are words alone)."""
    if not row.text or row.kind == "heading":
        return None
    warnings: list[dict] = []
    columns: list[Column] = []
    if row.table is not None and row.table.grid:
        vocab = vocabulary()
        if not _has_label(vocab, row):
            return None         # no cell any context knows (most rows): asked once per row
        read = [(c, _classify_key(vocab, label_key(c.text), context, exact))
                for c in row.cells if c.text or blanks]
        if all(r[0] is None for _, r in read):
            return None         # no cell the context knows: no header (most rows; cheap exit)
        for c, (f, qualifier, fy, year_warns) in read:
            warns = [dict(w) for w in year_warns]
            columns.append(Column(f, clean_text(c.text), c, qualifier, fy, warns))
            warnings.extend(warns)
    else:
        keys = vocabulary().column_keys(context)
        pieces = [c.text for c in row.cells]
        years = {} if exact else {label_key(p): "year" for p in pieces if p and is_year_label(p)}
        if years:
            keys = {**years, **keys}
        covered = split_labels(pieces, keys)
        if covered is None:
            return None
        for f, first, last in covered:
            label = "".join(label_key(c.text) for c in row.cells[first:last + 1])
            b0, b1 = row.cells[first].bbox, row.cells[last].bbox
            bbox = (b0[0], b0[1], b1[2], b1[3]) if b0 and b1 else None
            cell = Cell(label, col=first, colspan=last - first + 1, bbox=bbox)
            fy = fiscal_year(label)[0] if f == "year" else None
            columns.append(Column(f, label, cell, "", fy))
    if not columns:
        return None
    return TableHeader(context, columns, row, warnings)


def read_table(row: Row, kind: str) -> Optional[TableHeader]:
    """The header of a table of a kind when this row is one: read in the context of the same
    name (labels alone where the recipe says exact), fitted to the kind's recipe
    (vocabulary.toml [recipes]) and satisfying it."""
    header = read_header(row, kind, exact=recipes()[kind].get("exact", False))
    if header is None:
        return None
    header.fit(kind)
    return header if header.satisfies(kind) else None


def text_runs(row: Row) -> list[Cell]:
    """A text dump's line as the cells of its columns: pieces joined where one space separates
    them (a cell's own spaces: 生成 AI を利用する, 年 度 別 計); columns are two or more spaces
    apart. [] when a piece has no position."""
    runs: list[Cell] = []
    for c in row.nonempty:
        if c.bbox is None:
            return []
        if runs and c.bbox[0] - runs[-1].bbox[2] <= 1:
            prev = runs[-1]
            runs[-1] = Cell(clean_text(f"{prev.text} {c.text}"), col=prev.col,
                            colspan=c.col + c.colspan - prev.col,
                            bbox=(prev.bbox[0], prev.bbox[1], c.bbox[2], c.bbox[3]))
        else:
            runs.append(Cell(c.text, col=c.col, bbox=c.bbox))
    return runs
