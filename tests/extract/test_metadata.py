"""Plan metadata stated in prose: the period in the sentences plans print it in, the title from the
cover heading when no line ends in 計画 / 戦略."""
from __future__ import annotations

import pytest

from extract.parsers.common import Collector
from extract.parsers.metadata import parse_metadata, period_in_text
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text


def meta_of(text: str, markdown: bool = False):
    doc = read_markdown_text(text, "t.md") if markdown else read_plain_text(text, "t.txt")
    out = Collector()
    return parse_metadata(doc, out), [w.code for w in out.items]


@pytest.mark.parametrize("sentence, period", [
    ("本計画の計画期間は、令和6年度から令和9年度までの4年間とします。", (2024, 2027)),
    ("実施計画の期間は、令和7年～令和11年の5年間とし、毎年度見直します。", (2025, 2029)),
    ("この計画は、令和5(2023)年度から令和9(2027)年度までの5年間を計画期間とします。", (2023, 2027)),
    ("本プランの対象期間は令和6年度からの4年間です。", (2024, 2027)),
    ("計画期間は2024年度から5か年とします。", (2024, 2028)),
    ("平成27年度から平成36年度までの10年間とし、平成31年度中に見直しを行うものとします。", (2015, 2024)),
])
def test_period_sentences(sentence, period):
    start, end, _ = period_in_text(sentence)
    assert (start, end) == period


def test_calendar_year_period_is_read_as_fiscal_years_and_said():
    _, _, warns = period_in_text("令和7年～令和11年の5年間")
    assert [w["code"] for w in warns] == ["plan_period_calendar_years"]
    assert "令和7年～令和11年" in warns[0]["message"] and "年度として読みました" in warns[0]["message"]


def test_period_sentence_wrapped_over_lines_under_a_heading():
    meta, _ = meta_of("南野町DX推進計画\n\n1 計画の期間\nこの計画は、令和5(2023)年度から令和\n"
                      "9(2027)年度までの5年間を計画期間とします。\n")
    assert (meta.title, meta.period_start_fy, meta.period_end_fy) == ("南野町DX推進計画", 2023, 2027)


def test_implementation_plan_period_and_title_with_edition_line():
    meta, codes = meta_of("北見沢市デジタル・トランスフォーメーション推進計画\n（実施計画）\n\n"
                          "実施計画の期間は、令和7年～令和11年の5年間とし、毎年度見直します。\n")
    assert meta.title == "北見沢市デジタル・トランスフォーメーション推進計画(実施計画)"
    assert meta.municipality == "北見沢市"
    assert (meta.period_start_fy, meta.period_end_fy) == (2025, 2029)
    assert "plan_period_calendar_years" in codes


def test_a_projects_own_period_is_not_the_plans():
    meta, _ = meta_of("南野町DX推進計画\n\n事業名 1-1 電子申請\n実施期間 令和6年度～令和7年度\n")
    assert (meta.period_start_fy, meta.period_end_fy) == (None, None)


def test_period_in_a_key_value_table_row():
    meta, _ = meta_of("# 南野町情報化推進プラン\n\n| 計画期間 | 令和6年度～令和9年度 |\n|---|---|\n", markdown=True)
    assert (meta.title, meta.period_start_fy, meta.period_end_fy) == ("南野町情報化推進プラン", 2024, 2027)


def test_cover_heading_without_a_plan_word_is_the_title_guessed():
    meta, codes = meta_of("# 令和6年度\n\n# 北見沢市の行政デジタル化\n\n本文です。\n", markdown=True)
    assert meta.title == "令和6年度北見沢市の行政デジタル化"
    assert "title_guessed" in codes


def test_no_title_from_a_card_label_or_a_plain_first_line():
    meta, codes = meta_of("事業名 1-1 行政手続のオンライン化\n\n基本目標 市民の利便性向上\n")
    assert meta.title is None and meta.municipality is None and "no_title" in codes


def test_title_from_the_sentence_that_draws_the_plan_up():
    meta, codes = meta_of("はじめに\n国は「デジタル社会の実現に向けた重点計画」を策定し、\n"
                          "本市も平成30年に「北見沢市情報化計画」を策定しました。\nこのたび、"
                          "「北見沢市DX推進\n計画」（以下「本計画」という。）を策定します。\n")
    assert meta.title == "北見沢市DX推進計画" and "title_guessed" in codes
    # Another plan's name (the nation's, or an earlier one) is never taken.
    meta, codes = meta_of("はじめに\n国は「デジタル社会の実現に向けた重点計画」を策定し、\n"
                          "本市は「北見沢市情報化計画」を策定しました。\n")
    assert meta.title is None and "no_title" in codes


@pytest.mark.parametrize("prop, title", [
    ("北海道音威子府村まち・ひと・しごと創生総合戦略", "北海道音威子府村まち・ひと・しごと創生総合戦略"),
    ("避難行動判定フロー・避難情報のポイント", "避難行動判定フロー・避難情報のポイント"),
    ("Microsoft Word - 01_表紙（案）.docx", None),
    ("PowerPoint プレゼンテーション", None),
    ("<32303234313130345F97DF986137814538944E937894C55F8E>", None),
    ("untitled", None),
    ("資料", None),
])
def test_pdf_title_property_only_when_it_reads_like_a_name(prop, title):
    from extract.parsers.metadata import declared_title
    assert declared_title(prop) == title


def test_pdf_whose_cover_is_an_image_takes_its_title_property(tmp_path):
    from extract.mupdf import pymupdf
    from extract.readers.pdf import read_pdf
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_font(fontname="jp", fontbuffer=pymupdf.Font("japan").buffer)
    page.insert_text((72, 100), "第1章 現状と課題", fontname="jp", fontsize=11)
    pdf.set_metadata({"title": "南野町地域情報化計画"})
    path = tmp_path / "plan.pdf"
    pdf.save(path)
    out = Collector()
    meta = parse_metadata(read_pdf(path, ocr="never"), out)
    assert meta.title == "南野町地域情報化計画"
    assert any(w.code == "title_guessed" and "文書プロパティ" in w.message for w in out.items)
