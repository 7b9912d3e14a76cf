"""Reader for plain pdftotext-like dumps.

Columns survive only as runs of spaces, so every line becomes one row whose cells are the
space-separated pieces (Table.grid is never set: positions are guesses; each cell's bbox holds
its character columns, which line up only where the dump kept the page layout). Parsers join cells back
with clean_text when they want running text, and use the pieces when they want columns.
A form feed starts a new page.
"""
from __future__ import annotations

from pathlib import Path

import regex

from extract.ir import Block, Cell, Document, Row
from normalize.text import clean_text


def split_cells(raw: str, lineno: int = 0) -> list[Cell]:
    """Space-separated pieces of a line, each cleaned; a leading space gives an empty first cell
    (a flattened table row whose first column is blank). Each cell's bbox holds its character
    columns (x0, line, x1, line + 1; pdftotext -layout puts one character per column, whatever
    its width), so a parser can line pieces up under a header when the dump kept the layout."""
    cells: list[Cell] = []
    line = raw.replace("\u3000", "  ")
    if line[:1] == " " and line.strip():
        cells.append(Cell("", col=0, raw=""))
    for m in regex.finditer(r"\S+", line):
        piece = m.group(0)
        cells.append(Cell(clean_text(piece), col=len(cells), raw=piece,
                          bbox=(float(m.start()), float(lineno), float(m.end()), float(lineno + 1))))
    return cells


_PAGE_NUMBER = regex.compile(r"^\s*(?:[-－―]\s*\d{1,4}\s*[-－―]|\d{1,4}\s*/\s*\d{1,4}|p\.\s*\d{1,4})\s*$")
HEADER_MIN_REPEATS = 3
HEADER_MAX_CHARS = 40
TOP_HEADER_MIN_CHARS = 5      # a running header is a title, not a label alone (事業名)


def furniture_lines(lines: list[str]) -> set[int]:
    """Indexes of page furniture: page-number lines (- 11 -, 3/20), the running header that
    follows them (a short line printed again after at least HEADER_MIN_REPEATS page numbers),
    and the running header at the top of the pages after the first (see top_headers)."""
    numbers = {i for i, ln in enumerate(lines) if _PAGE_NUMBER.match(ln)}
    after: dict[str, list[int]] = {}
    for i in numbers:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and len(lines[j].strip()) <= HEADER_MAX_CHARS:
            after.setdefault(lines[j].strip(), []).append(j)
    headers = {j for key, idx in after.items() if len(idx) >= HEADER_MIN_REPEATS for j in idx}
    return numbers | headers | top_headers(lines, numbers)


def _compact(line: str) -> str:
    """A line without its spaces: a dump may space the Latin in one copy only (DX / DX)."""
    return regex.sub(r"\s+", "", line)


def top_headers(lines: list[str], skip: set[int]) -> set[int]:
    """The first line of pages 2, 3 ... (after a form feed; page numbers skipped) when it is
    furniture: the document's first line again (the title as running header, even in a
    two-page dump), or one short line topping at least two pages and half of them."""
    tops: dict[str, list[int]] = {}
    pages_after_first = 0
    for i, ln in enumerate(lines):
        if "\f" not in ln:
            continue
        pages_after_first += ln.count("\f")
        j = i
        while j < len(lines) and (not lines[j].strip() or j in skip):
            j += 1
        if j < len(lines) and len(lines[j].strip()) <= HEADER_MAX_CHARS:
            tops.setdefault(_compact(lines[j]), []).append(j)
    first = next((_compact(ln) for ln in lines if ln.strip()), "")
    return {j for key, idx in tops.items()
            if key == first or (len(key) >= TOP_HEADER_MIN_CHARS and len(idx) >= 2
                                and 2 * len(idx) >= pages_after_first)
            for j in idx}


def read_plain_text(text: str, source_file: str) -> Document:
    doc = Document(source_file=source_file, source_format="text")
    page = 1 if "\f" in text else None
    rows: list[Row] = []
    lines = text.split("\n")
    skip = furniture_lines(lines)
    for lineno, raw in enumerate(lines, start=1):
        if "\f" in raw:
            page += raw.count("\f")     # counted before furniture is dropped: it may hold the \f
            raw = raw.replace("\f", "")
        if lineno - 1 in skip:
            continue
        raw = raw.rstrip("\r")
        if not raw.strip():
            rows.append(Row([], page=page, line=lineno))
            continue
        rows.append(Row(split_cells(raw.rstrip(), lineno), page=page, line=lineno))
    doc.blocks = [Block("text", [r]) for r in rows]
    doc.pages = page
    return doc


def read_plain(path: Path, text: str) -> Document:
    return read_plain_text(text, path.name)
