"""The PDF reader on tiny PDFs made here with PyMuPDF / reportlab, one behaviour per test."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extract.ir import Document
from extract.readers.pdf import read_pdf

JA = "japan"   # PyMuPDF's built-in CJK font: small files, Unicode kept
IPA_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
IPA_MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")


# ------------------------------------------------------------------------------- builders

def text(page: pymupdf.Page, x: float, y: float, s: str, size: float = 10.5, **kw) -> None:
    page.insert_text((x, y), s, fontname=JA, fontsize=size, **kw)


def grid(page: pymupdf.Page, xs: list[float], ys: list[float],
         skip_v: set[tuple[int, int]] = frozenset()) -> None:
    """Ruling for a table: all horizontal lines; vertical line j along row r unless (j, r) skipped."""
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    for j, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (j, r) not in skip_v:
                page.draw_line((x, ys[r]), (x, ys[r + 1]), width=0.5)


def cell_text(page, xs, ys, r, c, s, size=10.5):
    text(page, xs[c] + 3, ys[r] + 14, s, size)


def save(doc: pymupdf.Document, tmp_path: Path, name: str = "t.pdf") -> Path:
    path = tmp_path / name
    doc.save(path)
    return path


def tables(doc: Document):
    return [b for b in doc.blocks if b.kind == "table"]


def all_text(doc: Document) -> str:
    return "\n".join(c.text for r in doc.rows() for c in r.cells)


# ------------------------------------------------------------------------------- tables

def test_merged_year_cell_has_colspan_2(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 170, 260, 350, 440], [100, 120, 140]
    grid(p, xs, ys, skip_v={(2, 1)})           # no ruling between 令和3 and 令和4 on row 2
    for c, s in enumerate(["事業名", "令和3年度", "令和4年度", "令和5年度"]):
        cell_text(p, xs, ys, 0, c, s)
    cell_text(p, xs, ys, 1, 0, "電子申請の拡充")
    text(p, 200, ys[1] + 14, "実施")
    cell_text(p, xs, ys, 1, 3, "運用")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert t.table.grid and t.table.ncols == 4
    header, row = t.rows
    assert header.texts == ["事業名", "令和3年度", "令和4年度", "令和5年度"]
    merged = next(c for c in row.cells if c.text == "実施")
    assert (merged.col, merged.colspan) == (1, 2)
    assert list(merged.cols) == [1, 2]
    assert [(c.col, c.text) for c in row.cells] == [(0, "電子申請の拡充"), (1, "実施"), (3, "運用")]
    assert row.page == 1 and merged.bbox == pytest.approx((170, 120, 350, 140), abs=1)


def test_rowspan_label_cell(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 150, 400], [100, 120, 140]
    for y in ys:
        p.draw_line((xs[0], y), (xs[-1], y), width=0.5) if y != 120 else \
            p.draw_line((xs[1], y), (xs[-1], y), width=0.5)
    for x in xs:
        p.draw_line((x, ys[0]), (x, ys[-1]), width=0.5)
    text(p, 53, 124, "担当課")
    text(p, 153, 114, "情報推進課")
    text(p, 153, 134, "財政課")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    label = t.rows[0].cells[0]
    assert (label.text, label.rowspan, label.colspan) == ("担当課", 2, 1)
    assert [c.text for c in t.rows[1].cells] == ["財政課"] and t.rows[1].cells[0].col == 1


def test_cell_wrapped_lines_joined_and_line_breaks_kept(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 150, 280], [100, 150]
    grid(p, xs, ys)
    text(p, 53, 114, "担当課")
    # Two department names, one per line: a deliberate break.
    text(p, 153, 114, "情報推進課")
    text(p, 153, 128, "財政課")
    d2 = p  # second table: a long value wrapped at the cell edge
    ys2 = [200, 250]
    grid(d2, xs, ys2)
    text(p, 53, 214, "事業内容")
    text(p, 153, 214, "行政手続のオンライン化を")   # 12 chars * 10.5 = 126 pt: reaches the edge
    text(p, 153, 228, "進める")
    doc = read_pdf(save(d, tmp_path))
    t1, t2 = tables(doc)
    assert t1.rows[0].cells[1].text == "情報推進課\n財政課"
    assert t2.rows[0].cells[1].text == "行政手続のオンライン化を進める"


def test_table_joined_across_pages(tmp_path):
    d = pymupdf.open()
    xs = [50, 200, 350]
    p1 = d.new_page()
    text(p1, 50, 80, "表1 手続一覧")
    ys1 = [700, 720, 740, 760]
    grid(p1, xs, ys1)
    for r, (a, b) in enumerate([("手続名", "状況"), ("住民票の写しの交付請求", "オンライン化済"),
                                ("児童手当の認定請求", "未オンライン化")]):
        cell_text(p1, xs, ys1, r, 0, a)
        cell_text(p1, xs, ys1, r, 1, b)
    p2 = d.new_page()
    ys2 = [60, 80, 100, 120]
    grid(p2, xs, ys2)
    for r, (a, b) in enumerate([("手続名", "状況"), ("妊娠の届出", "オンライン化済"),
                                ("転入予約", "手続無し")]):
        cell_text(p2, xs, ys2, r, 0, a)
        cell_text(p2, xs, ys2, r, 1, b)
    text(p2, 50, 200, "以上")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert [r.texts[0] for r in t.rows] == ["手続名", "住民票の写しの交付請求", "児童手当の認定請求",
                                            "妊娠の届出", "転入予約"]
    assert [r.page for r in t.rows] == [1, 1, 1, 2, 2]
    assert [r.index_in_table for r in t.rows] == [0, 1, 2, 3, 4]
    assert all(r.table is t.table for r in t.rows)
    kinds = [b.kind for b in doc.blocks]
    assert kinds.index("table") < [b.rows[0].text for b in doc.blocks].index("以上")


def test_tables_with_other_columns_not_joined(tmp_path):
    d = pymupdf.open()
    for xs, ys in (([50, 200, 350], [700, 720, 740]), ([50, 120, 300], [60, 80, 100])):
        p = d.new_page()   # (a new page invalidates the previous Page object)
        grid(p, xs, ys)
        for r in range(2):
            for c in range(2):
                cell_text(p, xs, ys, r, c, f"値{r}{c}")
    assert len(tables(read_pdf(save(d, tmp_path)))) == 2


def test_card_continued_with_more_columns_is_regridded(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 150, 450], [740, 760, 800]
    grid(p, xs, ys)
    for r, (a, b) in enumerate([("No.", "2-1 基幹業務システムの標準化"), ("取組内容", "住民記録や税の")]):
        cell_text(p, xs, ys, r, 0, a)
        cell_text(p, xs, ys, r, 1, b)
    p = d.new_page()
    xs2, ys2 = [50, 150, 250, 350, 450], [50, 70, 90, 110]
    grid(p, xs2, ys2, skip_v={(2, 0), (3, 0)})
    cell_text(p, xs2, ys2, 0, 1, "業務を移行します。")
    for c, s in enumerate(["令和8年度", "令和9年度", "令和10年度"], start=1):
        cell_text(p, xs2, ys2, 1, c, s)
        cell_text(p, xs2, ys2, 2, c, "運用")
    cell_text(p, xs2, ys2, 1, 0, "工程")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert t.table.ncols == 4
    assert [(c.col, c.colspan, c.text) for c in t.rows[0].cells] == [
        (0, 1, "No."), (1, 3, "2-1基幹業務システムの標準化")]
    # The value cut at the page foot is merged back into its row.
    assert [(c.col, c.colspan) for c in t.rows[1].cells] == [(0, 1), (1, 3)]
    assert t.rows[1].cells[1].text == "住民記録や税の業務を移行します。"
    assert [c.col for c in t.rows[2].cells] == [0, 1, 2, 3] and t.rows[2].page == 2
    assert t.rows[3].texts == ["", "運用", "運用", "運用"]


def test_row_cut_by_page_break_is_merged(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 150, 450], [760, 780, 800]
    grid(p, xs, ys)
    cell_text(p, xs, ys, 0, 0, "所管課")
    cell_text(p, xs, ys, 0, 1, "デジタル推進課")
    cell_text(p, xs, ys, 1, 0, "取組内容")
    cell_text(p, xs, ys, 1, 1, "庁内サーバ")
    p = d.new_page()
    ys2 = [50, 70, 90]
    grid(p, xs, ys2)
    cell_text(p, xs, ys2, 0, 1, "機器を撤去します。")
    cell_text(p, xs, ys2, 1, 0, "成果指標")
    cell_text(p, xs, ys2, 1, 1, "移行した業務数")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert [r.texts for r in t.rows] == [["所管課", "デジタル推進課"],
                                         ["取組内容", "庁内サーバ機器を撤去します。"],
                                         ["成果指標", "移行した業務数"]]


def test_table_ending_mid_page_not_joined(tmp_path):
    d = pymupdf.open()
    for ys in ([300, 320, 340], [60, 80, 100]):
        p = d.new_page()
        grid(p, [50, 200, 350], ys)
        for r in range(2):
            for c in range(2):
                cell_text(p, [50, 200, 350], ys, r, c, f"値{r}{c}")
    assert len(tables(read_pdf(save(d, tmp_path)))) == 2


def test_frame_around_text_is_not_a_table(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    p.draw_rect(pymupdf.Rect(50, 100, 400, 160), width=0.8)
    text(p, 60, 120, "計画の位置づけ")
    text(p, 60, 140, "本計画は市の総合計画を補完する。")
    doc = read_pdf(save(d, tmp_path))
    assert not tables(doc)
    assert [r.text for r in doc.rows()] == ["計画の位置づけ", "本計画は市の総合計画を補完する。"]


# ------------------------------------------------------------------------------- text

def test_fake_bold_collapsed(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    for dx, dy in ((0, 0), (0.3, 0), (0, 0.3), (0.3, 0.3)):
        text(p, 72 + dx, 100 + dy, "総合戦略について", size=14)
    text(p, 72, 130, "本文の一行目です。")
    stats: dict = {}
    doc = read_pdf(save(d, tmp_path), stats=stats)
    texts = [r.text for r in doc.rows()]
    assert texts == ["総合戦略について", "本文の一行目です。"]
    assert stats["overprints"] == 3 * len("総合戦略について")
    heading = next(doc.rows())
    assert heading.kind == "heading" and heading.level >= 1


def test_running_header_removed(tmp_path):
    d = pymupdf.open()
    for n in range(1, 5):
        p = d.new_page()
        text(p, 380, 30, "第9次情報化推進計画", size=9)
        text(p, 72, 120, f"第{n}章 本文")
        text(p, 72, 140, f"この頁は{n}頁目の本文です。")
        text(p, 290, 815, f"- {n} -", size=9)
    doc = read_pdf(save(d, tmp_path))
    texts = [r.text for r in doc.rows()]
    assert "第9次情報化推進計画" not in texts
    assert not any(t.startswith("-") for t in texts)
    assert texts[:2] == ["第1章本文", "この頁は1頁目の本文です。"]
    assert len(texts) == 8


def test_page_numbers_removed_on_short_document(tmp_path):
    d = pymupdf.open()
    for n, label in enumerate(["１", "2/2"], start=1):
        p = d.new_page()
        text(p, 72, 120, f"本文{n}")
        text(p, 295, 815, label, size=9)
    assert [r.text for r in read_pdf(save(d, tmp_path)).rows()] == ["本文1", "本文2"]


def test_letter_spaced_numbers_joined(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    # "2,050,134" with 1.6 pt letter-spacing, as Word's character spacing prints it.
    x = 100.0
    for ch in "2,050,134":
        text(p, x, 100, ch, size=9)
        x += pymupdf.get_text_length(ch, fontname=JA, fontsize=9) + 1.6
    text(p, 100, 130, "人件費 A B C")
    doc = read_pdf(save(d, tmp_path))
    texts = [r.text for r in doc.rows()]
    assert texts[0] == "2,050,134"
    assert "人件費" in texts[1]


def test_vertical_text_read_top_down(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    # Glyphs stacked one per line (a vertical label drawn horizontally).
    for i, ch in enumerate("土木工事"):
        text(p, 60, 100 + i * 12, ch, size=11)
    text(p, 150, 112, "道路改良工事 一式")
    # Text in a vertical/rotated writing direction is read along that direction.
    text(p, 400, 300, "令和8年度予算", size=11, rotate=270)
    doc = read_pdf(save(d, tmp_path))
    texts = [r.text for r in doc.rows()]
    assert "土木工事" in texts
    assert "令和8年度予算" in texts
    assert "道路改良工事一式" in texts   # justification spaces go (clean_text)


@pytest.mark.parametrize("rotate", [90, 270])
def test_turned_page_table_read_rows_first(tmp_path, rotate):
    # A landscape table placed turned on a portrait page: its text runs up (or down) the sheet.
    src = pymupdf.open()
    p = src.new_page(width=842, height=595)
    xs, ys = [50, 200, 400, 600], [100, 130, 160]
    grid(p, xs, ys)
    for r, row in enumerate([["自治体名", "営業年数", "完成工事高"], ["北見市", "2年以上", "有すること"]]):
        for c, t in enumerate(row):
            cell_text(p, xs, ys, r, c, t)
    d = pymupdf.open()
    page = d.new_page(width=595, height=842)
    page.show_pdf_page(page.rect, src, 0, rotate=rotate)
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert [r.texts for r in t.rows] == [["自治体名", "営業年数", "完成工事高"],
                                         ["北見市", "2年以上", "有すること"]]


def test_two_segments_on_one_line_become_two_cells(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    text(p, 72, 100, "担当課")
    text(p, 250, 100, "情報政策課")
    [row] = list(read_pdf(save(d, tmp_path)).rows())
    assert row.texts == ["担当課", "情報政策課"]
    assert row.cells[1].bbox[0] == pytest.approx(250, abs=1)


# ------------------------------------------------------------------------------- quality

def _reportlab_pdf(path: Path, lines: list[tuple[str, str]]) -> Path:
    """A PDF with reportlab's embedded TrueType subsets (keeps code points such as ⼊ as given)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("IPAexG", str(IPA_GOTHIC)))
    pdfmetrics.registerFont(TTFont("IPAexM", str(IPA_MINCHO)))
    c = canvas.Canvas(str(path))
    y = 760
    for font, s in lines:
        c.setFont(font, 11)
        c.drawString(72, y, s)
        y -= 20
    c.save()
    return path


def _strip_tounicode(path: Path, base_font_part: str) -> Path:
    """Remove the ToUnicode map of one font, as broken producers do."""
    d = pymupdf.open(path)
    for xref in range(1, d.xref_length()):
        if base_font_part in d.xref_get_key(xref, "BaseFont")[1] and \
                d.xref_get_key(xref, "ToUnicode")[0] != "null":
            d.xref_set_key(xref, "ToUnicode", "null")
    out = path.with_name("broken.pdf")
    d.save(out)
    return out


@pytest.mark.skipif(not IPA_GOTHIC.exists(), reason="IPAex fonts not installed")
def test_kangxi_radicals_mapped(tmp_path):
    src = _reportlab_pdf(tmp_path / "k.pdf", [("IPAexG", "⼊札参加資格の⼿続 ⽇程"),
                                              ("IPAexG", "⺟⼦家庭")])
    assert "⼊" in pymupdf.open(src)[0].get_text()   # the file really carries radicals
    doc = read_pdf(src)
    texts = [r.text for r in doc.rows()]
    assert texts[0] == "入札参加資格の手続日程"
    assert texts[1] == "母子家庭"
    assert not doc.garbled_pages


@pytest.mark.skipif(not (IPA_GOTHIC.exists() and IPA_MINCHO.exists()),
                    reason="IPAex Gothic and Mincho fonts not installed (fonts-ipaexfont)")
def test_cid_text_not_emitted(tmp_path):
    src = _reportlab_pdf(tmp_path / "g.pdf", [("IPAexM", "事業名 電子申請の拡充"),
                                              ("IPAexG", "担当課 情報政策課"),
                                              ("IPAexM", "(cid:12)(cid:345)(cid:6)"),
                                              ("IPAexM", "デジタルデバйド対策"),
                                              ("IPAexM", "事業費 792千円")])
    broken = _strip_tounicode(src, "IPAexG")   # the second line decodes to glyph codes
    doc = read_pdf(broken, ocr="never")   # as without Tesseract (with it the page is OCR'd)
    texts = [r.text for r in doc.rows()]
    assert texts == ["事業名電子申請の拡充", "事業費792千円"]
    assert doc.garbled_pages == [1]
    [w] = [w for w in doc.warnings if w.code == "garbled_text"]
    assert w.page == 1 and "p.1" in w.message and "broken.pdf" in w.message
    for row in doc.rows():
        for c in row.cells:
            assert "\ufffd" not in c.text and "(cid:" not in c.text


def test_garbled_cell_blanked_table_kept(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    xs, ys = [50, 150, 300], [100, 120, 140]
    grid(p, xs, ys)
    cell_text(p, xs, ys, 0, 0, "指標")
    cell_text(p, xs, ys, 0, 1, "(cid:3)(cid:4)")
    cell_text(p, xs, ys, 1, 0, "目標値")
    cell_text(p, xs, ys, 1, 1, "10件")
    doc = read_pdf(save(d, tmp_path))
    [t] = tables(doc)
    assert [r.texts for r in t.rows] == [["指標", ""], ["目標値", "10件"]]
    assert doc.garbled_pages == [1]


def test_scanned_page_warns(tmp_path):
    d = pymupdf.open()
    p1 = d.new_page()
    text(p1, 72, 100, "はじめに")
    p2 = d.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    p2.insert_image(pymupdf.Rect(50, 50, 500, 700), pixmap=pix)
    d.new_page()   # a blank page is not a scan
    doc = read_pdf(save(d, tmp_path, "scan.pdf"), ocr="never")   # as without Tesseract
    assert doc.needs_ocr and doc.ocr_pages == [2]
    [w] = [w for w in doc.warnings if w.code == "no_text_layer"]
    assert w.page == 2 and "scan.pdf p.2" in w.message and "OCR" in w.message
    assert [r.text for r in doc.rows()] == ["はじめに"]


def test_outlined_text_page_warns(tmp_path):
    d = pymupdf.open()
    p = d.new_page()
    shape = p.new_shape()
    for i in range(40):   # one filled path per glyph, like text converted to outlines
        x, y = 50 + (i % 20) * 12, 100 + (i // 20) * 16
        shape.draw_bezier((x, y), (x + 3, y - 10), (x + 7, y + 4), (x + 10, y))
        shape.finish(color=(0, 0, 0), fill=(0, 0, 0))
    shape.commit()
    p = d.new_page()   # a page with only a frame is blank, not one for OCR
    p.draw_rect(pymupdf.Rect(30, 30, 560, 810), width=1)
    doc = read_pdf(save(d, tmp_path), ocr="never")   # as without Tesseract
    assert doc.needs_ocr and doc.ocr_pages == [1]


def test_unreadable_page_costs_only_that_page(tmp_path, monkeypatch):
    import extract.readers.pdf as reader
    d = pymupdf.open()
    for n in range(3):
        text(d.new_page(), 72, 100, f"本文{n + 1}")
    path = save(d, tmp_path, "broken.pdf")
    real = reader.analyse_page

    def flaky(page, s):
        if page.number == 1:
            raise RuntimeError("code=2: syntax error in content stream")
        return real(page, s)

    monkeypatch.setattr(reader, "analyse_page", flaky)
    doc = read_pdf(path)
    assert [r.text for r in doc.rows()] == ["本文1", "本文3"]
    [w] = doc.warnings
    assert (w.code, w.page) == ("page_unreadable", 2) and "broken.pdf p.2" in w.message


def test_max_pages_and_page_count(tmp_path):
    d = pymupdf.open()
    for n in range(5):
        text(d.new_page(), 72, 100, f"本文{n + 1}")
    doc = read_pdf(save(d, tmp_path), max_pages=2)
    assert doc.pages == 2 and [r.text for r in doc.rows()] == ["本文1", "本文2"]
    assert doc.source_format == "pdf" and doc.source_file == "t.pdf"


# ------------------------------------------------------------------------------- both paths

def test_word_path_and_glyph_path_agree(tmp_path):
    """The fast path (MuPDF words) and the glyph path read a plain ruled page the same way."""
    from dataclasses import replace

    from extract.layout.settings import DEFAULT_SETTINGS
    d = pymupdf.open()
    p = d.new_page()
    text(p, 72, 60, "第2章 取組の内容", size=14)
    xs, ys = [50, 170, 260, 350, 440], [100, 120, 140, 160]
    grid(p, xs, ys, skip_v={(2, 1)})
    for c, s in enumerate(["事業名", "令和3年度", "令和4年度", "令和5年度"]):
        cell_text(p, xs, ys, 0, c, s)
    cell_text(p, xs, ys, 1, 0, "電子申請の拡充")
    text(p, 200, ys[1] + 14, "実施")
    cell_text(p, xs, ys, 1, 3, "運用")
    cell_text(p, xs, ys, 2, 0, "Wi-Fi 環境")
    text(p, 72, 200, "本文の一行目です。 2,050 千円")
    path = save(d, tmp_path)

    def shape(doc):
        return [(r.page, r.kind, [(c.col, c.colspan, c.text) for c in r.cells]) for r in doc.rows()]

    fast = read_pdf(path)
    glyphs = read_pdf(path, settings=replace(DEFAULT_SETTINGS, fast_words=False))
    assert shape(fast) == shape(glyphs)
    assert shape(fast)[0] == (1, "heading", [(0, 1, "第2章取組の内容")])


def test_glyph_path_reuses_the_words_text_page(tmp_path, monkeypatch):
    """A page the word path hands over (fake bold) is not interpreted by MuPDF a second time."""
    d = pymupdf.open()
    p = d.new_page()
    for dx in (0, 0.3):
        text(p, 72 + dx, 100, "総合戦略について", size=14)
    path = save(d, tmp_path)
    calls = []
    real = pymupdf.Page.get_textpage

    def counted(self, *a, **kw):
        calls.append(self.number)
        return real(self, *a, **kw)

    monkeypatch.setattr(pymupdf.Page, "get_textpage", counted)
    stats: dict = {}
    doc = read_pdf(path, stats=stats, ocr="never")
    assert stats["glyph_path_pages"] == 1 and stats["overprints"] == len("総合戦略について")
    assert [r.text for r in doc.rows()] == ["総合戦略について"]
    assert calls == [0]


def test_reading_leaves_the_cycle_collector_as_it_was(tmp_path, monkeypatch):
    """read_pdf pauses Python's cycle collector while pages are read, and only then."""
    import gc

    import extract.readers.pdf as reader
    d = pymupdf.open()
    text(d.new_page(), 72, 100, "本文")
    path = save(d, tmp_path)
    during = []
    real = reader.analyse_page

    def watched(page, s):
        during.append(gc.isenabled())
        return real(page, s)

    monkeypatch.setattr(reader, "analyse_page", watched)
    try:
        for was_on in (True, False):
            (gc.enable if was_on else gc.disable)()
            assert [r.text for r in read_pdf(path, ocr="never").rows()] == ["本文"]
            assert gc.isenabled() is was_on
    finally:
        gc.enable()
    assert during == [False, False]


def test_mupdf_store_shrunk_not_emptied_every_few_pages(tmp_path, monkeypatch):
    """MuPDF's cache sheds most of its size every mupdf_store_pages pages, never all of it
    (emptying it made every page load the document's fonts again)."""
    from extract.layout.settings import DEFAULT_SETTINGS
    d = pymupdf.open()
    for n in range(2 * DEFAULT_SETTINGS.mupdf_store_pages + 1):
        text(d.new_page(), 72, 100, f"本文{n}")
    path = save(d, tmp_path)
    shrinks = []
    monkeypatch.setattr(pymupdf.TOOLS, "store_shrink", shrinks.append)
    assert read_pdf(path, ocr="never").pages == 2 * DEFAULT_SETTINGS.mupdf_store_pages + 1
    assert shrinks == [DEFAULT_SETTINGS.mupdf_store_shrink] * 2
    assert 50 <= DEFAULT_SETTINGS.mupdf_store_shrink < 100


def test_a_status_row_opening_the_next_page_is_not_glued_to_its_year_header():
    # Harness family item_number_cards (pdf): the card's 実施スケジュール | 令和7年度 | … row ends
    # page 5 and its status row opens page 6 with an empty first cell, laid out the same.
    from extract.ir import Cell, Row
    from extract.readers.pdf import _is_cut_row

    def row(*texts):
        return Row([Cell(t, col=i) for i, t in enumerate(texts)], page=1, kind="table")

    header = row("実施スケジュール", "令和7年度", "令和8年度", "令和9年度")
    statuses = row("", "調査・検討", "実施", "実施")
    assert not _is_cut_row(header, statuses)
    # A value cut by the page foot is still merged back.
    assert _is_cut_row(row("取組概要", "窓口の予約を", "", ""), row("", "オンラインで受け付ける", "", ""))
