"""Previous-plan review tables: the seeds against their hand-checked expected files, the
samples, and the layouts a review row comes in (grid, text with justification spaces)."""
from __future__ import annotations

import json

import pytest

from extract.ir import Block, Cell, Document, Row, make_table_block
from extract.parsers.common import Collector
from extract.parsers.reviews import parse_reviews
from extract.readers import read_document
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text
from normalize.status import StatusVocabulary
from tests.conftest import EXPECTED, SAMPLES, seed_path


def run(doc: Document, status: StatusVocabulary | None = None):
    out = Collector()
    status = status or StatusVocabulary.load()
    return parse_reviews(doc, status, out), out.items


@pytest.mark.parametrize("key", ["002", "003"])
def test_seed_reviews_match_expected(key):
    reviews, warnings = run(read_document(seed_path(key)))
    exp = json.loads((EXPECTED / f"seed_{key}.json").read_text(encoding="utf-8"))["reviews"]
    assert [r.model_dump(mode="json") for r in reviews] == exp
    assert warnings == []


def test_seed_002_both_row_shapes_read():
    reviews, _ = run(read_document(seed_path("002")))
    assert len(reviews) == 41
    one_cell = next(r for r in reviews if r.source.line == 205)     # "1-2-2教育…" in one cell
    two_cells = next(r for r in reviews if r.source.line == 216)    # "3-1-3" | name
    assert (one_cell.number, one_cell.name, one_cell.actual_raw) == ("1-2-2", "教育ウェブサイトの充実", "調査・検討")
    assert (two_cells.number, two_cells.planned, two_cells.actual) == ("3-1-3", "partial", "changed")


def test_card_tables_are_not_review_tables():
    assert run(read_document(seed_path("000")))[0] == []
    reviews, _ = run(read_document(seed_path("003")))
    assert [r.source.line for r in reviews] == list(range(76, 87))   # only the 実施状況一覧


@pytest.mark.parametrize("name", ["hibarino_plain.txt", "hibarino_markdown.md",
                                  "hibarino_actionplan.md", "hibarino_plan.pdf"])
def test_sample_reviews_match_expected(name):
    path = SAMPLES / name
    exp_path = SAMPLES / "expected" / f"{path.stem}.json"
    if not path.is_file() or not exp_path.is_file():
        pytest.skip(f"sample {name} not built")
    reviews, _ = run(read_document(path))
    exp = json.loads(exp_path.read_text(encoding="utf-8"))["reviews"]
    assert [r.model_dump(mode="json") for r in reviews] == exp


def test_text_row_with_justification_spaces():
    text = ("表1 前計画の取組状況\n\n"
            "No. 取 組 名 所 管 課 計 画 実 績 達 成\n"
            "1-1 電子申請システムの導入 デジタル推進課 実 施 調 査・検 討 ○\n"
            "1-2 OCR 読込編集システムの更改 総務課 一 部 実 施 計 画 変 更\n"
            "1-3 RPAの整備 政策経営部 総務部 実施 完了 ○\n"
            "\n第3章 取組の内容\n")
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.name, r.department, r.planned, r.planned_raw, r.actual, r.actual_raw,
             r.achieved) for r in reviews] == [
        ("1-1", "電子申請システムの導入", "デジタル推進課", "implement", "実施", "study", "調査・検討", True),
        ("1-2", "OCR読込編集システムの更改", "総務課", "partial", "一部実施", "changed", "計画変更", False),
        ("1-3", "RPAの整備", "政策経営部、総務部", "implement", "実施", "complete", "完了", True)]
    assert [r.source.line for r in reviews] == [4, 5, 6]
    assert warnings == []


def test_text_wrapped_name_joins_the_row_above():
    text = ("事業名 計画 実績\n"
            "1 市民活動及び地域づくり支援に 実施 完了\n"
            "関する情報化\n"
            "2 戸籍システムの更改 実施 完了\n")
    reviews, _ = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.name) for r in reviews] == [
        ("1", "市民活動及び地域づくり支援に関する情報化"), ("2", "戸籍システムの更改")]


def test_text_row_without_status_is_warned_not_dropped_silently():
    text = ("事業名 計画 実績\n1 戸籍システムの更改 実施 完了\n\n\n2 住民記録システム 参照のこと\n")
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [r.number for r in reviews] == ["1"]
    assert [(w.code, w.source.line) for w in warnings] == [("review_row_skipped", 5)]
    assert "x.txt 5行目" in warnings[0].message


def test_markdown_table_continued_without_header_after_a_blank_line():
    md = ("事業名\t計画事項\t実施状況\n1-1-1 PRの充実\t実 施\t完 了\n\n"
          "1-1-2\t教育サイト\t調 査・検 討\t実 施\n\n## 次の節\n\n1\t2\t3\n")
    reviews, _ = run(read_markdown_text(md, "x.md"))
    assert [(r.number, r.name, r.planned, r.actual) for r in reviews] == [
        ("1-1-1", "PRの充実", "implement", "complete"), ("1-1-2", "教育サイト", "study", "implement")]


def test_grid_review_by_geometry_with_circled_numbers():
    header = ["項番", "項目名", "主な担当部局", "実施状況", "実施項目達成状況"]
    data = [["⑪", "情報セキュリティ内部監査の実施", "総務部", "実施", "○"],
            ["⑫", "統合型地理情報システム", "総務部", "検討", ""]]
    rows = [Row([Cell(t, col=k, raw=t) for k, t in enumerate(r)], page=4) for r in [header] + data]
    for r in rows[1:]:
        r.cells[0] = Cell({"⑪": "11", "⑫": "12"}[r.cells[0].raw], col=0, raw=r.cells[0].raw)
    doc = Document("plan.pdf", "pdf")
    doc.blocks = [make_table_block(rows, grid=True)]
    reviews, _ = run(doc)
    assert [(r.number, r.department, r.planned, r.actual, r.achieved, r.source.page) for r in reviews] == [
        ("11", "総務部", None, "implement", True, 4), ("12", "総務部", None, "study", False, 4)]


def test_unknown_status_kept_raw_and_warned_by_the_vocabulary():
    status = StatusVocabulary.load()
    md = "事業名\t実績\n1 戸籍システムの更改\t様子見\n"
    reviews, _ = run(read_markdown_text(md, "x.md"), status)
    assert (reviews[0].actual, reviews[0].actual_raw) == ("other", "様子見")
    assert [w["code"] for w in status.warnings()] == ["status_unmapped"]


def test_tables_without_a_status_column_are_not_reviews():
    md = ("計画事項\t事業数\t実施状況\t事業数\n実施\t30\t完了\t18\n\n"
          "項番\t1\t項目名\t庁内LANの整備\n主な担当部局\t\t総務部\t実施見通し\n")
    assert run(read_markdown_text(md, "x.md"))[0] == []


def test_text_dash_status_is_empty_not_a_skipped_row():
    text = "No. 取組名 計画 実績\n1 電子申請 - 実施\n2 統合型GIS 検討 －\n"
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.name, r.planned, r.actual) for r in reviews] == [
        ("1", "電子申請", None, "implement"), ("2", "統合型GIS", "study", None)]
    assert warnings == []


def test_status_with_a_bracketed_note_and_joined_terms():
    text = "事業名 計画 実績\n1 戸籍システムの更改 調査・実施 完了 (令和2年度)\n"
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [(r.name, r.planned, r.planned_raw, r.actual, r.actual_raw) for r in reviews] == [
        ("戸籍システムの更改", "study", "調査・実施", "complete", "完了(令和2年度)")]
    assert warnings == []


def test_grid_name_wrapped_onto_a_row_of_its_own_joins_the_row_above():
    header = ["No.", "取組名", "計画", "実績"]
    data = [["1", "市民活動及び地域づくり支援に", "実施", "完了"], ["", "関する情報化", "", ""],
            ["2", "戸籍システムの更改", "実施", "完了"]]
    rows = [Row([Cell(t, col=k) for k, t in enumerate(r)], page=2) for r in [header] + data]
    doc = Document("plan.pdf", "pdf")
    doc.blocks = [make_table_block(rows, grid=True)]
    reviews, _ = run(doc)
    assert [(r.number, r.name) for r in reviews] == [
        ("1", "市民活動及び地域づくり支援に関する情報化"), ("2", "戸籍システムの更改")]


def test_rating_column_marks_and_letter_grades():
    """A rating column (評価) instead of an achieved ○: ◎ ○ say achieved, × not, a letter grade
    or △ leaves it open; the table is read (it was rejected for its unknown column)."""
    text = ("| No. | 取組名 | 担当課 | 実施状況 | 評価 |\n|---|---|---|---|---|\n"
            "| 1-1 | 電子申請の拡充 | 情報政策課 | 完了 | A |\n"
            "| 1-2 | 施設予約のオンライン化 | 生涯学習課 | 一部実施 | △ |\n\n"
            "| No. | 取組名 | 計画 | 実績 | 総合評価 |\n|---|---|---|---|---|\n"
            "| 2-1 | 書かない窓口 | 実施 | 完了 | ◎ |\n"
            "| 2-2 | キャッシュレス決済 | 実施 | 計画変更 | × |\n")
    reviews, _ = run(read_markdown_text(text, "x.md"))
    assert [(r.number, r.department, r.actual, r.achieved) for r in reviews] == [
        ("1-1", "情報政策課", "complete", None), ("1-2", "生涯学習課", "partial", None),
        ("2-1", None, "complete", True), ("2-2", None, "changed", False)]


def test_text_rating_grade_read_from_the_right():
    text = ("No. 取組名 担当課 計画 実績 評価\n"
            "1-1 電子申請の拡充 情報政策課 実施 完了 A\n"
            "1-2 施設予約のオンライン化 生涯学習課 実施 計画変更 ×\n")
    reviews, _ = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.name, r.actual_raw, r.achieved) for r in reviews] == [
        ("1-1", "電子申請の拡充", "完了", None), ("1-2", "施設予約のオンライン化", "計画変更", False)]


def test_running_header_between_the_parts_of_a_table_does_not_end_it():
    head = " しらさぎ台市DX推進計画 \n"
    text = ("前計画の取組状況\n\nNo.   取組名             計画    実績\n"
            "1-1   電子申請の拡充       実施    完了\n\n- 1 -\n\f" + head +
            "\n1-2   施設予約のオンライン化   実施    一部実施\n\n- 2 -\n\f" + head + "\n第3章 取組の内容\n\n- 3 -\n")
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.actual_raw) for r in reviews] == [("1-1", "完了"), ("1-2", "一部実施")]
    assert warnings == []            # the running header is no skipped row


def test_running_header_between_two_parts_of_a_grid_table_does_not_end_it():
    """A ruled table cut by a page break: the next page's running header (printed on every
    page) sits between its parts; the part overleaf, without a header, is still the table's."""
    def grid(rows, page):
        return make_table_block([Row([Cell(t, col=k) for k, t in enumerate(r)], page=page)
                                 for r in rows], grid=True)

    def line(text, page):
        return Block("text", [Row([Cell(text)], page=page, kind="text")])
    doc = Document("plan.pdf", "pdf")
    doc.blocks = [line("しらさぎ台市DX推進計画", 2),
                  grid([["No.", "取組名", "計画", "実績"], ["1-1", "電子申請の拡充", "実施", "完了"]], 2),
                  line("しらさぎ台市DX推進計画", 3),
                  grid([["1-2", "施設予約のオンライン化", "実施", "一部実施"]], 3)]
    reviews, _ = run(doc)
    assert [(r.number, r.actual_raw, r.source.page) for r in reviews] == [
        ("1-1", "完了", 2), ("1-2", "一部実施", 3)]


def test_text_header_with_labels_wrapped_in_their_cells():
    """pdftotext of narrow header cells: 取組番号 and 計画時の予定 wrap, their tails on the line
    below under where each label starts."""
    text = ("前計画の取組状況\n\n"
            "取組番  取組項目            所管課       計画時の予  実施結果\n"
            "号" + " " * 30 + "定\n"
            "1-1  電子申請サービスの拡充     情報政策課     実施       完了\n"
            "1-2  公共施設予約のオンライン化   生涯学習課     実施       一部実施\n")
    reviews, warnings = run(read_plain_text(text, "x.txt"))
    assert [(r.number, r.name, r.department, r.planned_raw, r.actual_raw) for r in reviews] == [
        ("1-1", "電子申請サービスの拡充", "情報政策課", "実施", "完了"),
        ("1-2", "公共施設予約のオンライン化", "生涯学習課", "実施", "一部実施")]
    assert warnings == []
