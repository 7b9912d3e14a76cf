from extract.ir import Cell, Row, make_table_block
from extract.structure.header import classify, read_header, split_labels
from extract.structure.patterns import is_year_label, numbering, split_number, year_header_eras
from normalize.wareki import fiscal_year


def _grid_row(*texts):
    row = Row([Cell(t, col=i) for i, t in enumerate(texts)])
    make_table_block([row], grid=True)
    return row


def test_kpi_header_with_years_in_the_labels():
    h = read_header(_grid_row("指標", "現状値(令和5年度)", "目標値(令和9年度)"), "kpi")
    assert h.fields == ["indicator", "baseline", "target"]
    assert h.column("target").fiscal_year == 2027 and h.column("baseline").fiscal_year == 2023
    assert h.satisfies("kpi")


def test_roadmap_header_years_and_recipe():
    h = read_header(_grid_row("個別施策名", "令和6年度", "令和7年度", "R8"), "roadmap")
    assert h.fields == ["name", "year", "year", "year"]
    assert [c.fiscal_year for c in h.years] == [2024, 2025, 2026]
    assert h.satisfies("roadmap") and not h.satisfies("review")


def test_review_header_and_repeat_on_next_page():
    h = read_header(_grid_row("項番", "項目名", "主な担当部局", "実施状況"), "review")
    assert h.fields == ["number", "name", "department", "actual"]
    assert h.satisfies("review")
    assert h.repeats(_grid_row("項番", "項 目 名", "主な担当部局", "実施状況"))
    assert not h.repeats(_grid_row("1", "電子申請", "総務課", "実施"))


def test_column_of_a_body_cell():
    h = read_header(_grid_row("事業名", "事業費(千円)"), "budget")
    assert h.column("amount").label == "事業費(千円)"
    assert h.column_of(Cell("1,200", col=1)).field == "amount"


def test_text_header_with_justification_spaces():
    row = Row([Cell("事"), Cell("業"), Cell("名"), Cell("実施状況")])
    h = read_header(row, "review")
    assert h.fields == ["name", "actual"]
    assert split_labels(["手", "続", "名"], {"手続名": "name"}) == [("name", 0, 2)]
    assert classify("xyz", "review") == (None, "", None)


def test_patterns():
    assert split_number("No. 2-3 電子申請") == ("2-3", "電子申請")
    assert split_number("① 研修") == ("1", "研修")
    assert is_year_label("令和 6 年度") and is_year_label("2024年度") and not is_year_label("令和6年度末")
    assert [(n.kind, n.number, n.level) for n in map(numbering, [
        "第1章 計画の概要", "基本目標1 便利なまち", "施策1-2 窓口", "1 窓口改革", "(1) 電子申請",
        "① 予約", "1-1 予約"])] == [
        ("chapter", "1", 1), ("goal", "1", 2), ("measure", "1-2", 3), ("decimal", "1", 3),
        ("paren", "1", 5), ("circled", "1", 6), ("dashed", "1-1", 4)]
    assert numbering("窓口改革") is None


def test_year_header_rows_carry_the_era_and_accept_bare_eras():
    """令和7年度 | 8年度 | 9年度: the later columns read in 令和; 令和7 without 年度 is a year;
    a bare 8年度 with no era before it, or after a western year, is not a header."""
    assert year_header_eras(["令和7年度", "8年度", "9 年度"]) == [None, "令和", "令和"]
    assert fiscal_year("9年度", era_hint="令和")[0] == 2027
    assert year_header_eras(["令和7", "令和8"]) == [None, None] and fiscal_year("令和7")[0] == 2025
    assert year_header_eras(["R7", "R8年度", "2027年度"]) == [None, None, None]
    assert year_header_eras(["8年度", "9年度"]) is None
    assert year_header_eras(["2025年度", "26年度"]) is None
    assert year_header_eras(["令和7年度", "実施"]) is None and year_header_eras([]) is None


def test_a_name_that_starts_with_arithmetic_is_not_part_of_the_number():
    """Issue 10.10: `No. 1-1 -2+3` was read as number 1-1-2 named '+3'."""
    assert split_number("No. 1-1 -2+3") == ("1-1", "-2+3")
    assert split_number("1-1 -2+3") == ("1-1", "-2+3")
    assert split_number("1 - 2 窓口") == ("1-2", "窓口")
