"""Review tables of the previous plan (事業別実施状況一覧 ...) -> Review records.

A review table is found by its header row, read with the one table header model
(extract/structure/header.py) in the review context of vocabulary.toml: every cell exactly a
known column label, a name column and a planned or an actual column, no column twice (recipe
"review"). Rows follow until a heading, caption, note, prose or a row that no longer fits; a table
continued after a blank line or a page break without a repeated header is followed while its
rows still read as review rows (number first, status terms last).

With column geometry each cell's column is known; a number printed in the name cell
("1-1-1 PRコンテンツの充実") or in a cell of its own before it is split off. In a text dump the
line is read from the right: achieved mark, actual and planned status (pieces joined back into
a known status term, so 調 査・検 討 is one cell), department; from the left the number; the name
is what remains. Statuses map through the status vocabulary (status_raw keeps the printed form).
"""
from __future__ import annotations

from typing import Optional

import regex

from extract.ir import Document, Row
from extract.parsers.common import Collector, running_lines, source_of
from extract.parsers.tabular import SETTINGS, TableWalk, ends_table, find_tables, is_grid, where
from extract.structure import header as header_model
from extract.structure.header import TableHeader
from extract.structure.patterns import NUMBER_ONLY, split_glued_number
from extract.structure.vocabulary import vocabulary
from normalize.departments import looks_like_department, split_departments
from normalize.status import StatusVocabulary
from normalize.text import clean_text
from schemas.models import Review

_NOTE = regex.compile(r"\([^()]*\)")
_JOINERS = regex.compile(r"(?:[・、,/→]|及び|と)+")
_DASH = regex.compile(r"^[-‐‑–―ー－—]$")
SKIPPED = "skipped"


def read_header(row: Row) -> Optional[TableHeader]:
    """The review-table header this row is (recipe review: every cell exactly a review label,
    a name column, a planned or an actual column, no role twice)."""
    return header_model.read_table(row, "review")


# --- the walk ---------------------------------------------------------------------------------

def parse_reviews(doc: Document, status: StatusVocabulary, out: Collector) -> list[Review]:
    cfg = vocabulary().values("reviews")
    reviews: list[Review] = []
    for walk in find_tables(list(doc.rows()), read_header, frozenset(running_lines(doc))):
        _read_table(doc, walk, cfg, status, out, reviews)
    return reviews


def _read_table(doc: Document, walk: TableWalk, cfg: dict, status: StatusVocabulary,
                out: Collector, reviews: list[Review]) -> None:
    header = walk.header
    failed = 0
    for row in walk:
        if read_header(row) is not None:
            break                                   # the next table begins
        if walk.leaves(row):
            break
        if walk.grid:
            if walk.in_table(row):
                rec = _grid_row(row, header, cfg, status, doc, out, reviews=reviews)
            elif is_grid(row):
                # a table continued without its header (page break, blank line in a dump)
                rec = _grid_row(row, header, cfg, status, doc, out, strict=True)
                if rec is None:
                    break
                walk.table = row.table
            else:
                break
        else:
            if row.table is not None and is_grid(row):
                break
            rec = _text_row(row, header, cfg, status, doc, out, reviews)
            if rec is False:
                break
            failed = failed + 1 if rec == SKIPPED else 0
            if failed >= SETTINGS.max_failed_rows:
                break                               # lines no longer read as rows: table over
            if rec == SKIPPED:
                rec = None
        if rec:
            reviews.append(rec)


# --- grid rows --------------------------------------------------------------------------------

def _grid_row(row: Row, header: TableHeader, cfg: dict, status: StatusVocabulary, doc: Document,
              out: Collector, strict: bool = False, reviews: Optional[list[Review]] = None):
    cells = list(row.cells)
    values: dict[str, str] = {}
    raws: dict[str, str] = {}
    ncols = len(header.columns)
    texts = [c.text for c in cells]
    # "3-1-2 | name | 実施 | 完了" under a header with no number column: the number has a cell
    shift = (not header.has("number") and len(cells) >= ncols + 1 and texts[0]
             and NUMBER_ONLY.match(clean_text(texts[0])) is not None
             and header.columns[0].field == "name")
    if shift:
        values["number"] = texts[0]
        cells = cells[1:]
        pairs = [(header.columns[k].field, c) for k, c in enumerate(cells[:ncols])]
    elif strict or row.table is not header.row.table:
        pairs = [(header.columns[k].field, c) for k, c in enumerate(cells[:ncols])]
    else:
        pairs = []
        for c in cells:
            col = header.column_of(c)
            if col is not None:
                pairs.append((col.field, c))
    for role, c in pairs:
        if c.text and role not in values:
            values[role] = c.text
            raws[role] = c.raw if c.raw is not None else c.text
        elif c.text and role in values and role != "number":
            values[role] += " " + c.text
            raws[role] = raws.get(role, "") + " " + (c.raw if c.raw is not None else c.text)
    if strict and not _looks_like_review(values, status):
        return None
    if reviews and set(values) == {"name"} and (header.has("number") or not split_glued_number(
            values["name"])[0]) and _same_page(reviews[-1], row):
        # only the name column filled: the name above wrapped onto a row of its own
        reviews[-1].name = clean_text(reviews[-1].name + " " + values["name"])
        return None
    if not values.get("name"):
        if any(values.values()):
            out.warn("review_row_skipped", f"{where(doc, row)}: 実施状況の表の事業名のない行を"
                     f"読み飛ばしました（{row.text[:40]}）", source_of(row))
        return None
    return _record(values, raws, header, cfg, status, row)


def _same_page(prev: Review, row: Row) -> bool:
    return prev.source.page == row.page or _adjacent(prev, row)


def _looks_like_review(values: dict[str, str], status: StatusVocabulary) -> bool:
    """A headerless continuation row: a number, a name, and its statuses are known terms."""
    number = values.get("number") or (values.get("name") and split_glued_number(values["name"])[0])
    statuses = [values[r] for r in ("planned", "actual") if values.get(r)]
    return bool(number) and bool(statuses) and all(_is_status(s, status) for s in statuses)


# --- text rows --------------------------------------------------------------------------------

def _text_row(row: Row, header: TableHeader, cfg: dict, status: StatusVocabulary, doc: Document,
              out: Collector, reviews: list[Review]):
    """One line of a text dump -> Review; None for a line folded into the row above; False
    when the line does not belong to the table."""
    pieces = [c.text for c in row.cells if c.text]
    raws = [c.raw if c.raw is not None else c.text for c in row.cells if c.text]
    roles = header.fields
    values: dict[str, str] = {}
    rawv: dict[str, str] = {}
    right = roles[roles.index("name") + 1:]
    end = len(pieces)
    for role in reversed(right):
        if role in ("achieved", "rating"):
            marks = set(cfg["achieved_yes"] + cfg["achieved_no"] +
                        (cfg["rating_grades"] if role == "rating" else []))
            if end and pieces[end - 1] in marks:
                values[role] = pieces[end - 1]
                end -= 1
            else:
                values[role] = ""
        elif role in ("planned", "actual"):
            if end > 1 and _DASH.match(pieces[end - 1]):
                values[role] = ""                   # printed "－": nothing planned / done
                end -= 1
                continue
            hit = _status_from_right(pieces[:end], status)
            if hit is None:
                break
            values[role] = "".join(pieces[hit:end])
            end = hit
        elif role == "department":
            k = end - 1
            while k - 1 >= 1 and _is_department(pieces[k - 1]) and _is_department(pieces[k]):
                k -= 1
            if k >= 1:
                values["department"] = " ".join(pieces[k:end])
                rawv["department"] = " ".join(raws[k:end])
                end = k
    missing = [r for r in right if r in ("planned", "actual") and r not in values]
    if missing:
        if reviews and len(pieces) <= 2 and _adjacent(reviews[-1], row) and not ends_table(row) \
                and not any(_is_status(p, status) for p in pieces):
            # a wrapped name: the rest of the name above
            prev = reviews[-1]
            prev.name = clean_text(prev.name + " " + " ".join(pieces))
            return None
        if ends_table(row) or len(pieces) > 12:
            return False
        out.warn("review_row_skipped", f"{where(doc, row)}: 実施状況の表の行に"
                 f"{'・'.join({'planned': '計画', 'actual': '実績'}[m] for m in missing)}の状態がないため"
                 f"読みませんでした（{row.text[:40]}）",
                 source_of(row))
        return SKIPPED
    left = pieces[:end]
    if header.has("number") and left and NUMBER_ONLY.match(left[0]):
        values["number"] = left.pop(0)
    if not left:
        return None
    values["name"] = " ".join(left)
    return _record(values, rawv, header, cfg, status, row)


def _adjacent(prev: Review, row: Row) -> bool:
    """The row is printed right under the review above (a text dump may double-space lines)."""
    if prev.source.line is not None and row.line is not None:
        return 0 < row.line - prev.source.line <= 2
    return prev.source.page == row.page


def _status_from_right(pieces: list[str], status: StatusVocabulary) -> Optional[int]:
    """Index where a status term ending at the last piece starts (longest first), or None."""
    n = len(pieces)
    for k in range(max(1, n - SETTINGS.max_spaced_pieces), n):
        if _DASH.match(pieces[k]):
            continue                            # "－" is a cell of its own, not a bullet
        if _is_status("".join(pieces[k:]), status):
            return k
    return None


def _is_status(text: str, status: StatusVocabulary) -> bool:
    """The whole text is a known status term (or terms joined by ・、及び), a bracketed note
    aside (完了(令和2年度))."""
    cleaned = _NOTE.sub("", status.clean(text))
    if not cleaned:
        return False
    if cleaned in status.terms:
        return True
    parts = [p for p in _JOINERS.split(cleaned) if p]
    return bool(parts) and all(p in status.terms for p in parts)




def _is_department(piece: str) -> bool:
    return len(split_departments(piece)) == 1 and looks_like_department(piece)


# --- records ----------------------------------------------------------------------------------

def _record(values: dict[str, str], raws: dict[str, str], header: TableHeader, cfg: dict,
            status: StatusVocabulary, row: Row) -> Review:
    number = None
    if values.get("number"):
        number, _ = split_glued_number(values["number"])
        number = number or clean_text(values["number"])
    name = values.get("name", "")
    if not header.has("number") and not values.get("number"):
        n, rest = split_glued_number(name)
        if n and rest:
            number, name = n, rest
    planned = planned_raw = actual = actual_raw = None
    if values.get("planned"):
        planned, planned_raw = status.map(values["planned"])
    if values.get("actual"):
        actual, actual_raw = status.map(values["actual"])
    achieved = None
    if header.has("achieved"):
        mark = clean_text(values.get("achieved", ""))
        achieved = mark in set(cfg["achieved_yes"])
    elif header.has("rating"):          # ◎ / × say it; a letter grade (A) does not
        mark = clean_text(values.get("rating", ""))
        achieved = True if mark in cfg["achieved_yes"] else False if mark in cfg["achieved_no"] \
            else None
    department = None
    dep_text = raws.get("department") or values.get("department")
    if dep_text:
        department = "、".join(split_departments(dep_text)) or None
    return Review(number=number, name=clean_text(name), department=department, planned=planned,
                  planned_raw=planned_raw, actual=actual, actual_raw=actual_raw,
                  achieved=achieved, source=source_of(row))
