"""Pages whose text runs up or down the sheet (a landscape table printed turned, a page set in
vertical writing) are turned so their text runs left to right; then the same line and grid code
reads them, rows and columns the right way round. Boxes of such a page are in the turned frame.
"""
from __future__ import annotations

from typing import Optional

from .chars import Char
from .settings import LayoutSettings

Dir = tuple[float, float]


def dominant_direction(chars: list[Char], s: LayoutSettings) -> Optional[Dir]:
    """(0, -1) or (0, 1) when most glyphs of the page run that way, else None."""
    up = down = 0
    for ch in chars:
        if ch.dir is not None:
            if ch.dir[1] < -0.9:
                up += 1
            elif ch.dir[1] > 0.9:
                down += 1
    need = s.turned_page_share * len(chars)
    if up >= need:
        return (0.0, -1.0)
    if down >= need:
        return (0.0, 1.0)
    return None


def _point(x: float, y: float, d: Dir, w: float, h: float) -> tuple[float, float]:
    # Text running up (0,-1): turn the sheet clockwise; running down (0,1): anticlockwise.
    return (h - y, x) if d[1] < 0 else (y, w - x)


def turn_chars(chars: list[Char], d: Dir, w: float, h: float) -> list[Char]:
    """Glyphs in the turned frame; those that ran along d are horizontal there."""
    out = []
    for ch in chars:
        ax, ay = _point(ch.x0, ch.top, d, w, h)
        bx, by = _point(ch.x1, ch.bottom, d, w, h)
        ox, oy = _point(ch.ox, ch.oy, d, w, h)
        along = ch.dir is not None and abs(ch.dir[1] - d[1]) < 0.1
        if along:
            line_id, new_dir = None, None
        else:   # was horizontal (or ran the other way): now runs across the turned page
            # keep the glyphs of one former line together
            line_id = ch.line_id if ch.line_id is not None else -(1 + round(ch.oy))
            px, py = (ch.dir or (1.0, 0.0))
            new_dir = (-py, px) if d[1] < 0 else (py, -px)
        out.append(Char(ch.c, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), ox, oy,
                        ch.size, ch.bold, line_id, new_dir))
    return out


def turn_edges(h: list, v: list, d: Dir, w: float, h_: float) -> tuple[list, list]:
    """Ruling edges in the turned frame: horizontal rules become vertical and back."""
    new_h, new_v = [], []
    for y, x0, x1 in h:
        (ax, ay), (bx, by) = _point(x0, y, d, w, h_), _point(x1, y, d, w, h_)
        new_v.append([ax, min(ay, by), max(ay, by)])
    for x, y0, y1 in v:
        (ax, ay), (bx, by) = _point(x, y0, d, w, h_), _point(x, y1, d, w, h_)
        new_h.append([ay, min(ax, bx), max(ax, bx)])
    return new_h, new_v
