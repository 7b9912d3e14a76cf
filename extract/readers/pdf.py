"""PDF -> Document, from page geometry (PyMuPDF >= 2).

Per page: MuPDF's words (or, where words cannot be trusted, single glyphs with fake-bold
overprints dropped) -> ruled grids from the vector paths the same text pass collected (the page's
drawings only when a path is more than a box) -> words inside grid cells become cell text
(wrapped lines joined, deliberate line breaks kept), the rest lines of text -> running
headers/footers and page numbers removed -> tables and lines in reading order (top to bottom).
Tables continued on the next page are joined (a row cut by the page foot merged back).
Pages without a text layer (scans, text turned into outlines) and pages with garbled glyph
mappings are read by OCR when Tesseract is installed (extract/readers/ocr.py: words and ruling
lines from the page image, into the same grid and line code; rows marked ocr, a warning naming
the pages); without it they are reported (Document.ocr_pages / garbled_pages, warnings naming
file and page) and their garbage never emitted. Every tolerance:
extract.layout.settings.LayoutSettings.

    doc = read_pdf(Path("plan.pdf"))                 # -> extract.ir.Document
    doc = read_pdf(path, max_pages=40, stats={})    # first pages only; counts into the dict
    doc = read_pdf(path, ocr="never")               # auto (default) | never | always
"""
from __future__ import annotations

import gc
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from extract.mupdf import pymupdf

from extract.ir import Block, Cell, Document, Row, Table, make_table_block, text_row
from extract.layout.chars import TEXTPAGE_FLAGS, VECTOR_BLOCK, drop_overprints, page_chars
from extract.layout.furniture import band, furniture_key, is_page_number, repeated_keys
from extract.layout.lines import Line, build_lines, is_cjk, join_cell_lines
from extract.layout.quality import garbled_reason
from extract.layout.ruling import (Grid, cluster_values, edges_from_drawings, edges_from_vectors,
                                   find_grids, vectors_are_boxes)
from extract.layout.rotation import dominant_direction, turn_chars, turn_edges
from extract.layout.settings import DEFAULT_SETTINGS, LayoutSettings
from extract.layout.words import edges_from_thin_boxes, page_words, split_even_word, vector_boxes
from extract.structure.patterns import is_year_label
from extract.readers.ocr import (OcrError, OcrPage, OcrSettings, ocr_image, render_gray,
                                 tesseract_available)
from normalize.text import clean_text


@dataclass
class PageTable:
    """A ruled table on one page: IR rows plus the geometry needed to join continuations."""
    grid: Grid
    rows: list[Row]

    @property
    def top(self) -> float:
        return self.grid.ys[0]


@dataclass
class PageLayout:
    number: int                      # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    chars: int = 0
    overprints: int = 0
    garbled: list[str] = field(default_factory=list)   # reasons, one per dropped line/cell
    no_text_layer: bool = False
    glyph_path: bool = False         # read glyph by glyph (the word fast path did not fit)
    turned: bool = False             # text ran up/down the sheet: read turned
    error: Optional[str] = None      # the page could not be read at all (the others still are)
    ocr: Optional["OcrPage"] = None  # read by OCR: what Tesseract said (confidence, skew)
    ocr_replaced_garbled: bool = False   # read by OCR because its text layer was garbled


# ----------------------------------------------------------------------------------------------
# one page

def _shows_something(paths: int, page: pymupdf.Page, s: LayoutSettings) -> bool:
    """Does a page without text show content: an image (a scan) or many vector paths (text
    turned into outlines)? A frame or a rule alone is a blank page, not one for OCR."""
    return paths >= s.outline_min_paths or bool(page.get_images(full=False))


def _page_edges(page: pymupdf.Page, vectors: list[dict], s: LayoutSettings):
    """Ruling edges: from the text pass's vector boxes when they are all rectangles, else
    from the page's drawings (slower, but it sees every segment of a path)."""
    if vectors_are_boxes(vectors):
        return edges_from_vectors(vectors, s)
    return edges_from_drawings(page.get_cdrawings(), s)


def clean_cell_text(raw: str) -> str:
    """clean_text for a cell: its kept line breaks are deliberate (list items, departments), so
    they go in as paragraph breaks, which clean_text keeps as "\n"."""
    return clean_text(raw.replace("\n", "\n\n")) if "\n" in raw else clean_text(raw)


def join_cell_parts(a: str, b: str) -> str:
    """Text of a cell cut by a page break: the parts are one wrapped line."""
    if not a or not b:
        return a or b
    sep = "" if (is_cjk(a[-1]) or is_cjk(b[0])) else " "
    return a + sep + b


def _cell_rows(grid: Grid, page_no: int, layout: PageLayout, s: LayoutSettings) -> list[Row]:
    """Grid cells (with their glyphs) -> IR rows, one per grid row that has any text."""
    by_row: dict[int, list[Cell]] = {}
    for gc in grid.cells:
        if len(gc.chars) == 1:
            raw = gc.chars[0].c      # the usual cell: one word (or glyph)
        else:
            raw = join_cell_lines(build_lines(gc.chars, s, stack_vertical=False),
                                  gc.bbox[0], gc.bbox[2], s) if gc.chars else ""
        reason = garbled_reason(raw)
        if reason:
            layout.garbled.append(reason)
            raw = ""
        by_row.setdefault(gc.row, []).append(
            Cell(clean_cell_text(raw), col=gc.col, colspan=gc.colspan, rowspan=gc.rowspan,
                 raw=raw, bbox=gc.bbox))
    rows = []
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda c: c.col)
        if not any(c.text for c in cells):
            continue
        rows.append(Row(cells, page=page_no, kind="table",
                        bbox=(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1]),
                        ocr=layout.ocr is not None))
    return rows


def _centers(items: list) -> list[tuple[float, float]]:
    return [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in items]


def _fits(ch, cell, tol: float) -> bool:
    """Does a word lie inside its cell (not across a border)?"""
    x0, y0, x1, y1 = cell.bbox
    return ch.x0 >= x0 - tol and ch.x1 <= x1 + tol and ch.top >= y0 - tol and ch.bottom <= y1 + tol


def _fill(layout: PageLayout, items: list, grids: list[Grid], s: LayoutSettings,
          strict: bool) -> bool:
    """Put glyphs (or words) into grid cells and lines; False when a word (strict mode) crosses
    a cell border, so the page must be read glyph by glyph."""
    free = items
    if grids:
        free = []
        tol = s.snap_tol
        boxes = [(g, g.bbox) for g in grids]
        for ch in items:
            cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
            for grid, (gx0, gy0, gx1, gy1) in boxes:
                if not (gx0 <= cx <= gx1 and gy0 <= cy <= gy1):
                    continue
                cell = grid.cell_at(cx, cy)
                if cell is not None:
                    if strict and not _fits(ch, cell, tol):
                        parts = split_even_word(ch)
                        if parts is None:
                            return False
                        for part in parts:   # glyph positions are known: place each one
                            pc = grid.cell_at((part.x0 + part.x1) / 2, cy)
                            (pc.chars if pc is not None else free).append(part)
                        break
                    cell.chars.append(ch)
                    break
            else:
                free.append(ch)
        for grid in grids:
            filled = [gc for gc in grid.cells if gc.chars]
            if len(filled) <= 1:
                # A frame around one block of text (or a chart): read it as text.
                for gc in filled:
                    free.extend(gc.chars)
                continue
            rows = _cell_rows(grid, layout.number, layout, s)
            for gc in grid.cells:
                gc.chars = []   # the rows hold the text now
            if rows:
                layout.tables.append(PageTable(grid, rows))
    for line in build_lines(free, s):
        reason = garbled_reason(line.text)
        if reason:
            layout.garbled.append(reason)
            continue
        layout.lines.append(line)
    return True


def _words_layout(page: pymupdf.Page, tp: pymupdf.TextPage, layout: PageLayout,
                  s: LayoutSettings):
    """The fast path. Returns (done, grids): done False when the page needs the glyph path,
    which may reuse the grids already found (None: not computed)."""
    words = page_words(tp, s)
    if words is None:   # words not trustworthy
        return False, None
    boxes = vector_boxes(tp)
    if not words:
        # No text: a scan (an image) or text turned into outlines (vector paths) needs OCR;
        # a page with neither is blank.
        layout.no_text_layer = _shows_something(len(boxes), page, s)
        return True, None
    grids: list[Grid] = []
    if boxes:
        edges = edges_from_thin_boxes(boxes, s)
        if edges is None:   # some box is more than a line: is it a stroked frame or shading?
            vectors = [b for b in tp.extractDICT()["blocks"] if b["type"] == VECTOR_BLOCK]
            edges = _page_edges(page, vectors, s)
        grids = find_grids(*edges, s, _centers(words))
    layout.chars = sum(len(w.c) for w in words)
    if _fill(layout, words, grids, s, strict=True):
        return True, grids
    for grid in grids:
        for gc in grid.cells:
            gc.chars = []
    return False, grids


def analyse_page(page: pymupdf.Page, s: LayoutSettings) -> PageLayout:
    """Lines of free text and ruled tables of one page: from MuPDF's words when they can be
    trusted, else glyph by glyph (fake bold, symbol fonts, words across cell borders)."""
    rect = page.rect
    grids = None
    tp = page.get_textpage(flags=TEXTPAGE_FLAGS)   # one MuPDF text pass serves both paths
    if s.fast_words:
        layout = PageLayout(page.number + 1, rect.width, rect.height)
        done, grids = _words_layout(page, tp, layout, s)
        if done:
            return layout
    layout = PageLayout(page.number + 1, rect.width, rect.height, glyph_path=True)
    chars, vectors = page_chars(page, s, tp)
    chars, layout.overprints = drop_overprints(chars, s.overprint_tol)
    layout.chars = len(chars)
    if not chars:
        layout.no_text_layer = _shows_something(len(vectors), page, s)
        return layout
    turn = dominant_direction(chars, s)
    if turn is not None:
        chars = turn_chars(chars, turn, rect.width, rect.height)
        layout.width, layout.height = rect.height, rect.width
        layout.turned = True
        grids = None
    if grids is None:
        grids = []
        if vectors:
            edges = _page_edges(page, vectors, s)
            if turn is not None:
                edges = turn_edges(*edges, turn, rect.width, rect.height)
            grids = find_grids(*edges, s, _centers(chars))
    _fill(layout, chars, grids, s, strict=False)
    return layout


# ----------------------------------------------------------------------------------------------
# the whole document

def _remove_furniture(pages: list[PageLayout], s: LayoutSettings) -> int:
    """Drop running headers/footers and page numbers from every page; returns lines dropped."""
    keys_per_page = []
    for p in pages:
        keys = set()
        for ln in p.lines:
            where = band(ln.top, ln.bottom, p.height, s.margin_band)
            if where:
                keys.add(furniture_key(ln.text, where))
        keys_per_page.append(keys)
    running = repeated_keys(keys_per_page, len(pages), s) if len(pages) >= s.repeat_min_pages \
        else set()
    dropped = 0
    for p in pages:
        kept = []
        for ln in p.lines:
            number_band = band(ln.top, ln.bottom, p.height, s.page_number_band)
            if p.turned and not number_band:   # the sheet's foot is a side of the turned page
                number_band = band(ln.x0, ln.x1, p.width, s.page_number_band)
            running_band = band(ln.top, ln.bottom, p.height, s.margin_band)
            if (number_band and is_page_number(ln.text)) or \
                    (running_band and furniture_key(ln.text, running_band) in running):
                dropped += 1
                continue
            kept.append(ln)
        p.lines = kept
    return dropped


def _body_size(pages: list[PageLayout]) -> float:
    """The font size carrying most characters of free text."""
    sizes: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            for g in ln.segments:
                sizes[round(g.size, 1)] += g.nchars
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _heading_level(line: Line, body: float, s: LayoutSettings) -> int:
    """1-3 for a heading line (by size, then boldness), 0 for body text."""
    if len(line.segments) > 1 or line.segments[0].vertical:
        return 0
    text = line.text
    if len(text) > s.heading_max_chars or not any(ch.isalpha() for ch in text):
        return 0   # long lines are prose; numbers alone are chart labels, not headings
    if line.size >= body * 1.6:
        return 1
    if line.size >= body * s.heading_size_ratio:
        return 2
    if line.bold and line.size >= body:
        return 3
    return 0


def _line_row(line: Line, page_no: int, level: int) -> Row:
    if len(line.segments) == 1:
        g = line.segments[0]
        return text_row(clean_text(g.text), page=page_no, raw=g.text, bbox=g.bbox,
                        kind="heading" if level else "text", level=level)
    cells = [Cell(clean_text(g.text), col=i, raw=g.text, bbox=g.bbox)
             for i, g in enumerate(line.segments)]
    return Row(cells, page=page_no, kind="text", bbox=line.bbox)


@dataclass
class _OpenTable:
    """The table being assembled, possibly over several pages."""
    rows: list[Row]
    xs: list[float]          # column borders of the whole table
    bbox: tuple
    bottom_share: float      # where its last part ends, as a share of that page's height


def _continues(open_t: Optional[_OpenTable], t: PageTable, page: PageLayout,
               s: LayoutSettings) -> bool:
    """Is t (the first item on its page) the continuation of the table that closed the
    previous page? Same outer borders, the previous part reached the page foot, this part
    starts at the top."""
    if open_t is None:
        return False
    tol = s.continued_col_tol
    return (abs(open_t.xs[0] - t.grid.xs[0]) <= tol and abs(open_t.xs[-1] - t.grid.xs[-1]) <= tol
            and open_t.bottom_share >= 1 - s.continued_top_share * 1.2
            and t.top <= page.height * s.continued_top_share)


def _regrid(rows: list[Row], xs: list[float], tol: float) -> None:
    """Re-index cells on a merged list of column borders (parts may split columns differently)."""
    def index(x: float) -> int:
        return min(range(len(xs)), key=lambda i: abs(xs[i] - x))
    for row in rows:
        for c in row.cells:
            if c.bbox is not None:
                a, b = index(c.bbox[0]), index(c.bbox[2])
                c.col, c.colspan = a, max(1, b - a)


def _join(open_t: _OpenTable, t: PageTable, page: PageLayout, s: LayoutSettings) -> None:
    rows = list(t.rows)
    k = 0   # the header rows repeated on the new page
    while k < min(len(rows), len(open_t.rows)) and rows[k].texts == open_t.rows[k].texts:
        k += 1
    rows = rows[k:]
    tol = s.continued_col_tol
    if len(open_t.xs) != len(t.grid.xs) or \
            any(abs(a - b) > tol for a, b in zip(open_t.xs, t.grid.xs)):
        open_t.xs = cluster_values(open_t.xs + t.grid.xs, tol)
        _regrid(open_t.rows, open_t.xs, tol)
        _regrid(rows, open_t.xs, tol)
    if rows and open_t.rows and _is_cut_row(open_t.rows[-1], rows[0]):
        _merge_cut_row(open_t.rows[-1], rows.pop(0))
    open_t.rows.extend(rows)
    open_t.bottom_share = t.grid.ys[-1] / page.height


def _layout_of(row: Row) -> list[tuple[int, int]]:
    return [(c.col, c.colspan) for c in row.cells]


def _is_year_header(row: Row) -> bool:
    """A schedule's header row (スケジュール | 令和7年度 | 令和8年度 …): its status row may be the
    next page's first row, laid out the same, but it is a row of its own."""
    years = [c.text for c in row.cells[1:] if c.text]
    return len(years) >= 2 and all(is_year_label(t) for t in years)


def _is_cut_row(last: Row, first: Row) -> bool:
    """A row broken by the page foot: the next page's first row has the same cells and an
    empty first one where the row before had its label (never under a row of years)."""
    return (_layout_of(last) == _layout_of(first) and bool(first.cells) and bool(last.cells)
            and not first.cells[0].text and bool(last.cells[0].text)
            and any(c.text for c in first.cells) and not _is_year_header(last))


def _merge_cut_row(last: Row, cont: Row) -> None:
    """Append the continued cells' text to the row they were cut from."""
    for a, b in zip(last.cells, cont.cells):
        if b.raw:
            a.raw = join_cell_parts(a.raw or "", b.raw)
            a.text = clean_cell_text(a.raw)


def _page_items(p: PageLayout) -> list[tuple[float, object]]:
    """Tables and lines of a page, top to bottom."""
    items: list[tuple[float, object]] = [(t.top, t) for t in p.tables]
    items += [(ln.top, ln) for ln in p.lines]
    items.sort(key=lambda it: it[0])
    return items


def _assemble(pages: list[PageLayout], s: LayoutSettings) -> list[Block]:
    """Per-page items in reading order -> blocks; a table continued at the top of the next
    page is appended to the one before it."""
    body = _body_size(pages)
    blocks: list[Block | _OpenTable] = []
    open_t: Optional[_OpenTable] = None   # a table that ended its page, open for continuation
    for p in pages:
        items = _page_items(p)
        for i, (_, item) in enumerate(items):
            if isinstance(item, PageTable):
                if i == 0 and _continues(open_t, item, p, s):
                    _join(open_t, item, p, s)
                    continue
                open_t = _OpenTable(list(item.rows), list(item.grid.xs), item.grid.bbox,
                                    item.grid.ys[-1] / p.height)
                blocks.append(open_t)
            else:
                level = _heading_level(item, body, s)
                row = _line_row(item, p.number, level)
                row.ocr = p.ocr is not None
                if not any(c.text for c in row.cells):
                    continue   # nothing left after clean-up (stray spaces, zero-width marks)
                blocks.append(Block(row.kind, [row]))
                open_t = None
        if items and not isinstance(items[-1][1], PageTable):
            open_t = None
    out = []
    for b in blocks:
        if isinstance(b, _OpenTable):
            block = make_table_block(b.rows, grid=True)
            block.table.bbox = b.bbox
            block.table.ncols = max(block.table.ncols, len(b.xs) - 1)
            out.append(block)
        else:
            out.append(b)
    return out


def _read_page(page: pymupdf.Page, s: LayoutSettings) -> PageLayout:
    """analyse_page, but one broken page (a corrupt content stream) costs only that page."""
    try:
        return analyse_page(page, s)
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as e:
        rect = page.rect
        return PageLayout(page.number + 1, rect.width, rect.height, error=str(e) or type(e).__name__)


DAMAGE_SHOWN = 2         # MuPDF messages quoted in a pdf_repaired warning


def mupdf_damage() -> list[str]:
    """What MuPDF repaired or skipped since the last call (zlib errors, a rebuilt xref, broken
    fonts), one message each; PyMuPDF collects these silently and the output would otherwise
    look complete."""
    text = pymupdf.TOOLS.mupdf_warnings(reset=True)
    return list(dict.fromkeys(ln.strip() for ln in text.splitlines()
                              if ln.strip() and not ln.startswith("... repeated")))


def _summary(messages: list[str]) -> str:
    shown = "; ".join(m[:80] for m in messages[:DAMAGE_SHOWN])
    more = len(messages) - DAMAGE_SHOWN
    return f"MuPDF: {shown}" + (f" ほか {more} 件" if more > 0 else "")


def _load_and_read(pdf: pymupdf.Document, index: int, s: LayoutSettings) -> PageLayout:
    """Page `index` read; a page MuPDF cannot even load (a broken page tree) becomes an empty
    page with its reason, like a page that breaks while read."""
    try:
        page = pdf.load_page(index)
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as e:
        why = ("ページ構造（ページツリー）が壊れていて開けません" if "not in document" in str(e)
               else f"開けません: {' '.join(str(e).split()) or type(e).__name__}")
        return PageLayout(index + 1, 0.0, 0.0, error=why)
    return _read_page(page, s)


# ----------------------------------------------------------------------------------------------
# pages read by OCR

def needs_ocr(p: PageLayout, s: LayoutSettings) -> bool:
    """No text layer, or so much garbled text that the page image reads better than it."""
    if p.no_text_layer:
        return True
    if not p.garbled:
        return False
    kept = len(p.lines) + sum(len(r.cells) for t in p.tables for r in t.rows)
    return len(p.garbled) >= s.ocr_garbled_share * (len(p.garbled) + kept)


def ocr_layout(number: int, width: float, height: float, result: OcrPage,
               s: LayoutSettings) -> PageLayout:
    """A page from its OCR words and image ruling lines, through the same grid and line code."""
    layout = PageLayout(number, width, height, ocr=result)
    chars = result.chars
    layout.chars = sum(len(c.c) for c in chars)
    grids = find_grids(result.h_edges, result.v_edges, s, _centers(chars)) if chars else []
    _fill(layout, chars, grids, s, strict=False)
    return layout


def _ocr_one(image, os_: OcrSettings):
    try:
        return ocr_image(image, os_, 72.0 / os_.dpi)
    except OcrError as e:
        return str(e)


def _ocr_pass(pdf: pymupdf.Document, pages: list[PageLayout], wanted: list[int], jobs: int,
              s: LayoutSettings) -> dict[int, str]:
    """Replace the wanted pages (0-based) by their OCR reading; returns {page number: why
    Tesseract failed}. Pages are rendered here (PyMuPDF is not thread-safe) a few at a time and
    read by Tesseract processes `jobs` at once."""
    os_ = OcrSettings.from_data()
    failed: dict[int, str] = {}
    jobs = max(1, jobs)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for k in range(0, len(wanted), jobs):
            chunk = wanted[k:k + jobs]
            images = [render_gray(pdf[i], os_.dpi) for i in chunk]
            for i, res in zip(chunk, pool.map(_ocr_one, images, [os_] * len(images))):
                old = pages[i]
                if isinstance(res, str):
                    failed[old.number] = res
                    continue
                pages[i] = ocr_layout(old.number, old.width, old.height, res, s)
                pages[i].ocr_replaced_garbled = bool(old.garbled) and not old.no_text_layer
    return failed


def _word_list(words, limit: int = 10) -> str:
    shown = "".join(f"「{w.text}」" for w in words[:limit])
    return shown + (f" ほか{len(words) - limit}語" if len(words) > limit else "")


def _garbled_note(read: list[PageLayout]) -> str:
    pages = [p.number for p in read if p.ocr_replaced_garbled]
    if not pages:
        return ""
    return f"（p.{', '.join(map(str, pages))} は文字情報が文字化けしていたため、画像から読み直しました）"


def _warn_ocr(doc: Document, name: str, pages: list[PageLayout], failed: dict[int, str]) -> None:
    """The plan's OCR warnings: which pages, which words are uncertain, what was dropped."""
    read = [p for p in pages if p.ocr is not None]
    if read:
        doc.ocred_pages = [p.number for p in read]
        doc.warn("ocr_pages", f"{name}: {len(read)} ページを OCR（文字認識、Tesseract）で読み取り"
                              f"ました: p.{', '.join(str(n) for n in doc.ocred_pages)}。認識誤りが"
                              f"ありえるため、これらのページの内容は原本と照合してください"
                              + _garbled_note(read), page=read[0].number)
    for p in read:
        r = p.ocr
        if r.low:
            doc.warn("ocr_low_confidence",
                     f"{name} p.{p.number}: OCR の確信度が低い語 {len(r.low)} 個 "
                     f"(< {OcrSettings.from_data().low_conf:g}): {_word_list(r.low)}",
                     page=p.number)
        if r.dropped:
            doc.warn("ocr_specks_dropped",
                     f"{name} p.{p.number}: 汚れ・点と見なして出力しなかった記号 {len(r.dropped)} 個: "
                     f"{_word_list(r.dropped)}", page=p.number)
        if not r.chars:
            doc.warn("ocr_no_text", f"{name} p.{p.number}: OCR でも文字が見つかりませんでした"
                                    f"（白紙か、図・写真だけのページです）", page=p.number)
    for number, why in sorted(failed.items()):
        doc.warn("ocr_failed", f"{name} p.{number}: OCR に失敗したため、このページは抜けて"
                               f"います（{why}）", page=number)


def _bound_mupdf_store(pages_read: int, s: LayoutSettings) -> None:
    """Keep MuPDF's cache of fonts and images small: a long PDF with its own fonts on every
    page would otherwise hold them all (hundreds of MB on 300 pages). PyMuPDF cannot report
    the cache size, so every few pages most of it is evicted, least recently used first. Not
    all of it: fonts used on every page would be loaded again each time (2 s of 17 on the 15
    real PDFs when it was emptied)."""
    if pages_read % s.mupdf_store_pages == 0:
        pymupdf.TOOLS.store_shrink(s.mupdf_store_shrink)


@contextmanager
def _collector_paused():
    """Python's cycle collector off while pages are read. A page makes tens of thousands of
    short-lived records (MuPDF's dicts, words, glyphs, lines), none in a reference cycle, so
    reference counting frees them all; the collector, triggered by their number, would only
    re-scan every live object of the process again and again (2.3 s of 18 on the 15 real PDFs).
    It runs as usual afterwards; a caller that had it off keeps it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_pdf(path: Union[str, Path], *, max_pages: Optional[int] = None,
             settings: LayoutSettings = DEFAULT_SETTINGS,
             stats: Optional[dict] = None, ocr: str = "auto", ocr_jobs: int = 1) -> Document:
    """Read a PDF into the intermediate representation.

    max_pages: read only the first pages (quick checks of very long files).
    stats: if given, filled with counts per document (pages, chars, overprints, tables, ...).
    ocr: "auto" reads pages without a usable text layer by OCR when Tesseract is installed,
    "never" does not, "always" reads every page by OCR. ocr_jobs: pages OCR'd at once.
    """
    path = Path(path)
    s = settings
    mupdf_damage()                               # forget what earlier files left
    failed: dict[int, str] = {}
    with pymupdf.open(path) as pdf:
        repaired = mupdf_damage()                # xref rebuilt, objects dropped ...
        declared = (pdf.metadata or {}).get("title", "").strip()
        n = len(pdf) if max_pages is None else min(len(pdf), max_pages)
        pages, damage = [], {}
        with _collector_paused():
            for i in range(n):
                pages.append(_load_and_read(pdf, i, s))
                damage[i + 1] = mupdf_damage()   # broken streams, fonts of this page
                _bound_mupdf_store(len(pages), s)
        wanted = [] if ocr == "never" else \
            [i for i, p in enumerate(pages)
             if p.error is None and (ocr == "always" or needs_ocr(p, s))]
        if wanted and tesseract_available():
            failed = _ocr_pass(pdf, pages, wanted, ocr_jobs, s)
    doc = Document(source_file=path.name, source_format="pdf", pages=n,
                   declared_title=declared or None)
    if repaired:
        doc.warn("pdf_repaired", f"{path.name}: 壊れた PDF を修復して読みました。内容が欠けている"
                                 f"おそれがあります（{_summary(repaired)}）")
    _warn_ocr(doc, path.name, pages, failed)
    for p in pages:
        if p.error:
            doc.warn("page_unreadable", f"{path.name} p.{p.number}: このページは読めないため抜けて"
                                        f"います（{p.error}）", page=p.number)
        elif damage.get(p.number):
            doc.warn("pdf_repaired", f"{path.name} p.{p.number}: ページの一部が壊れています。読めた"
                                     f"部分だけを抽出しました（{_summary(damage[p.number])}）",
                     page=p.number)
        if p.no_text_layer:
            doc.needs_ocr = True
            doc.ocr_pages.append(p.number)
            doc.warn("no_text_layer",
                     f"{path.name} p.{p.number}: 文字情報がありません（スキャン画像かアウトライン化された文字）。OCR が必要です",
                     page=p.number)
        if p.garbled:
            doc.garbled_pages.append(p.number)
            reasons = "、".join(sorted(set(p.garbled)))
            doc.warn("garbled_text",
                     f"{path.name} p.{p.number}: 文字化けした行・セル {len(p.garbled)} 件"
                     f"（{reasons}）は出力していません", page=p.number)
    dropped = _remove_furniture(pages, s)
    doc.blocks = _assemble(pages, s)
    tables = [b for b in doc.blocks if b.kind == "table"]
    if stats is not None:
        stats.update(pages=n, chars=sum(p.chars for p in pages),
                     glyph_path_pages=sum(p.glyph_path for p in pages),
                     turned_pages=[p.number for p in pages if p.turned],
                     overprints=sum(p.overprints for p in pages),
                     tables=len(tables), table_rows=sum(len(b.rows) for b in tables),
                     text_rows=sum(1 for b in doc.blocks if b.kind == "text"),
                     headings=sum(1 for b in doc.blocks if b.kind == "heading"),
                     furniture_dropped=dropped, ocr_pages=list(doc.ocr_pages),
                     ocred_pages=list(doc.ocred_pages),
                     garbled_pages=list(doc.garbled_pages))
    return doc
