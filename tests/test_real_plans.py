"""End to end on the real municipal PDFs in ../shared/real-pdfs: the plans among them give their
施策 / 事業 with goals, departments, KPI tables and budgets; the others give no records and no
garbage. (Reader-level checks live in tests/real_pdfs/.)"""
from __future__ import annotations

import json
from functools import cache

import pytest

from extract.pipeline import extract_file
from tests.conftest import REAL_PDFS
from tests.japanese import check_warnings

BIG = {"fuji_R6_ippan-kaikei-yosansho.pdf", "setagaya_R8_yosan.pdf"}   # first pages suffice
GARBAGE = ("\ufffd", "(cid:")


def real(name: str):
    path = REAL_PDFS / name
    if not path.is_file():
        pytest.skip(f"real PDF {path} not present (../shared is absent; CI has it)")
    return _extracted(name)


@cache   # each file read once for all the tests below
def _extracted(name: str):
    # The text layer as read without Tesseract; OCR of the outlined file: tests/ocr.
    return extract_file(REAL_PDFS / name, max_pages=40 if name in BIG else None, ocr="never")


def test_comprehensive_strategy_measures_with_kpi_tables():
    doc = real("otoineppu_sogo-senryaku_2015.pdf")
    assert doc.plan.municipality == "音威子府村" and doc.plan.lg_code == "014702"
    # 対象期間 under its own heading: ○総合戦略の対象期間は、…2015年度から2019年度までとします。
    assert (doc.plan.period_start_fy, doc.plan.period_end_fy) == (2015, 2019)
    # The cover's title is an image; p.5 says 「音威子府村まち・ひと・しごと創生総合戦略」（以下、
    # 総合戦略）を策定します, after the nation's 「まち・ひと・しごと創生総合戦略」を策定し.
    assert doc.plan.title == "音威子府村まち・ひと・しごと創生総合戦略"
    assert any(w.code == "title_guessed" and w.source.page == 5 for w in doc.warnings)
    assert [p.number for p in doc.projects] == ["1-1", "2-1", "2-2", "3-1", "3-2", "3-3", "4-1"]
    first = doc.projects[0]
    assert (first.name, first.goal) == ("高校の仕組みの強化", "村の振興の要となる高校の機能強化")
    (kpi,) = first.kpis
    assert (kpi.indicator, kpi.baseline_text, kpi.baseline_value, kpi.baseline_fiscal_year) == (
        "中学校訪問実施校数", "年111校", 111, 2014)
    assert (kpi.target_value, kpi.target_unit, kpi.target_date) == (111, "校/年", "2020-03-31")
    farm = doc.projects[1].kpis[0]
    assert (farm.indicator, farm.baseline_value, farm.target_text, farm.target_value) == (
        "バイオガスプラント事業関連就業者数", None, "5年間で1人", 1)
    assert sum(len(p.kpis) for p in doc.projects) == 14


def test_a_target_cell_of_several_printed_lines_keeps_them_apart():
    """Issue 12.8: right-aligned 目標値 cells print a target and the notes under it on lines of
    their own; run together they read as one garbled phrase (DVD化中学校へ配布). The lines stay
    apart (a space between them) and the value is the first line's that states a quantity."""
    kpis = {k.indicator: k for p in real("otoineppu_sogo-senryaku_2015.pdf").projects for k in p.kpis}
    club = kpis["おといねっぷ美術工芸高等学校応援団の組織化"]
    assert club.target_text == "5年間で1組織化 卒業生の親で希望される方 ※PTAではない組織"
    assert (club.target_value, club.target_unit) == (1, "組織")
    dvd = kpis["学校紹介DVDの制作"]
    assert (dvd.target_text, dvd.target_value) == ("1年間収録しDVD化 中学校へ配布", None)
    show = kpis["展覧会の開催数"]
    assert (show.target_text, show.target_value, show.target_unit) == (
        "東京・旭川・札幌・地元 各地域で年1回", 1, "回/年")
    assert show.baseline_text == "旭川・札幌・地元 各地域で年1回"
    # a one-line target and a left-aligned wrapped one are as before
    assert kpis["短期移住体験者数"].target_text == "年12人(延べ300日)"


def test_action_plan_actions_each_with_its_own_responsible_people():
    doc = real("otoineppu_tokutei-jigyonushi-koudoukeikaku_dai2ji.pdf")
    assert (doc.plan.title, doc.plan.published) == ("音威子府村特定事業主行動計画第2次", "2015-08")
    assert (doc.plan.period_start_fy, doc.plan.period_end_fy) == (2015, 2024)
    measures = [p for p in doc.projects if p.parent_number is None]
    actions = [p for p in doc.projects if p.parent_number is not None]
    assert [p.number for p in measures] == ["1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "2-3"]
    # Every row of the eight 目標 | 推進者 tables (the PDF prints 27: 4+1+5+4+6 and 2+1+4).
    per_measure = {m.number: sum(a.parent_number == m.number for a in actions) for m in measures}
    assert per_measure == {"1-1": 4, "1-2": 1, "1-3": 5, "1-4": 4, "1-5": 6, "2-1": 2, "2-2": 1, "2-3": 4}
    p = measures[0]
    assert (p.number, p.name, p.goal) == ("1-1", "妊娠中及び出産後における配慮", "職員の勤務環境の整備に関する事項")
    assert p.departments == ["総務課長", "所属長", "職員"]
    first, third = actions[0], actions[2]
    assert (first.number, first.parent_number, first.measure) == ("1-1-1", "1-1", "妊娠中及び出産後における配慮")
    assert first.name.startswith("母性保護及び母性の健康管理") and first.departments == ["総務課長", "所属長"]
    assert third.departments == ["所属長", "職員"]
    overtime = [a for a in actions if a.parent_number == "1-4"]
    assert [a.departments for a in overtime] == [["総務課長"], ["所属長"], ["所属長"], ["所属長", "住民課長"]]
    assert all(a.departments for a in actions)
    # ① never becomes a digit glued to the text
    assert not any(a.name[:1].isdigit() for a in actions)


def test_budget_book_projects_with_department_and_amount():
    doc = real("nobeoka_R8_6gatsu-hosei-yosan_shuyo-jigyo.pdf")
    assert len(doc.projects) == 23
    p = doc.projects[0]
    assert (p.name, p.departments, p.category, p.budget_jpy) == (
        "私立学校等給食等支援金給付事業", ["総務課"], "新規", 13_171_000)
    assert all(p.departments for p in doc.projects)


def test_outlined_pdf_needs_ocr_and_gives_no_data():
    doc = real("otoineppu_hinan-point_R3_NO-TEXT-LAYER.pdf")
    pages = sorted(w.source.page for w in doc.warnings if w.code == "no_text_layer")
    assert pages == [1, 2, 3, 4]
    assert not doc.projects and not doc.procedures and not doc.reviews


@pytest.mark.parametrize("name", sorted(p.name for p in REAL_PDFS.glob("*.pdf")) or ["(none)"])
def test_no_garbage_in_any_emitted_value(name):
    if name == "(none)":
        pytest.skip("../shared/real-pdfs is absent")
    doc = real(name)
    data = json.dumps(doc.model_dump(mode="json", exclude={"warnings"}), ensure_ascii=False)
    assert not any(g in data for g in GARBAGE)
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in data)     # radicals mapped


@pytest.mark.parametrize("name", sorted(p.name for p in REAL_PDFS.glob("*.pdf")) or ["(none)"])
def test_every_warning_is_japanese(name):
    if name == "(none)":
        pytest.skip("../shared/real-pdfs is absent")
    warnings = real(name).model_dump(mode="json")["warnings"]
    if warnings:                                      # a file read cleanly may have none
        check_warnings(warnings)
