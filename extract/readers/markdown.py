"""Reader for markdown dumps made by other PDF converters.

Tables arrive as tab-separated lines (cell positions kept by the tabs, so Table.grid is True) or as
pipe tables; cells may hold HTML: <p> paragraphs, <sup> footnote marks, <br>, <b>, and checkbox
inputs. Headings are '#' lines. Consecutive table lines form one table block.
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
_WHOLE_EMPHASIS = regex.compile(r"^\s*(\*\*|__)(?P<body>(?:(?!\1).)+)\1\s*$")


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

    for lineno, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
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
