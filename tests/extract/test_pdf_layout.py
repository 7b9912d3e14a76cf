"""Pure layout helpers of the PDF reader (no PDF needed): grids from edges, running headers,
page numbers, garbled-text checks, overprints, line building."""
from __future__ import annotations

import pytest

from extract.layout.chars import Char, drop_overprints
from extract.layout.furniture import band, furniture_key, is_page_number, repeated_keys
from extract.layout.lines import build_lines, join_cell_lines
from extract.layout.quality import garbled_reason
from extract.layout.ruling import build_grid, find_grids, snap_and_join
from extract.layout.settings import DEFAULT_SETTINGS as S


def hline(y, x0, x1):
    return [y, x0, x1]


def vline(x, y0, y1):
    return [x, y0, y1]


def glyph(c, x, y, size=10.0, width=None):
    """A glyph with its baseline at y (full-width unless told)."""
    w = size if width is None else width
    return Char(c, x, y - 0.88 * size, x + w, y + 0.12 * size, x, y, size, False)


def test_grid_with_merged_cell_spans_two_columns():
    xs, ys = [0, 100, 200, 300], [0, 20, 40]
    h = [hline(y, 0, 300) for y in ys]
    v = [vline(x, 0, 40) for x in xs if x != 200] + [vline(200, 0, 20)]   # 200 only in row 0
    grid = build_grid(h, v, S)
    assert (grid.nrows, grid.ncols) == (2, 3)
    spans = [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]
    assert spans == [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 1, 1), (1, 1, 1, 2)]
    assert grid.cell_at(250, 30) is grid.cell_at(150, 30)


def test_grid_edges_snapped_and_joined():
    # A border drawn as two pieces 0.8 pt apart in y and with a 2 pt gap: one edge.
    edges = snap_and_join([hline(10.0, 0, 50), hline(10.8, 52, 100)], S)
    assert len(edges) == 1 and edges[0][1:] == [0, 100]


def test_open_region_read_row_by_row():
    # Column 0 has no rule between rows 1 and 2, but row 2's column-0 area is open at the left.
    h = [hline(0, 0, 200), hline(20, 0, 200), hline(40, 100, 200), hline(60, 0, 200)]
    v = [vline(0, 0, 20), vline(0, 40, 60), vline(100, 0, 60), vline(200, 0, 60)]
    grid = build_grid(h, v, S)
    assert grid.cell_at(50, 30) is not None and grid.cell_at(50, 30).rowspan == 1


def test_single_frame_is_not_a_grid():
    assert find_grids([hline(0, 0, 100), hline(50, 0, 100)],
                      [vline(0, 0, 50), vline(100, 0, 50)], S) == []


def test_grid_without_text_is_skipped_when_centers_given():
    h = [hline(y, 0, 300) for y in (0, 20, 40)]
    v = [vline(x, 0, 40) for x in (0, 100, 200, 300)]
    assert len(find_grids(h, v, S)) == 1
    assert find_grids(h, v, S, centers=[(500, 500)]) == []


@pytest.mark.parametrize("text", ["3", "- 3 -", "－３－", "3/20", "３", "P.3", "12 ページ"])
def test_page_numbers(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["第3章", "3-1 申請の方法", "令和3年度", "2,050"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def test_running_header_keys_blur_digits():
    assert furniture_key("第9次計画 - 3 -", "top") == furniture_key("第9次計画 - 14 -", "top")
    assert band(10, 30, 842, 0.08) == "top" and band(800, 815, 842, 0.08) == "bottom"
    assert band(300, 320, 842, 0.08) is None
    keys = [{"top:A"}, {"top:A", "bottom:x"}, {"top:A"}, set()]
    assert repeated_keys(keys, 4, S) == {"top:A"}


@pytest.mark.parametrize("text, reason", [
    ("事業\ufffd名", "U+FFFD"),
    ("\ue000\ue001", "私用領域の文字"),
    ("(cid:12)(cid:34)", "(cid:NN)"),
    ("デジタルデバйд", "日本語の中のキリル文字"),
    ("デジタルデバNド", "日本語の中の字形の似たラテン文字"),
    ("\x01\x02\x03", "制御文字"),
])
def test_garbled_text_detected(text, reason):
    assert garbled_reason(text) == reason


@pytest.mark.parametrize("text", ["Wi-Fi環境の整備", "AIを活用", "LGWAN接続系", "令和3年度", "⼊札",
                                  "第1章 (1) 概要", "β版の試行"])
def test_clean_text_not_garbled(text):
    assert garbled_reason(text) is None


def test_overprints_dropped_and_survivor_bold():
    chars = [glyph(c, 10 + i * 10, 100) for i, c in enumerate("総合戦略")]
    chars += [glyph(c, 10.3 + i * 10, 100.2) for i, c in enumerate("総合戦略")]
    chars += [glyph("・", 60, 100), glyph("・", 70, 100)]   # leaders a glyph apart stay
    kept, dropped = drop_overprints(chars, S.overprint_tol)
    assert dropped == 4 and len(kept) == 6
    assert all(c.bold for c in kept[:4]) and not kept[4].bold


def test_line_split_into_segments_and_spaces():
    chars = [glyph(c, 10 + i * 10, 100) for i, c in enumerate("担当課")]
    chars += [glyph(c, 200 + i * 10, 100) for i, c in enumerate("情報課")]
    chars += [glyph(c, 10 + i * 5, 130, width=5) for i, c in enumerate("AB")]
    chars += [glyph(c, 23 + i * 5, 130, width=5) for i, c in enumerate("CD")]   # 3 pt space
    lines = build_lines(chars, S)
    assert [[g.text for g in ln.segments] for ln in lines] == [["担当課", "情報課"], ["AB CD"]]


def test_cell_lines_wrap_or_break():
    # Full-width line then a continuation: wrapped. Short line then another: a line break.
    full = [glyph(c, 0 + i * 10, 100) for i, c in enumerate("あいうえおかきくけこ")]
    cont = [glyph(c, 0 + i * 10, 114) for i, c in enumerate("さし")]
    lines = build_lines(full + cont, S, stack_vertical=False)
    assert join_cell_lines(lines, 0, 102, S) == "あいうえおかきくけこさし"
    short = [glyph(c, 0 + i * 10, 100) for i, c in enumerate("総務課")]
    other = [glyph(c, 0 + i * 10, 114) for i, c in enumerate("財政課")]
    lines = build_lines(short + other, S, stack_vertical=False)
    assert join_cell_lines(lines, 0, 102, S) == "総務課\n財政課"
