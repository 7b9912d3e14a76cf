"""Card parser on small hand-written inputs, one behaviour per test."""
from __future__ import annotations

from extract.parsers.cards import assign_years, parse_cards, split_items, split_number_name
from extract.parsers.common import Collector
from extract.parsers.roadmaps import parse_roadmaps
from extract.ir import Cell
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text
from normalize.status import StatusVocabulary


def cards(text: str, markdown: bool = False):
    doc = (read_markdown_text if markdown else read_plain_text)(text, "t")
    out = Collector()
    return parse_cards(doc, StatusVocabulary.load(), out), out.items


def test_number_variants():
    assert split_number_name("１-１ 行政手続") == ("1-1", "行政手続")
    assert split_number_name("No. 2-3 電子申請") == ("2-3", "電子申請")
    assert split_number_name("(4) 研修") == ("(4)", "研修")   # as printed
    assert split_number_name("3 - 10 議会") == ("3-10", "議会")
    assert split_number_name("行政手続") == (None, "行政手続")


PLAIN_CARD = """\
 事業名 １-１ 行政手続のオンライン化

基本目標 市民の利便性向上

担当部署 情報推進課、財政課、関係所属

事業内容

これまで、行政手続のオンライン化については、「地方

公共団体オンライン利用促進指針」において取り組んで

きました。

KPI （指標） オンライン化済手続数

スケジュール

令和４年度末までにオンライン化済手続数１０件を達

成

令和３年度 令和４年度

実施 運用
 事業名
１-２ マイナンバーカードの普及率及び住民利便性の向

上

基本目標 市民の利便性向上

担当部署 窓口サービス課

事業内容

交付を進めます。

スケジュール

令和３年度 令和４年度

運用
"""


def test_plain_card_fields():
    (c1, c2), _ = cards(PLAIN_CARD)
    assert (c1.number, c1.name, c1.goal) == ("1-1", "行政手続のオンライン化", "市民の利便性向上")
    assert c1.departments == ["情報推進課", "財政課", "関係所属"]
    assert c1.description.startswith("これまで、行政手続のオンライン化については、「地方公共団体")
    assert c1.kpis[0].indicator == "オンライン化済手続数"
    assert c1.kpis[0].target_text == "令和4年度末までにオンライン化済手続数10件を達成"
    assert [(s.fiscal_year, s.status, s.ambiguous) for s in c1.schedule] == [
        (2021, "implement", False), (2022, "operate", False)]
    assert c1.source.line == 1


def test_wrapped_card_name_comes_out_whole():
    (_, c2), _ = cards(PLAIN_CARD)
    assert c2.name == "マイナンバーカードの普及率及び住民利便性の向上"


def test_fewer_cells_than_years_cover_every_year_ambiguously():
    (_, c2), warnings = cards(PLAIN_CARD)
    assert [(s.fiscal_year, s.status_raw, s.ambiguous) for s in c2.schedule] == [
        (2021, "運用", True), (2022, "運用", True)]
    assert "ambiguous_schedule_cell" in {w.code for w in warnings}


def test_merged_cell_with_geometry_covers_both_years():
    years = [(Cell("令和3年度", col=1), 2021), (Cell("令和4年度", col=2), 2022)]
    got = assign_years(years, [Cell("実施", col=1, colspan=2)], grid=True)
    assert [(fy, c.text, amb) for (_, fy), c, amb in got] == [(2021, "実施", False), (2022, "実施", False)]


MARKDOWN_CARDS = """\
## 第2節 基本目標2 行政サービス向上のための情報化

事業名\t2-1 各種証明書交付サービスの充実\t\t□新規 ■継続
担当課\t窓口サービス課\t\t
取組概要\t<p>コンビニ交付を行います。</p> <p>拡充します。</p>\t\t
年度別計画\t平成31年度\t平成32年度\t
\t実施\t→\t

項番\t①\t項目名\t庁内LANの整備\t
主な担当部局\t\t総務部・政策経営部\t実施見通し\t継続して実施
令和3年度\t\t\t令和4年度\t
・運用・拡充及び調査研究\t\t\t・実施\t
"""


def test_markdown_cards_goal_from_heading_checkbox_arrow_and_implicit_schedule():
    (c1, c2), warnings = cards(MARKDOWN_CARDS, markdown=True)
    assert (c1.number, c1.goal, c1.category) == ("2-1", "行政サービス向上のための情報化", "継続")
    assert c1.description == "コンビニ交付を行います。\n拡充します。"
    assert [(s.fiscal_year, s.status_raw) for s in c1.schedule] == [(2019, "実施"), (2020, "実施")]
    assert "era_year_overflow" in {w.code for w in warnings}
    assert (c2.number, c2.name, c2.outlook) == ("1", "庁内LANの整備", "継続して実施")
    assert c2.departments == ["総務部", "政策経営部"]
    assert [(s.fiscal_year, s.status, s.status_raw) for s in c2.schedule] == [
        (2021, "operate", "運用・拡充及び調査研究"), (2022, "implement", "実施")]


def test_mis_decoded_circled_sequence_is_repaired_with_warning():
    rows = "".join(f"項番\t{n}\t項目名\t事業{i}\t\n主な担当部局\t総務部\t\t\n\n"
                   for i, n in enumerate("⑨⑩①②③⑭", start=9))
    got, warnings = cards(rows, markdown=True)
    assert [c.number for c in got] == ["9", "10", "11", "12", "13", "14"]
    assert sum(w.code == "circled_number_repaired" for w in warnings) == 3


def test_wrapped_lines_vs_separate_items():
    width = 50   # display columns: full-width characters count 2
    assert split_items(["マイナポータルの電子申請機能を活用した介護・被災者", "支援関係手続のオンライン化"], width) == [
        "マイナポータルの電子申請機能を活用した介護・被災者支援関係手続のオンライン化"]
    assert split_items(["文書管理システムの導入", "財務会計システムの再構築"], width) == [
        "文書管理システムの導入", "財務会計システムの再構築"]


def test_sub_projects_under_a_parent_card():
    text = ("事業名 ３-６ 個別システム等の導入\n担当部署 情報推進課\nスケジュール\n令和３年度 令和４年度\n実施 実施\n"
            " ３-６ 個別システム等の導入\n事業名 ①業務用チャットツールの導入\n担当部署 情報推進課\n事業費 792 千円\n"
            " ３-６ 個別システム等の導入\n事業名 ②畜犬管理システムの再構築\n担当部署 環境政策課\n")
    got, _ = cards(text)
    assert [(c.number, c.parent_number) for c in got] == [("3-6", None), ("3-6-1", "3-6"), ("3-6-2", "3-6")]
    assert got[1].budget_jpy == 792000


def test_a_table_header_with_a_label_word_is_not_a_card():
    got, _ = cards("事業名\t計画事項\t実施状況\n1-1 PR\t実施\t実施\n", markdown=True)
    assert got == []


def test_plain_ruled_card_with_labels_wrapped_in_their_cell():
    """pdftotext of a ruled card whose label column is narrow: 事業No. / 1-1 and 年 度 別 計 / 画
    wrap inside the label cell; the schedule's status line comes after a page break; 令和 10 年度
    is printed with spaces and 令和７年度 with a full-width digit."""
    dump = ("事業No.     電子申請サービスの拡充\n"
            "1-1\n"
            "担当課      情報政策課\n"
            "事業概要    電子申請で受け付ける手続を増やします。\n"
            "年 度 別 計  令和７年度   令和８年度    令和 10 年度\n"
            "画\n\n- 1 -\n\f\n"
            "            検討          実施          運用\n")
    (c,), _ = cards(dump)
    assert (c.number, c.name, c.departments) == ("1-1", "電子申請サービスの拡充", ["情報政策課"])
    assert [(s.fiscal_year, s.status_raw) for s in c.schedule] == [
        (2025, "検討"), (2026, "実施"), (2028, "運用")]


def test_plain_card_number_cut_by_a_narrow_label_cell():
    (c,), _ = cards("取組番号 １-  電子申請サービスの拡充\n１\n担当課      情報政策課\n")
    assert (c.number, c.name) == ("1-1", "電子申請サービスの拡充")


def test_plain_card_label_completed_by_the_number_under_it():
    (c,), _ = cards("事業       RPAとAI-OCRの活用\nNo.3-1\n担当部局     情報政策課\n")
    assert (c.number, c.name, c.departments) == ("3-1", "RPAとAI-OCRの活用", ["情報政策課"])


def test_a_wrapped_value_line_is_not_a_label_tail():
    (c,), _ = cards("事業名  窓口の改革\n事業概要 市民の手続を\n各課で進めます。\n")
    assert c.description == "市民の手続を各課で進めます。"


def test_status_bar_arrows_continue_the_status_on_their_left():
    """A roadmap bar printed as text: arrow-only cells (━━▶) take the status on their left; a
    status whose arrow points on (運用→) covers the years with no cell after it."""
    years = [(Cell(f"令和{n}年度", col=n - 6), 2018 + n) for n in (7, 8, 9, 10)]
    got = assign_years(years, [Cell("調査・検討", col=1), Cell("━━▶", col=2), Cell("←運用→", col=3)],
                       grid=True)
    assert [(fy, c.text) for (_, fy), c, _ in got] == [
        (2025, "調査・検討"), (2026, "調査・検討"), (2027, "←運用→"), (2028, "←運用→")]
    # without an arrow an empty year stays empty: nothing is planned that year
    got = assign_years(years, [Cell("実施", col=1), Cell("運用", col=4)], grid=True)
    assert [fy for (_, fy), _, _ in got] == [2025, 2028]


def test_roadmap_bar_statuses_lose_their_arrows():
    text = ("| 取組名 | 令和7年度 | 令和8年度 | 令和9年度 |\n|---|---|---|---|\n"
            "| 1-1 電子申請の拡充 | 検討 | 実施 ━━▶ |  |\n")
    p, = parse_roadmaps(read_markdown_text(text, "x.md"), StatusVocabulary.load(), Collector())
    assert [(s.fiscal_year, s.status, s.status_raw) for s in p.schedule] == [
        (2025, "study", "検討"), (2026, "implement", "実施"), (2027, "implement", "実施")]


GOAL_SECTION_CARDS = """\
## 第1節 基本目標1 市民サービスの向上

### 施策1－1 手続のオンライン化

① 電子申請サービスの拡充（情報政策課、関係各課）

| 取組内容 | 電子申請で受け付ける手続を増やします。 |  |
|---|---|---|
| 年度別計画 | 令和7年度 | 令和8年度 |
|  | 実施 | 運用 |
"""


def test_card_without_name_row_takes_the_numbered_line_above():
    (c,), _ = cards(GOAL_SECTION_CARDS, markdown=True)
    assert (c.number, c.name, c.goal, c.measure) == (
        "1", "電子申請サービスの拡充", "市民サービスの向上", "手続のオンライン化")
    assert c.departments == ["情報政策課", "関係各課"]
    assert c.description == "電子申請で受け付ける手続を増やします。"
    assert [(s.fiscal_year, s.status_raw) for s in c.schedule] == [(2025, "実施"), (2026, "運用")]


def test_numbered_measure_line_of_a_text_dump_sets_the_measure():
    text = ("第1節 基本目標1 市民サービスの向上\n\n施策1-2 窓口の改革\n\n"
            "事業名  2-1 書かない窓口の導入\n担当課  市民課\n事業概要  申請書を作成します。\n")
    (c,), _ = cards(text)
    assert (c.number, c.goal, c.measure, c.departments) == (
        "2-1", "市民サービスの向上", "窓口の改革", ["市民課"])


def test_roadmap_part_after_a_page_break_is_read_by_its_columns():
    """A markdown roadmap cut by a page break: the part overleaf is a table of its own, without
    the year header, whose empty cells still say which years a bar leaves out."""
    text = ("| 取組名 | 令和7年度 | 令和8年度 | 令和9年度 | 令和10年度 |\n|---|---|---|---|---|\n"
            "| 1-1 電子申請の拡充 | 検討 | 実施 | 実施 | 運用 |\n\n\n"
            "| 1-2 施設予約 | ←移行→ |  | 運用 |  |\n|---|---|---|---|---|\n"
            "| 1-3 窓口改革 | 試行 |  | 運用 |  |\n")
    p1, p2, p3 = parse_roadmaps(read_markdown_text(text, "x.md"), StatusVocabulary.load(), Collector())
    assert [(s.fiscal_year, s.status_raw) for s in p2.schedule] == [
        (2025, "移行"), (2026, "移行"), (2027, "運用")]
    assert [(s.fiscal_year, s.status_raw) for s in p3.schedule] == [(2025, "試行"), (2027, "運用")]


def test_merged_cell_of_a_laid_out_row_covers_every_year_under_it():
    from extract.parsers.roadmaps import years_by_position
    years = [(Cell(f"令和{n}年度", bbox=(100 * n, 0, 100 * n + 60, 10)), 2018 + n) for n in (7, 8, 9)]
    got = years_by_position(years, [Cell("移行", bbox=(700, 20, 890, 30)), Cell("運用", bbox=(900, 20, 960, 30))])
    assert [(fy, c.text) for (_, fy), c, _ in got] == [(2025, "移行"), (2026, "移行"), (2027, "運用")]


def test_value_wrapped_over_a_page_break_goes_on_overleaf():
    """A text dump's label/value card whose 事業概要 wraps over a page break: the page number,
    the running header and the blank lines between are no paragraph break."""
    head = " しらさぎ台市DX推進計画 \n"
    text = ("事業名 1-1 電子申請の拡充\n担当課 情報政策課\n\n- 1 -\n\f" + head + "\n"
            "事業名 2-2 キャッシュレス決済の拡大\n事業概要　市税や証明書の手数料について、支所や公\n"
            "\n- 2 -\n\f" + head + "\n民館の窓口にも端末を配置します。\n担当課：会計課\n\n- 3 -\n")
    (_, c), _ = cards(text)
    assert c.description == "市税や証明書の手数料について、支所や公民館の窓口にも端末を配置します。"
    assert c.departments == ["会計課"]


def test_numbered_line_at_a_page_foot_names_the_card_overleaf():
    head = " しらさぎ台市DX推進計画 \n"
    text = ("施策1-2 窓口の改革\n\n② キャッシュレス決済の拡大（会計課、税務課）\n\n- 2 -\n\f" + head +
            "\n概要        窓口に決済端末を配置します。\n評価指標    対応した窓口数\n\n- 3 -\n\f" + head +
            "\n第3章 推進体制\n\n- 4 -\n")
    (c,), _ = cards(text)
    assert (c.number, c.name, c.measure, c.departments) == (
        "2", "キャッシュレス決済の拡大", "窓口の改革", ["会計課", "税務課"])
    assert c.description == "窓口に決済端末を配置します。"
