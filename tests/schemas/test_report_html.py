"""report.html: counts, warnings, failures and the roadmap picture, self-contained and escaped."""
from __future__ import annotations

import re

from schemas.models import Plan, PlanDocument, Project, ScheduleCell, Warning_
from schemas.report import InputReport, Report, Totals
from schemas.report_html import STATUS_STYLE, report_html
from tests.badinputs.corpus import EXPECTED_FAILURES, shared_run


def html_of(tmp_path_factory) -> str:
    out, _ = shared_run(tmp_path_factory)
    return (out / "report.html").read_text(encoding="utf-8")


def test_the_page_lists_every_failure_with_its_reason(tmp_path_factory):
    html = html_of(tmp_path_factory)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="ja">' in html
    for name, words in EXPECTED_FAILURES.items():
        assert name.split("/")[-1] in html and words in html, name
    assert "文字情報のないページ（OCRが必要）" in html and "kamome_scanned.pdf" in html


def test_each_plan_has_counts_warnings_and_a_roadmap(tmp_path_factory):
    html = html_of(tmp_path_factory)
    sections = html.split('<section class="plan"')[1:]
    kamome = next(s for s in sections if "<code>badinputs/good/kamome_utf8.txt</code>" in s)
    assert "第1次かもめ浜町情報化推進計画" in kamome
    assert "<h3>事業 2件（KPI 2件）</h3>" in kamome
    # the projects: number, name, departments, KPI targets
    assert re.search(r"<td>1-1</td><td>窓口予約システムの導入</td><td>住民課、情報政策課</td>"
                     r"<td>窓口予約の利用件数: 令和9年度末までに年間1,200件</td>", kamome)
    # the roadmap: one row per project, one column per fiscal year of the plan period
    assert "<th>2025年度 (R7)</th><th>2026年度 (R8)</th><th>2027年度 (R9)</th>" in kamome
    assert '<th class="proj">1-1 窓口予約システムの導入</th>' in kamome
    bg = STATUS_STYLE["study"][1]
    assert f'class="cell st-study" style="background:{bg};' in kamome
    assert 'title="令和7年度: 調査・検討（調査・検討）">調査・検討</td>' in kamome
    legend = kamome.split('<p class="legend">')[1].split("</p>")[0]
    assert "調査・検討" in legend and "study" not in legend and "<code>" not in legend
    assert "<code>lg_code_unknown</code>" in kamome                # the warnings table


def test_the_page_is_self_contained():
    html = report_html([], Report(extractor_version="0.1.0", inputs=[], totals=Totals()))
    text = html.decode("utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert "<link" not in text and "<style>" in text


def test_document_text_is_escaped():
    evil = '<script>alert("x")</script>&'
    plan = Plan(plan_id="0123456789ab", title=evil, source_file="a<b>.txt", source_sha256="0" * 64,
                source_format="text", extractor_version="0.1.0")
    doc = PlanDocument(plan=plan, projects=[Project(name=evil, schedule=[
        ScheduleCell(fiscal_year=2021, label="R3", status='x" onmouseover="y', status_raw=evil)])],
        warnings=[Warning_(code="c", message=evil)])
    rep = Report(extractor_version="0.1.0", totals=Totals(inputs=1, extracted=1),
                 inputs=[InputReport(file="a<b>.txt", status="ok", plan_id="0123456789ab")])
    html = report_html([doc], rep).decode("utf-8")
    assert "<script>" not in html and "a<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    assert 'onmouseover="y' not in html


def test_the_page_has_no_timings_so_reruns_are_identical(tmp_path_factory):
    html = html_of(tmp_path_factory)
    assert "seconds" not in html and "秒" not in html


def test_the_first_section_counts_files_with_and_without_records_and_names_them(tmp_path):
    from extract.batch import run_batch
    from tests.badinputs.corpus import CORPUS
    src = tmp_path / "in"
    src.mkdir()
    (src / "minutes.txt").write_text("第3回 会議録\n\n本日の議題について話し合った。\n",
                                     encoding="utf-8")
    run_batch([src, CORPUS / "good" / "kamome_utf8.txt"], tmp_path / "o", quiet=True)
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    first = html.split("<section")[0]
    assert "データあり 1 件" in first and "データなし 1 件" in first and "失敗 0 件" in first
    assert "データが見つからなかった入力" in first and "<code>in/minutes.txt</code>" in first.split("データが見つからなかった入力")[1]


def test_the_overview_of_all_plans_comes_before_any_plan_section(tmp_path_factory):
    html = html_of(tmp_path_factory)
    head, first_plan = html.split('<section class="plan"', 1)
    overview = head.split("<h2>計画の一覧</h2>")[1]
    assert overview.startswith('<table class="overview">')
    rows = overview.split("</thead>")[1].split("</table>")[0].count("<tr")
    assert rows == html.count('<section class="plan"')
    assert "第1次かもめ浜町情報化推進計画</a>" in overview


def test_a_project_without_schedule_keeps_its_roadmap_row():
    plan = Plan(plan_id="0123456789ab", title="計画", source_file="a.txt", source_sha256="0" * 64,
                source_format="text", extractor_version="0.1.0", period_start_fy=2024,
                period_end_fy=2025)
    doc = PlanDocument(plan=plan, projects=[
        Project(number="1", name="予定あり", schedule=[
            ScheduleCell(fiscal_year=2024, label="R6", status="study", status_raw="検討")]),
        Project(number="2", name="予定なし")])
    rep = Report(extractor_version="0.1.0", totals=Totals(inputs=1, extracted=1),
                 inputs=[InputReport(file="a.txt", status="ok", plan_id="0123456789ab")])
    html = report_html([doc], rep).decode("utf-8")
    assert ('<th class="proj">2 予定なし</th><td class="cell none" colspan="2">'
            "スケジュールの記載なし</td>") in html


def test_no_absolute_path_in_the_page(tmp_path_factory):
    from tests.badinputs.corpus import CORPUS
    html = html_of(tmp_path_factory)
    assert str(CORPUS) not in html and str(CORPUS.parents[1]) not in html


def test_dates_read_as_japanese_and_a_budget_list_shows_its_amounts():
    """What a Japanese reader of the real-PDF run found wrong (issue 12): ISO dates, a budget
    list (延岡市 補正予算の主要事業) shown without its amounts and 新規 marks."""
    plan = Plan(plan_id="0123456789ab", source_file="nobeoka_hosei.pdf", source_sha256="0" * 64,
                source_format="pdf", extractor_version="0.1.0", published="2026-05-27")
    doc = PlanDocument(plan=plan, projects=[
        Project(number="1", name="学校給食支援金給付事業", category="新規", budget_jpy=101495000),
        Project(number="2", name="水道事業補助金")])
    rep = Report(extractor_version="0.1.0", totals=Totals(inputs=1, extracted=1),
                 inputs=[InputReport(file="in/nobeoka_hosei.pdf", status="ok",
                                     plan_id="0123456789ab")])
    html = report_html([doc], rep).decode("utf-8")
    assert "公表 2026年5月27日" in html
    projects = html.split('<table class="projects">')[1].split("</table>")[0]
    assert "<th>区分</th><th>事業費</th><th>位置</th>" in projects
    assert '<td>新規</td><td><span class="num">101,495,000円</span></td>' in projects


def test_dates_keep_the_printed_precision():
    from schemas.report_html import date_ja
    assert [date_ja(d) for d in ("2026-05-27", "2015-08", "2015", None)] == [
        "2026年5月27日", "2015年8月", "2015年", "不明"]
