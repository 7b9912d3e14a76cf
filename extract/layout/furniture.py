"""Running headers, footers and page numbers.

Text in the top or bottom band of the page that repeats (digits aside) on at least half of the
pages is a running header/footer; a lone number there ("3", "- 3 -", "3/20", "３", "P.3") is a
page number. Both are dropped before the body is read.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

import regex

from .settings import LayoutSettings

_DASH = r"\-－—–‐ー―−"
PAGE_NUMBER = regex.compile(
    rf"^[{_DASH}\s]*(?:[pP]\.?\s*|ページ\s*)?[0-9０-９]{{1,4}}(?:\s*[/／]\s*[0-9０-９]{{1,4}})?"
    rf"\s*(?:ページ|頁)?[{_DASH}\s]*$")
_DIGITS = regex.compile(r"[0-9０-９]+")
_SPACES = regex.compile(r"\s+")


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text))


def band(top: float, bottom: float, page_height: float, share: float) -> Optional[str]:
    """'top' / 'bottom' when a box lies in the page's top / bottom band, else None."""
    if bottom <= page_height * share:
        return "top"
    if top >= page_height * (1 - share):
        return "bottom"
    return None


def furniture_key(text: str, where: str) -> str:
    """Text with digits and spaces blurred, so "- 3 -" and "- 4 -" match."""
    return where + ":" + _SPACES.sub("", _DIGITS.sub("#", text))


def repeated_keys(keys_per_page: Iterable[set[str]], npages: int, s: LayoutSettings) -> set[str]:
    """Keys found on at least repeat_share of the pages (and repeat_min_pages)."""
    counts: Counter = Counter()
    for keys in keys_per_page:
        counts.update(keys)
    need = max(s.repeat_min_pages, s.repeat_share * npages)
    return {k for k, n in counts.items() if n >= need}
