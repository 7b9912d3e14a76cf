"""Render the fictional plan of samples/src/plan_dx.py to samples/hibarino_plan.pdf and write its
expected extraction to samples/expected/hibarino_plan.json.

    python samples/render_pdf.py

The PDF holds the same cards, tables and values as hibarino_plain.txt, drawn the way municipal
plans made in Word/Excel look: ruled card tables (label column | value column), a 工程 block whose
status row has a cell merged across 令和9年度 and 令和10年度, a card split over a page break,
a three-column procedure table, a ○ table under group headings, a review table, a roadmap with
cells spanning years, a running header and a page number on every page, and one page that is
only an image (the plan diagram, rasterized: it has no text layer).

Deterministic: reportlab's invariant mode fixes the creation date and document ID, the fonts are
subset the same way every run and the raster page is made by PyMuPDF from a fixed drawing, so
re-running gives a byte-identical PDF (tests/samples checks it). Fonts: IPAex Gothic, else any
TrueType Japanese gothic found on the system, else reportlab's built-in HeiseiKakuGo-W5 CID font
(not embedded; the committed PDF is made with IPAex).
"""
from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

import plan_dx as P  # noqa: E402
import write_markdown as W  # noqa: E402
from common import (document, jp, plan_record, procedure, project, review,  # noqa: E402
                    schedule_entries, warning, wrap_lines)
from write_plain import card_expected  # noqa: E402

OUT_PDF = HERE / "hibarino_plan.pdf"
OUT_JSON = HERE / "expected" / "hibarino_plan.json"

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
]

PAGE_W, PAGE_H = A4
X0 = 55.0
X1 = PAGE_W - 55.0
TOP = PAGE_H - 70.0
BOTTOM = 70.0
SIZE = 10.0          # table text
LEAD = 14.0
PAD = 5.0
LABEL_W = 78.0
SHADE = 0.88         # gray level of header cells
RASTER_DPI = 100


def register_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("JPGothic", path))
            return "JPGothic"
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    return "HeiseiKakuGo-W5"


def wrap_width(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text that fit `width` points in font and size (common.wrap_lines)."""
    return wrap_lines(text, lambda s: pdfmetrics.stringWidth(s, font, size) <= width)


@dataclass
class GCell:
    """A cell of a ruled grid row: grid column, span, text lines, alignment, shading."""
    col: int
    span: int = 1
    lines: list[str] = field(default_factory=list)
    align: str = "left"
    shade: bool = False
    justify: bool = False        # 均等割付: characters spread over the cell width (実 施)


@dataclass
class GRow:
    cells: list[GCell]
    split: bool = False          # text may be split over a page break (long 取組内容)
    no_top: set = field(default_factory=set)   # columns continuing a cell from the row above
    keep_with_next: int = 0      # rows that must stay on the same page as this one
    height: Optional[float] = None

    def needed(self) -> float:
        if self.height:
            return self.height
        n = max((len(c.lines) for c in self.cells), default=1)
        return max(n, 1) * LEAD + 2 * PAD


def furniture(c: canvas.Canvas, font: str, number: int, title: str = P.TITLE) -> None:
    """Running header (plan title, top right, over a thin rule) and page number (bottom centre)."""
    c.setFont(font, 8)
    c.setFillGray(0.3)
    c.drawRightString(X1, PAGE_H - 40, title)
    c.setLineWidth(0.4)
    c.setStrokeGray(0.5)
    c.line(X0, PAGE_H - 45, X1, PAGE_H - 45)
    c.setFont(font, 9)
    c.drawCentredString(PAGE_W / 2, 35, f"- {number} -")
    c.setFillGray(0)
    c.setStrokeGray(0)


class Renderer:
    def __init__(self, path: Path, font: str, title: str = P.TITLE) -> None:
        self.font = font
        self.title = title
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1,
                               initialFontName=font, initialFontSize=SIZE)
        self.c.setTitle(title)
        self.c.setAuthor(P.MUNICIPALITY + "(架空の市)")
        self.c.setSubject("plan-extract sample plan (fictional)")
        self.c.setCreator("plan-extract samples/render_pdf.py")
        self.page = 0
        self.y = TOP

    # ---------------------------------------------------------------- pages
    def new_page(self, *, furniture_text: bool = True) -> None:
        """Start a page; furniture_text=False for the image-only page (its header and page
        number are part of the picture)."""
        if self.page:
            self.c.showPage()
        self.page += 1
        if furniture_text:
            furniture(self.c, self.font, self.page, self.title)
        self.y = TOP

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def space(self, h: float) -> None:
        self.y -= h

    # ---------------------------------------------------------------- text
    def text(self, text: str, size: float = 10.5, indent: float = 0.0, lead: float = 0.0,
             width: Optional[float] = None) -> int:
        """A paragraph; returns the page of its first line."""
        lead = lead or size * 1.6
        lines = wrap_width(text, self.font, size, width or (X1 - X0 - indent))
        self.ensure(lead)
        first = self.page
        for ln in lines:
            self.ensure(lead)
            self.c.setFont(self.font, size)
            self.c.drawString(X0 + indent, self.y - size, ln)
            self.y -= lead
        return first

    def heading(self, text: str, size: float = 14.0) -> None:
        self.ensure(size * 3)
        self.space(size * 0.5)
        self.text(text, size=size, lead=size * 1.8)

    # ---------------------------------------------------------------- ruled grids
    def grid(self, xs: list[float], rows: list[GRow]) -> list[int]:
        """Draw a ruled table; returns the page each row started on. Rows that do not fit move
        to the next page (a splittable row is cut between lines); the table is closed with a
        bottom rule before every page break."""
        pages: list[int] = []
        drawn_here = False       # a row of this table is already on the current page
        i = 0
        rows = list(rows)
        while i < len(rows):
            row = rows[i]
            block = rows[i:i + 1 + row.keep_with_next]
            if self.y - sum(r.needed() for r in block) < BOTTOM:
                fit = int((self.y - BOTTOM - 2 * PAD) // LEAD)
                if row.split and fit >= 2:
                    rows[i:i + 1] = split_row(row, fit)
                    continue
                if drawn_here:
                    self.rule(xs[0], xs[-1], self.y)
                self.new_page()
            pages.append(self.page)
            self.draw_row(xs, row)
            drawn_here = True
            i += 1
        self.rule(xs[0], xs[-1], self.y)
        return pages

    def rule(self, xa: float, xb: float, y: float) -> None:
        self.c.setLineWidth(0.6)
        self.c.line(xa, y, xb, y)

    def draw_row(self, xs: list[float], row: GRow) -> None:
        c = self.c
        h = row.needed()
        top, bottom = self.y, self.y - h
        for cell in row.cells:
            if cell.shade:
                c.setFillGray(SHADE)
                c.rect(xs[cell.col], bottom, xs[cell.col + cell.span] - xs[cell.col], h,
                       stroke=0, fill=1)
                c.setFillGray(0)
        c.setLineWidth(0.6)
        for j in range(len(xs) - 1):
            if j not in row.no_top:
                c.line(xs[j], top, xs[j + 1], top)
        c.line(xs[0], top, xs[0], bottom)
        c.line(xs[-1], top, xs[-1], bottom)
        for cell in row.cells[1:]:
            c.line(xs[cell.col], top, xs[cell.col], bottom)
        c.setFont(self.font, SIZE)
        for cell in row.cells:
            xa, xb = xs[cell.col], xs[cell.col + cell.span]
            n = len(cell.lines)
            y = top - PAD - SIZE - (h - 2 * PAD - n * LEAD) / 2 if cell.align == "center" \
                else top - PAD - SIZE
            for ln in cell.lines:
                if cell.justify and len(ln) > 1:
                    self.spread(ln, xa + 3 * PAD, xb - 3 * PAD, y)
                elif cell.align == "center":
                    c.drawCentredString((xa + xb) / 2, y, ln)
                else:
                    c.drawString(xa + PAD, y, ln)
                y -= LEAD
        self.y = bottom

    def spread(self, text: str, xa: float, xb: float, y: float) -> None:
        """Draw each character at its own position, first and last at the cell edges."""
        widths = [pdfmetrics.stringWidth(ch, self.font, SIZE) for ch in text]
        gap = (xb - xa - sum(widths)) / (len(text) - 1)
        x = xa
        for ch, w in zip(text, widths):
            self.c.drawString(x, y, ch)
            x += w + gap

    def cell_lines(self, text: str, width: float) -> list[str]:
        out: list[str] = []
        for part in text.split("\n"):
            out += wrap_width(part, self.font, SIZE, width - 2 * PAD)
        return out


def split_row(row: GRow, fit: int) -> tuple[GRow, GRow]:
    """Cut a row after `fit` lines: the head keeps the label, the tail continues overleaf with an
    empty label cell (as Word does when a row may break across pages)."""
    head_cells, tail_cells = [], []
    for cell in row.cells:
        head_cells.append(GCell(cell.col, cell.span, cell.lines[:fit], cell.align, cell.shade))
        tail_cells.append(GCell(cell.col, cell.span, cell.lines[fit:], cell.align, cell.shade))
    return GRow(head_cells), GRow(tail_cells, split=True)


# -------------------------------------------------------------------- content

def card_rows(r: Renderer, card: P.Card) -> list[GRow]:
    xs = card_xs()
    wide = xs[-1] - xs[1]

    def row(label: str, value: str, split: bool = False) -> GRow:
        return GRow([GCell(0, 1, [label]), GCell(1, 3, r.cell_lines(value, wide))], split=split)

    rows = []
    if card.parent_number:
        circled = "①②③④⑤⑥⑦⑧⑨"[int(card.number.rsplit("-", 1)[1]) - 1]
        rows.append(row("取組名", f"{circled}{card.name}"))
    else:
        rows.append(row("No.", f"{jp(card.number)} {card.name}"))
    rows.append(row("基本方針", card.goal))
    rows.append(row("所管課", "、".join(card.departments)))
    rows.append(row("取組内容", jp(card.description), split=True))
    if card.parent_number:
        rows.append(row("事業費", f"{card.budget_kyen:,}千円"))
        rows.append(row("導入効果", "\n".join(jp(e) for e in card.effect)))
        return rows
    for k in card.kpis:
        rows.append(row("成果指標", k.indicator))
    target = "\n".join(jp(k.target_text) for k in card.kpis)
    years = [GCell(0, 1, [])] + [GCell(1 + i, 1, [jp(label)], "center", shade=True)
                                 for i, (label, _) in enumerate(P.YEARS)]
    status, col = [GCell(0, 1, [])], 1
    for s in card.schedule:
        span = getattr(s, "years", 1)
        text = getattr(s, "text", s)
        status.append(GCell(col, span, [text] if text else [], "center"))
        col += span
    rows.append(GRow([GCell(0, 1, ["工程"]), GCell(1, 3, r.cell_lines(target, wide))],
                     keep_with_next=2))
    rows.append(GRow(years, no_top={0}, height=LEAD + 2 * PAD))
    rows.append(GRow(status, no_top={0}, height=LEAD + 4 * PAD))
    return rows


def card_xs() -> list[float]:
    xl = X0 + LABEL_W
    third = (X1 - xl) / 3
    return [X0, xl, xl + third, xl + 2 * third, X1]


def draw_card(r: Renderer, card: P.Card) -> int:
    """Draw one card; returns the page where it starts."""
    if card.parent_number:
        parent = next(p for p in P.CARDS if p.number == card.parent_number)
        r.ensure(200)
        r.text(f"{jp(parent.number)} {parent.name}", size=12)
        r.space(4)
    rows = card_rows(r, card)
    if card.number in SPLIT_DESCRIPTION:
        # leave room for only the first lines of 取組内容 on this page: the row is cut there
        # and continues overleaf, as when a long card meets the bottom of a Word page
        lines = SPLIT_DESCRIPTION[card.number]
        target = BOTTOM + sum(row.needed() for row in rows[:3]) + 2 * PAD + (lines + 0.5) * LEAD
        assert r.y > target, "card starts too low for the planned split"
        r.space(r.y - target)
    pages = r.grid(card_xs(), rows)
    return pages[0]


def draw_review(r: Renderer) -> list[dict]:
    r.heading(jp("第2章 第1次計画の取組状況"))
    r.text(jp(P.REVIEW_INTRO))
    r.space(8)
    r.text(jp(P.REVIEW_TITLE), size=11)
    widths = [42, 160, 100, 68, 68, 47]
    xs = [X0]
    for w in widths:
        xs.append(xs[-1] + w)
    head = GRow([GCell(i, 1, [h], "center", True) for i, h in enumerate(P.REVIEW_HEADER)])
    body = []
    for n, name, dep, pl, ac, mark in P.REVIEWS:
        body.append(GRow([GCell(0, 1, [jp(n)], "center"),
                          GCell(1, 1, r.cell_lines(name, widths[1])),
                          GCell(2, 1, r.cell_lines(dep, widths[2])),
                          GCell(3, 1, [pl], "center"), GCell(4, 1, [ac], "center"),
                          GCell(5, 1, [mark] if mark else [], "center")]))
    pages = r.grid(xs, [head] + body)[1:]
    return [review(number=n, name=name, department=dep, planned_raw=pl, actual_raw=ac,
                   achieved=(mark == "○"), page=pg)
            for (n, name, dep, pl, ac, mark), pg in zip(P.REVIEWS, pages)]


def draw_three_column(r: Renderer) -> list[dict]:
    r.text(jp(P.PROC3_TITLE), size=11)
    w = (X1 - X0) / 3
    xs = [X0, X0 + w, X0 + 2 * w, X1]
    head = GRow([GCell(i, 1, [h], "center", True) for i, h in enumerate(P.PROC3_HEADER)])
    body = [GRow([GCell(i, 1, r.cell_lines(jp(n), w) if n else []) for i, n in enumerate(row)])
            for row in P.PROC3_ROWS]
    pages = r.grid(xs, [head] + body)[1:]
    r.space(4)
    r.text(jp(P.PROC3_NOTE), size=8.5)
    out = []
    for row, pg in zip(P.PROC3_ROWS, pages):
        for col, name in enumerate(row):
            if name:
                head_text = P.PROC3_HEADER[col]
                out.append(procedure(table=P.PROC3_TITLE, name=name,
                                     status=P.PROC3_STATUS[head_text], status_raw=head_text,
                                     page=pg))
    return out


def draw_marks(r: Renderer) -> list[dict]:
    r.text(jp(P.MARKS_TITLE), size=11)
    xs = [X0, X1 - 70, X1]
    rows, keys = [], []
    for heading, category, items in P.MARKS_GROUPS:
        rows.append(GRow([GCell(0, 2, [jp(heading)], shade=True)]))
        keys.append(None)
        rows.append(GRow([GCell(0, 1, [P.MARKS_HEADER[0]], "center", True),
                          GCell(1, 1, [P.MARKS_HEADER[1]], "center", True)]))
        keys.append(None)
        for name, mark in items:
            rows.append(GRow([GCell(0, 1, r.cell_lines(name, xs[1] - xs[0])),
                              GCell(1, 1, [mark] if mark else [], "center")]))
            keys.append((category, name, mark))
    pages = r.grid(xs, rows)
    return [procedure(table=P.MARKS_TITLE, category=k[0], name=k[1],
                      status="implemented" if k[2] else "not_implemented",
                      status_raw=k[2] or None, page=pg)
            for k, pg in zip(keys, pages) if k]


def draw_roadmap(r: Renderer) -> list[tuple[str, str, list, int]]:
    r.heading(jp("第4章 その他の取組のロードマップ"))
    r.text(jp(P.ROADMAP_INTRO))
    r.space(8)
    r.text(jp(P.ROADMAP_TITLE), size=11)
    first = 170.0
    w = (X1 - X0 - first) / 3
    xs = [X0, X0 + first, X0 + first + w, X0 + first + 2 * w, X1]
    rows = [GRow([GCell(0, 1, [P.ROADMAP_FIRST_HEADER], "center", True)]
                 + [GCell(1 + i, 1, [jp(label)], "center", True)
                    for i, (label, _) in enumerate(P.YEARS)])]
    keys: list = [None]
    for heading, measure, items in P.ROADMAP:
        rows.append(GRow([GCell(0, 4, [jp(heading)], shade=True)]))
        keys.append(None)
        for name, sched in items:
            cells, col = [GCell(0, 1, r.cell_lines(name, first))], 1
            for s in sched:
                span = getattr(s, "years", 1)
                text = getattr(s, "text", s)
                cells.append(GCell(col, span, [text] if text else [], "center"))
                col += span
            rows.append(GRow(cells, height=2 * LEAD + 2 * PAD))
            keys.append((name, measure, sched))
    pages = r.grid(xs, rows)
    return [(k[0], k[1], k[2], pg) for k, pg in zip(keys, pages) if k]


def diagram_png(font: str, number: int) -> bytes:
    """The plan diagram (計画の体系図) drawn on a scratch page, rasterized: the image-only page."""
    import pymupdf

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, initialFontName=font)
    furniture(c, font, number)
    c.setFont(font, 14)
    c.drawCentredString(PAGE_W / 2, TOP - 10, "計画の体系図")
    box_w, y = X1 - X0, TOP - 70
    c.setLineWidth(1)
    c.rect(X0, y, box_w, 36)
    c.setFont(font, 12)
    c.drawCentredString(PAGE_W / 2, y + 13, "基本理念 デジタルでつながり、誰もが暮らしやすいまち ひばり野")
    col_w = (box_w - 20) / 3
    for i, (n, goal) in enumerate(P.GOALS.items()):
        x = X0 + i * (col_w + 10)
        c.line(x + col_w / 2, y, x + col_w / 2, y - 30)
        c.rect(x, y - 80, col_w, 50)
        c.setFont(font, 11)
        c.drawCentredString(x + col_w / 2, y - 50, jp(f"基本方針{n}"))
        c.drawCentredString(x + col_w / 2, y - 68, goal)
        yy = y - 110
        c.setFont(font, 9)
        for card in P.CARDS:
            if card.goal == goal and not card.parent_number:
                for ln in (wrap_width(f"{jp(card.number)} {card.name}", font, 9,
                                                  col_w - 10)):
                    c.drawString(x + 5, yy, ln)
                    yy -= 13
                yy -= 6
    c.showPage()
    c.save()
    with pymupdf.open(stream=buf.getvalue(), filetype="pdf") as doc:
        pix = doc[0].get_pixmap(dpi=RASTER_DPI, colorspace=pymupdf.csGRAY)
        return pix.tobytes("png")


def render(path: Path = OUT_PDF) -> dict:
    font = register_font()
    r = Renderer(path, font)
    projects, procedures, reviews = [], [], []

    # p.1 cover
    r.new_page()
    r.space(180)
    r.text(P.TITLE, size=24, indent=60)
    r.space(20)
    r.text(jp("計画期間 令和8年度～令和10年度"), size=13, indent=60)
    r.space(200)
    r.text(jp("令和8年3月"), size=13, indent=60)
    r.text(P.PREFECTURE + P.MUNICIPALITY, size=13, indent=60)

    # p.2 chapter 1
    r.new_page()
    r.heading(jp("第1章 計画の基本的な考え方"))
    r.text(jp("1 計画の趣旨"), size=12)
    r.text(jp(P.PURPOSE), indent=10)
    r.space(6)
    r.text(jp("2 計画期間"), size=12)
    r.text(jp(P.PERIOD_TEXT), indent=10)
    r.space(6)
    r.text(jp("3 基本方針"), size=12)
    for n, goal in P.GOALS.items():
        r.text(jp(f"基本方針{n} {goal}"), indent=10)

    # p.3 the diagram, as an image only
    r.new_page(furniture_text=False)
    image_page = r.page
    png = diagram_png(font, image_page)
    r.c.drawImage(ImageReader(io.BytesIO(png)), 0, 0, PAGE_W, PAGE_H)

    # chapter 2: review
    r.new_page()
    reviews = draw_review(r)

    # chapter 3: cards
    for i, card in enumerate(P.CARDS):
        if card.number in FLOW_ON:
            r.space(24)
        else:
            r.new_page()
        if i == 0:
            r.heading(jp("第3章 取組の内容"))
        page = draw_card(r, card)
        projects.append(card_expected(card, geometry=True, page=page))
        fig = P.FIGURE_AFTER.get(card.number)
        if fig:
            r.new_page()
            procedures += draw_three_column(r) if fig == "three_column" else draw_marks(r)

    # chapter 4: roadmap
    r.new_page()
    for name, measure, sched, page in draw_roadmap(r):
        projects.append(project(number=None, name=name, measure=measure, page=page,
                                schedule=schedule_entries(P.YEARS, sched, geometry=True)))
    pages = r.page
    r.c.showPage()
    r.c.save()

    return document(
        plan=plan_record(municipality=P.MUNICIPALITY, title=P.TITLE, published=P.PUBLISHED,
                         period=P.PERIOD, source_file=path.name, source_format="pdf",
                         pages=pages),
        projects=projects, procedures=procedures, reviews=reviews,
        warnings=[warning("no_text_layer",
                          f"{path.name} p.{image_page}: no text layer (scanned or outlined); "
                          "needs OCR", page=image_page)])


# Cards drawn below the previous one on the same page instead of on a new page; 2-1 then runs
# over the page break (its 取組内容 row is cut and continues overleaf).
FLOW_ON = {"1-5", "2-1", "2-2"}
SPLIT_DESCRIPTION = {"2-1": 5}     # card -> 取組内容 lines left on the first page


# ================================================================ the 002-style plan as a PDF

INFO_PDF = HERE / "hibarino_infoplan.pdf"
INFO_JSON = HERE / "expected" / "hibarino_infoplan.json"


def info_card_rows(r: Renderer, card, xs: list[float]) -> list[GRow]:
    """施策名 | number name | □新規 ■継続, then label | value rows, then 年度別計画 | R8 | R9."""
    (goal, number, name, category, _, dept_label, dept_printed, _, paras, k, labels, _,
     stat) = card
    boxes = "■新規 □継続" if category == "新規" else "□新規 ■継続"
    wide = xs[-1] - xs[1]

    def row(label: str, value: str) -> GRow:
        return GRow([GCell(0, 1, [label]), GCell(1, 3, r.cell_lines(value, wide))])

    rows = [GRow([GCell(0, 1, [W.START_LABEL[goal]]),
                  GCell(1, 2, r.cell_lines(f"{number} {name}", xs[3] - xs[1])),
                  GCell(3, 1, [boxes], "center")])]
    if number.startswith("3-"):
        rows.append(row("方向性", W.GOALS[3]))
    rows.append(row(dept_label, dept_printed))
    rows.append(row(W.CONTENT_LABEL[goal], "\n".join(paras)))
    if k:
        rows.append(row("評価指標", k[0]))
        rows.append(row("目標値", k[1]))
    rows.append(GRow([GCell(0, 1, ["年度別計画"]), GCell(1, 1, [labels[0]], "center", True),
                      GCell(2, 2, [labels[1]], "center", True)], keep_with_next=1))
    rows.append(GRow([GCell(0, 1, []), GCell(1, 1, [stat[0]], "center"),
                      GCell(2, 2, [stat[1]], "center")], no_top={0}))
    return rows


def render_info(path: Path = INFO_PDF) -> dict:
    """第3次ひばり野市情報化推進計画 (hibarino_markdown.md) drawn as a PDF: checkbox glyphs, a
    review table whose status cells are spread over the cell width (justification spaces in the
    text layer), goal section headings, year headers R8 / R9."""
    font = register_font()
    r = Renderer(path, font, W.TITLE)
    _, text_expected = W.build()
    by_number = {p["number"]: p for p in text_expected["projects"]}

    r.new_page()
    r.space(200)
    r.text(W.TITLE, size=22, indent=50)
    r.space(16)
    r.text("計画期間：令和8・9年度", size=13, indent=50)

    r.new_page()
    r.heading("第1章 計画の概要")
    r.text("第1節 計画の趣旨", size=12)
    r.text(W.PURPOSE, indent=10)
    r.space(6)
    r.text("第2節 計画の期間", size=12)
    r.text(W.PERIOD_TEXT, indent=10)
    r.space(10)
    r.heading("第2章 前計画の実施状況")
    r.text(W.REVIEW_TEXT, indent=10)
    r.space(8)
    r.text("■ 事業別実施状況一覧", size=11)
    widths = [235, 90, 90, X1 - X0 - 415]
    xs = [X0]
    for w in widths:
        xs.append(xs[-1] + w)
    head = GRow([GCell(i, 1, [h], "center", True)
                 for i, h in enumerate(["事業名", "計画事項", "実施状況", "達成"])])
    body = [GRow([GCell(0, 1, r.cell_lines(f"{n} {name}", widths[0])),
                  GCell(1, 1, [pl.replace(" ", "")], justify=True),
                  GCell(2, 1, [ac.replace(" ", "")], justify=True),
                  GCell(3, 1, [mark] if mark else [], "center")])
            for n, name, pl, ac, mark in W.REVIEWS]
    review_pages = r.grid(xs, [head] + body)[1:]
    reviews = [dict(rv, source={"page": pg, "line": None})
               for rv, pg in zip(text_expected["reviews"], review_pages)]

    projects = []
    xl = X0 + 70
    xs = [X0, xl, xl + (X1 - xl) / 2, X1 - 110, X1]
    r.new_page()
    r.heading("第3章 情報化の具体的な施策")
    for n, heading in W.HEADINGS.items():
        if n > 1:
            r.new_page()
        r.heading(heading.lstrip("# "), size=13)
        for card in W.CARDS:
            if card[0] != n:
                continue
            rows = info_card_rows(r, card, xs)
            r.ensure(sum(row.needed() for row in rows))    # a card is kept on one page
            page = r.grid(xs, rows)[0]
            r.space(18)
            projects.append(dict(by_number[card[1]], source={"page": page, "line": None}))

    r.new_page()
    r.heading("第4章 計画の推進")
    r.text(W.PROGRESS_TEXT, indent=10)
    r.new_page()
    r.space(260)
    for line, size in ((W.TITLE, 16), ("計画期間：令和8・9年度", 12), ("令和8年3月", 12),
                       ("発行 ひばり野市", 12), ("架空県ひばり野市中央一丁目1番1号", 10),
                       ("編集 総務部デジタル推進課", 10)):
        r.text(line, size=size, indent=140)
        r.space(4)
    pages = r.page
    r.c.showPage()
    r.c.save()
    plan = dict(text_expected["plan"], source_file=path.name, source_format="pdf", pages=pages)
    return dict(text_expected, plan=plan, projects=projects, reviews=reviews)


def main() -> None:
    for make, pdf, out in ((render, OUT_PDF, OUT_JSON), (render_info, INFO_PDF, INFO_JSON)):
        expected = make(pdf)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
        print(f"{pdf.name}: {expected['plan']['pages']} pages, {pdf.stat().st_size:,} bytes; "
              f"{len(expected['projects'])} projects, {len(expected['procedures'])} procedures, "
              f"{len(expected['reviews'])} reviews")


if __name__ == "__main__":
    main()
