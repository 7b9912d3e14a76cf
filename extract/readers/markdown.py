"""Reader for markdown dumps made by other PDF converters.

Tables arrive as tab-separated lines (cell positions kept by the tabs, so Table.grid is True) or as
pipe tables; cells may hold HTML: <p> paragraphs, <sup> footnote marks, <br>, <b>, and checkbox
inputs. Converters that keep merged cells (MinerU, marker) write HTML <table>s instead, on one line
or several: their rowspan/colspan become the cells' spans on the grid. Headings are '#' lines.
Consecutive table lines form one table block.
"""
from __future__ import annotations

import html
from pathlib import Path

import regex

from extract.ir import Block, Cell, Document, Row, make_table_block, text_row
from normalize.text import clean_text

_HEADING = regex.compile(r"^(#{1,6})\s+(.*)$")
_PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CHECKED = regex.compile(r"<input\b[^>]*\bchecked\b[^>]*>", regex.I)
_CHECKBOX = regex.compile(r"<input\b[^>]*type=\"?checkbox\"?[^>]*>", regex.I)
_SUP = regex.compile(r"<sup>.*?</sup>", regex.I | regex.S)
_PARA_BREAK = regex.compile(r"</p>\s*<p[^>]*>|<br\s*/?>|</li>\s*<li[^>]*>", regex.I)
_TAG = regex.compile(r"<[^>]+>")
_LIST_MARK = regex.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
# A cell or line emphasized as a whole (**概要**): the emphasis is formatting, not text.
_WHOLE_EMPHASIS = regex.compile(r"^\s*(\*\*|__)(?P<body>(?:(?!\1).)+)\1\s*$", regex.S)   # over <br> lines too
_TABLE_OPEN = regex.compile(r"<table\b", regex.I)
_TABLE_CLOSE = regex.compile(r"</table\s*>", regex.I)
_TR = regex.compile(r"<tr\b[^>]*>", regex.I)
_TD = regex.compile(r"<t[dh]\b(?P<attrs>[^>]*)>", regex.I)
_CELL_END = regex.compile(r"</t[dhr]\s*>|</?(?:tbody|thead|tfoot)\b[^>]*>|</table\s*>.*",
                          regex.I | regex.S)
_SPAN = regex.compile(r"\b(?P<kind>rowspan|colspan)\s*=\s*[\"']?(?P<n>\d+)", regex.I)


def cell_text(raw: str) -> str:
    """HTML cell content -> cleaned text; paragraphs become '\\n'; checkboxes become ■ / □."""
    s = _CHECKED.sub("■", raw)
    s = _CHECKBOX.sub("□", s)
    s = _SUP.sub("", s)
    s = _PARA_BREAK.sub("\n", s)
    s = _TAG.sub("", s)
    s = html.unescape(s)
    s = _WHOLE_EMPHASIS.sub(r"\g<body>", s)
    return "\n".join(filter(None, (clean_text(p) for p in s.split("\n"))))


def html_table_rows(html_text: str, line: int) -> list[Row]:
    """An HTML <table> -> rows of cells placed on the grid: a cell takes the first column not
    covered by a rowspan from above, and spans its colspan. Closing tags are optional (HTML
    allows <td>a<td>b); a row's line is the source line its <tr> starts on."""
    rows: list[Row] = []
    covered: dict[tuple[int, int], bool] = {}
    offset = _TABLE_OPEN.search(html_text).end()
    body = html_text[offset:]
    starts = [m.end() for m in _TR.finditer(body)]
    ends = starts[1:] + [len(body)]
    for r, (a, b) in enumerate(zip(starts, ends)):
        row_line = line + html_text.count("\n", 0, offset + a)
        chunk = body[a:b]
        tds = list(_TD.finditer(chunk))
        cells, col = [], 0
        for k, td in enumerate(tds):
            stop = tds[k + 1].start() if k + 1 < len(tds) else len(chunk)
            raw = _CELL_END.sub("", chunk[td.end():stop])
            spans = {s["kind"].lower(): max(1, int(s["n"])) for s in _SPAN.finditer(td["attrs"])}
            while covered.get((r, col)):
                col += 1
            colspan, rowspan = spans.get("colspan", 1), spans.get("rowspan", 1)
            cells.append(Cell(cell_text(raw), col=col, colspan=colspan, rowspan=rowspan, raw=raw))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    covered[(r + dr, col + dc)] = True
            col += colspan
        rows.append(Row(cells, line=row_line))
    return rows


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def read_markdown_text(text: str, source_file: str) -> Document:
    doc = Document(source_file=source_file, source_format="markdown")
    blocks: list[Block] = []
    pending: list[Row] = []

    def flush() -> None:
        if pending:
            blocks.append(make_table_block(list(pending), grid=True))
            pending.clear()

    lines = text.split("\n")
    html_until = 0                          # lines up to here belong to an HTML table
    for lineno, raw in enumerate(lines, start=1):
        raw = raw.rstrip("\r")
        if lineno <= html_until:
            continue
        opening = _TABLE_OPEN.search(raw)
        if opening:
            end = next((k for k in range(lineno - 1, len(lines))
                        if _TABLE_CLOSE.search(lines[k])), len(lines) - 1)
            flush()
            before = cell_text(raw[:opening.start()])      # a caption on the table's line
            if before:
                blocks.append(Block("text", [text_row(before, line=lineno, raw=raw)]))
            pending.extend(html_table_rows("\n".join(lines[lineno - 1:end + 1]), lineno))
            flush()
            closing = _TABLE_CLOSE.search(lines[end])
            after = cell_text(lines[end][closing.end():]) if closing else ""
            if after:
                blocks.append(Block("text", [text_row(after, line=end + 1, raw=lines[end])]))
            html_until = end + 1
            continue
        if "\t" in raw:
            parts = raw.split("\t")
            # A line with a single trailing tab is still a table row (seed 003 style).
            cells = [Cell(cell_text(p), col=i, raw=p) for i, p in enumerate(parts)]
            pending.append(Row(cells, line=lineno))
            continue
        if _is_pipe_row(raw):
            if _PIPE_SEPARATOR.match(raw):
                continue
            parts = _pipe_cells(raw)
            pending.append(Row([Cell(cell_text(p), col=i, raw=p) for i, p in enumerate(parts)],
                               line=lineno))
            continue
        flush()
        if not raw.strip():
            blocks.append(Block("text", [Row([], line=lineno)]))
            continue
        m = _HEADING.match(raw)
        if m:
            blocks.append(Block("heading", [text_row(cell_text(m.group(2)), line=lineno,
                                                     kind="heading", level=len(m.group(1)),
                                                     raw=raw)]))
            continue
        body = _LIST_MARK.sub("", raw)
        blocks.append(Block("text", [text_row(cell_text(body), line=lineno, raw=raw)]))
    flush()
    doc.blocks = blocks
    return doc


def read_markdown(path: Path, text: str) -> Document:
    return read_markdown_text(text, path.name)
