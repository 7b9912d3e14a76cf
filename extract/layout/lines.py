"""Words, segments and lines from characters (or from whole words, on the fast path: a Char
may carry a run of glyphs, everything here works on boxes and gaps).

A *line* is the characters sharing a baseline, left to right. A wide gap splits it into
*segments* (label | value, or columns of an unruled table); a narrower gap is a word space.
Vertical text (a vertical font, or single glyphs stacked in one column) becomes one segment
read top to bottom.
"""
from __future__ import annotations

from .chars import Char
from .settings import LayoutSettings

# Characters of a number: letter-spacing between them is not a word space.
_DIGITISH = frozenset("0123456789,.%０１２３４５６７８９，．％")
# A line may not start with these (or, for brackets, adds a note to the line before: 現状値 /
# （2014年度）); a break before one is a wrap, never a line break.
_NO_LINE_START = frozenset("年度月日号)）」』】〕、。，．,.:：%％(（")
_NOTE_MARKS = ("※", "＊")          # a note printed under a value opens a line of its own


def is_cjk(c: str) -> bool:
    """Japanese script or full-width punctuation: joined to its neighbours without a space."""
    o = ord(c)
    return (0x2E80 <= o <= 0x2FDF or 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF
            or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF01 <= o <= 0xFF9F
            or 0x20000 <= o <= 0x2FFFF)


class Segment:
    """Text on one line between two wide gaps, or one run of vertical text."""
    __slots__ = ("text", "x0", "top", "x1", "bottom", "size", "bold", "vertical", "nchars")

    def __init__(self, text, x0, top, x1, bottom, size, bold, vertical=False, nchars=0):
        self.text, self.x0, self.top, self.x1, self.bottom = text, x0, top, x1, bottom
        self.size, self.bold, self.vertical, self.nchars = size, bold, vertical, nchars

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    def __repr__(self) -> str:
        return f"Segment({self.text!r} {self.x0:.0f},{self.top:.0f})"


class Line:
    """Segments sharing a baseline, left to right."""
    __slots__ = ("segments", "x0", "top", "x1", "bottom", "size", "bold")

    def __init__(self, segments: list[Segment]):
        self.segments = segments
        if len(segments) == 1:
            g = segments[0]
            self.x0, self.x1, self.top, self.bottom = g.x0, g.x1, g.top, g.bottom
            self.size, self.bold = g.size, g.bold
            return
        self.x0 = min(s.x0 for s in segments)
        self.x1 = max(s.x1 for s in segments)
        self.top = min(s.top for s in segments)
        self.bottom = max(s.bottom for s in segments)
        self.size = max(s.size for s in segments)
        self.bold = all(s.bold for s in segments)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    def __repr__(self) -> str:
        return f"Line({self.text!r} {self.x0:.0f},{self.top:.0f})"


def _segment(chars: list[Char], parts: list[str], vertical: bool = False) -> Segment:
    text = "".join(parts)
    first = chars[0]
    if len(chars) == 1:
        return Segment(text, first.x0, first.top, first.x1, first.bottom, first.size, first.bold,
                       vertical, len(text))
    x0, top, x1, bottom, size, bold = first.x0, first.top, first.x1, first.bottom, first.size, \
        first.bold
    for c in chars:
        if c.x0 < x0:
            x0 = c.x0
        if c.top < top:
            top = c.top
        if c.x1 > x1:
            x1 = c.x1
        if c.bottom > bottom:
            bottom = c.bottom
        if c.size > size:
            size = c.size
        bold = bold and c.bold
    return Segment(text, x0, top, x1, bottom, size, bold, vertical, len(text.replace(" ", "")))


def split_line(chars: list[Char], s: LayoutSettings) -> list[Segment]:
    """One baseline's characters (sorted by x) -> segments, with word spaces inserted."""
    segments: list[Segment] = []
    run: list[Char] = [chars[0]]
    parts: list[str] = [chars[0].c]
    for prev, ch in zip(chars, chars[1:]):
        size = max(prev.size, ch.size)
        gap = ch.x0 - prev.x1
        if gap > s.segment_gap_em * size:
            segments.append(_segment(run, parts))
            run, parts = [ch], [ch.c]
            continue
        limit = s.digit_gap_em if (prev.c[-1] in _DIGITISH and ch.c[0] in _DIGITISH) \
            else s.word_gap_em
        if gap > limit * size:
            parts.append(" ")
        run.append(ch)
        parts.append(ch.c)
    segments.append(_segment(run, parts))
    return segments


def _baseline_groups(chars: list[Char], s: LayoutSettings) -> list[list[Char]]:
    """Horizontal characters clustered by baseline, each group sorted left to right."""
    groups: list[list[Char]] = []
    base = None
    for ch in sorted(chars, key=lambda c: c.oy):
        if base is not None and ch.oy - base <= s.baseline_tol_em * ch.size:
            groups[-1].append(ch)
        else:
            groups.append([ch])
            base = ch.oy
    for g in groups:
        g.sort(key=lambda c: c.x0)
    return groups


_MARKS = frozenset("0123456789*※)）")


def _drop_reference_marks(groups: list[list[Char]], s: LayoutSettings) -> list[list[Char]]:
    """Drop superscript footnote references ("施行²"): a short run of small digits raised
    into a line of larger text. Kept as a line of its own it reads as a lone number; glued
    to the text it would change values ("年40人1")."""
    marks = []
    for i, g in enumerate(groups):
        text = "".join(ch.c for ch in g) if len(g) <= 3 else ""
        if 0 < len(text) <= 3 and all(c in _MARKS for c in text) and any(c.isdigit() for c in text):
            marks.append(i)
    if not marks:
        return groups
    drop = set()
    for i in marks:
        g = groups[i]
        size = max(ch.size for ch in g)
        cy = (min(ch.top for ch in g) + max(ch.bottom for ch in g)) / 2
        x0, x1 = g[0].x0, g[-1].x1
        for j in (i - 1, i + 1):
            if 0 <= j < len(groups) and j not in marks:
                h = groups[j]
                hsize = max(ch.size for ch in h)
                if (size <= s.superscript_ratio * hsize
                        and min(ch.top for ch in h) <= cy <= max(ch.bottom for ch in h)
                        and h[0].x0 - 2 * hsize <= x0 and x1 <= h[-1].x1 + 2 * hsize):
                    drop.add(i)
                    break
    return [g for i, g in enumerate(groups) if i not in drop]


def _direction_segments(chars: list[Char]) -> list[Segment]:
    """Text in a non-horizontal writing direction, one segment per PyMuPDF line."""
    by_line: dict[int, list[Char]] = {}
    for ch in chars:
        by_line.setdefault(ch.line_id, []).append(ch)
    out = []
    for group in by_line.values():
        dx, dy = group[0].dir
        group.sort(key=lambda c: c.ox * dx + c.oy * dy)
        out.append(_segment(group, [c.c for c in group], vertical=True))
    return out


def _stacks_on(last: Segment, g: Segment, s: LayoutSettings) -> bool:
    """Can glyph g follow glyph `last` in a vertical run? Close below it, or (distributed
    labels, 企　業　会　計 down a tall cell) exactly aligned with a wider gap."""
    if abs(g.size - last.size) >= 0.2 * last.size:
        return False
    gap = g.top - last.bottom
    if gap < s.vertical_gap_em * last.size:
        return True
    aligned = abs(g.x0 - last.x0) < s.aligned_tol and abs(g.x1 - last.x1) < s.aligned_tol
    return aligned and gap < s.vertical_spread_gap_em * last.size


def _is_vertical_run(chain: list[Segment], s: LayoutSettings) -> bool:
    """Two or more stacked glyphs; with wide gaps, at least three evenly spaced ones."""
    if len(chain) < 2:
        return False
    gaps = [b.top - a.bottom for a, b in zip(chain, chain[1:])]
    if max(gaps) < s.vertical_gap_em * chain[0].size:
        return True
    return len(chain) >= 3 and max(gaps) - min(gaps) < s.even_gap_em * chain[0].size


def _merge_distributed(segments: list[Segment]) -> list[Segment]:
    """A line made only of single CJK glyphs far apart is one distributed word (合　　計)."""
    if len(segments) < 2 or not all(g.nchars == 1 and is_cjk(g.text) for g in segments):
        return segments
    return [Segment(" ".join(g.text for g in segments), segments[0].x0,
                    min(g.top for g in segments), segments[-1].x1,
                    max(g.bottom for g in segments), max(g.size for g in segments),
                    all(g.bold for g in segments), False, len(segments))]


def _stack_vertical(segments: list[Segment], s: LayoutSettings) -> tuple[list[Segment], set[int]]:
    """Chain single CJK glyphs stacked in one column into vertical segments.

    Returns the new segments and the ids of the single-glyph segments they absorbed.
    """
    singles = [g for g in segments
               if g.nchars == 1 and not g.vertical and is_cjk(g.text) and g.text not in _DIGITISH]
    singles.sort(key=lambda g: (g.x0 + g.x1) / 2)
    columns: list[list[Segment]] = []
    col_x = None
    for g in singles:
        gx = (g.x0 + g.x1) / 2
        if col_x is not None and gx - col_x <= s.vertical_x_tol_em * g.size:
            columns[-1].append(g)
        else:
            columns.append([g])
            col_x = gx
    used: set[int] = set()
    out: list[Segment] = []
    for column in columns:
        column.sort(key=lambda g: g.top)
        chain = [column[0]]
        for g in column[1:] + [None]:
            if g is not None and _stacks_on(chain[-1], g, s):
                chain.append(g)
                continue
            if _is_vertical_run(chain, s):
                used.update(id(c) for c in chain)
                out.append(Segment("".join(c.text for c in chain),
                                   min(c.x0 for c in chain), chain[0].top,
                                   max(c.x1 for c in chain), chain[-1].bottom,
                                   chain[0].size, all(c.bold for c in chain), True, len(chain)))
            chain = [g]
    return out, used


def build_lines(chars: list[Char], s: LayoutSettings, stack_vertical: bool = True) -> list[Line]:
    """Characters -> lines in top-to-bottom order (vertical runs are lines of their own)."""
    horiz = [c for c in chars if c.line_id is None]
    other = [c for c in chars if c.line_id is not None]
    groups = _drop_reference_marks(_baseline_groups(horiz, s), s)
    rows = [_merge_distributed(split_line(g, s)) for g in groups]
    extra = _direction_segments(other) if other else []
    if stack_vertical:
        stacked, used = _stack_vertical([g for r in rows for g in r], s)
        if used:
            rows = [[g for g in r if id(g) not in used] for r in rows]
        extra += stacked
    lines = [Line(r) for r in rows if r]
    lines += [Line([g]) for g in extra]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def join_cell_lines(lines: list[Line], cell_x0: float, cell_x1: float,
                    s: LayoutSettings) -> str:
    """Text of a table cell: wrapped lines joined, deliberate line breaks kept as "\\n".

    A line that runs across the cell wrapped there: up to the right edge when left-aligned, from
    the left edge when right-aligned (the room is on the side the text is not aligned to); so
    did every line of a narrow cell (stacked vertical labels, "令和3" over "年度") and a line
    followed by one that may not start a line ("年度", "）", "、"). A line opening with a note
    mark (※) starts a line of its own.
    """
    if not lines:
        return ""
    if len(lines) > 1 and all(len(ln.segments) == 1 and ln.segments[0].nchars == 1 for ln in lines):
        return "".join(ln.text for ln in lines)   # one glyph per line: a vertical label (項/目)
    narrow = (cell_x1 - cell_x0) < 4.5 * lines[0].size
    out = [lines[0].text]
    for prev, ln in zip(lines, lines[1:]):
        text = ln.text
        margin = s.wrap_margin_em * prev.size
        # Right-aligned: both lines end at the right edge and start at different places (the
        # lines of a wrapped left-aligned paragraph start at the same place, or one indent apart
        # under a bullet, where the room on the left is the cell's padding).
        right_aligned = (cell_x1 - prev.x1 <= margin and cell_x1 - ln.x1 <= margin
                         and abs(ln.x0 - prev.x0) > 0.5 * prev.size)
        room = prev.x0 - cell_x0 if right_aligned else cell_x1 - prev.x1
        wrapped = ((narrow or room <= margin or (text and text[0] in _NO_LINE_START))
                   and not text.startswith(_NOTE_MARKS))
        if not wrapped:
            out.append("\n")
        elif out[-1] and text and not (is_cjk(out[-1][-1]) or is_cjk(text[0])):
            out.append(" ")
        out.append(text)
    return "".join(out)
