"""The fast path: a page read from MuPDF's words instead of single glyphs.

Japanese is written without spaces, so a MuPDF "word" is usually a whole phrase: reading words
instead of glyphs cuts the Python work per page several times. Each word becomes a Char record
carrying the whole run (lines.py works on boxes and gaps, not on glyph counts), its size taken
from the box height. A page goes back to the glyph path (chars.py) when words cannot be
trusted: two words drawn over each other (fake bold, duplicated text boxes), private-use
glyphs (symbol-font bullets need the font name), text running up/down the sheet (a turned
page), or a word crossing a cell border that is not a solid run of full-width glyphs.
Known limit: MuPDF glues a raised footnote digit to the word before it ("84%1"); the glyph
path drops such marks.
"""
from __future__ import annotations

import re

from extract.mupdf import pymupdf

from .chars import TEXTPAGE_FLAGS, VECTOR_BLOCK, Char
from .lines import is_cjk
from .settings import LayoutSettings

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def page_words(tp: pymupdf.TextPage, s: LayoutSettings) -> list[Char] | None:
    """Words of a text page as Char runs, or None when the page needs the glyph path."""
    out: list[Char] = []
    line_id = 0
    for x0, y0, x1, y1, text, *_ in tp.extractWORDS():
        if not text.strip():
            continue   # an ideographic space MuPDF kept as a word
        if _PRIVATE_USE.search(text):
            return None
        h, w = y1 - y0, x1 - x0
        if len(text) >= 2 and h > s.vertical_word_ratio * w:
            # A run along y: vertical writing or rotated text, already in reading order.
            line_id += 1
            out.append(Char(text, x0, y0, x1, y1, x0, y0, w, False, -line_id, (0.0, 1.0)))
            continue
        size = h / s.word_height_em
        out.append(Char(text, x0, y0, x1, y1, x0, y1 - size * s.descent_em, size, False))
    if _overlapping(out, s):
        return None
    vertical = sum(len(c.c) for c in out if c.line_id is not None)
    if out and vertical >= s.turned_page_share * sum(len(c.c) for c in out):
        return None   # a turned page: its direction is known glyph by glyph only
    return out


def _overlapping(words: list[Char], s: LayoutSettings) -> bool:
    """Do two words on one baseline cover each other (an overprint or a doubled text box)?"""
    horizontal = sorted((c for c in words if c.line_id is None), key=lambda c: c.oy)
    group: list[Char] = []
    base = None
    for ch in horizontal + [None]:
        if ch is not None and base is not None and ch.oy - base <= s.baseline_tol_em * ch.size:
            group.append(ch)
            continue
        if len(group) > 1:
            group.sort(key=lambda c: c.x0)
            for a, b in zip(group, group[1:]):
                overlap = min(a.x1, b.x1) - b.x0
                if overlap > s.word_overlap * min(a.x1 - a.x0, b.x1 - b.x0):
                    return True
        if ch is not None:
            group, base = [ch], ch.oy
    return False


def vector_boxes(tp: pymupdf.TextPage) -> list[tuple]:
    """Boxes of the vector paths the text pass collected."""
    return [b[:4] for b in tp.extractBLOCKS() if b[6] == VECTOR_BLOCK]


def edges_from_thin_boxes(boxes: list[tuple], s: LayoutSettings):
    """Edges when every vector box is thin (a ruling line or a thin filled rectangle);
    None when some box is larger (a stroked frame or shading: the drawings must tell)."""
    h, v = [], []
    for x0, y0, x1, y1 in boxes:
        w, ht = x1 - x0, y1 - y0
        if ht <= s.thin_rect and w > ht:
            h.append([(y0 + y1) / 2, x0, x1])
        elif w <= s.thin_rect and ht > w:
            v.append([(x0 + x1) / 2, y0, y1])
        elif w > s.thin_rect and ht > s.thin_rect:
            return None
    return h, v


def split_even_word(word: Char) -> list[Char] | None:
    """A word of full-width glyphs set solid (every glyph one font size wide) as one Char per
    glyph, so a word MuPDF ran across a cell border can still be placed; None for other words
    (their glyph positions are unknown)."""
    text, n = word.c, len(word.c)
    width = word.x1 - word.x0
    if n < 2 or word.line_id is not None or not all(is_cjk(c) for c in text):
        return None
    step = width / n
    if abs(step - word.size) > 0.15 * word.size:
        return None
    return [Char(c, word.x0 + i * step, word.top, word.x0 + (i + 1) * step, word.bottom,
                 word.x0 + i * step, word.oy, word.size, word.bold) for i, c in enumerate(text)]
