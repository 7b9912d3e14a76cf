"""Every tolerance of the PDF layout code, in one place (pdfplumber's TableSettings is the model).

Distances are PDF points unless the name ends in ``_em`` (a multiple of the font size).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutSettings:
    # --- characters -------------------------------------------------------------------------
    # Fake bold: the same glyph drawn again within this distance is an overprint, not text.
    overprint_tol: float = 1.0
    # A character box is rebuilt from its baseline when the font reports a degenerate box.
    ascent_em: float = 0.88
    descent_em: float = 0.12

    # --- the word fast path (words.py) -------------------------------------------------------
    fast_words: bool = True        # read pages from MuPDF words; False: always glyph by glyph
    word_height_em: float = 1.0    # a word box's height in font sizes (ascent + descent)
    vertical_word_ratio: float = 1.5   # a word this much taller than wide runs down the page
    word_overlap: float = 0.3      # words covering each other this much: an overprint
    # Every this many pages MuPDF's font/image cache sheds this share of its size, least
    # recently used first: fonts of every page stay loaded, a font per page does not pile up.
    mupdf_store_pages: int = 16
    mupdf_store_shrink: int = 90   # percent

    # --- lines and words --------------------------------------------------------------------
    # Characters whose baselines differ by less than this share a line.
    baseline_tol_em: float = 0.35
    # Digits this much smaller than the line they are raised into are footnote references.
    superscript_ratio: float = 0.8
    # A gap wider than this between two characters is a word space.
    word_gap_em: float = 0.22
    # Between two digits / separators a wider gap is still letter-spacing ("2 , 0 5 0").
    digit_gap_em: float = 0.45
    # A gap wider than this splits a line into separate segments (columns, label | value).
    segment_gap_em: float = 2.5
    # Vertical text drawn as stacked single glyphs: same column within this, gap below this.
    vertical_x_tol_em: float = 0.3
    vertical_gap_em: float = 0.4
    # Distributed vertical labels (企 業 会 計 spread down a cell): exactly aligned glyphs with
    # gaps up to this, evenly spaced within even_gap_em, at least three of them.
    aligned_tol: float = 0.5
    vertical_spread_gap_em: float = 1.6
    even_gap_em: float = 0.15

    # A page whose glyphs run up or down the sheet at least this much is read turned.
    turned_page_share: float = 0.6

    # --- cells ------------------------------------------------------------------------------
    # A line ending within this distance of its cell's right edge wrapped there (joined to the
    # next line); a shorter line ended on purpose (kept as a line break).
    wrap_margin_em: float = 1.6

    # --- ruling lines and grids ---------------------------------------------------------------
    axis_tol: float = 1.0          # a segment this close to horizontal/vertical counts as such
    thin_rect: float = 3.0         # a filled rectangle thinner than this is a ruling line
    snap_tol: float = 3.0          # parallel edges closer than this are one edge
    min_cell_size: float = 5.0     # grid borders closer than this (double rules) are one border
    join_tol: float = 3.0          # collinear edges with a gap below this are one edge
    edge_min_length: float = 3.0
    intersection_tol: float = 3.0  # an edge ending this close to another one touches it
    border_cover: float = 0.6      # share of a cell side that ruling must cover to separate cells
    min_cells: int = 2             # fewer cells than this is a frame, not a table

    # --- tables across pages ----------------------------------------------------------------
    continued_col_tol: float = 4.0   # column borders this close are the same column
    continued_top_share: float = 0.25  # continuation starts in the top quarter of the body

    # --- running headers / footers ----------------------------------------------------------
    margin_band: float = 0.08      # top/bottom share of the page searched for running text
    page_number_band: float = 0.12
    repeat_share: float = 0.5      # text repeated on at least this share of pages is furniture
    repeat_min_pages: int = 3

    # --- headings -----------------------------------------------------------------------------
    heading_size_ratio: float = 1.2    # a line this much larger than body text is a heading
    heading_max_chars: int = 60

    # --- text quality -------------------------------------------------------------------------
    # A page without text but with this many vector paths shows outlined text: needs OCR
    # (fewer: a frame or a rule on a blank page).
    outline_min_paths: int = 20
    # A page on which at least this share of lines/cells is garbled is read by OCR instead
    # (when Tesseract is installed); below it only the garbled ones are dropped.
    ocr_garbled_share: float = 0.3


DEFAULT_SETTINGS = LayoutSettings()
