"""Plain and markdown readers: one intermediate representation from both kinds of dump."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import InputError, decode_text, read_document, sniff_kind
from extract.readers.markdown import cell_text, read_markdown_text
from extract.readers.plain import read_plain_text, split_cells


def test_plain_line_with_leading_space_has_empty_first_cell():
    cells = split_cells(" 消防法令における申請・届出等 自動車の保管場所証明の申請")
    assert [c.text for c in cells] == ["", "消防法令における申請・届出等", "自動車の保管場所証明の申請"]


def test_plain_cells_are_nfkc_and_keep_raw():
    cells = split_cells("事業名 １-１ 行政手続のオンライン化")
    assert [c.text for c in cells] == ["事業名", "1-1", "行政手続のオンライン化"]
    assert cells[1].raw == "１-１"


def test_plain_form_feed_starts_a_new_page():
    doc = read_plain_text("一頁目\n\f二頁目\n", "x.txt")
    pages = [r.page for r in doc.rows() if r.text]
    assert pages == [1, 2]


def test_markdown_tab_rows_form_a_grid_table():
    doc = read_markdown_text("計画状況\t平成31年度\t平成32年度\n\t運用\t運用\n\n本文\n", "x.md")
    table_rows = [r for r in doc.rows() if r.table is not None]
    assert len(table_rows) == 2
    assert table_rows[0].table.grid is True
    assert [(c.col, c.text) for c in table_rows[1].cells if c.text] == [(1, "運用"), (2, "運用")]


def test_markdown_cell_html_checkboxes_paragraphs_and_footnotes():
    raw = ('<input type="checkbox"/> 新規 <input checked="" type="checkbox"/> 継続')
    assert cell_text(raw) == "□新規■継続"
    assert cell_text("<p>一段落目</p> <p>二段落目<sup>3</sup></p>") == "一段落目\n二段落目"
    # a bold cell over two printed lines loses its emphasis marks too
    assert cell_text("**基準値<br>(令和5年度)**") == "基準値\n(令和5年度)"
    assert cell_text("**a** b **c**") == "**a** b **c**"


def test_markdown_heading_rows():
    doc = read_markdown_text("# 第9次計画\n\n## 第1節 基本目標1 魅力ある\n", "x.md")
    heads = [(r.level, r.text) for r in doc.rows() if r.kind == "heading"]
    assert heads == [(1, "第9次計画"), (2, "第1節基本目標1魅力ある")]   # justification spaces go


def test_pipe_tables_are_read_too():
    doc = read_markdown_text("| 事業名 | 1-1 X |\n|---|---|\n| 担当課 | 情報課 |\n", "x.md")
    rows = [r.texts for r in doc.rows() if r.table is not None]
    assert rows == [["事業名", "1-1 X"], ["担当課", "情報課"]]


def test_html_tables_keep_rowspan_and_colspan_on_the_grid():
    """MinerU / marker write merged cells as HTML: the row under a rowspan starts one column in,
    a colspan cell covers its columns; unclosed <td>, several lines and a caption are fine."""
    md = ("前文\n図表1 <table><tr><td>事業名</td><td colspan=\"4\">1-1 X</td></tr>\n"
          "<tr><td rowspan=2>スケジュール<td>R7<td>R8</tr>\n"
          "<tr><td>実施</td><td>運用</td></tr></table>\n後文\n")
    doc = read_markdown_text(md, "x.md")
    rows = [r for r in doc.rows() if r.table is not None]
    assert [[(c.col, c.colspan, c.text) for c in r.cells] for r in rows] == [
        [(0, 1, "事業名"), (1, 4, "1-1 X")],
        [(0, 1, "スケジュール"), (1, 1, "R7"), (2, 1, "R8")],
        [(1, 1, "実施"), (2, 1, "運用")]]
    assert rows[0].cells[0].rowspan == 1 and rows[1].cells[0].rowspan == 2
    assert [r.line for r in rows] == [2, 3, 4]
    assert rows[0].table.ncols == 5
    texts = [r.text for r in doc.rows() if r.table is None and r.text]
    assert texts == ["前文", "図表1", "後文"]


def test_kind_is_sniffed_from_content_not_extension(tmp_path: Path):
    md = tmp_path / "plan.txt"
    md.write_text("# 計画\n\n事業名\t1-1 X\n<p>本文</p>\n", encoding="utf-8")
    assert sniff_kind(md.read_bytes(), md) == "markdown"
    plain = tmp_path / "plan.md"
    plain.write_text("事業名 1-1 X\n担当部署 情報課\n", encoding="utf-8")
    assert sniff_kind(plain.read_bytes(), plain) == "text"


def test_shift_jis_text_is_decoded_not_mojibake():
    data = "事業名 １-１ 行政手続のオンライン化".encode("cp932")
    assert decode_text(data, "x.txt") == "事業名 １-１ 行政手続のオンライン化"


@pytest.mark.parametrize("content, reason", [(b"", "空のファイル"), (b"PK\x03\x04rest", "ZIP"),
                                             (bytes(range(256)) * 4, "バイナリデータ")])
def test_unreadable_inputs_raise_input_error_naming_the_file(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=rf"bad\.txt: .*{reason}"):
        read_document(p)


def test_plain_page_numbers_and_running_headers_are_dropped():
    page = "本文{n}行目の文章が続き\n\n- {n} -\n 第2次ひばり野市DX推進計画 \n\n"
    text = " 第2次ひばり野市DX推進計画 \n" + "".join(page.format(n=n) for n in range(1, 5))
    doc = read_plain_text(text, "x.txt")
    texts = [r.text for r in doc.rows() if r.text]
    assert texts[0] == "第2次ひばり野市DX推進計画"          # the cover title stays
    assert texts[1:] == [f"本文{n}行目の文章が続き" for n in range(1, 5)]


def test_plain_cells_keep_their_character_columns():
    cells = split_cells("オンライン化済   未オンライン化", lineno=7)
    assert [(c.text, c.bbox) for c in cells] == [("オンライン化済", (0.0, 7.0, 7.0, 8.0)),
                                                 ("未オンライン化", (10.0, 7.0, 17.0, 8.0))]


def test_plain_running_header_of_a_short_dump_is_dropped_and_pages_counted():
    """Two pages: the title printed again on top of page 2 is furniture (too few repeats for the
    page-number rule), and the form feed on that dropped line still counts the page."""
    text = "しらさぎ台市 DX 推進計画\n令和7年3月\n\n- 1 -\n\f しらさぎ台市DX推進計画 \n\n本文です。\n\n- 2 -\n"
    doc = read_plain_text(text, "x.txt")
    assert [(r.page, r.text) for r in doc.rows() if r.text] == [
        (1, "しらさぎ台市 DX 推進計画"), (1, "令和7年3月"), (2, "本文です。")]
    assert doc.pages == 2


def test_plain_header_on_top_of_most_pages_is_furniture_but_a_label_is_not():
    page = "\f 第3章 取組の内容 \n事業名\n本文{n}\n"
    doc = read_plain_text("表紙\n" + "".join(page.format(n=n) for n in range(1, 4)), "x.txt")
    assert [r.text for r in doc.rows() if r.text] == ["表紙"] + [
        t for n in range(1, 4) for t in ("事業名", f"本文{n}")]
