"""One project per table row (issue 9, one_per_row): grid tables and text dumps with wrapped
cells and a wrapped header."""
from __future__ import annotations

from extract.parsers.common import Collector
from extract.parsers.row_tables import parse_row_tables
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text
from normalize.status import StatusVocabulary

# Written for this test: a number column, a goal row spanning the table, a year header cut over
# two lines in the text dump.
MARKDOWN = """\
# 第4章 事業一覧

| 番号 | 取組名 | 所管課 | 内容 | R7 | R8 |
|---|---|---|---|---|---|
| 基本目標1 暮らしの便利さ |  |  |  |  |  |
| 1 | 図書館の電子書籍 | 生涯学習課 | 電子書籍の貸出を始めます。 | 検討 | 実施 |
| 2 | 防災メールの多言語化 | 危機管理室、国際交流課 | 外国語でも配信します。 |  | 実施 |
"""

def at(*pieces: tuple[int, str]) -> str:
    """A dump line with each piece at its character column, as pdftotext -layout prints."""
    line = ""
    for x, text in pieces:
        line = line.ljust(x) + text
    return line


COLS = (0, 5, 18, 28, 50, 56)     # 番号 取組名 所管課 内容 令和7 令和8
PLAIN = "\n".join([
    "第４章 事業一覧", "",
    at(*zip(COLS, ["番号", "取組名", "所管課", "内容", "令和７", "令和８"])),
    at((50, "年度"), (56, "年度")),
    at(*zip(COLS, ["１", "図書館の電子", "生涯学習課", "電子書籍の貸出を始め、", "検討", "実施"])),
    at((5, "書籍"), (28, "返却も自動にします。")),
    at((0, "２"), (5, "防災メール多"), (18, "危機管理"), (28, "外国語でも配信します。"),
       (56, "実施")),
    at((5, "言語化"), (18, "室、国際交")),
    at((18, "流課")),
    "",
    "おわりに、この計画は毎年度見直します。各課の取組状況を確認して公表します。",
    ""])

LABEL_ABOVE = """\
| No. | 事業名 | 担当課 |
|---|---|---|
| 1-1 | 電子申請の拡大 | 情報政策課 |
| 基本目標 | 施策 |  |
| 便利な市役所 | 手続の改革 |  |
"""


def rows(text: str, markdown: bool):
    doc = (read_markdown_text if markdown else read_plain_text)(text, "t")
    return parse_row_tables(doc, StatusVocabulary.load(), Collector())[0]


def test_grid_rows_with_number_column_and_goal_row():
    got = rows(MARKDOWN, markdown=True)
    assert [(p.number, p.name, p.departments) for p in got] == [
        ("1", "図書館の電子書籍", ["生涯学習課"]),
        ("2", "防災メールの多言語化", ["危機管理室", "国際交流課"])]
    assert [p.goal for p in got] == ["暮らしの便利さ", "暮らしの便利さ"]
    assert [(c.fiscal_year, c.status_raw) for c in got[0].schedule] == [(2025, "検討"), (2026, "実施")]
    assert [(c.fiscal_year, c.status_raw) for c in got[1].schedule] == [(2026, "実施")]
    assert got[1].description == "外国語でも配信します。"


def test_text_dump_cells_wrapped_over_lines():
    got = rows(PLAIN, markdown=False)
    assert [(p.number, p.name, p.departments) for p in got] == [
        ("1", "図書館の電子書籍", ["生涯学習課"]),
        ("2", "防災メール多言語化", ["危機管理室", "国際交流課"])]
    assert got[0].description == "電子書籍の貸出を始め、返却も自動にします。"
    # the header's years were cut over two lines; an empty year cell is no schedule entry
    assert [(c.fiscal_year, c.status_raw) for c in got[0].schedule] == [(2025, "検討"), (2026, "実施")]
    assert [(c.fiscal_year, c.status_raw) for c in got[1].schedule] == [(2026, "実施")]
    # the closing prose is not part of the last row
    assert "おわりに" not in (got[1].description or "")


def test_text_dump_header_label_with_justification_spaces():
    """所 管 課 printed with justification spaces (and 等 wrapped under it) is one column."""
    text = PLAIN.replace(at(*zip(COLS, ["番号", "取組名", "所管課", "内容", "令和７", "令和８"])),
                         at(*zip(COLS, ["番号", "取組名", "所 管 課", "内容", "令和７", "令和８"])))
    text = text.replace(at((50, "年度"), (56, "年度")), at((18, "等"), (50, "年度"), (56, "年度")))
    got = rows(text, markdown=False)
    assert [(p.number, p.name, p.departments) for p in got] == [
        ("1", "図書館の電子書籍", ["生涯学習課"]),
        ("2", "防災メール多言語化", ["危機管理室", "国際交流課"])]
    assert [(c.fiscal_year, c.status_raw) for c in got[0].schedule] == [(2025, "検討"), (2026, "実施")]


def test_a_card_printed_label_above_value_is_no_row_table():
    assert rows(LABEL_ABOVE, markdown=True) == []
