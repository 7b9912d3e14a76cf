"""OCR building blocks that need no Tesseract: Japanese clean-up, ruling lines and skew from an
image, Tesseract's words turned into the reader's Char runs."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extract.layout.image_lines import deskew, ruling_masks, skew_angle, edges_from_mask
from extract.readers.ocr import (OcrSettings, read_lone_circles, repair_confusions, repair_latin,
                                 repair_unsure, words_to_chars)


@pytest.mark.parametrize("raw, fixed", [
    ("デ一タ連携", "データ連携"),            # kanji 一 between katakana
    ("人ロ減少", "人口減少"),                # katakana ロ between kanji
    ("地域との協カ", "地域との協力"),         # known term 協力 (カ ends the text)
    ("マイナンバ一カード", "マイナンバーカード"),
    ("システム構築", "システム構築"),          # nothing to repair
    ("一覧表", "一覧表"),                    # a real 一 stays
    ("運用ー", "運用ー"),                    # not certain: left as read
    ("エ事の発注", "工事の発注"),              # known term 工事
])
def test_confusions_repaired_only_where_certain(raw, fixed):
    assert repair_confusions(raw) == fixed


@pytest.mark.parametrize("raw, confs, fixed", [
    ("全店に展開", [96, 47, 96, 96, 96], "全庁に展開"),      # unsure 店 inside a known term
    ("全店に展開", [96, 93, 96, 96, 96], "全店に展開"),      # a confident 店 stays
    ("来店者が増加", [90, 50, 90, 90, 90, 90], "来庁者が増加"),
    ("商店街の店舗", [90, 40, 90, 90, 40, 90], "商店街の店舗"),  # no known term: stays
    ("ネットワークの再構筑", [90] * 9 + [62], "ネットワークの再構築"),
])
def test_unsure_look_alikes_repaired_only_inside_terms_and_where_unsure(raw, confs, fixed):
    assert repair_unsure(raw, confs, 85.0) == fixed


@pytest.mark.parametrize("raw, fixed", [
    ("生成Alを活用", "生成AIを活用"), ("Al・RPAの活用", "AI・RPAの活用"),
    ("All", "All"), ("Wi-Fiの更新", "Wi-Fiの更新"), ("Excel", "Excel"),
])
def test_capital_i_read_as_small_l(raw, fixed):
    assert repair_latin(raw) == fixed


def _table_image(angle: float = 0.0) -> Image.Image:
    """A white page with a 3 x 2 ruled table, a filled box and a line of 'text' strokes."""
    img = Image.new("L", (1000, 800), 255)
    d = ImageDraw.Draw(img)
    for y in (100, 200, 300, 400):
        d.line([(100, y), (700, y)], fill=0, width=3)
    for x in (100, 400, 700):
        d.line([(x, 100), (x, 400)], fill=0, width=3)
    d.rectangle([100, 500, 700, 560], fill=40)          # a dark filled box: shading, no rules
    for i in range(20):                                  # short strokes: text, no rules
        d.line([(120 + i * 25, 650), (135 + i * 25, 650)], fill=0, width=2)
    return img.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else img


def test_ruling_lines_found_in_an_image_and_a_filled_box_is_not_one():
    arr = np.asarray(_table_image())
    hmask, vmask = ruling_masks(arr, min_len=60, max_thick=6)
    h, v = edges_from_mask(hmask, vmask, 1.0, 60)
    hy = sorted({round(e[0]) for e in h})
    vx = sorted({round(e[0]) for e in v})
    assert all(any(abs(y - want) <= 2 for y in hy) for want in (100, 200, 300, 400))
    assert all(any(abs(x - want) <= 2 for x in vx) for want in (100, 400, 700))
    assert not any(490 <= y <= 570 for y in hy)          # the filled box
    assert not any(640 <= y <= 660 for y in hy)          # the strokes


@pytest.mark.parametrize("angle", [0.6, -0.9])
def test_skew_measured_and_straightened(angle):
    img = _table_image(angle)
    got = skew_angle(img, max_deg=3.0)
    assert abs(got - angle) <= 0.15
    straight = np.asarray(deskew(img, got))
    hmask, _ = ruling_masks(straight, min_len=400, max_thick=8)
    assert hmask[95:106].any(axis=1).sum() <= 8           # the top rule is level again


def _row(level, block, line, word, left, top, width, height, conf, text):
    return {"level": str(level), "page_num": "1", "block_num": str(block), "par_num": "1",
            "line_num": str(line), "word_num": str(word), "left": str(left), "top": str(top),
            "width": str(width), "height": str(height), "conf": str(conf), "text": text}


def test_words_of_a_line_joined_without_spaces_but_not_across_a_rule():
    s = OcrSettings()
    rows = [
        _row(4, 1, 1, 0, 100, 100, 900, 40, -1, ""),
        _row(5, 1, 1, 1, 100, 100, 80, 40, 95, "情報"),
        _row(5, 1, 1, 2, 190, 100, 40, 40, 91, "化"),       # 10 px apart: one run
        _row(5, 1, 1, 3, 240, 100, 80, 40, 40, "推進"),     # low confidence: warned, kept
        _row(5, 1, 1, 4, 360, 100, 80, 40, 93, "計画"),     # a rule at x=340 between: apart
        _row(5, 1, 1, 5, 700, 100, 10, 40, 5, "|"),         # a lone speck: dropped
        _row(5, 1, 1, 6, 800, 100, 100, 40, 96, "2025"),
    ]
    v_edges = [[340.0, 80.0, 160.0]]
    chars, low, dropped, n = words_to_chars(rows, 1.0, v_edges, s)
    assert [c.c for c in chars] == ["情報化推進", "計画", "2025"]
    assert n == 6 and [w.text for w in low] == ["推進"] and [w.text for w in dropped] == ["|"]
    first = chars[0]
    assert (first.x0, first.x1, first.top, first.bottom) == (100, 320, 100, 140)
    assert first.size == 40


def test_a_short_rule_between_two_rules_is_found_but_a_stroke_is_not():
    """The column rule of a one-line header row (shorter than any length threshold that keeps
    glyph strokes out) is a rule because it runs from one rule to the next; a stroke of the
    same length inside a cell touches neither."""
    img = Image.new("L", (800, 400), 255)
    d = ImageDraw.Draw(img)
    for y in (100, 130, 160):                            # header row 30 px high, then a row
        d.line([(100, y), (700, y)], fill=0, width=3)
    d.line([(400, 100), (400, 130)], fill=0, width=3)    # header column rule only
    d.line([(100, 100), (100, 160)], fill=0, width=3)
    d.line([(700, 100), (700, 160)], fill=0, width=3)
    d.line([(250, 136), (250, 155)], fill=0, width=3)    # a stroke in the lower row
    arr = np.asarray(img)
    _, long_only = ruling_masks(arr, min_len=120, max_thick=6)
    hmask, vmask = ruling_masks(arr, min_len=120, max_thick=6, short_len=15)
    _, v = edges_from_mask(hmask, vmask, 1.0, 15)
    xs = sorted({round(e[0]) for e in v})
    assert not long_only[100:131, 398:403].any()         # too short for the length rule alone
    assert any(abs(x - 400) <= 2 for x in xs)
    assert not any(abs(x - 250) <= 3 for x in xs)


def test_a_circle_mark_tesseract_gave_no_word_is_read_from_its_shape():
    """A ○ alone in a cell (Tesseract often returns nothing for it) becomes a ○ word; a square
    box, a filled dot, a ring inside a word Tesseract did read, and a ring too big to be a mark
    do not."""
    img = Image.new("L", (1200, 400), 255)
    d = ImageDraw.Draw(img)
    d.ellipse([100, 100, 140, 140], outline=0, width=3)      # the mark (300 dpi: ~10 pt)
    d.rectangle([300, 100, 340, 140], outline=0, width=3)    # 口-like box
    d.ellipse([500, 100, 540, 140], fill=0)                  # a filled dot
    d.ellipse([700, 100, 740, 140], outline=0, width=3)      # inside a word box below
    d.ellipse([850, 50, 1150, 350], outline=0, width=3)      # a drawn circle, not a mark
    rows = [_row(5, 1, 1, 1, 690, 90, 60, 60, 93, "O")]
    read_lone_circles(rows, np.asarray(img), 72 / 300)
    added = [(r["text"], int(r["left"]), int(r["top"])) for r in rows[1:]]
    assert len(added) == 1 and added[0][0] == "○" and abs(added[0][1] - 100) <= 2
