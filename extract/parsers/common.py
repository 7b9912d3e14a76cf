"""What every parser shares: where a record came from, and a warning collector."""
from __future__ import annotations

from typing import Optional

from extract.ir import Row
from extract.structure.patterns import CIRCLED  # noqa: F401  (re-exported for the parsers)
from schemas.models import Source, Warning_


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
