"""Online-procedure tables (行政手続のオンライン化) -> Procedure records with metrics.

A table is found by its header row (column labels: the procedure context of extract/structure/vocabulary.toml) and read
in one of three layouts:

- columns: one column per state (オンライン化済 | 未オンライン化 | 手続無し), a procedure name in
  each cell; the column is the status. With column geometry (PDF, markdown) the column of a cell
  is known. In a text dump the columns survive only as spaces, so a line's names are counted:
  as many names as columns, or a leading space and one fewer, fixes every column; otherwise the
  columns are a guess and each guessed name gets a `column_guessed` warning. The guess keeps
  the names in left-to-right order, puts the first name of a multi-name line in the first
  column, and sends a procedure an ordinary city does not handle (police, prefecture: the
  catalog's handled_by) to the 手続無し column.
- marks: a name column and a 導入済 column under group headings (子育て関係(15手続)); a mark
  (○) means implemented, a blank not_implemented.
- fields: a name column with a category column (事業) and/or value columns (counts such as
  国が示す手続数, rates such as 71% ⇒ 75%, a target); values become metrics labelled with their
  column header, unit `count` or `ratio`; status stays null.

A name wrapped onto the next line of a text dump is joined back when the next line starts
with a particle (に, の, 等 ...), the name ends in one, or the joined text is a catalog name.
Every name is matched against the national priority list (catalog.py) for catalog_id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Optional

import regex

from extract.ir import Cell, Document, Row
from extract.parsers.catalog import Catalog, load_catalog
from extract.parsers.common import Collector, source_of
from extract.parsers.tabular import SETTINGS, TableWalk, find_caption, find_tables, is_grid, where
from extract.structure import header as header_model
from extract.structure.header import Column, TableHeader
from extract.structure.patterns import NUMBER_ONLY
from extract.structure.vocabulary import label_key, vocabulary
from normalize.numbers import parse_ratio
from normalize.status import StatusVocabulary
from normalize.text import clean_text
from schemas.models import Metric, Procedure

# A line that continues the name above it starts with a particle or 等; a name that goes on
# ends with one (or with an open bracket / list separator).
_CONT_START = regex.compile(r"^(?:等|及び|又は|並びに|における|に関する|による|により|について|の|に|を|は|が|と|で|や|へ|[、・)\]])")
_CONT_END = regex.compile(r"(?:の|に|を|は|が|と|で|や|へ|及び|又は|並びに|における|に関する|による|[、・(\[])$")
_VALUES = vocabulary().values("procedures")
_UNITS = "|".join(regex.escape(u) for u in sorted(_VALUES["count_units"], key=len, reverse=True))
_COUNT = regex.compile(rf"^(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?\s*(?:{_UNITS})?$")


# --- header -----------------------------------------------------------------------------------
# The header is the one table header model (extract/structure/header.py) read in the procedure
# context. A column's field after read_header: one of STATUS_FIELDS (a status column: the field
# is its status code), "mark", "name", "category", "number", or None: a value column (metric)
# when it has a label, an empty header cell (blank) when it has none. The layout of the table
# (columns, marks, fields) is header.layout.

STATUS_FIELDS = ("online", "not_online", "not_applicable")   # status codes, as fields
CONTEXT = "procedure"


def role_of(col: Column) -> str:
    """status, mark, name, category, number, metric or blank."""
    if col.field in STATUS_FIELDS:
        return "status"
    if col.field is None:
        return "metric" if col.label else "blank"
    return col.field


def statuses(header: TableHeader) -> list[Column]:
    return [c for c in header.columns if c.field in STATUS_FIELDS]


def status_text(header: TableHeader) -> str:
    return " | ".join(c.label for c in statuses(header))


@lru_cache(maxsize=None)
def _status_keys() -> dict[str, str]:
    """label key -> status code, from the procedure context of the vocabulary."""
    vocab = vocabulary()
    return {k: code for code in STATUS_FIELDS for k in vocab.field_keys("procedure", code)}


def _initial_role(col: Column) -> str:
    """The role a header cell reads as before the table's layout is known: a label that is
    both a mark and a status column (オンライン化済) is "status|mark", its cells decide. Only
    exact labels count (read_header exact=True): a label with a qualifier is a value column."""
    if col.field is None:
        return "metric" if col.label else "blank"
    if col.field in STATUS_FIELDS:
        return "status"
    if col.field == "mark" and label_key(col.cell.text) in _status_keys():
        return "status|mark"
    return col.field


def read_header(row: Row, cfg: dict) -> Optional[TableHeader]:
    """The procedure-table header this row is, if any."""
    if not row.text or row.kind == "heading":
        return None
    header = header_model.read_header(row, CONTEXT, blanks=True, exact=True)
    if header is None and not is_grid(row):
        # text header of a value table: known labels first, then one value column a piece
        header = _text_value_header(row)
        if header is None:
            return None
    if header is None:
        return None
    roles = [_initial_role(c) for c in header.columns]
    layout = _kind(roles, [c.label for c in header.columns], cfg)
    if layout is None:
        return None
    for c, role in zip(header.columns, roles):
        if role == "status|mark":
            role = "mark" if layout == "marks" else "status"
        if role == "status":
            c.field = _status_keys()[label_key(c.cell.text)]
        elif role in ("metric", "blank"):
            c.field = None
    header.layout = layout
    return header


def _text_value_header(row: Row) -> Optional[TableHeader]:
    """A text line of labels the vocabulary knows (number, name, category) followed by value
    labels it does not, one piece each; None when the line is anything else."""
    keys = vocabulary().column_keys(CONTEXT)
    texts = [(i, c, label_key(c.text)) for i, c in enumerate(row.cells) if c.text]
    cols = [Column(keys.get(k), k, Cell(k, col=i, colspan=1, bbox=c.bbox)) for i, c, k in texts]
    known = [c.field for c in cols]
    if "name" not in known or known.count(None) == 0:
        return None
    # the known labels (number, name, category) lead; value columns follow
    first_unknown = known.index(None)
    if any(k is not None for k in known[first_unknown:]):
        return None
    return TableHeader(CONTEXT, cols, row)


def _kind(roles: list[str], labels: list[str], cfg: dict) -> Optional[str]:
    """The layout a header's roles make: columns, marks, fields, or None (no procedure table)."""
    if any(r == "metric" and (len(t) > SETTINGS.max_value_label or "。" in t)
           for r, t in zip(roles, labels)):
        return None
    metrics = [t for r, t in zip(roles, labels) if r == "metric"]
    roles = [r for r in roles if r != "blank"]
    statusish = [r for r in roles if r in ("status", "status|mark")]
    has_name = "name" in roles
    if not has_name and len(statusish) >= 2 and all(r in ("status", "status|mark", "number") for r in roles):
        return "columns"
    marks = [r for r in roles if r in ("mark", "status|mark")]
    if has_name and len(marks) == 1 and all(r in ("name", "number", "category", "mark", "status|mark")
                                            for r in roles):
        return "marks"
    others = [r for r in roles if r in ("category", "metric")]
    if has_name and others and roles.count("name") == 1 and not statusish:
        return "fields"
    # a count table per group (区分 | 国が示す手続数 | オンライン化した手続数): no name column,
    # so a value column must say it counts procedures
    if not has_name and "category" in roles and any(
            cfg["procedure_word"] in t and _value_word_unit(t, cfg) for t in metrics):
        return "fields"
    return None


def _value_word_unit(label: str, cfg: dict) -> Optional[str]:
    if any(w in label for w in cfg["count_words"]):
        return "count"
    if any(w in label for w in cfg["ratio_words"]):
        return "ratio"
    return None


# --- the walk ---------------------------------------------------------------------------------

@dataclass
class Draft:
    """One printed line (or grid row) of a table, before columns are settled."""
    row: Row
    names: list[str]                       # names on the line, left to right
    cols: list[Optional[int]] = field(default_factory=list)   # header index per name (grid)
    leading_empty: bool = False
    category: Optional[str] = None
    mark: Optional[str] = None
    values: dict[int, str] = field(default_factory=dict)      # header index -> cell text
    xs: list[Optional[float]] = field(default_factory=list)   # left edge per name (text)


def parse_procedures(doc: Document, status: StatusVocabulary, out: Collector) -> list[Procedure]:
    cfg = vocabulary().values("procedures")
    catalog = load_catalog()
    rows = list(doc.rows())
    group_re = regex.compile(cfg["group_heading"])
    procedures: list[Procedure] = []
    for walk in find_tables(rows, lambda row: read_header(row, cfg)):
        category = _group_above(rows, walk.start, group_re)
        title = find_caption(rows, walk.start, skip=[lambda r: bool(_group_of(r, group_re))])
        drafts = _collect(doc, walk, cfg, group_re, category, catalog, out)
        procedures.extend(_finish(doc, walk.header, title, drafts, cfg, catalog, out))
    return procedures


def _group_of(row: Row, group_re) -> Optional[str]:
    m = group_re.match(clean_text(row.text)) if row.text else None
    return m.group("group") if m else None


def _group_above(rows: list[Row], i: int, group_re) -> Optional[str]:
    for k in range(i - 1, max(-1, i - SETTINGS.group_lookback), -1):
        if not rows[k].text.strip():
            continue
        return _group_of(rows[k], group_re)
    return None


def _collect(doc: Document, walk: TableWalk, cfg: dict, group_re, category, catalog: Catalog,
             out: Collector) -> list[Draft]:
    """Draft rows of the table walk.header heads."""
    header = walk.header
    drafts: list[Draft] = []
    for row in walk:
        group = _group_of(row, group_re)
        if group:
            category = group
            continue
        again = read_header(row, cfg)
        if again is not None:
            if again.layout != header.layout or len(again.columns) != len(header.columns):
                break
            header.row, walk.table = again.row, again.row.table     # a repeated header (next group)
            continue
        if walk.leaves(row):
            break
        if walk.grid:
            table = walk.table
            if row.table is None or (row.table is not table and
                                     (not is_grid(row) or row.table.ncols != table.ncols)):
                break
            walk.table = row.table
        elif row.table is not None and is_grid(row):
            break
        d = _draft(row, header, walk.grid, category, cfg, catalog)
        if d is None:
            out.warn("procedure_row_skipped", f"{where(doc, row)}: 手続の表の中の行に手続名がないため"
                     f"読みませんでした（{row.text.strip()[:40]}）", source_of(row))
        elif not _continues(drafts, d, header, catalog):
            drafts.append(d)
    return drafts


def _draft(row: Row, header: TableHeader, grid: bool, category, cfg: dict,
           catalog: Catalog) -> Optional[Draft]:
    marks = set(cfg["marks"])
    if grid:
        d = Draft(row, [], category=category)
        for c in row.cells:
            if not c.text:
                continue
            k = header.index_of(c)
            if k is None:
                continue
            role = role_of(header.columns[k])
            if role == "status":
                d.names.append(c.text)
                d.cols.append(k)
            elif role == "name":
                d.names.append(c.text)
                d.cols.append(k)
            elif role == "mark":
                d.mark = c.text.strip() if c.text.strip() else None
            elif role == "category":
                d.category = clean_text(c.text)
            elif role in ("metric", "blank"):
                d.values[k] = c.text
        return d if d.names or d.values else None
    leading_empty = bool(row.cells) and not row.cells[0].text
    cells = [c for c in row.cells if c.text]
    pieces = [c.text for c in cells]
    if header.layout == "columns":
        if header.index("number") is not None and pieces and NUMBER_ONLY.match(pieces[0]):
            cells, pieces = cells[1:], pieces[1:]
        if not pieces:
            return None
        spans = merge_spans(pieces, catalog)
        return Draft(row, [" ".join(pieces[a:b + 1]) for a, b in spans],
                     leading_empty=leading_empty, category=category,
                     xs=[cells[a].bbox[0] if cells[a].bbox else None for a, _ in spans])
    if header.layout == "marks":
        mark = None
        if pieces and pieces[-1] in marks:
            mark = pieces.pop()
        if header.index("number") is not None and len(pieces) > 1 and NUMBER_ONLY.match(pieces[0]):
            pieces = pieces[1:]
        if not pieces:
            return None
        return Draft(row, [" ".join(pieces)], category=category, mark=mark)
    arrows = set(cfg["arrows"])
    return _text_fields_draft(row, [p for p in pieces if p not in arrows], header, category)


def _text_fields_draft(row: Row, pieces: list[str], header: TableHeader, category) -> Optional[Draft]:
    """A text line of a value table: number and category lead, values trail, the name between."""
    cols = header.columns
    d = Draft(row, [], category=category)
    if len(pieces) == len(cols) and not any(role_of(c) == "blank" for c in cols):
        for k, (c, p) in enumerate(zip(cols, pieces)):
            _put(d, k, role_of(c), p)
        return d if d.names else None
    values = [k for k, c in enumerate(cols) if role_of(c) == "metric"]
    rest = list(pieces)
    for k in reversed(values):
        if rest and _is_value(rest[-1]):
            d.values[k] = rest.pop()
    lead = [k for k, c in enumerate(cols) if role_of(c) in ("number", "category")]
    for k in lead:
        if len(rest) > 1:
            _put(d, k, role_of(cols[k]), rest.pop(0))
    if rest:
        d.names.append(" ".join(rest))
        d.cols.append(header.index("name"))
    return d if d.names else None


def _put(d: Draft, k: int, role: str, text: str) -> None:
    if role == "name":
        d.names.append(text)
        d.cols.append(k)
    elif role == "category":
        d.category = clean_text(text)
    elif role in ("metric", "blank"):
        d.values[k] = text


def _is_value(text: str) -> bool:
    t = clean_text(text)
    return bool(_COUNT.match(t)) or ("%" in t and parse_ratio(t) is not None) or t in ("-", "―", "ー")


# --- names split over pieces and lines --------------------------------------------------------

def merge_spans(pieces: list[str], catalog: Catalog) -> list[tuple[int, int]]:
    """Space-separated pieces of a text line -> (first, last) piece of each name: pieces inside
    an open bracket belong together, and pieces that only together make a catalog name are one."""
    spans: list[list[int]] = []
    depth = 0
    for k, p in enumerate(pieces):
        if spans and depth > 0:
            spans[-1][1] = k
        else:
            spans.append([k, k])
        depth = max(0, depth + p.count("(") + p.count("[") - p.count(")") - p.count("]"))

    def text(sp):
        return "".join(pieces[sp[0]:sp[1] + 1])
    k = 0
    while k < len(spans) - 1:
        a, b = spans[k], spans[k + 1]
        if catalog.match(text([a[0], b[1]])) and not (catalog.match(text(a)) and catalog.match(text(b))):
            spans[k:k + 2] = [[a[0], b[1]]]
            continue
        k += 1
    return [(a, b) for a, b in spans]


def merge_pieces(pieces: list[str], catalog: Catalog) -> list[str]:
    return [" ".join(pieces[a:b + 1]) for a, b in merge_spans(pieces, catalog)]


def _continues(drafts: list[Draft], d: Draft, header: TableHeader, catalog: Catalog) -> bool:
    """Join d onto the draft above when it is the wrapped tail of names there; True if joined."""
    if not drafts or d.leading_empty and header.layout == "columns" and not is_grid(d.row):
        return False
    prev = drafts[-1]
    if is_grid(d.row):
        # same column, the row above ended mid-name
        if len(d.names) != 1 or d.cols[0] not in prev.cols or d.values:
            return False
        j = prev.cols.index(d.cols[0])
        if not _wraps(prev.names[j], d.names[0], catalog):
            return False
        prev.names[j] += " " + d.names[0]
        return True
    names = d.names
    if len(names) != 1 or d.values or (header.layout == "marks" and prev.mark and d.mark):
        return False
    pnames = prev.names
    # which name of the line above goes on: one the catalog completes, else the last
    target = next((j for j, n in enumerate(pnames) if catalog.match(n + names[0])
                   and not catalog.match(n)), None)
    if target is None and _wraps(pnames[-1], names[0], catalog):
        target = len(pnames) - 1
    if target is None:
        return False
    pnames[target] += " " + names[0]
    prev.names = pnames
    prev.mark = prev.mark or d.mark
    return True


def _wraps(head: str, tail: str, catalog: Catalog) -> bool:
    if catalog.match(head + tail) and not catalog.match(tail):
        return True
    if catalog.match(head) or catalog.match(tail):
        return False
    return bool(_CONT_START.match(tail) or _CONT_END.search(head) or catalog.is_prefix(head))


# --- columns of a text line -------------------------------------------------------------------

def choose_columns(names: list[str], ncols: int, leading_empty: bool, na_col: Optional[int],
                   catalog: Catalog) -> tuple[list[int], list[bool]]:
    """Columns for the names of one text line -> (columns, guessed per name).

    Certain: as many names as columns, or a leading space and one name fewer. Otherwise every
    left-to-right placement is scored: a name the catalog says the city does not handle wants
    the not-applicable column, a city-handled name any other; ties go to the leftmost placement.
    The first name of a multi-name line without a leading space is in the first column."""
    n = len(names)
    first = 1 if leading_empty else 0
    if n == ncols - first:
        return list(range(first, ncols)), [False] * n
    if n > ncols - first or n == 0:
        # more names than columns: keep them in order, columns unknown past the last
        cols = [min(first + k, ncols - 1) for k in range(n)]
        return cols, [True] * n
    fixed_first = not leading_empty and n >= 2
    best, best_score = None, None
    for combo in combinations(range(first, ncols), n):
        if fixed_first and combo[0] != 0:
            continue
        score = 0
        for name, col in zip(names, combo):
            entry = catalog.match(name)
            if entry is None or na_col is None:
                continue
            score += 1 if (col == na_col) != entry.city_handled else -1
        key = (-score, combo)
        if best_score is None or key < best_score:
            best, best_score = combo, key
    guessed = [not (fixed_first and k == 0) for k in range(n)]
    return list(best), guessed


def columns_by_position(xs: list[Optional[float]], header: list[tuple[str, Optional[tuple]]]
                        ) -> Optional[list[int]]:
    """Columns from left edges, when the dump kept the layout (pdftotext -layout: header labels
    apart by runs of spaces, cells starting under their header); None when it did not.
    header: (label, bbox) per status column; any unit (characters or points) will do."""
    if not xs or any(x is None for x in xs) or len(header) < 2 \
            or any(b is None for _, b in header):
        return None
    boxes = [b for _, b in header]
    char = min((b[2] - b[0]) / max(1, len(label)) for label, b in header)
    gaps = [boxes[k + 1][0] - boxes[k][2] for k in range(len(boxes) - 1)]
    header = boxes
    if char <= 0 or min(gaps) < SETTINGS.layout_gap_chars * char:
        return None                                          # flattened to single spaces
    cols = []
    for x in xs:
        k = max((k for k, b in enumerate(header) if b[0] - char <= x), default=None)
        if k is None or (cols and k <= cols[-1]):
            return None
        cols.append(k)
    return cols


# --- records ----------------------------------------------------------------------------------

def _finish(doc: Document, header: TableHeader, title: Optional[str], drafts: list[Draft], cfg: dict,
            catalog: Catalog, out: Collector) -> list[Procedure]:
    if header.layout == "fields" and header.index("category") is None and not any(
            m.value is not None for d in drafts for m in _metrics(header, d, cfg)):
        return []       # a name column beside text columns with no value: not a procedure table
    result: list[Procedure] = []
    for d in drafts:
        src = source_of(d.row)
        if header.layout == "columns":
            result.extend(_columns_records(doc, header, title, d, catalog, out))
        elif header.layout == "marks":
            name = clean_text(d.names[0])
            marked = bool(d.mark) and d.mark in cfg["marks"]
            if d.mark and not marked:
                out.warn("unknown_mark", f"{where(doc, d.row)}: {title or '表'}「{name}」: 印「{d.mark}」を"
                         f"未実施として読みました", src)
            result.append(_record(title, d.category, name, "implemented" if marked else "not_implemented",
                                  d.mark if marked else None, catalog, [], src))
        else:
            metrics = _metrics(header, d, cfg)
            name = clean_text(" ".join(d.names)) if d.names else (d.category or "")
            category = d.category if d.names else None
            if not name:
                out.warn("procedure_without_name", f"{where(doc, d.row)}: "
                         f"{title or '手続の表'}の行に名称がないため読み飛ばしました", src)
                continue
            result.append(_record(title, category, name, None, None, catalog, metrics, src))
    return result


def _columns_records(doc, header: TableHeader, title, d: Draft, catalog: Catalog, out: Collector):
    src = source_of(d.row)
    status_cols = statuses(header)
    if d.cols:
        # geometry: every name sits in a known column
        for name, k in zip(d.names, d.cols):
            col = header.columns[k]
            yield _record(title, d.category, clean_text(name), col.field, col.label, catalog, [], src)
        return
    names = d.names
    na = next((k for k, c in enumerate(status_cols) if c.field == "not_applicable"), None)
    cols = columns_by_position(d.xs, [(c.label, c.cell.bbox) for c in status_cols])
    if cols is not None:
        guessed = [False] * len(names)
    else:
        cols, guessed = choose_columns(names, len(status_cols), d.leading_empty, na, catalog)
    for name, k, g in zip(names, cols, guessed):
        name = clean_text(name)
        col = status_cols[k]
        if g:
            out.warn("column_guessed",
                     f"{where(doc, d.row)}: {title or '手続の表'}「{name}」: 行の手続名が列"
                     f"（{status_text(header)}）より少ないため、{col.label}の列と推定しました", src)
        yield _record(title, d.category, name, col.field, col.label, catalog, [], src)


def _record(title, category, name, status, status_raw, catalog: Catalog, metrics, src) -> Procedure:
    entry = catalog.match(name)
    return Procedure(table=title, category=category, name=name, status=status,
                     status_raw=status_raw, catalog_id=entry.id if entry else None,
                     metrics=metrics, source=src)


def _metrics(header: TableHeader, d: Draft, cfg: dict) -> list[Metric]:
    arrows = set(cfg["arrows"])
    out: list[Metric] = []
    for k, col in enumerate(header.columns):
        raw = clean_text(d.values.get(k, ""))
        if not raw or raw in arrows or role_of(col) != "metric":
            continue
        value, unit = metric_value(raw, _value_word_unit(col.label, cfg))
        out.append(Metric(label=col.label, value=value, unit=unit, raw=raw))
    return out


def metric_value(raw: str, hint: Optional[str] = None) -> tuple[Optional[float], Optional[str]]:
    """'71%' -> (0.71, 'ratio'); '15' / '15手続' -> (15, 'count'); else (None, None)."""
    if "%" in raw or "割" in raw or (hint == "ratio" and regex.match(r"^0?\.\d+$", raw)):
        v = parse_ratio(raw)
        return (v, "ratio") if v is not None else (None, None)
    m = _COUNT.match(raw)
    if m:
        return float(raw.rstrip("".join(_VALUES["count_units"])).replace(",", "")), "count"
    return None, None
