"""Outline parser: projects as the deepest items of nested numbered headings, departments in
brackets after each name (issue 9, nested_headings)."""
from __future__ import annotations

from pathlib import Path

from extract.parsers.common import Collector
from extract.parsers.outline import parse_outline
from extract.pipeline import extract_file
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text

# A plan written for this test: full-width numbers, 施策１－１ (dashed) under 基本目標１, a bracket
# that is not a department list, a description wrapped over lines with a number at a line start.
PLAIN = """\
みずなら町情報化推進計画

第２章 施策の展開

基本目標１ 誰もが使いやすい行政

施策１－１ 手続のデジタル化

① オンライン申請の拡大（企画課、関係課）
町民が役場に来なくても申請できるよう、対象手続を
20 手続から順次増やします。

② 電子納付の導入（税務住民課・会計室）
町税を電子で納められるようにします。

施策１－２ 情報発信の充実

① 町公式アプリ（仮称）の配信（総務課）
防災情報とごみ収集日を一つのアプリで届けます。

基本目標２ 効率的な役場

施策２－１ 事務の自動化

① 電子決裁の導入（総務課）
紙の決裁をなくし、文書管理と一体で運用します。

③ 記念式典の開催（令和８年度）
"""


def outline(text: str, markdown: bool = False):
    doc = (read_markdown_text if markdown else read_plain_text)(text, "t")
    return parse_outline(doc, Collector())


def test_items_with_their_departments_goal_and_measure():
    got = outline(PLAIN)
    assert [(p.number, p.name) for p in got] == [
        ("1", "オンライン申請の拡大"), ("2", "電子納付の導入"), ("1", "町公式アプリ(仮称)の配信"),
        ("1", "電子決裁の導入")]
    first, second, app, last = got
    assert first.departments == ["企画課", "関係課"]
    assert second.departments == ["税務住民課", "会計室"]
    assert (first.goal, first.measure) == ("誰もが使いやすい行政", "手続のデジタル化")
    assert (app.goal, app.measure) == ("誰もが使いやすい行政", "情報発信の充実")
    assert (last.goal, last.measure) == ("効率的な役場", "事務の自動化")
    # the wrapped line starting with "20" continues the description, it is no heading
    assert first.description == "町民が役場に来なくても申請できるよう、対象手続を20手続から順次増やします。"
    assert app.description == "防災情報とごみ収集日を一つのアプリで届けます。"


def test_a_bracket_without_departments_is_no_item():
    assert "記念式典の開催" not in [p.name for p in outline(PLAIN)]


def test_markdown_headings_without_words_nest_by_numbering():
    md = ("# 3 施策の内容\n\n## 1 安心なまち\n\n### (1) 防災の強化\n\n"
          "① 防災アプリの導入（危機管理室）\n\nアプリで避難情報を届けます。\n\n"
          "### (2) 見守り\n\n① 見守りセンサーの設置（福祉課、関係各課）\n\n高齢者宅に設置します。\n")
    got = outline(md, markdown=True)
    assert [(p.name, p.goal, p.measure, p.departments) for p in got] == [
        ("防災アプリの導入", "安心なまち", "防災の強化", ["危機管理室"]),
        ("見守りセンサーの設置", "安心なまち", "見守り", ["福祉課", "関係各課"])]


def test_pipeline_uses_the_outline_when_there_are_no_cards(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAIN, encoding="utf-8")
    doc = extract_file(path)
    assert [p.name for p in doc.projects][:2] == ["オンライン申請の拡大", "電子納付の導入"]


def test_a_figure_title_or_kinds_of_school_in_brackets_are_no_items():
    # Lines of the otoineppu 地域防災計画 (資料編): a contact list headed by the kinds of school
    # it covers, and a map credited to who drew it. Owners that are schools stay items.
    text = ("第１章 資料\n\n１ 連絡先\n\n"
            "３ 学校（小中学校・高等学校）\n村立小中学校 01656-5-3031\n\n"
            "３ 土砂災害危険箇所位置図（旭川建設管理部）\n\n"
            "２ 教育の情報化\n\n"
            "① 一人一台端末の更新（学校教育課、各小中学校）\n端末を入れ替えます。\n\n"
            "② 校務支援システムの導入（音威子府小中学校）\n校務を電子化します。\n\n"
            "③ デジタル地図（総務課）\n防災情報を地図で届けます。\n")
    got = outline(text)
    assert [(p.name, p.departments) for p in got] == [
        ("一人一台端末の更新", ["学校教育課", "各小中学校"]),
        ("校務支援システムの導入", ["音威子府小中学校"]),
        ("デジタル地図", ["総務課"])]


def test_figure_title_pattern():
    from extract.structure.patterns import is_figure_title
    assert is_figure_title("土砂災害危険箇所位置図") and is_figure_title("施策体系図")
    assert not is_figure_title("デジタル地図") and not is_figure_title("事業の意図")
    assert not is_figure_title("図書館の整備")
