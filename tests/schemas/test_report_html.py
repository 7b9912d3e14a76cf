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
    kamome = next(s for s in sections if "<code>kamome_utf8.txt</code>" in s)
    assert "第1次かもめ浜町情報化推進計画" in kamome
    assert re.search(r"<th>事業</th><th>スケジュール</th><th>KPI</th>", kamome)
    assert '<span class="num">2</span>' in kamome and '<span class="num">6</span>' in kamome
    # the roadmap: one row per project, one column per fiscal year of the plan period
    assert "<th>2025年度</th><th>2026年度</th><th>2027年度</th>" in kamome
    assert '<th class="proj">1-1 窓口予約システムの導入</th>' in kamome
    bg = STATUS_STYLE["study"][1]
    assert f'class="cell st-study" style="background:{bg};' in kamome
    assert 'title="令和7年度: 調査・検討 (study)">調査・検討</td>' in kamome
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
    assert "データが見つからなかった入力" in first and "<code>in/minutes.txt</code>" in first
