"""The bundled fictional plans (samples/) against their hand-written expected files: every card,
schedule cell and KPI, using label variants the real seeds don't."""
from __future__ import annotations

import json

import pytest

from bench.compare import compare_documents
from extract.pipeline import extract_file
from tests.conftest import SAMPLES

TEXT_SAMPLES = ["hibarino_plain.txt", "hibarino_markdown.md", "hibarino_actionplan.md"]
CARD_SCORES = ("cards", "number", "name", "goal", "departments", "kpis", "schedule", "category",
               "budget", "outlook", "description")


def expected_for(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads((SAMPLES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_text_sample_cards_all_right(name):
    actual = extract_file(SAMPLES / name)
    scores = compare_documents(expected_for(name), actual.model_dump(mode="json"))
    wrong = {k: (s.correct, s.total, s.extra) for k, s in scores.items()
             if k in CARD_SCORES and (s.correct != s.total or s.extra)}
    assert wrong == {}


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_text_sample_plan_metadata(name):
    want = expected_for(name)["plan"]
    got = extract_file(SAMPLES / name).plan
    for f in ("municipality", "title", "published", "period_start_fy", "period_end_fy", "lg_code"):
        assert getattr(got, f) == want[f], f


def test_label_variants_beyond_the_seeds_are_used():
    """The samples exercise labels none of the seeds print (No., 所管課, 施策名, 工程, 年度別計画 ...)."""
    text = "".join((SAMPLES / n).read_text(encoding="utf-8") for n in TEXT_SAMPLES)
    for label in ("No.", "所管課", "施策名", "工程", "年度別計画", "成果指標", "取組内容", "施策の柱"):
        assert label in text, label
