"""施策 known from the table under them: KPI tables (indicator | 現状値 | 目標値) and action tables
(目標 | 推進者), with the numbered lines above naming the 施策 and its goal."""
from __future__ import annotations

from extract.ir import Block, Cell, Document, Row, make_table_block, text_row
from extract.parsers.action_tables import responsible_list
from extract.parsers.cards import parse_cards
from extract.parsers.common import Collector
from extract.readers.markdown import read_markdown_text
from normalize.status import StatusVocabulary


def table(rows: list[list[str]]) -> Block:
    return make_table_block([Row([Cell(t, col=i) for i, t in enumerate(r)]) for r in rows], grid=True)


def doc_of(*blocks: Block) -> Document:
    return Document(source_file="t.pdf", source_format="pdf", blocks=list(blocks))


def parse(doc):
    out = Collector()
    return parse_cards(doc, StatusVocabulary.load(), out), out.items


def text(t: str, raw: str | None = None, kind="text") -> Block:
    return Block(kind, [text_row(t, raw=raw, kind=kind, page=1)])


def test_kpi_table_under_a_numbered_measure_outside_cards():
    doc = doc_of(
        text("1.村の振興の要となる高校の機能強化", kind="heading"),
        text("[具体的な施策]"),
        text("1高校の仕組みの強化", raw="①高校の仕組みの強化"),
        text("中学校を訪問し、生徒確保を図ります。"),
        text("◎施策の目標"),
        table([["重要業績評価指標\n(KPI)", "現状値\n(2014年度)", "目標値\n(2019年度)"],
               ["中学校訪問実施校数", "年11校", "年11校"],
               ["バイオガスプラント事業関連就業者数", "－", "5年間で1人"]]))
    (p,), _ = parse(doc)
    assert (p.number, p.name, p.goal) == ("1-1", "高校の仕組みの強化", "村の振興の要となる高校の機能強化")
    assert p.description == "中学校を訪問し、生徒確保を図ります。"
    k1, k2 = p.kpis
    assert (k1.indicator, k1.baseline_text, k1.baseline_value, k1.baseline_fiscal_year) == (
        "中学校訪問実施校数", "年11校", 11, 2014)
    assert (k1.target_value, k1.target_date) == (11, "2020-03-31")
    assert (k2.baseline_text, k2.baseline_value, k2.target_value) == ("-", None, 1)


def test_kpi_table_inside_a_markdown_card_belongs_to_the_card():
    md = ("施策名\t(1) デジタル人材の育成\t\n関係課\t人事課\t\n\n◎施策の目標\n\n"
          "指標\t現状値（令和6年度）\t目標値（令和12年度）\n研修受講者数\t年8人\t年11人\n\n資料編\n")
    (p,), _ = parse(read_markdown_text(md, "t.md"))
    assert (p.number, p.name, p.departments) == ("(1)", "デジタル人材の育成", ["人事課"])
    assert [(k.indicator, k.baseline_fiscal_year, k.target_value) for k in p.kpis] == [
        ("研修受講者数", 2024, 11)]
    assert p.description is None


def test_numbered_actions_are_records_with_their_own_responsible_people():
    doc = doc_of(
        text("1職員の勤務環境の整備に関する事項"),
        text("(1)妊娠中及び出産後における配慮"),
        table([["目標", "推進者"],
               ["1制度について情報提供します。", "総務課長所属長"],
               ["2業務分担を見直します。", "所属長職員"]]),
        text("(2)休暇の取得の推進"),
        table([["目標", "推進者"], ["計画的な取得を指導します。", "総務課長"]]))
    doc.blocks[2].rows[1].cells[0].raw = "①制度について情報提供します。"
    doc.blocks[2].rows[2].cells[0].raw = "②業務分担を見直します。"
    (p1, a1, a2, p2, b1), _ = parse(doc)
    assert (p1.number, p1.name, p1.goal) == ("1-1", "妊娠中及び出産後における配慮", "職員の勤務環境の整備に関する事項")
    assert p1.departments == ["総務課長", "所属長", "職員"] and p1.description is None
    assert [(a.number, a.parent_number, a.name, a.departments) for a in (a1, a2)] == [
        ("1-1-1", "1-1", "制度について情報提供します。", ["総務課長", "所属長"]),
        ("1-1-2", "1-1", "業務分担を見直します。", ["所属長", "職員"])]
    assert (a1.goal, a1.measure) == ("職員の勤務環境の整備に関する事項", "妊娠中及び出産後における配慮")
    assert (p2.number, p2.name) == ("1-2", "休暇の取得の推進")
    assert (b1.number, b1.parent_number, b1.name, b1.departments) == (
        None, "1-2", "計画的な取得を指導します。", ["総務課長"])


def test_action_table_in_a_text_dump_keeps_circled_numbers_and_joins_wrapped_lines():
    md = ("1 職員の勤務環境の整備に関する事項\n\n(1) 妊娠中及び出産後における配慮\n\n"
          "目標\t推進者\n①母性保護の制度について、\t総務課長\n積極的に情報提供します。\t\n"
          "②業務分担を見直します。\t所属長\n(2)休暇の取得の推進\n\n資料編\n")
    projects, _ = parse(read_markdown_text(md, "t.md"))
    assert [(p.number, p.parent_number, p.name, p.departments) for p in projects] == [
        ("1-1", None, "妊娠中及び出産後における配慮", ["総務課長", "所属長"]),
        ("1-1-1", "1-1", "母性保護の制度について、積極的に情報提供します。", ["総務課長"]),
        ("1-1-2", "1-1", "業務分担を見直します。", ["所属長"])]


def test_glued_roles_are_split():
    assert responsible_list("総務課長所属長職員") == ["総務課長", "所属長", "職員"]
    assert responsible_list("総務財政室") == ["総務財政室"]


def test_budget_table_rows_become_projects_with_department_and_yen():
    doc = doc_of(
        text("【一般会計】 (単位千円)"),
        table([["No", "款・項・目", "新規", "事業名", "概要", "補正前額", "補正額"],
               ["1", "2総務費", "新", "私立学校等給食等支援金給付\n事業1【総務課】", "給食費を支援する。", "0", "13,171"],
               ["2", "", "", "水道事業補助金\n1【業務課】", "基本料金を免除する。", "9,901", "305,659"],
               ["物価高騰対策事業合計", "", "", "", "", "", "318,830"]]))
    projects, warnings = parse(doc)
    assert [(p.number, p.name, p.departments, p.category, p.budget_jpy) for p in projects] == [
        ("1", "私立学校等給食等支援金給付事業", ["総務課"], "新規", 13_171_000),
        ("2", "水道事業補助金", ["業務課"], None, 305_659_000)]
    assert projects[0].description == "給食費を支援する。"
    assert not warnings


def test_budget_table_without_unit_line_warns():
    doc = doc_of(table([["No", "事業名", "概要", "予算額"], ["1", "防災無線の更新", "更新する。", "5,000"]]))
    (p,), warnings = parse(doc)
    assert p.budget_jpy == 5000
    assert [w.code for w in warnings] == ["budget_unit_unknown"]


def test_action_table_in_a_plain_dump_without_table_geometry():
    """pdftotext-like dump: the header line, numbered lines with the 推進者 far right, a wrapped
    action and a 推進者 printed a line lower; a blank line ends the table."""
    from extract.readers.plain import read_plain_text
    dump = ("1 職員の勤務環境の整備に関する事項\n\n(1) 妊娠中及び出産後における配慮\n\n"
            "目標                                     推進者\n"
            "①母性保護の制度について、               総務課長\n"
            "  積極的に情報提供します。\n"
            "②業務分担を見直します。                 所属長\n"
            "                                         職員\n\n"
            "(2) 休暇の取得の推進\n目標                                     推進者\n"
            "計画的な取得を指導します。               総務課長\n")
    projects, _ = parse(read_plain_text(dump, "t.txt"))
    assert [(p.number, p.parent_number, p.name, p.departments) for p in projects] == [
        ("1-1", None, "妊娠中及び出産後における配慮", ["総務課長", "所属長", "職員"]),
        ("1-1-1", "1-1", "母性保護の制度について、積極的に情報提供します。", ["総務課長"]),
        ("1-1-2", "1-1", "業務分担を見直します。", ["所属長", "職員"])]


def test_kpi_table_with_a_two_row_header_takes_its_years_from_the_second_row():
    doc = doc_of(
        text("施策(1) 手続のオンライン化", kind="heading"),
        table([["成果指標", "現況値", "数値目標"], ["", "(令和5年度)", "(令和10年度)"],
               ["電子申請できる手続数", "120手続", "300手続"]]))
    (p,), _ = parse(doc)
    assert (p.number, p.name) == ("1", "手続のオンライン化")
    (k,) = p.kpis
    assert (k.indicator, k.baseline_value, k.baseline_fiscal_year) == ("電子申請できる手続数", 120, 2023)
    assert (k.target_value, k.target_unit, k.target_date) == (300, "手続", "2029-03-31")


def test_kpi_table_in_a_plain_dump_is_read_by_its_columns():
    """pdftotext-like dump: a two-row header (years under 現状値 / 目標値), a Latin-spaced
    indicator, a wrapped one, and the table going on after a page break."""
    from extract.readers.plain import read_plain_text
    def line(*cells: str) -> str:       # cells at character columns 0, 30, 45
        return "".join(c.ljust(w) for c, w in zip(cells, (30, 15, 15))).rstrip() + "\n"
    dump = ("施策(1) 手続のオンライン化\n\n" + line("成果指標", "現況値", "数値目標")
            + line("", "(令和 5 年度)", "(令和10年度)") + line("電子申請できる手続数", "120手続", "300手続")
            + line("生成 AI を利用する職員の", "10%", "60%") + "割合\n\n- 1 -\n\f\n"
            + line("オンライン予約できる施設数", "5施設", "28施設")
            + "\n本文の段落は表の外にあり、列をまたいで長く続いていきます。ここは指標ではありません。\n")
    (p,), _ = parse(read_plain_text(dump, "t.txt"))
    assert (p.number, p.name) == ("1", "手続のオンライン化")
    assert [(k.indicator, k.baseline_value, k.baseline_fiscal_year, k.target_value, k.target_unit,
             k.target_date) for k in p.kpis] == [
        ("電子申請できる手続数", 120, 2023, 300, "手続", "2029-03-31"),
        ("生成AIを利用する職員の割合", 10, 2023, 60, "%", "2029-03-31"),
        ("オンライン予約できる施設数", 5, 2023, 28, "施設", "2029-03-31")]


def test_kpi_table_cut_by_a_page_break_goes_on_in_the_next_table():
    """A converter makes two tables of a KPI table cut by a page break; 目標指標 heads the
    indicator column, not the target's."""
    md = ("### 施策(2) 窓口の改革\n\n| 目標指標 | 現状値 | 数値目標 |\n|---|---|---|\n"
          "|  | (令和5年度) | (令和10年度) |\n\n\n\n"
          "| 申請書の記入が不要な手続数 | 0手続 | 40手続 |\n|---|---|---|\n"
          "| キャッシュレス決済に対応した窓口数 | 3窓口 | 12窓口 |\n\n"
          "### 施策(3) 業務の自動化\n\n| 指標 | 現状値 | 目標値 |\n|---|---|---|\n"
          "| RPAによる年間削減時間 | 2400時間 | 8000時間 |\n")
    first, second = parse(read_markdown_text(md, "t.md"))[0]
    assert [(k.indicator, k.baseline_value, k.target_value, k.target_date) for k in first.kpis] == [
        ("申請書の記入が不要な手続数", 0, 40, "2029-03-31"),
        ("キャッシュレス決済に対応した窓口数", 3, 12, "2029-03-31")]
    assert [k.indicator for k in second.kpis] == ["RPAによる年間削減時間"]


def test_numbered_actions_under_labels_a_project_list_also_uses():
    """取組 | 所管部署 over ① ② rows under a numbered 施策: its actions, not one project per row."""
    from pathlib import Path
    import tempfile
    from extract.pipeline import extract_file
    md = ("### (3) 業務の自動化\n\n| **取組** | **所管部署** |\n|---|---|\n"
          "| ①RPAとAI-OCRの活用 | 行政改革推進課、情報政策課 |\n| ②生成AIの業務利用 | 情報政策課 |\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.md"
        path.write_text(md, encoding="utf-8")
        projects = extract_file(path).projects
    assert [(p.number, p.parent_number, p.name, p.departments) for p in projects] == [
        ("3", None, "業務の自動化", ["行政改革推進課", "情報政策課"]),
        ("3-1", "3", "RPAとAI-OCRの活用", ["行政改革推進課", "情報政策課"]),
        ("3-2", "3", "生成AIの業務利用", ["情報政策課"])]
