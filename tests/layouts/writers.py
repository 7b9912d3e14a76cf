"""The three writers of the layout harness: one abstract document (generate.py) -> a
pdftotext-like plain dump, a converter's markdown, or a PDF drawn with reportlab.

plain     pdftotext -layout style: table cells placed at fixed character columns (one column per
          character, whatever its width, as pdftotext does), a multi-line cell's lines below each
          other, a space on both sides of a Latin run inside Japanese text ("RPA と AI-OCR の"),
          a running header and a `- n -` page number on every page after the cover, form feeds
          between pages.
markdown  what PDF-to-markdown converters emit: `#` headings, one line per paragraph, pipe tables
          (the first row is the header row; a spanning cell is followed by empty cells), in
          some documents a long cell's printed line breaks kept as <br>, label cells plain,
          **bold** or <b>bold</b>; page breaks
          and page furniture dropped (a table cut by a page break becomes two tables).
pdf       ruled tables (label cells shaded, justified labels drawn character by character), text
          lines, a running header and page number; rows move to the next page when they do not
          fit; a forced break starts a new page. Deterministic (reportlab invariant mode).
"""
from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

# IPAex Gothic or another installed Japanese TrueType font, else reportlab's built-in
# HeiseiKakuGo-W5 CID font (not embedded; PyMuPDF reads its text), and the line breaking, as
# the sample PDFs do
from samples.render_pdf import register_font, wrap_lines

from tests.layouts import records as R
from tests.layouts.generate import Break, Cell, Heading, Para, Row, SideBySide, Style, Table

# ------------------------------------------------------------------ shared

_CJK = r"\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff"
_ASCII_RUN = re.compile(rf"(?<=[{_CJK}])([A-Za-z0-9][A-Za-z0-9%.,\-]*)(?=[{_CJK}])")


def wrap(text: str, fits) -> list[str]:
    """Greedy line breaking as the sample plans do (samples/src/common.wrap_lines: never inside
    a Latin word or number, never before closing punctuation); fits(s) says whether s fits on
    one line. "" gives one empty line."""
    return wrap_lines(text, fits) or [""]


# ------------------------------------------------------------------ plain

PLAIN_COLUMNS = 58           # characters across a table
PLAIN_PAGE_LINES = 44


class PlainPages:
    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]

    def new_page(self) -> None:
        self.pages.append([])

    def add(self, line: str) -> None:
        if len(self.pages[-1]) >= PLAIN_PAGE_LINES:
            self.new_page()
        self.pages[-1].append(line)

    def text(self) -> str:
        out = []
        for n, lines in enumerate(self.pages, start=1):
            body = ([f" {R.TITLE} ", ""] if n > 1 else []) + lines + ["", f"- {n} -"]
            out.append("\n".join(body) + "\n")
        return "\f".join(out)


def spaced_latin(line: str) -> str:
    return _ASCII_RUN.sub(r" \1 ", line)


def plain_table_lines(t: Table, st: Style) -> list[list[str]]:
    """Each row as its printed lines; columns at fixed character offsets."""
    widths = [max(4, round(w * PLAIN_COLUMNS)) for w in t.widths]
    starts = [sum(widths[:i]) for i in range(len(widths) + 1)]
    out = []
    for row in t.rows:
        placed, col = [], 0
        for cell in row.cells:
            width = starts[col + cell.span] - starts[col] - 2
            lines = []
            for part in cell.text.split("\n"):
                lines += wrap(part, lambda s: len(s) <= width) if part else [""]
            placed.append((starts[col], lines))
            col += cell.span
        n = max(len(ls) for _, ls in placed)
        row_lines = []
        for i in range(n):
            line = ""
            for x, ls in placed:
                piece = ls[i] if i < len(ls) else ""
                piece = spaced_latin(piece) if st.latin_spaces else piece
                if piece:
                    line = line.ljust(x) if len(line) < x or not line else line + "  "
                    line += piece
            row_lines.append(line)
        out.append(row_lines)
    return out


def write_plain(els: list, st: Style, path: Path) -> None:
    pages = PlainPages()
    for e in els:
        if isinstance(e, Break):
            pages.new_page()
        elif isinstance(e, Heading):
            pages.add("")
            pages.add(e.text)
            pages.add("")
        elif isinstance(e, Para):
            lines = wrap(e.text, lambda s: len(s) <= st.wrap) if e.wrap else [e.text]
            for ln in lines:
                pages.add(spaced_latin(ln) if st.latin_spaces else ln)
        elif isinstance(e, (Table, SideBySide)):
            for t in (e.tables if isinstance(e, SideBySide) else [e]):
                plain_table(pages, t, st)
    path.write_text(pages.text(), encoding="utf-8")


def plain_table(pages: PlainPages, e: Table, st: Style) -> None:
    for row, lines in zip(e.rows, plain_table_lines(e, st)):
        if row.split_at:
            for ln in lines[:row.split_at]:
                pages.add(ln)
            pages.new_page()
            lines = lines[row.split_at:]
        if len(pages.pages[-1]) + len(lines) > PLAIN_PAGE_LINES:
            pages.new_page()        # a row is not cut unless it is marked so
        for ln in lines:
            pages.add(ln)
    pages.add("")


# ------------------------------------------------------------------ markdown

def md_cell(cell: Cell, st: Style) -> str:
    text = cell.text
    if st.md_breaks and len(text) > st.wrap:
        text = "\n".join(wrap(text, lambda s: len(s) <= st.wrap))
    text = text.replace("\n", "<br>")
    if cell.label and text and st.md_label:
        close = "</b>" if st.md_label == "<b>" else st.md_label
        text = f"{st.md_label}{text}{close}"
    return text


def write_markdown(els: list, st: Style, path: Path) -> None:
    out: list[str] = []
    for e in els:
        if isinstance(e, Break):
            out.append("")
        elif isinstance(e, Heading):
            out += ["", "#" * e.level + " " + e.text, ""]
        elif isinstance(e, Para):
            out.append("".join(f"**{t}**" if lab else t for t, lab in e.parts))
        elif isinstance(e, (Table, SideBySide)):
            for t in (e.tables if isinstance(e, SideBySide) else [e]):
                out += md_table(t, st)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def md_table(e: Table, st: Style) -> list[str]:
    if e.html:
        return ["", html_table(e, st), ""]
    out: list[str] = []
    out.append("")
    ncols = len(e.widths)
    for i, row in enumerate(e.rows):
        cells = []
        for c in row.cells:
            cells += [md_cell(c, st)] + [""] * (c.span - 1)
        cells += [""] * (ncols - len(cells))
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "|".join(["---"] * ncols) + "|")
    out.append("")
    return out


def html_table(e: Table, st: Style) -> str:
    """An HTML table on one line, as MinerU writes it: colspan for a spanning cell, rowspan for
    a cell merged with the ones below (their empty places are left out of the rows below)."""
    covered: dict[tuple[int, int], bool] = {}
    rows = []
    for i, row in enumerate(e.rows):
        tds, col = [], 0
        for c in row.cells:
            if not covered.get((i, col)):
                attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                        (f' colspan="{c.span}"' if c.span > 1 else "")
                tds.append(f"<td{attrs}>{md_cell(c, st)}</td>")
                for k in range(1, c.rowspan):
                    covered[(i + k, col)] = True
            col += c.span
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


# ------------------------------------------------------------------ pdf

PAGE_W, PAGE_H = A4
X0, X1 = 55.0, PAGE_W - 55.0
TOP, BOTTOM = PAGE_H - 70.0, 70.0
SIZE, LEAD, PAD = 10.0, 14.0, 5.0


class PdfWriter:
    def __init__(self, path: Path, st: Style) -> None:
        self.font = register_font()
        self.st = st
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1,
                               initialFontName=self.font, initialFontSize=SIZE)
        self.c.setTitle(R.TITLE)
        self.c.setCreator("plan-extract tests/layouts")
        self.page = 1
        self.y = TOP
        self.touched = False

    def fits(self, size: float, width: float):
        return lambda s: pdfmetrics.stringWidth(s, self.font, size) <= width

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = TOP
        self.touched = False
        c = self.c
        c.setFont(self.font, 8)
        c.drawRightString(X1, PAGE_H - 40, R.TITLE)
        c.setLineWidth(0.4)
        c.line(X0, PAGE_H - 45, X1, PAGE_H - 45)
        c.setFont(self.font, 9)
        c.drawCentredString(PAGE_W / 2, 35, f"- {self.page} -")

    def ensure(self, h: float) -> None:
        if self.y - h < BOTTOM:
            self.new_page()

    def line(self, text: str, size: float = 10.5, indent: float = 0.0) -> None:
        lead = size * 1.6
        self.ensure(lead)
        self.c.setFont(self.font, size)
        self.c.drawString(X0 + indent, self.y - size, text)
        self.y -= lead
        self.touched = True

    def para(self, e: Para) -> None:
        if e.wrap:
            width = min(X1 - X0, (self.st.wrap + 1) * 10.5)
            for ln in wrap(e.text, self.fits(10.5, width)):
                self.line(ln)
        else:
            self.line(e.text)

    def heading(self, e: Heading) -> None:
        size = {1: 15.0, 2: 13.0}.get(e.level, 11.5)
        self.ensure(size * 4)
        self.y -= size * 0.5
        self.line(e.text, size)

    def cell_lines(self, cell: Cell, width: float) -> list[str]:
        out = []
        for part in cell.text.split("\n"):
            out += wrap(part, self.fits(SIZE, width - 2 * PAD)) if part else []
        return out

    def columns(self, xa: float, xb: float, t: Table) -> list[float]:
        xs = [xa]
        for w in t.widths:
            xs.append(xs[-1] + w * (xb - xa))
        return xs

    def height(self, t: Table, xs: list[float]) -> float:
        h = 0.0
        for row in t.rows:
            col, n = 0, 1
            for cell in row.cells:
                n = max(n, len(self.cell_lines(cell, xs[col + cell.span] - xs[col])))
                col += cell.span
            h += n * LEAD + 2 * PAD
        return h + 14

    def side_by_side(self, e: SideBySide) -> None:
        """Two tables next to each other, both starting at the same height (the pair moves to
        the next page when the taller one does not fit)."""
        gap = 12.0
        width = (X1 - X0 - gap) / 2
        spans = [(X0 + k * (width + gap), X0 + k * (width + gap) + width) for k in range(2)]
        xss = [self.columns(a, b, t) for (a, b), t in zip(spans, e.tables)]
        self.ensure(max(self.height(t, xs) for t, xs in zip(e.tables, xss)))
        top, bottoms = self.y, []
        for t, xs in zip(e.tables, xss):
            self.y = top
            self.table(t, xs)
            bottoms.append(self.y)
        self.y = min(bottoms)

    def table(self, t: Table, xs: list[float] | None = None) -> None:
        xs = xs or self.columns(X0, X1, t)
        self.y -= 4
        drawn_here = False
        for row in t.rows:
            placed, col = [], 0
            for cell in row.cells:
                placed.append((cell, col, self.cell_lines(cell, xs[col + cell.span] - xs[col])))
                col += cell.span
            n = max([len(ls) for _, _, ls in placed] + [1])
            if row.split_at and row.split_at < n:
                head = [(c, col, ls[:row.split_at]) for c, col, ls in placed]
                tail = [(Cell("", c.span), col, ls[row.split_at:]) for c, col, ls in placed]
                self.draw_row(xs, head, row.split_at)
                self.rule(xs, self.y)
                self.new_page()
                placed, n, drawn_here = tail, n - row.split_at, False
            h = n * LEAD + 2 * PAD
            if self.y - h < BOTTOM:
                if drawn_here:
                    self.rule(xs, self.y)
                self.new_page()
            self.draw_row(xs, placed, n)
            drawn_here = True
        self.rule(xs, self.y)
        self.y -= 10

    def rule(self, xs: list[float], y: float) -> None:
        self.c.setLineWidth(0.6)
        self.c.line(xs[0], y, xs[-1], y)

    def draw_row(self, xs: list[float], placed, n: int) -> None:
        c = self.c
        h = n * LEAD + 2 * PAD
        top, bottom = self.y, self.y - h
        for cell, col, _ in placed:
            if cell.label:
                c.setFillGray(0.88)
                c.rect(xs[col], bottom, xs[col + cell.span] - xs[col], h, stroke=0, fill=1)
                c.setFillGray(0)
        c.setLineWidth(0.6)
        c.line(xs[0], top, xs[-1], top)
        c.line(xs[-1], top, xs[-1], bottom)
        for _, col, _ in placed:
            c.line(xs[col], top, xs[col], bottom)
        c.setFont(self.font, SIZE)
        for cell, col, lines in placed:
            y = top - PAD - SIZE
            for ln in lines:
                if cell.justify and len(ln) > 1:
                    xa, xb = xs[col] + 3 * PAD, xs[col + cell.span] - 3 * PAD
                    self.spread(ln.replace(" ", ""), xa, xb, y)
                else:
                    c.drawString(xs[col] + PAD, y, ln)
                y -= LEAD
        self.y = bottom
        self.touched = True

    def spread(self, text: str, xa: float, xb: float, y: float) -> None:
        """均等割付: each character at its own position, first and last at the cell edges."""
        widths = [pdfmetrics.stringWidth(ch, self.font, SIZE) for ch in text]
        gap = (xb - xa - sum(widths)) / max(len(text) - 1, 1)
        x = xa
        for ch, w in zip(text, widths):
            self.c.drawString(x, y, ch)
            x += w + gap

    def save(self) -> None:
        self.c.save()


def write_pdf(els: list, st: Style, path: Path) -> None:
    w = PdfWriter(path, st)
    for e in els:
        if isinstance(e, Break):
            if w.touched:
                w.new_page()
        elif isinstance(e, Heading):
            w.heading(e)
        elif isinstance(e, Para):
            w.para(e)
        elif isinstance(e, Table):
            w.table(e)
        elif isinstance(e, SideBySide):
            w.side_by_side(e)
    w.save()


WRITERS = {"plain": write_plain, "markdown": write_markdown, "pdf": write_pdf}
