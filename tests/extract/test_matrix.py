"""施策体系 matrices (issue 9, case 4): goals as column headers, measures in the cells under them.
When no cards follow, the measures are the plan's records (with their goal); when cards follow,
each card takes goal and measure from the matrix by its number."""
from __future__ import annotations

from pathlib import Path

from extract.parsers.matrix import find_matrices
from extract.pipeline import extract_file
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text
from tests.structure.test_card_cases import _canvas, needs_font

# Case 4 as the issue words it: the only list of measures is the 施策体系 table.
CASE4_MD = """# 北川町DX推進計画

## 3 施策体系

| **基本目標1 便利な行政サービス** | **基本目標2 効率的な行政運営** |
|---|---|
| (1)電子申請の拡大 | (3)業務の自動化 |
| (2)窓口のデジタル化 | (4)情報システムの<br>標準化・共通化 |

## 4 推進体制

町長を本部長とするDX推進本部を置きます。
"""

# The same plan as a layout-keeping text dump: the goal's name under its number, a row-label
# column, a name wrapped in its narrow column, and prose after the table.
CASE4_TXT = """北川町DX推進計画

3 施策体系

基本目標    基本目標1             基本目標2
            便利な行政サービス    効率的な行政運営
施策        (1)電子申請の拡大     (3)業務の自動化
            (2)窓口のデジタル化   (4)情報システムの
                                  標準化・共通化

町長を本部長とするDX推進本部を置きます。
"""

EXPECTED = [("1", "電子申請の拡大", "便利な行政サービス"),
            ("2", "窓口のデジタル化", "便利な行政サービス"),
            ("3", "業務の自動化", "効率的な行政運営"),
            ("4", "情報システムの標準化・共通化", "効率的な行政運営")]


def records(path: Path) -> list[tuple]:
    return [(p.number, p.name, p.goal) for p in extract_file(path).projects]


def test_case4_measures_are_the_records(tmp_path: Path):
    for name, text in (("plan.md", CASE4_MD), ("plan.txt", CASE4_TXT)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert records(path) == EXPECTED, name


CARDS = """
第4章 取組の内容

事業名 1-1 電子申請サービスの拡充
担当課 情報政策課
事業内容 電子申請で受け付ける手続を増やします。

事業名 2-1 窓口のオンライン予約
担当課 市民課
事業内容 窓口の予約をオンラインで受け付けます。

事業名 3-1 RPAの導入
担当課 行政改革推進課
施策 業務の自動化
事業内容 定型業務にRPAを導入します。

事業名 AIチャットボットの導入
担当課 情報政策課
事業内容 問合せに自動で答えます。
"""


def test_cards_after_the_matrix_take_goal_and_measure(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(CASE4_TXT + CARDS, encoding="utf-8")
    got = {p.name: (p.number, p.goal, p.measure) for p in extract_file(path).projects}
    assert got == {
        # by number: card 1-1 under measure (1), 2-1 under (2)
        "電子申請サービスの拡充": ("1-1", "便利な行政サービス", "電子申請の拡大"),
        "窓口のオンライン予約": ("2-1", "便利な行政サービス", "窓口のデジタル化"),
        # the card prints its measure; the matrix adds the goal
        "RPAの導入": ("3-1", "効率的な行政運営", "業務の自動化"),
        # nothing to join it by
        "AIチャットボットの導入": (None, None, None),
    }


def test_numbering_restarting_under_each_goal_is_prefixed_by_the_goal():
    doc = read_markdown_text("""
| 目標1 市民サービスの向上 | 目標2 行政運営の効率化 |
|---|---|
| ①手続のオンライン化<br>②窓口の改革 | ①業務の自動化 |
""", "plan.md")
    (m,) = find_matrices(doc)
    assert [e[:3] for e in m.entries()] == [
        ("1-1", "手続のオンライン化", "市民サービスの向上"),
        ("1-2", "窓口の改革", "市民サービスの向上"),
        ("2-1", "業務の自動化", "行政運営の効率化")]


def test_bare_numbered_goals_need_measures_under_two_of_them():
    matrix = read_plain_text("1 市民サービス      2 行政運営\n(1)手続の改善      (2)業務の改善\n",
                             "a.txt")
    assert [e[1] for e in find_matrices(matrix)[0].entries()] == ["手続の改善", "業務の改善"]
    # two numbered lines side by side, one numbered line under them: no matrix
    lone = read_plain_text("1 はじめに      2 計画の位置付け\n(1)計画策定の趣旨\n", "b.txt")
    assert find_matrices(lone) == []


def test_prose_and_other_tables_are_not_matrices():
    doc = read_markdown_text("""
| 事業名 | 担当課 |
|---|---|
| (1)電子申請の拡大 | 情報政策課 |

| 基本目標1 便利な行政 | 基本目標2 効率的な行政 |
|---|---|
| 町民の利便性を高めるため、手続を見直し、電子申請で受け付ける手続を増やしていきます。 | 業務を見直します。 |
""", "plan.md")
    assert find_matrices(doc) == []


@needs_font
def test_unruled_pdf_with_goal_headers_centred_over_their_measures(tmp_path: Path):
    """No ruling lines: pieces go to the goal whose header is nearest, though the headers are
    centred and the measures left-aligned; a wrapped name continues below its measure."""
    path = tmp_path / "plan.pdf"
    c, h = _canvas(path)
    c.drawString(60, h - 60, "北川町DX推進計画")
    c.drawString(60, h - 100, "3 施策体系")
    columns = [(60, "基本目標1", "便利な行政サービス", ["(1)電子申請の拡大", "(2)窓口のデジタル化"]),
               (230, "基本目標2", "効率的な行政運営", ["(3)業務の自動化", "(4)情報システムの",
                                                      "  標準化・共通化"])]
    for x, word, name, lines in columns:
        c.drawCentredString(x + 75, h - 130, word)
        c.drawCentredString(x + 75, h - 144, name)
        for k, line in enumerate(lines):
            c.drawString(x + (10 if line.startswith(" ") else 0), h - 170 - 14 * k, line.strip())
    c.drawString(60, h - 240, "町長を本部長とするDX推進本部を置き、全庁で取り組みます。")
    c.showPage()
    c.save()
    assert records(path) == EXPECTED


THREE_LEVELS = """# 南野町DX推進計画

## 施策の体系

| 基本目標1 便利な町 | 基本目標2 効率的な役場 |
|---|---|
| (1)手続のオンライン化<br>①電子申請の拡大<br>②電子納付の導入 | (2)業務の改革<br>①RPAの導入 |
| | (3)人材の育成 |
"""


def test_items_under_the_measures_are_the_records(tmp_path: Path):
    """① lines under (1) in the same cell: items of that measure, numbered below it; a measure
    without items stays a record."""
    path = tmp_path / "plan.md"
    path.write_text(THREE_LEVELS, encoding="utf-8")
    got = [(p.number, p.name, p.goal, p.measure) for p in extract_file(path).projects]
    assert got == [("1-1", "電子申請の拡大", "便利な町", "手続のオンライン化"),
                   ("1-2", "電子納付の導入", "便利な町", "手続のオンライン化"),
                   ("2-1", "RPAの導入", "効率的な役場", "業務の改革"),
                   ("3", "人材の育成", "効率的な役場", None)]
    # cards after it, named as the items, take goal and measure from them
    path.write_text(THREE_LEVELS + "\n事業名 電子納付の導入\n担当課 会計課\n事業内容 手数料を電子納付で受けます。\n",
                    encoding="utf-8")
    (card,) = extract_file(path).projects
    assert (card.name, card.goal, card.measure, card.departments) == (
        "電子納付の導入", "便利な町", "手続のオンライン化", ["会計課"])


# The list form: 基本目標 | 施策 | 主な取組 | 担当課, the goal cell blank below its first row.
LIST_ROWS = [("基本目標", "施策", "主な取組", "担当課"),
             ("1 便利な行政サービス", "(1)電子申請の拡大", "・電子申請の対象拡大", "情報政策課"),
             ("", "", "・電子納付の導入", "会計課"),
             ("", "(2)窓口のデジタル化", "・書かない窓口", "市民課"),
             ("2 効率的な行政運営", "(3)業務の自動化", "・RPAの導入", "行政改革推進課")]
LIST_EXPECTED = [(None, "電子申請の対象拡大", "便利な行政サービス", "電子申請の拡大", ["情報政策課"]),
                 (None, "電子納付の導入", "便利な行政サービス", "電子申請の拡大", ["会計課"]),
                 (None, "書かない窓口", "便利な行政サービス", "窓口のデジタル化", ["市民課"]),
                 (None, "RPAの導入", "効率的な行政運営", "業務の自動化", ["行政改革推進課"])]


def test_list_form_items_with_goal_measure_and_department(tmp_path: Path):
    md = "| " + " |\n| ".join(" | ".join(r) for r in LIST_ROWS[:1] + [("---",) * 4] + LIST_ROWS[1:])
    txt = "\n".join("".join(c.ljust(14) for c in r).rstrip() for r in LIST_ROWS)
    prose = "\n\n本計画は、町の全ての部署が一体となって進めるものとします。\n"
    for name, text in (("plan.md", md + " |" + prose), ("plan.txt", txt + prose)):
        path = tmp_path / name
        path.write_text("南野町DX推進計画\n\n施策体系\n\n" + text, encoding="utf-8")
        got = [(p.number, p.name, p.goal, p.measure, p.departments)
               for p in extract_file(path).projects]
        assert got == LIST_EXPECTED, name


def test_a_table_of_projects_with_goal_and_measure_columns_stays_a_row_table():
    """基本目標 | 施策 | 事業名 | 担当課 has a name and a department: one project per row
    (row_tables.py), not a 施策体系."""
    doc = read_markdown_text("""
| 基本目標 | 施策 | 事業名 | 担当課 |
|---|---|---|---|
| 便利な行政 | 手続の改善 | 電子申請の拡大 | 情報政策課 |
""", "plan.md")
    assert find_matrices(doc) == []


def test_a_card_printing_another_goal_is_not_joined_by_its_number(tmp_path: Path):
    """Card 1-2 under measure (1) by number, unless the card prints a goal the matrix does not
    give that measure: its number then counts within its goal, not its measure."""
    path = tmp_path / "plan.txt"
    path.write_text(CASE4_TXT + """
事業名 1-2 RPAの導入
基本目標 効率的な行政運営
担当課 行政改革推進課
事業内容 定型業務にRPAを導入します。
""", encoding="utf-8")
    (card,) = extract_file(path).projects
    assert (card.number, card.goal, card.measure) == ("1-2", "効率的な行政運営", None)
