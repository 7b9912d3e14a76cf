"""What every parser shares: where a record came from, and a warning collector."""
from __future__ import annotations

from itertools import chain, groupby
from operator import attrgetter
from typing import Optional

from extract.ir import Document, Row
from extract.structure.patterns import CIRCLED  # noqa: F401  (re-exported for the parsers)
from schemas.models import Source, Warning_

RUNNING_MAX_CHARS = 60    # a running header or footer is a short line
_PAGE = attrgetter("page")


def source_of(row: Optional[Row]) -> Source:
    if row is None:
        return Source()
    return Source(page=row.page, line=row.line, ocr=True if row.ocr else None)


class Collector:
    """Warnings of one document, in the order they were raised, without exact duplicates."""

    def __init__(self) -> None:
        self.items: list[Warning_] = []
        self._seen: set[tuple] = set()

    def warn(self, code: str, message: str, source: Optional[Source] = None) -> None:
        src = source or Source()
        key = (code, message, src.page, src.line)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(Warning_(code=code, message=message, source=src))


def running_lines(doc: Document, edge: int = 2) -> set[str]:
    """Short lines printed at the top or bottom of two or more pages (a running header or
    footer the reader left in): page furniture, never part of a record."""
    by_page: dict[int, list[Row]] = {}
    for page, rows in groupby(chain.from_iterable(b.rows for b in doc.blocks), _PAGE):
        if page is not None:
            by_page.setdefault(page, []).extend(rows)
    pages: dict[str, set] = {}
    for page, rows in by_page.items():
        for text in _edge_texts(rows, edge) + _edge_texts(reversed(rows), edge):
            if len(text) <= RUNNING_MAX_CHARS and not text.endswith(("。", "．")):
                pages.setdefault(text, set()).add(page)
    return {t for t, p in pages.items() if len(p) >= 2}


def _edge_texts(rows, edge: int) -> list[str]:
    """The first `edge` non-empty texts of rows (only the page's edges are read, not its body)."""
    out = []
    for row in rows:
        text = row.text.strip()
        if text:
            out.append(text)
            if len(out) == edge:
                break
    return out
