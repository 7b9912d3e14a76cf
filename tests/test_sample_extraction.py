"""The bundled fictional plans (samples/) against their hand-written expected files: every card,
schedule cell and KPI, using label variants the real seeds don't."""
from __future__ import annotations

import json

import pytest

from bench.compare import compare_documents
from extract.pipeline import extract_file
from tests.conftest import SAMPLES

TEXT_SAMPLES = ["hibarino_plain.txt", "hibarino_markdown.md", "hibarino_actionplan.md"]
PDF_SAMPLES = ["hibarino_plan.pdf", "hibarino_infoplan.pdf"]
TABLE_SCORES = ("reviews", "review_planned", "review_actual", "procedures")
CARD_SCORES = ("cards", "number", "name", "goal", "departments", "kpis", "schedule", "category",
               "budget", "outlook", "description")


def expected_for(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads((SAMPLES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


def wrong_scores(name: str, fields: tuple[str, ...]) -> dict:
    """Scores (correct, expected, extra) of `fields` that are not perfect."""
    actual = extract_file(SAMPLES / name)
    scores = compare_documents(expected_for(name), actual.model_dump(mode="json"))
    return {k: (s.correct, s.total, s.extra) for k, s in scores.items()
            if k in fields and (s.correct != s.total or s.extra)}


@pytest.mark.parametrize("name", TEXT_SAMPLES + PDF_SAMPLES)
def test_sample_cards_all_right(name):
    assert wrong_scores(name, CARD_SCORES) == {}


@pytest.mark.parametrize("name", TEXT_SAMPLES + PDF_SAMPLES)
def test_sample_review_and_procedure_rows_all_found(name):
    assert wrong_scores(name, TABLE_SCORES) == {}


@pytest.mark.parametrize("name", TEXT_SAMPLES + PDF_SAMPLES)
def test_sample_plan_metadata(name):
    want = expected_for(name)["plan"]
    got = extract_file(SAMPLES / name).plan
    for f in ("municipality", "title", "published", "period_start_fy", "period_end_fy", "lg_code"):
        assert getattr(got, f) == want[f], f


def test_label_variants_beyond_the_seeds_are_used():
    """The samples exercise labels none of the seeds print (No., 所管課, 施策名, 工程, 年度別計画 ...)."""
    text = "".join((SAMPLES / n).read_text(encoding="utf-8") for n in TEXT_SAMPLES)
    for label in ("No.", "所管課", "施策名", "工程", "年度別計画", "成果指標", "取組内容", "施策の柱"):
        assert label in text, label


def _cells(project):
    return {(c.fiscal_year, c.status_raw): c.ambiguous for c in project.schedule}


def test_pdf_gives_what_the_text_dump_gives_and_resolves_merged_years():
    """hibarino_plan.pdf and hibarino_plain.txt print the same plan: every card, KPI, schedule
    cell, review and procedure row agrees; where the dump had to mark a cell ambiguous (one
    cell under several years), the PDF's geometry tells which years it covers."""
    pdf = extract_file(SAMPLES / "hibarino_plan.pdf", ocr="never")   # p.3 (an image) unread
    txt = extract_file(SAMPLES / "hibarino_plain.txt")
    key = lambda p: (p.number, p.name)
    assert [key(p) for p in pdf.projects] == [key(p) for p in txt.projects]
    resolved = 0
    for a, b in zip(pdf.projects, txt.projects):
        assert (a.goal, a.measure, a.departments, a.budget_jpy, a.category) == \
            (b.goal, b.measure, b.departments, b.budget_jpy, b.category), a.name
        assert [(k.indicator, k.target_value, k.target_unit) for k in a.kpis] == \
            [(k.indicator, k.target_value, k.target_unit) for k in b.kpis], a.name
        assert all(not c.ambiguous for c in a.schedule), a.name
        firm_text = {k for k, amb in _cells(b).items() if not amb}
        assert firm_text <= set(_cells(a)), a.name
        resolved += sum(1 for k, amb in _cells(b).items() if amb and k in _cells(a))
    assert resolved >= 2        # a merged cell the text path could only flag, for each year
    assert [(r.number, r.name, r.planned, r.actual, r.achieved) for r in pdf.reviews] == \
        [(r.number, r.name, r.planned, r.actual, r.achieved) for r in txt.reviews]
    assert sorted((p.name, p.category or "") for p in pdf.procedures) == \
        sorted((p.name, p.category or "") for p in txt.procedures)
    pdf_codes = {w.code for w in pdf.warnings}
    assert "no_text_layer" in pdf_codes and "ambiguous_schedule_cell" not in pdf_codes
