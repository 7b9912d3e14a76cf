"""Issue 9, cases 1, 2 and 5: project cards in geometries the card parser did not read before the
structure layer, each reproduced as a document (text, and for 1 and 5 a PDF drawn here with
reportlab as samples/render_pdf.py draws its plan) and extracted end to end."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.pipeline import extract_file

FONTS = [Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
         Path("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"),
         Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")]
FONT = next((f for f in FONTS if f.exists()), None)
needs_font = pytest.mark.skipif(FONT is None, reason="no Japanese TrueType font (IPAex Gothic) installed")


def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("IPAexG", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("IPAexG", 10)
    return c, A4[1]


def _projects(path: Path):
    doc = extract_file(path)
    return {p.number: p for p in doc.projects}


# --- case 1: No.1-1 glued into the label cell of a ruled card --------------------------------

CASE1 = [("No. 1-1", "窓口のオンライン予約"),
         ("担 当 課", "市民課、情報政策課"),
         ("取 組 概 要", "窓口の予約をオンラインで受け付け、待ち時間を減らします。")]


@needs_font
def test_case1_number_glued_in_the_label_cell_of_a_ruled_pdf_card(tmp_path):
    path = tmp_path / "case1.pdf"
    c, h = _canvas(path)
    xs, top, row_h = (60.0, 160.0, 530.0), h - 100.0, 26.0
    for k, (label, value) in enumerate(CASE1 + [("No. 1-2", "コンビニ交付の拡大"),
                                                 ("担 当 課", "市民課"),
                                                 ("取 組 概 要", "証明書の種類を増やします。")]):
        y = top - k * row_h - (12.0 if k >= 3 else 0.0)      # two cards, a gap between
        c.drawString(xs[0] + 4, y - 17, label.replace(" ", "") if k % 3 == 0 else label)
        c.drawString(xs[1] + 4, y - 17, value)
        c.line(xs[0], y, xs[2], y)
        c.line(xs[0], y - row_h, xs[2], y - row_h)
        for x in xs:
            c.line(x, y, x, y - row_h)
    c.showPage()
    c.save()
    projects = _projects(path)
    assert set(projects) == {"1-1", "1-2"}
    p = projects["1-1"]
    assert p.name == "窓口のオンライン予約"
    assert p.departments == ["市民課", "情報政策課"]
    assert p.description == "窓口の予約をオンラインで受け付け、待ち時間を減らします。"
    assert projects["1-2"].departments == ["市民課"]


def test_case1_as_a_tab_separated_markdown_card(tmp_path):
    path = tmp_path / "case1.md"
    path.write_text("\n".join(f"{a.replace(' ', '') if k == 0 else a}\t{b}"
                              for k, (a, b) in enumerate(CASE1)) + "\n", encoding="utf-8")
    p = _projects(path)["1-1"]
    assert (p.name, p.departments) == ("窓口のオンライン予約", ["市民課", "情報政策課"])
    assert p.description.startswith("窓口の予約をオンラインで")


# --- case 2: bold inline labels in a markdown dump --------------------------------------------

def test_case2_bold_inline_labels_in_markdown(tmp_path):
    path = tmp_path / "case2.md"
    path.write_text(
        "# 第3章 取組\n\n"
        "No. 3-1 AIチャットボットの導入 **担当課** 情報政策課\n"
        "取組概要\n"
        "問い合わせの多い質問にAIチャットボットが24時間答えます。\n"
        "回答の精度は毎月見直します。\n\n"
        "No. 3-2 窓口のキャッシュレス化 **担当課** 会計課、市民課\n"
        "**取組概要**\n"
        "窓口の手数料を電子マネーで支払えるようにします。\n", encoding="utf-8")
    projects = _projects(path)
    p = projects["3-1"]
    assert p.name == "AIチャットボットの導入"
    assert p.departments == ["情報政策課"]
    assert p.description == "問い合わせの多い質問にAIチャットボットが24時間答えます。回答の精度は毎月見直します。"
    q = projects["3-2"]
    assert (q.name, q.departments) == ("窓口のキャッシュレス化", ["会計課", "市民課"])
    assert q.description == "窓口の手数料を電子マネーで支払えるようにします。"


# --- case 5: an unruled one-page PDF, label and value on one line ------------------------------

CASE5 = ["事業名 1-1 電子申請の拡大",
         "担当部署 情報政策課",
         "事業内容",
         "電子申請で受け付ける手続を増やします。",
         "スケジュール",
         "令和5年度    令和6年度",
         "実施          運用"]


def _check_case5(projects):
    p = projects["1-1"]
    assert p.name == "電子申請の拡大"
    assert p.departments == ["情報政策課"]
    assert p.description == "電子申請で受け付ける手続を増やします。"
    assert [(s.fiscal_year, s.status_raw) for s in p.schedule] == [(2023, "実施"), (2024, "運用")]


@needs_font
def test_case5_unruled_one_page_pdf(tmp_path):
    path = tmp_path / "case5.pdf"
    c, h = _canvas(path)
    y = h - 100.0
    for line in CASE5:
        x = 60.0
        for word in line.split():
            c.drawString(x, y, word)      # words placed with gaps, as Word sets tab stops
            x += c.stringWidth(word, "IPAexG", 10) + 40.0
        y -= 18.0
    c.showPage()
    c.save()
    _check_case5(_projects(path))


def test_case5_same_text_as_a_plain_dump(tmp_path):
    path = tmp_path / "case5.txt"
    path.write_text("\n".join(CASE5) + "\n", encoding="utf-8")
    _check_case5(_projects(path))
