"""Characters of one PDF page, with fake-bold overprints removed.

Built from PyMuPDF's ``rawdict`` (one record per glyph). Whitespace glyphs are dropped: gaps are
measured from the glyph boxes, which also rejoins letter-spaced numbers ("2 , 0 5 0").
"""
from __future__ import annotations

import math

from extract.mupdf import pymupdf

from .quality import is_symbol_font
from .settings import LayoutSettings

# Ligatures and whitespace as in the file; no image blocks; clip to the page. Vector paths come
# along as bbox-only blocks, so one pass over the page yields glyphs and (most) ruling lines.
# The word fast path reads the same text page: a page it hands over is not interpreted twice.
TEXTPAGE_FLAGS = (pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
                 | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_COLLECT_VECTORS)
VECTOR_BLOCK = 3


class Char:
    """One glyph: text, box (x0, top, x1, bottom), baseline origin, size, style."""
    __slots__ = ("c", "x0", "top", "x1", "bottom", "ox", "oy", "size", "bold", "line_id", "dir")

    def __init__(self, c, x0, top, x1, bottom, ox, oy, size, bold, line_id=None, dir=None):
        self.c, self.x0, self.top, self.x1, self.bottom = c, x0, top, x1, bottom
        self.ox, self.oy, self.size, self.bold = ox, oy, size, bold
        self.line_id = line_id   # PyMuPDF line of non-horizontal text (None = horizontal)
        self.dir = dir           # writing direction of non-horizontal text

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    def __repr__(self) -> str:
        return f"Char({self.c!r} {self.x0:.1f},{self.top:.1f})"


def _is_bold(span: dict) -> bool:
    return bool(span["flags"] & pymupdf.TEXT_FONT_BOLD) or "bold" in span["font"].lower()


def page_chars(page: pymupdf.Page, s: LayoutSettings,
               tp: pymupdf.TextPage | None = None) -> tuple[list[Char], list[dict]]:
    """All non-blank glyphs of the page in content order, and its vector blocks
    (PyMuPDF's {"bbox", "stroked", "isrect", "continues", "color"} records). tp: the page's
    text page made with TEXTPAGE_FLAGS, when the caller has one already."""
    out: list[Char] = []
    vectors: list[dict] = []
    raw = page.get_text("rawdict", flags=TEXTPAGE_FLAGS, textpage=tp)
    line_no = 0
    for block in raw["blocks"]:
        if block["type"] == VECTOR_BLOCK:
            vectors.append(block)
            continue
        for line in block.get("lines", ()):
            line_no += 1
            dx, dy = line["dir"]
            horizontal = dx > 0.99 and abs(dy) < 0.02
            for span in line["spans"]:
                size = span["size"] or 1.0
                bold = _is_bold(span)
                symbol = is_symbol_font(span["font"])
                asc, desc = size * s.ascent_em, size * s.descent_em
                for ch in span["chars"]:
                    c = ch["c"]
                    if not c or c.isspace():
                        continue
                    if symbol and 0xE000 <= ord(c[0]) <= 0xF8FF:
                        c = "・"   # a Wingdings/Symbol bullet, not a garbled character
                    x0, y0, x1, y1 = ch["bbox"]
                    ox, oy = ch["origin"]
                    if horizontal:
                        # Some fonts report a box a few points high; rebuild it from the baseline.
                        if y1 - y0 < 0.5 * size:
                            y0, y1 = oy - asc, oy + desc
                        out.append(Char(c, x0, y0, x1, y1, ox, oy, size, bold))
                    else:
                        out.append(Char(c, x0, y0, x1, y1, ox, oy, size, bold, line_no, (dx, dy)))
    return out, vectors


def drop_overprints(chars: list[Char], tol: float) -> tuple[list[Char], int]:
    """Remove glyphs drawn again at nearly the same spot (fake bold); mark the survivor bold.

    Each kept glyph sits in a grid bucket of side tol; a later glyph looks in its own bucket
    and the three neighbours nearest to it, which covers every point within tol.
    Returns the kept characters and how many duplicates were dropped.
    """
    seen: dict[tuple, Char] = {}
    kept: list[Char] = []
    dropped = 0
    get = seen.get
    for ch in chars:
        fx, fy = ch.ox / tol, ch.oy / tol
        gx, gy = int(fx // 1), int(fy // 1)
        nx = gx + 1 if fx - gx > 0.5 else gx - 1
        ny = gy + 1 if fy - gy > 0.5 else gy - 1
        c = ch.c
        dup = None
        for key in ((c, gx, gy), (c, nx, gy), (c, gx, ny), (c, nx, ny)):
            other = get(key)
            if other is not None and abs(other.ox - ch.ox) < tol and abs(other.oy - ch.oy) < tol:
                dup = other
                break
        if dup is not None:
            dup.bold = True
            dropped += 1
            continue
        seen[(c, gx, gy)] = ch
        kept.append(ch)
    return kept, dropped
